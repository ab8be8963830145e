import pytest
from django.template.loader import render_to_string
from django.utils.datastructures import MultiValueDict

from motcua.attachments.checklist import classify
from motcua.attachments.constants import How
from motcua.attachments.forms import ChecklistForm
from motcua.attachments.tests import factories as f
from motcua.catalog.models import Procedure, RequiredComponent
from motcua.dossiers.constants import Channel

pytestmark = pytest.mark.django_db

HOUSEHOLD = "1.001612"  # position 7 (application form) is the only required line
BIRTH = "1.001193"  # position 11 (identity paper) is to be shown at the desk


def form(code=HOUSEHOLD, channel=Channel.COUNTER, data=None, files=None):
    return ChecklistForm(
        Procedure.objects.get(code=code), channel=channel,
        data=data if data is not None else {}, files=MultiValueDict(files or {}),
    )  # fmt: skip


def test_a_missing_required_component_is_reported():
    checklist = form()
    assert not checklist.is_valid()
    assert checklist.errors["how_7"] == ["Giấy tờ bắt buộc: chọn hình thức nộp."]
    assert "Còn thiếu 1 giấy tờ bắt buộc" in checklist.non_field_errors()[0]


def test_a_valid_counter_checklist_gives_entries_for_the_service():
    pdf = f.upload("de-nghi.pdf", f.pdf_bytes(), "application/pdf")
    checklist = form(
        data={"c-how_7": How.SCANNED_AT_DESK, "c-how_8": How.SHOWN_ONLY},
        files={"c-file_7": [pdf]},
    )
    assert checklist.is_valid(), checklist.errors
    entries = checklist.cleaned_entries()
    assert [(e.component.position, e.how) for e in entries] == [
        (7, How.SCANNED_AT_DESK), (8, How.SHOWN_ONLY)
    ]  # fmt: skip
    assert entries[0].file is pdf


def test_a_file_chosen_without_a_choice_counts_as_a_file():
    checklist = form(files={"c-file_7": [f.upload("a.pdf", f.pdf_bytes())]})
    assert checklist.is_valid(), checklist.errors
    assert checklist.cleaned_entries()[0].how == How.SCANNED_AT_DESK


def test_a_file_that_is_not_what_it_claims_is_reported_on_its_line():
    checklist = form(files={"c-file_7": [f.upload("a.pdf", b"<html>hi</html>", "application/pdf")]})
    assert not checklist.is_valid()
    assert "Tệp “a.pdf” không được nhận (nội dung là trang HTML" in checklist.errors["file_7"][0]


def test_an_oversized_file_is_reported_on_its_line(settings):
    settings.MOTCUA_UPLOAD_MAX_BYTES = 100
    checklist = form(files={"c-file_7": [f.upload("a.pdf", f.pdf_bytes())]})
    assert not checklist.is_valid()
    assert "quá lớn" in checklist.errors["file_7"][0]


def test_a_file_mode_needs_a_file_and_shown_only_takes_none():
    checklist = form(
        data={"c-how_7": How.SCANNED_AT_DESK, "c-how_8": How.SHOWN_ONLY},
        files={"c-file_8": [f.upload("a.pdf", f.pdf_bytes())]},
    )
    assert not checklist.is_valid()
    assert checklist.errors["file_7"] == ["Chọn tệp cho giấy tờ này."]
    assert "bỏ tệp đi" in checklist.errors["file_8"][0]


def test_online_offers_upload_and_the_store_but_not_shown_only():
    checklist = form(channel=Channel.ONLINE)
    values = [v for v, _label in checklist.fields["how_7"].choices]
    assert values == ["", How.UPLOADED_ONLINE, How.FROM_STORE]
    bad = form(channel=Channel.ONLINE, data={"c-how_7": How.SHOWN_ONLY})
    assert not bad.is_valid() and "how_7" in bad.errors


def test_from_store_needs_a_reference():
    checklist = form(channel=Channel.ONLINE, data={"c-how_7": How.FROM_STORE})
    assert not checklist.is_valid()
    assert "ref_7" in checklist.errors
    ok = form(channel=Channel.ONLINE, data={"c-ref_7": "X-KQ(1)"})
    assert ok.is_valid(), ok.errors
    assert ok.cleaned_entries()[0].how == How.FROM_STORE


def test_an_extra_document_needs_a_name_and_a_file():
    pdf = f.upload("de-nghi.pdf", f.pdf_bytes())
    checklist = form(data={"c-extra_name": "Giấy xác nhận"}, files={"c-file_7": [pdf]})
    assert not checklist.is_valid() and "extra_file" in checklist.errors
    ok = form(
        data={"c-extra_name": "Giấy xác nhận"},
        files={"c-file_7": [f.upload("a.pdf", f.pdf_bytes())],
               "c-extra_file": [f.upload("x.png", f.png_bytes())]},
    )  # fmt: skip
    assert ok.is_valid(), ok.errors
    extra = ok.cleaned_entries()[-1]
    assert extra.component is None and extra.name == "Giấy xác nhận"


def test_papers_to_show_are_preselected_at_the_counter_and_required_there_only():
    counter = form(BIRTH)
    assert counter.fields["how_11"].initial == How.SHOWN_ONLY
    assert not counter.is_valid() and "how_11" in counter.errors
    online = form(BIRTH, channel=Channel.ONLINE)
    assert online.is_valid(), online.errors


def test_the_checklist_renders_every_line_in_vietnamese():
    html = render_to_string("attachments/_checklist.html", {"checklist": form(BIRTH, data=None)})
    assert "Thành phần hồ sơ" in html and "Chỉ xuất trình bản chính" in html
    assert 'type="file"' in html and 'accept=".pdf' in html
    assert "Lưu ý của thủ tục" in html  # remarks are listed apart
    assert "tối đa 10 MB một tệp" in html


def _component(**kwargs):
    defaults = {"position": 1, "case": "", "name": "Đơn đề nghị", "originals": 1, "copies": None}
    return RequiredComponent(**{**defaults, **kwargs})


@pytest.mark.parametrize(
    ("kwargs", "required"),
    [
        ({}, True),
        ({"originals": 0}, False),  # nothing asked for: informational
        ({"name": "Bản sao hợp đồng (nếu có)"}, False),
        ({"name": "Giấy tờ nêu trên"}, True),  # "nêu" (mentioned) is not "nếu" (if)
        ({"case": "Trường hợp ủy quyền"}, False),
        ({"case": "* Giấy tờ phải nộp:"}, True),
        ({"case": "* Lưu ý:"}, False),
        ({"name": "- Các giấy tờ sau:"}, False),
    ],
)
def test_which_catalogue_lines_are_required(kwargs, required):
    assert classify(_component(**kwargs), channel=Channel.COUNTER).required is required
