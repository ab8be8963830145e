import pytest

from motcua.dossiers.constants import State
from motcua.dossiers.demo import demo_history_create, demo_history_ensure
from motcua.dossiers.events import verify
from motcua.dossiers.models import Dossier
from motcua.org.services import province_provision

pytestmark = pytest.mark.django_db


def test_demo_history_is_written_through_the_services_and_verifies():
    province_provision("51")
    made = demo_history_create("51", count=60, seed=7)
    assert made > 40
    states = set(Dossier.objects.values_list("state", flat=True))
    assert State.RETURNED in states
    assert all(d.events.exists() for d in Dossier.objects.all())
    assert verify() == []


def test_demo_history_is_added_once():
    province_provision("51")
    first = demo_history_ensure(20)
    assert first > 0
    assert demo_history_ensure(20) == 0
