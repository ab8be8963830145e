"""Who sees what: staff only their units' dossiers (receiving, holding or competent),
citizens their own; another unit's dossier is a 404, never a 403."""

import pytest
from django.urls import reverse

from motcua.core.models import User
from motcua.dossiers.constants import Channel
from motcua.dossiers.selectors import dossier_get_by_key, dossier_list_for
from motcua.dossiers.services import Applicant, dossier_act, dossier_submit
from motcua.dossiers.tests.factories import act, province_procedure, setup_hanoi, staff, submit
from motcua.org.constants import Role
from motcua.org.models import AdministrativeUnit
from motcua.org.services import province_provision

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    people = setup_hanoi()
    province_provision("51")
    people["other_commune_clerk"] = staff("clerk_ngoc_ha", Role.CLERK, "00008")
    people["hanoi_supervisor"] = staff("sup01", Role.SUPERVISOR, "01", includes_communes=True)
    people["quang_ngai_supervisor"] = staff("sup51", Role.SUPERVISOR, "51", includes_communes=True)
    people["quang_ngai_clerk"] = staff("clerk51", Role.CLERK, "51")
    people["citizen"] = User.objects.create_user("citizen", password="x")
    people["other_citizen"] = User.objects.create_user("citizen2", password="x")
    local = act(submit(people["clerk"]), "receive", people["clerk"])
    handed = act(
        act(submit(people["clerk"], code=province_procedure().code), "receive", people["clerk"]),
        "transfer",
        people["clerk"],
    )
    online = dossier_submit(
        procedure=local.procedure, channel=Channel.ONLINE,
        receiving_unit=AdministrativeUnit.objects.get(code="00004"),
        applicant=Applicant(name="Trần Thị Citizen"), actor=people["citizen"],
    )  # fmt: skip
    return people, {"local": local, "handed": handed, "online": online}


# (person, dossier) → visible?
MATRIX = {
    "clerk": {"local": True, "handed": True, "online": True},
    "specialist": {"local": True, "handed": True, "online": True},
    "province_specialist": {"local": False, "handed": True, "online": False},
    "other_commune_clerk": {"local": False, "handed": False, "online": False},
    "hanoi_supervisor": {"local": True, "handed": True, "online": True},
    "quang_ngai_supervisor": {"local": False, "handed": False, "online": False},
    "quang_ngai_clerk": {"local": False, "handed": False, "online": False},
    "citizen": {"local": False, "handed": False, "online": True},
    "other_citizen": {"local": False, "handed": False, "online": False},
}


@pytest.mark.parametrize("person", sorted(MATRIX))
def test_access_matrix(world, client, person):
    people, dossiers = world
    visible = set(dossier_list_for(people[person]).values_list("pk", flat=True))
    client.force_login(people[person])
    for name, expected in MATRIX[person].items():
        d = dossiers[name]
        assert (d.pk in visible) is expected, (person, name)
        status = client.get(reverse("dossiers:detail", args=[d.pk])).status_code
        assert status == (200 if expected else 404), (person, name, status)


def test_anonymous_users_are_sent_to_login(world, client):
    _, dossiers = world
    response = client.get(reverse("dossiers:detail", args=[dossiers["local"].pk]))
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_citizen_finds_a_dossier_by_code_and_receipt_key(world):
    people, dossiers = world
    d = dossiers["online"]
    receipt = dossier_act(dossier_id=d.pk, name="receive", actor=people["clerk"])
    d.refresh_from_db()
    assert dossier_get_by_key(d.code, receipt.lookup_key).pk == d.pk
    from motcua.core.errors import NotFound

    with pytest.raises(NotFound):
        dossier_get_by_key(d.code, "WRONGKEY")
