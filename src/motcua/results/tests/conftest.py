import pytest

from motcua.core.models import User
from motcua.dossiers import services as dossier_services
from motcua.dossiers.tests.factories import setup_hanoi
from motcua.results import services


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


@pytest.fixture(autouse=True)
def _no_signer(monkeypatch):
    monkeypatch.setattr(services, "SIGNER", None)


@pytest.fixture(autouse=True)
def _results_by_hand(request, monkeypatch):
    """These tests issue results themselves (``on_event``, ``result_issue``); the automatic
    result of ``issue_result`` is tested on its own (``@pytest.mark.auto_result``)."""
    if "auto_result" not in request.keywords:
        monkeypatch.setattr(dossier_services, "_result_issue", lambda dossier, event: None)


@pytest.fixture
def people(db):
    return setup_hanoi()


@pytest.fixture
def citizen(db):
    return User.objects.create_user("congdan", full_name="Nguyễn Văn An")


@pytest.fixture
def other_citizen(db):
    return User.objects.create_user("congdan2", full_name="Trần Thị Bích")
