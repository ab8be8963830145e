import pytest

from motcua.attachments import services as attachments
from motcua.dossiers import services as dossier_services
from motcua.results import services as results


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


@pytest.fixture(autouse=True)
def _unsigned(monkeypatch):
    monkeypatch.setattr(results, "SIGNER", None)
    monkeypatch.setattr(attachments, "SCAN_SIGNER", None)


@pytest.fixture(autouse=True)
def _results_by_hand(monkeypatch):
    """Results are issued by the scenario itself (``result_issue``), so a dossier can end
    without an electronic result."""
    monkeypatch.setattr(dossier_services, "_result_issue", lambda dossier, event: None)
