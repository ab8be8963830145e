import pytest
from django.urls import reverse

from motcua.attachments.constants import How
from motcua.attachments.services import Entry, components_record
from motcua.attachments.tests import factories as f
from motcua.core.models import User
from motcua.dossiers.constants import Channel
from motcua.dossiers.tests.factories import setup_hanoi, staff, submit
from motcua.org.constants import Role
from motcua.org.models import AdministrativeUnit

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    people = setup_hanoi()
    owner = User.objects.create_user("citizen", password="x")
    dossier = submit(people["clerk"], citizen=owner)
    component = dossier.procedure.components.order_by("position").first()
    (row,) = components_record(
        dossier=dossier, actor=people["clerk"], channel=Channel.COUNTER,
        entries=[Entry(component, How.SCANNED_AT_DESK,
                       file=f.upload("Giấy đề nghị.pdf", f.pdf_bytes(), "application/pdf"))],
    )  # fmt: skip
    other_commune = (
        AdministrativeUnit.objects.filter(parent_id="01", level="commune")
        .exclude(code=dossier.receiving_unit_id)
        .first()
    )
    return {
        "row": row,
        "url": reverse("attachments:download", kwargs={"pk": row.pk}),
        "own_clerk": people["clerk"],
        "province": people["province_specialist"],  # competent for none of it here
        "other_unit": staff("far_clerk", Role.CLERK, other_commune.code),
        "owner": owner,
        "other_citizen": User.objects.create_user("stranger", password="x"),
    }


def _get(client, world, who):
    if who:
        client.force_login(world[who])
    return client.get(world["url"])


def test_own_unit_staff_download_the_file_as_an_attachment(client, world):
    response = _get(client, world, "own_clerk")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == f.pdf_bytes()
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert response["Content-Disposition"].startswith("attachment;")
    assert "filename*=utf-8''Gi%E1%BA%A5y" in response["Content-Disposition"]


def test_the_citizen_who_owns_the_dossier_downloads_it(client, world):
    assert _get(client, world, "owner").status_code == 200


@pytest.mark.parametrize("who", ["other_unit", "other_citizen", "province"])
def test_anyone_else_gets_a_404(client, world, who):
    assert _get(client, world, who).status_code == 404


def test_anonymous_is_sent_to_login(client, world):
    response = _get(client, world, None)
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_a_row_without_a_file_is_a_404(client, world):
    people_clerk = world["own_clerk"]
    row = world["row"]
    (shown,) = components_record(dossier=row.dossier, actor=people_clerk, channel=Channel.COUNTER,
                                 entries=[Entry(None, How.SHOWN_ONLY, name="CCCD")])  # fmt: skip
    client.force_login(people_clerk)
    assert client.get(reverse("attachments:download", kwargs={"pk": shown.pk})).status_code == 404


def test_the_list_include_links_the_files(world):
    from django.template import Context, Template

    html = Template("{% load attachments %}{% dossier_components d %}").render(
        Context({"d": world["row"].dossier})
    )
    assert world["url"] in html and "Giấy đề nghị.pdf" in html
