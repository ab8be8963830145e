"""The forms read what the other apps record: Mẫu 01 lists the papers as received
(``attachments``), Mẫu 06 prints the steps of ``processes`` with their verdicts."""

import re

import pytest

from motcua.attachments.constants import How
from motcua.attachments.services import Entry, component_add, components_record
from motcua.attachments.tests import factories as files
from motcua.documents import control, forms118, selectors
from motcua.documents.formatting import time_and_date
from motcua.documents.tests.factories import pdf_text
from motcua.dossiers.constants import Channel
from motcua.processes.models import DossierStep
from motcua.processes.selectors import mau06_rows

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


def catalogue(dossier):
    return list(dossier.procedure.components.order_by("position"))


def test_mau_01_lists_the_papers_received_and_how(world, django_assert_num_queries):
    from motcua.results.tests.factories import stored

    d = world.submit()
    stored(d.applicant_id_number, "KHO-123", "KHO-9")
    first, second, *rest = catalogue(d)
    clerk = world.people["clerk"]
    components_record(dossier=d, actor=clerk, channel=Channel.COUNTER, entries=[
        Entry(component=second, how=How.SHOWN_ONLY),
        Entry(component=first, how=How.SCANNED_AT_DESK,
              file=files.upload("don.pdf", files.pdf_bytes())),
        Entry(component=None, how=How.FROM_STORE, store_ref="KHO-123",
              name="Giấy xác nhận cư trú <mẫu CT07>"),
    ])  # fmt: skip
    # A paper replaced later: only the current row is listed.
    component_add(dossier=d, actor=clerk, channel=Channel.COUNTER,
                  entry=Entry(component=second, how=How.FROM_STORE, store_ref="KHO-9"))  # fmt: skip
    d = world.act(d, "receive", "clerk", 0)

    with django_assert_num_queries(1):
        papers = selectors.filed_components(d)
    assert [(p.name, p.how) for p in papers] == [
        (first.name, How.SCANNED_AT_DESK),
        (second.name, How.FROM_STORE),
        ("Giấy xác nhận cư trú <mẫu CT07>", How.FROM_STORE),  # extra documents last
    ]
    assert (papers[0].originals, papers[0].copies) == (first.originals, first.copies)

    text = pdf_text(forms118.render("01", d))
    table = text[text.index("Thành phần hồ sơ nộp gồm") : text.index("2. Số lượng hồ sơ")]
    assert "STT Tên giấy tờ Hình thức Số lượng" in table
    assert "Bản sao điện tử (số hóa tại Bộ phận Một cửa)" in table
    assert table.count("Lấy từ Kho quản lý dữ liệu điện tử của tổ chức, cá nhân") == 2
    assert "xuất trình" not in table  # the shown original was replaced
    assert "Giấy xác nhận cư trú <mẫu CT07>" in table
    for c in rest:  # not received: not listed
        assert " ".join(c.name.split())[:40] not in table


def test_a_dossier_without_recorded_papers_lists_the_catalogue(world, django_assert_num_queries):
    d = world.received()
    with django_assert_num_queries(1):
        papers = selectors.filed_components(d)
    assert [p.name for p in papers] == [c.name for c in catalogue(d)]
    assert {p.how for p in papers} == {""}
    text = pdf_text(forms118.render("01", d))
    assert "Giấy đề nghị đăng ký hộ kinh doanh" in text
    assert "Bản sao điện tử" not in text and "xuất trình" not in text


def test_quantity_comes_from_the_catalogue():
    paper = selectors.FiledPaper(name="A", how="", originals=1, copies=2)
    assert forms118._quantity(paper) == "01 bản chính, 02 bản sao"
    assert forms118._quantity(selectors.FiledPaper("A", "", quantity_text="Theo\nmẫu")) == (
        "Theo mẫu"
    )


VERDICT = re.compile("Trước hạn|Đúng hạn|Quá hạn")


def test_mau_06_prints_the_process_steps_with_their_verdicts(world):
    d = world.received(code="1.000055")  # a provincial procedure received at the commune
    d = world.act(d, "transfer", "clerk", 15)
    d = world.act(d, "accept", "province_specialist", 3 * 24 * 60)  # the transfer leg: late
    steps = mau06_rows(d)
    assert [s.verdict for s in steps if s.verdict] == ["early", "late"]

    text = pdf_text(forms118.render("06", d))
    table = text[text.index("Tên đơn vị") : text.index("Ghi chú:")]
    assert VERDICT.findall(table) == ["Trước hạn", "Quá hạn"]  # the page's verdicts, in order
    for s in steps:  # unit, hand-over to the minute, giver and receiver of every step
        assert f"2. Nhận: {'Trung tâm' if s.position == 1 else s.unit.full_name}" in table
        assert time_and_date(s.started_at) in table
        assert f"Người giao {s.handed_by}" in table
    assert "Người nhận Lê Thị Tiếp Nhận" in table and "Phạm Văn Thụ Lý" in table
    assert "1. Giao: Tổ chức, cá nhân nộp hồ sơ" in table
    assert "Đang xử lý" in table  # the open step


def test_mau_06_of_a_dossier_without_steps_falls_back_to_its_events(world):
    d = world.handed_back()
    DossierStep.objects.filter(dossier=d).delete()  # received before processes existed
    text = pdf_text(forms118.render("06", d))
    table = text[text.index("Tên đơn vị") : text.index("Ghi chú:")]
    assert "1. Giao: Tổ chức, cá nhân" not in table
    assert "Giao: 09 giờ 20 phút, ngày 08/09/2025 Nhận: 10 giờ 20 phút, ngày 08/09/2025" in table
    assert VERDICT.findall(table) == [control.EARLY]  # only the hand-back is judged
