"""An administrator edits a form field by field and publishes it, without writing JSON."""

import pytest
from django.urls import reverse

from motcua.catalog.models import Procedure
from motcua.core.models import User
from motcua.eforms.models import Form, FormVersion
from motcua.eforms.tests.factories import form_with

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(User.objects.create_superuser("root", "root@example.vn", "x"))
    return client


def _post(procedure_pk, fields, **extra):
    data = {
        "procedure": procedure_pk, "title": "Tờ khai thử", "source": "", "fields-TOTAL_FORMS": len(fields),
        "fields-INITIAL_FORMS": 0, "fields-MIN_NUM_FORMS": 0, "fields-MAX_NUM_FORMS": 1000,
        "versions-TOTAL_FORMS": 0, "versions-INITIAL_FORMS": 0, "versions-MIN_NUM_FORMS": 0,
        "versions-MAX_NUM_FORMS": 1000, **extra,
    }  # fmt: skip
    for i, f in enumerate(fields):
        for k, v in f.items():
            data[f"fields-{i}-{k}"] = v
    return data


def test_save_and_publish_creates_a_version_from_the_fields(admin_client):
    procedure = Procedure.objects.get(code="2.000815")
    fields = [
        {"position": 1, "key": "ten_giay_to", "label": "Tên giấy tờ", "kind": "text", "required": "on"},
        {"position": 2, "key": "ngon_ngu", "label": "Ngôn ngữ", "kind": "choice",
         "choices": "Tiếng Việt\nTiếng nước ngoài"},
    ]  # fmt: skip
    response = admin_client.post(
        reverse("admin:eforms_form_add"), _post(procedure.pk, fields, _publish="1"), follow=True
    )
    assert response.status_code == 200
    version = FormVersion.objects.get(form__procedure=procedure)
    assert version.number == 1 and version.published_by.username == "root"
    assert version.schema["properties"]["ngon_ngu"]["enum"] == ["Tiếng Việt", "Tiếng nước ngoài"]
    assert "đã phát hành phiên bản 1" in response.content.decode()


def test_a_choice_field_without_choices_is_refused_in_the_admin(admin_client):
    procedure = Procedure.objects.get(code="2.000815")
    fields = [{"position": 1, "key": "ngon_ngu", "label": "Ngôn ngữ", "kind": "choice"}]
    response = admin_client.post(
        reverse("admin:eforms_form_add"), _post(procedure.pk, fields, _publish="1")
    )
    assert response.status_code == 200
    assert "cần ít nhất một lựa chọn" in response.content.decode()
    assert not Form.objects.filter(procedure=procedure).exists()


def test_publish_action_and_read_only_versions(admin_client):
    form, v1 = form_with()
    form.fields.filter(key="ho_ten").update(label="Họ và tên")
    response = admin_client.post(
        reverse("admin:eforms_form_changelist"),
        {"action": "publish", "_selected_action": [form.pk]}, follow=True,
    )  # fmt: skip
    assert "đã phát hành phiên bản 2" in response.content.decode()
    page = admin_client.get(reverse("admin:eforms_formversion_change", args=[v1.pk]))
    html = page.content.decode()
    assert page.status_code == 200 and "x-order" in html and 'name="schema"' not in html
    assert (
        admin_client.post(reverse("admin:eforms_formversion_delete", args=[v1.pk])).status_code
        == 403
    )
    assert admin_client.get(reverse("admin:eforms_form_change", args=[form.pk])).status_code == 200
