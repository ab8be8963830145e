"""Texts an administrator stores for results and forms: the lookup order, versions, the
checks that refuse a dangerous or broken text, and the admin around them."""

import pytest
from django.urls import reverse

from motcua.catalog.models import Procedure
from motcua.core.errors import InvalidInput
from motcua.core.models import User
from motcua.documents import forms118, selectors
from motcua.documents.models import DocumentTemplate
from motcua.documents.services import document_template_save, document_template_set_active
from motcua.documents.tests.factories import pdf_text
from motcua.dossiers.tests.factories import province_procedure
from motcua.results import render as result_render

pytestmark = pytest.mark.django_db

MAU01 = "form:01"


def body(marker: str) -> str:
    return f"# {marker}\n: Mã hồ sơ {{{{ code }}}}\n@components\n@signatures_receipt\n"


@pytest.fixture
def admin_user(db):
    return User.objects.create_superuser("quantri", password="x")


def test_a_stored_text_overrides_the_file_for_its_procedure_only(world, admin_user):
    mine, other = world.received(), world.received(code=province_procedure().code)
    document_template_save(document=MAU01, body=body("BIÊN NHẬN RIÊNG"),
                           procedure=mine.procedure, actor=admin_user)  # fmt: skip
    text = pdf_text(forms118.render("01", mine))
    assert "BIÊN NHẬN RIÊNG" in text and f"Mã hồ sơ {mine.code}" in text
    assert "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ" not in text
    text = pdf_text(forms118.render("01", other))
    assert "BIÊN NHẬN RIÊNG" not in text and "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ" in text


def test_a_stored_result_text_is_used_by_the_result_renderer(world, admin_user):
    d = world.received()
    document_template_save(
        document="result:decision", procedure=d.procedure, actor=admin_user,
        body="# QUYẾT ĐỊNH RIÊNG\n| Cấp cho {{ applicant_name }}.\n@signature\n",
    )  # fmt: skip
    text = pdf_text(result_render.render(d, title="Về việc thử", kind="decision"))
    assert "QUYẾT ĐỊNH RIÊNG" in text and "Cấp cho Trần Thị Ánh Tuyết." in text
    licence = pdf_text(result_render.render(d, title="Về việc thử", kind="licence"))
    assert "QUYẾT ĐỊNH RIÊNG" not in licence  # another kind keeps its file


def test_the_newest_active_version_wins_and_the_procedure_beats_all(world, admin_user):
    d = world.received()
    p = d.procedure
    document_template_save(document=MAU01, body=body("CHO MỌI THỦ TỤC"), actor=admin_user)
    assert "CHO MỌI THỦ TỤC" in pdf_text(forms118.render("01", d))
    first = document_template_save(document=MAU01, body=body("PHIÊN BẢN MỘT"), procedure=p)
    second = document_template_save(document=MAU01, body=body("PHIÊN BẢN HAI"), procedure=p)
    assert (first.version, second.version) == (1, 2)
    assert "PHIÊN BẢN HAI" in pdf_text(forms118.render("01", d))
    document_template_set_active(template=second, active=False)
    assert "PHIÊN BẢN MỘT" in pdf_text(forms118.render("01", d))
    document_template_set_active(template=first, active=False)
    assert "CHO MỌI THỦ TỤC" in pdf_text(forms118.render("01", d))
    # A version is never rewritten: the history keeps all three texts.
    assert DocumentTemplate.objects.filter(procedure=p).count() == 2
    assert DocumentTemplate.objects.get(pk=second.pk).body == body("PHIÊN BẢN HAI")


def test_the_lookup_is_one_query(world, django_assert_num_queries):
    p = Procedure.objects.get(code="1.001612")
    document_template_save(document=MAU01, body=body("MỘT TRUY VẤN"), procedure=p)
    with django_assert_num_queries(1):
        template = selectors.document_template(MAU01, p)
    assert "MỘT TRUY VẤN" in template.render({})


@pytest.mark.parametrize(("text", "message"), [
    ("{% load i18n %}\n# TIÊU ĐỀ\n", "{% load %}"),
    ("# A\n{% if code %}\n: {{ code }}\n{% include 'x.html' %}{% endif %}", "{% include %}"),
    ("{% extends 'base.html' %}", "{% extends %}"),
    ("# A\n{% debug %}", "{% debug %}"),
    ("# A\n{% if code %}\n: {{ code }}\n", "lỗi cú pháp"),
    ("# A\n: {{ code|no_such_filter }}", "lỗi cú pháp"),
    ("# A\n@no_such_block", "@no_such_block"),
    ("# <b>không đóng thẻ\n", "không hiển thị được"),
    ("   ", "không được để trống"),
])  # fmt: skip
def test_a_dangerous_or_broken_text_is_refused_and_nothing_saved(world, text, message):
    p = Procedure.objects.get(code="1.001612")
    with pytest.raises(InvalidInput) as refused:
        document_template_save(document=MAU01, body=text, procedure=p)
    assert message in refused.value.message
    assert not DocumentTemplate.objects.exists()


def test_the_admin_refuses_a_load_tag_in_vietnamese(client, world, admin_user):
    client.force_login(admin_user)
    p = Procedure.objects.get(code="1.001612")
    response = client.post(reverse("admin:documents_documenttemplate_add"), {
        "procedure": p.pk, "document": MAU01, "body": "{% load static %}\n# A", "note": "",
        "active": "on",
    })  # fmt: skip
    assert response.status_code == 200
    assert "Mẫu không được dùng thẻ {% load %}" in response.content.decode()
    assert not DocumentTemplate.objects.exists()


def test_the_admin_saves_a_version_with_its_author_and_previews_it(client, world, admin_user):
    client.force_login(admin_user)
    d = world.received()
    response = client.post(reverse("admin:documents_documenttemplate_add"), {
        "procedure": d.procedure.pk, "document": MAU01, "body": body("QUA TRANG QUẢN TRỊ"),
        "note": "thử", "active": "on",
    })  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:2000]
    saved = DocumentTemplate.objects.get()
    assert (saved.version, saved.created_by, saved.active) == (1, admin_user, True)
    preview = client.get(reverse("admin:documents_documenttemplate_preview", args=[saved.pk]))
    assert preview["Content-Type"] == "application/pdf"
    assert "QUA TRANG QUẢN TRỊ" in pdf_text(preview.content)


def test_the_admin_starts_a_new_text_from_the_one_in_effect(client, world, admin_user):
    client.force_login(admin_user)
    p = Procedure.objects.get(code="1.001612")
    url = reverse("admin:documents_documenttemplate_add")
    page = client.get(url, {"document": MAU01, "procedure": p.pk}).content.decode()
    assert "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ" in page
    # Saved with an empty body: the text in effect comes back to be edited, nothing saved.
    response = client.post(url, {"procedure": p.pk, "document": "result:licence", "body": "",
                                 "active": "on"})  # fmt: skip
    assert "Đã nạp nội dung mẫu đang dùng" in response.content.decode()
    assert "Giấy phép có hiệu lực kể từ ngày ký." in response.content.decode()
    assert not DocumentTemplate.objects.exists()


def test_every_default_file_passes_the_check(db):
    from motcua.documents.constants import BLOCKS
    from motcua.documents.services import document_template_check

    for document in BLOCKS:
        document_template_check(document=document,
                                body=selectors.document_template_source(document, None))  # fmt: skip
