import pytest

from motcua.core.text import fold
from motcua.org.constants import AgencyKind
from motcua.org.models import Agency
from motcua.org.services import agency_ensure_central

pytestmark = pytest.mark.django_db


def test_missing_central_bodies_are_created_once_without_a_code():
    assert Agency.objects.filter(kind=AgencyKind.MINISTRY, name="Bộ Y tế").exists()
    before = Agency.objects.count()
    bodies = agency_ensure_central(["Bộ Thử Nghiệm", "Bộ Y tế", "BỘ THỬ NGHIỆM"])
    assert Agency.objects.count() == before + 1  # names that fold alike are one body
    body = bodies[fold("Bộ Thử Nghiệm")]
    assert (body.name, body.kind, body.unit_id, body.code) == (
        "Bộ Thử Nghiệm",
        AgencyKind.MINISTRY,
        None,
        None,
    )
    assert agency_ensure_central(["Bộ Thử Nghiệm"])[fold("bo thu nghiem")].pk == body.pk
    assert Agency.objects.count() == before + 1


def test_every_existing_central_body_is_answered():
    names = Agency.objects.filter(kind=AgencyKind.MINISTRY, unit=None).values_list(
        "name", flat=True
    )
    assert {fold(n) for n in names} == set(agency_ensure_central([]))
