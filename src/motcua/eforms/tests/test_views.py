"""The e-form on the counter intake page, the portal filing page and the dossier page."""

import pytest
from django.urls import reverse

from motcua.core.models import User
from motcua.dossiers.models import Dossier
from motcua.dossiers.tests.factories import COMMUNE, checklist_post, setup_hanoi
from motcua.eforms.tests.factories import form_with
from motcua.eforms.web import VERSION_FIELD

pytestmark = pytest.mark.django_db
INTAKE = reverse("dossiers:intake")
EFORM = {"ef-ho_ten": "Nguyễn Văn Bình", "ef-ngay_sinh": "01/10/2025", "ef-gioi_tinh": "Nam",
         "ef-cam_doan": "on"}  # fmt: skip


@pytest.fixture
def clerk(client):
    people = setup_hanoi()
    client.force_login(people["clerk"])
    return people["clerk"]


def _applicant(key):
    return {"idempotency_key": key, "procedure": "1.001193", "id_number": "001203004567",
            "name": "Nguyễn Văn An", "address": "Ba Đình", **checklist_post()}  # fmt: skip


def test_intake_shows_the_e_form_of_the_chosen_procedure(client, clerk):
    _form, version = form_with()
    html = client.get(INTAKE, {"procedure": "1.001193"}).content.decode()
    assert "Tờ khai thử" in html and 'name="ef-ho_ten"' in html
    assert f'name="{VERSION_FIELD}" value="{version.pk}"' in html
    assert 'name="ef-ho_ten"' not in client.get(INTAKE).content.decode()
    # Without JavaScript: the "choose" button shows it, keeping what was typed.
    response = client.post(INTAKE, {**_applicant("c1"), "choose": "1"})
    assert 'name="ef-ho_ten"' in response.content.decode()
    assert response.context["form"].initial["name"] == "Nguyễn Văn An"
    assert response.context["form"].initial["idempotency_key"] == "c1"


def test_intake_with_invalid_e_form_shows_errors_and_files_nothing(client, clerk):
    _form, version = form_with()
    before = Dossier.objects.count()
    data = {**_applicant("c2"), VERSION_FIELD: version.pk, **EFORM, "ef-ngay_sinh": "31/02/2025",
            "ef-cam_doan": ""}  # fmt: skip
    response = client.post(INTAKE, data)
    assert response.status_code == 200 and Dossier.objects.count() == before
    html = response.content.decode()
    assert "ngày/tháng/năm" in html and "Vui lòng đánh dấu: Tôi cam đoan" in html
    # What the clerk typed, and the idempotency key, are kept for the resubmission.
    assert 'value="Nguyễn Văn Bình"' in html and 'value="c2"' in html


def test_intake_without_the_e_form_is_refused_and_shows_it(client, clerk):
    form_with()
    response = client.post(INTAKE, _applicant("c3"))
    assert response.status_code == 200 and not Dossier.objects.filter(
        idempotency_key__endswith=":c3"
    )
    assert "Vui lòng điền tờ khai" in response.content.decode()


def test_intake_with_valid_e_form_files_with_version_and_data(client, clerk):
    form, version = form_with()
    data = {**_applicant("c4"), VERSION_FIELD: version.pk, **EFORM}
    response = client.post(INTAKE, data)
    assert response.status_code == 302
    dossier = Dossier.objects.get(idempotency_key__endswith=":c4")
    assert dossier.form_version == version
    assert dossier.form_data == {"ho_ten": "Nguyễn Văn Bình", "ngay_sinh": "2025-10-01",
                                 "gioi_tinh": "Nam", "cam_doan": True}  # fmt: skip
    # Resubmitted after a dropped connection: the same dossier.
    assert client.post(INTAKE, data)["Location"] == response["Location"]
    # The dossier page shows the data with its version's labels, even after a new version.
    form.fields.filter(key="ho_ten").update(label="Tên mới")
    from motcua.eforms.services import form_publish

    form_publish(form=form)
    html = client.get(reverse("dossiers:detail", args=[dossier.pk])).content.decode()
    assert "Họ, chữ đệm, tên" in html and "Nguyễn Văn Bình" in html and "01/10/2025" in html
    assert "Tên mới" not in html and "phiên bản 1" in html


def test_a_page_rendered_with_an_older_version_files_under_it(client, clerk):
    form, v1 = form_with()
    form.fields.filter(key="gioi_tinh").delete()
    from motcua.eforms.services import form_publish

    v2, _created = form_publish(form=form)
    client.post(INTAKE, {**_applicant("c5"), VERSION_FIELD: v1.pk, **EFORM})
    assert Dossier.objects.get(idempotency_key__endswith=":c5").form_version == v1
    assert v2.number == 2


def test_an_old_version_is_refused_once_its_successor_is_older_than_the_grace(client, clerk):
    import datetime as dt

    from django.utils import timezone

    from motcua.eforms.selectors import form_version_get
    from motcua.eforms.services import form_publish

    form, v1 = form_with()
    form.fields.filter(key="gioi_tinh").delete()
    v2, _created = form_publish(form=form)
    assert form_version_get(v1.form.procedure, v1.pk) == v1  # just published: grace
    type(v2).objects.filter(pk=v2.pk).update(published_at=timezone.now() - dt.timedelta(hours=13))
    assert form_version_get(v1.form.procedure, v1.pk) is None
    assert form_version_get(v1.form.procedure, v2.pk) == v2
    # A page naming the old version is checked against the latest one and filed under it.
    client.post(INTAKE, {**_applicant("c6"), VERSION_FIELD: v1.pk, **EFORM})
    assert Dossier.objects.get(idempotency_key__endswith=":c6").form_version == v2


# --- portal ----------------------------------------------------------------------------------


@pytest.fixture
def citizen(client):
    setup_hanoi()
    user = User.objects.create_user("congdan", full_name="Nguyễn Văn An")
    client.force_login(user)
    return user


def _filing(key, **over):
    return {"idempotency_key": key, "province": "01", "commune": COMMUNE, "name": "Nguyễn Văn An",
            "id_number": "001203004567", "birth_date": "15/03/2003", "address": "Ba Đình",
            **over}  # fmt: skip


def test_portal_filing_validates_the_e_form(client, citizen):
    _form, version = form_with()
    url = reverse("portal:file", args=["1.001193"])
    page = client.get(url, {"province": "01"})
    assert 'name="ef-ho_ten"' in page.content.decode()
    key = page.context["form"].initial["idempotency_key"]
    bad = client.post(
        url, {**_filing(key), VERSION_FIELD: version.pk, **EFORM, "ef-gioi_tinh": "X"}
    )
    assert bad.status_code == 200 and not Dossier.objects.filter(citizen=citizen).exists()
    assert "Lựa chọn của Giới tính không hợp lệ." in bad.content.decode()
    good = client.post(url, {**_filing(key), VERSION_FIELD: version.pk, **EFORM})
    assert good.status_code == 302
    dossier = Dossier.objects.get(citizen=citizen)
    assert dossier.form_version == version and dossier.form_data["ngay_sinh"] == "2025-10-01"


# --- API -------------------------------------------------------------------------------------


def test_api_validates_form_data_against_the_latest_version(client, clerk):
    _form, version = form_with()
    body = {"procedure": "1.001193", "receiving_unit": COMMUNE, "channel": "counter",
            "applicant_name": "Nguyễn Văn An"}  # fmt: skip
    before = Dossier.objects.count()
    bad = client.post("/api/v1/dossiers", {**body, "form_data": {"ho_ten": "A"}},
                      content_type="application/json")  # fmt: skip
    assert bad.status_code == 400 and Dossier.objects.count() == before
    assert "Vui lòng nhập Ngày sinh." in bad.json()["extra"]["fields"]["ngay_sinh"]
    # Sending no e-form data at all is no way around it.
    empty = client.post("/api/v1/dossiers", body, content_type="application/json")
    assert empty.status_code == 400 and Dossier.objects.count() == before
    assert "ngay_sinh" in empty.json()["extra"]["fields"]
    good = client.post("/api/v1/dossiers", {**body, "form_data": {
        "ho_ten": "B", "ngay_sinh": "2025-10-01", "gioi_tinh": "Nữ", "cam_doan": True}},
        content_type="application/json")  # fmt: skip
    assert good.status_code == 201
    assert Dossier.objects.get(pk=good.json()["id"]).form_version == version
