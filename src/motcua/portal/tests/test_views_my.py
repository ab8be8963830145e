import pytest
from django.urls import reverse

from motcua.catalog.models import Procedure
from motcua.dossiers.constants import Channel
from motcua.dossiers.services import Applicant, dossier_submit
from motcua.dossiers.tests.factories import COMMUNE, COMMUNE_PROCEDURE, act, submit
from motcua.org.models import AdministrativeUnit

pytestmark = pytest.mark.django_db


def _online(user, name="Nguyễn Văn An"):
    return dossier_submit(
        procedure=Procedure.objects.get(code=COMMUNE_PROCEDURE), channel=Channel.ONLINE,
        receiving_unit=AdministrativeUnit.objects.get(code=COMMUNE),
        applicant=Applicant(name=name, id_number="001203004567"), actor=user,
    )  # fmt: skip


def test_my_dossiers_lists_only_my_own(client, people, citizen, other_citizen):
    mine = act(_online(citizen), "receive", people["clerk"])
    waiting = _online(citizen)
    theirs = _online(other_citizen, name="Trần Thị Bích")
    counter = act(submit(people["clerk"]), "receive", people["clerk"])
    client.force_login(citizen)
    response = client.get(reverse("portal:my"))
    html = response.content.decode()
    assert [d.pk for d in response.context["page"]] == [waiting.pk, mine.pk]
    assert mine.code in html and f"số tham chiếu {waiting.pk}" in html
    assert f'data-dossier="{theirs.pk}"' not in html and counter.code not in html


def test_staff_see_no_unit_dossiers_under_my_dossiers(client, people, citizen):
    act(_online(citizen), "receive", people["clerk"])
    client.force_login(people["clerk"])
    response = client.get(reverse("portal:my"))
    assert response.context["page"].paginator.count == 0


def test_my_dossiers_reads_in_a_fixed_number_of_queries(
    client, people, citizen, django_assert_max_num_queries
):
    for _ in range(5):
        _online(citizen)
    client.force_login(citizen)
    with django_assert_max_num_queries(6):
        client.get(reverse("portal:my"))


def test_my_dossier_page_shows_its_status_and_timeline(client, people, citizen):
    d = act(_online(citizen), "receive", people["clerk"])
    client.force_login(citizen)
    html = client.get(reverse("portal:my_detail", args=[d.pk])).content.decode()
    assert d.code in html and "Đã tiếp nhận" in html and "Đã nộp, chờ tiếp nhận" in html
    assert people["clerk"].username not in html  # no staff names in the public timeline


def test_another_citizens_dossier_is_404(client, people, citizen, other_citizen):
    theirs = _online(other_citizen)
    client.force_login(citizen)
    assert client.get(reverse("portal:my_detail", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("portal:filed", args=[theirs.pk])).status_code == 404


def test_my_dossiers_needs_a_login(client, db):
    response = client.get(reverse("portal:my"))
    assert response.status_code == 302 and "/login/" in response["Location"]
