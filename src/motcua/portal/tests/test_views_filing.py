import pytest
from django.urls import reverse

from motcua.dossiers.constants import Channel, State
from motcua.dossiers.models import Dossier
from motcua.dossiers.tests.factories import COMMUNE, COMMUNE_PROCEDURE, checklist_post
from motcua.org.services import province_provision

pytestmark = pytest.mark.django_db

URL = reverse("portal:file", args=[COMMUNE_PROCEDURE])


def _form(client, province="01"):
    response = client.get(URL, {"province": province})
    assert response.status_code == 200
    return response.context["form"].initial["idempotency_key"]


def _data(key, **over):
    return {
        "idempotency_key": key, "province": "01", "commune": COMMUNE, "name": "Nguyễn Văn An",
        "id_number": "001203004567", "birth_date": "15/03/2003", "address": "Phường Ba Đình",
        "phone": "0912 345 678", "email": "an@example.vn",
        **checklist_post(COMMUNE_PROCEDURE, channel="online"), **over,
    }  # fmt: skip


def test_online_filing_writes_a_submitted_dossier_for_the_citizen(client, people, citizen):
    client.force_login(citizen)
    response = client.post(URL, _data(_form(client)))
    assert response.status_code == 302
    d = Dossier.objects.get(citizen=citizen)
    assert response["Location"] == reverse("portal:filed", args=[d.pk])
    assert (d.channel, d.state, d.receiving_unit_id) == (Channel.ONLINE, State.SUBMITTED, COMMUNE)
    assert d.assisted_by is None and d.code is None
    assert (d.applicant_name, d.applicant_phone, str(d.applicant_birth_date)) == (
        "Nguyễn Văn An", "0912345678", "2003-03-15",
    )  # fmt: skip
    assert d.events.get().kind == "submitted"
    html = client.get(response["Location"]).content.decode()
    assert f'class="dossier-ref">{d.pk}<' in html and reverse("portal:my") in html


def test_filing_needs_a_login(client, people):
    response = client.get(URL)
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_bad_personal_id_is_a_form_error_and_writes_nothing(client, people, citizen):
    client.force_login(citizen)
    before = Dossier.objects.count()
    response = client.post(URL, _data(_form(client), id_number="12345"))
    assert response.status_code == 200
    assert "12 chữ số" in str(response.context["form"].errors["id_number"])
    assert Dossier.objects.count() == before


def test_birth_year_must_match_the_personal_id(client, people, citizen):
    client.force_login(citizen)
    response = client.post(URL, _data(_form(client), birth_date="15/03/1990"))
    assert "không khớp" in str(response.context["form"].errors["id_number"])
    assert not Dossier.objects.filter(citizen=citizen).exists()


def test_double_submit_files_once(client, people, citizen):
    client.force_login(citizen)
    data = _data(_form(client))
    first = client.post(URL, data)
    # The browser sends the same form again, files included.
    second = client.post(URL, {**data, **checklist_post(COMMUNE_PROCEDURE, channel="online")})
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert Dossier.objects.filter(citizen=citizen).count() == 1


def test_two_citizens_with_the_same_form_key_file_two_dossiers(
    client, people, citizen, other_citizen
):
    """The idempotency key is scoped to the account: nobody reaches another's dossier."""
    key = "0" * 32
    client.force_login(citizen)
    client.post(URL, _data(key))
    client.force_login(other_citizen)
    response = client.post(URL, _data(key))
    assert response.status_code == 302
    mine = Dossier.objects.get(citizen=other_citizen)
    assert response["Location"] == reverse("portal:filed", args=[mine.pk])


def test_a_commune_of_another_province_is_refused(client, people, citizen):
    province_provision("51")
    client.force_login(citizen)
    response = client.post(URL, _data(_form(client), province="51"))
    assert response.status_code == 200
    assert "commune" in response.context["form"].errors
    assert not Dossier.objects.filter(citizen=citizen).exists()


def test_the_province_is_chosen_first_when_several_receive_online(client, people, citizen):
    province_provision("51")
    client.force_login(citizen)
    html = client.get(URL).content.decode()
    assert 'name="province"' in html and 'name="id_number"' not in html
    html = client.get(URL, {"province": "51"}).content.decode()
    assert 'value="21025"' in html and f'value="{COMMUNE}"' not in html
    assert 'name="id_number"' in html


def test_a_clerk_files_on_behalf_of_a_citizen(client, people):
    clerk = people["clerk"]
    client.force_login(clerk)
    page = client.get(URL, {"province": "01"})
    assert "hỗ trợ" in page.content.decode()
    client.post(URL, _data(page.context["form"].initial["idempotency_key"]))
    d = Dossier.objects.get(assisted_by=clerk)
    assert d.channel == Channel.ONLINE and d.state == State.SUBMITTED


def test_a_procedure_without_online_filing_offers_no_form(client, people, citizen):
    from motcua.catalog.models import Procedure

    code = Procedure.objects.filter(online_filing_offered=False).values_list("code", flat=True)[0]
    client.force_login(citizen)
    response = client.get(reverse("portal:file", args=[code]), {"province": "01"})
    html = response.content.decode()
    assert "chưa cung cấp dịch vụ nộp hồ sơ trực tuyến" in html and 'name="id_number"' not in html
    before = Dossier.objects.count()
    client.post(reverse("portal:file", args=[code]), _data("1" * 32))
    assert Dossier.objects.count() == before


def test_an_unknown_procedure_is_404(client, people, citizen):
    client.force_login(citizen)
    assert client.get(reverse("portal:file", args=["9.999999"])).status_code == 404


def test_the_filing_page_works_in_english(client, people, citizen):
    client.force_login(citizen)
    url = reverse("portal:file", args=[COMMUNE_PROCEDURE]).replace("/vi/", "/en/", 1)
    assert client.get(url, {"province": "01"}).status_code == 200


def test_online_filing_records_the_uploaded_papers(client, people, citizen, tmp_path, settings):
    from motcua.attachments.models import DossierComponent

    settings.MEDIA_ROOT = tmp_path
    client.force_login(citizen)
    assert client.post(URL, _data(_form(client))).status_code == 302
    dossier = Dossier.objects.get(citizen=citizen)
    rows = DossierComponent.objects.filter(dossier=dossier)
    assert rows and {r.how for r in rows} == {"uploaded_online"}
    assert all(r.content_type == "application/pdf" for r in rows)


def test_a_file_whose_content_is_not_its_type_files_nothing(
    client, people, citizen, tmp_path, settings
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    client.force_login(citizen)
    data = _data(_form(client))
    for name in [k for k in data if k.startswith("c-file_")]:
        data[name] = SimpleUploadedFile(
            "giay.pdf", b"<html><script>x</script></html>", "application/pdf"
        )
    before = Dossier.objects.count()
    response = client.post(URL, data)
    assert response.status_code == 200 and Dossier.objects.count() == before
    assert "giay.pdf" in response.content.decode()
    assert not any(tmp_path.rglob("*.pdf"))
