"""Every form renders from a dossier's real events, carries its legal fields with their
Vietnamese diacritics intact, and embeds its fonts."""

import io
import re

import pytest
from django.utils import translation
from pypdf import PdfReader

from motcua.core.errors import NotFound
from motcua.documents import forms118
from motcua.documents.formatting import time_and_date
from motcua.documents.tests.factories import pdf_text
from motcua.dossiers.services import Applicant

pytestmark = pytest.mark.django_db

STANDARD_14 = {"Courier", "Helvetica", "Times-Roman", "Symbol", "ZapfDingbats"}
COMMON = ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
          "ỦY BAN NHÂN DÂN PHƯỜNG BA ĐÌNH", "Ba Đình, ngày 08 tháng 9 năm 2025",
          "Trần Thị Ánh Tuyết"]  # fmt: skip


def text_of(form_no, dossier, **kwargs):
    return pdf_text(forms118.render(form_no, dossier, **kwargs))


def test_mau_01_receipt(world):
    d = world.received()
    text = text_of("01", d, lookup_key=world.keys[d.pk])
    for field in [*COMMON, "Mẫu số 01", "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
                  f"Mã hồ sơ: {d.code}", f"Mã tra cứu: {world.keys[d.pk]}",
                  "Số định danh cá nhân/tổ chức: 001203004567", "Số 5 phố Đội Cấn, Ba Đình",
                  "0912345678", "tuyet@example.vn", "Đăng ký thành lập hộ kinh doanh",
                  "Thành phần hồ sơ nộp gồm", "Giấy đề nghị đăng ký hộ kinh doanh",
                  "theo quy định là: 3 ngày làm việc",
                  "Thời gian nhận hồ sơ: 09 giờ 05 phút, ngày 08/09/2025",
                  "Thời gian trả kết quả giải quyết hồ sơ: 17 giờ 00 phút, ngày 11/09/2025",
                  "Đăng ký nhận kết quả tại: Trung tâm Phục vụ hành chính công",
                  "NGƯỜI NỘP HỒ SƠ", "NGƯỜI TIẾP NHẬN HỒ SƠ", "Lê Thị Tiếp Nhận"]:  # fmt: skip
        assert field in text, field
    assert "Mã tra cứu" not in text_of("01", d)  # a reprint cannot know the key


def test_mau_02_at_reception_lists_what_to_complete(world):
    d = world.supplement_at_reception()
    text = text_of("02", d)
    for field in [*COMMON, "Mẫu số 02", "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ",
                  "1. Thiếu bản sao giấy khai sinh", "2. Ảnh 4x6 chụp quá 6 tháng",
                  "Đăng ký thành lập hộ kinh doanh", "NGƯỜI HƯỚNG DẪN",
                  "Lê Thị Tiếp Nhận"]:  # fmt: skip
        assert field in text, field
    assert "Mã hồ sơ" not in text  # not received: no code yet


def test_mau_02_during_processing_pauses_the_clock(world):
    d = world.supplement_in_processing()
    text = text_of("02", d)
    for field in [f"Mã hồ sơ: {d.code}", "Bổ sung hợp đồng thuê mặt bằng có công chứng",
                  "tạm dừng từ 11 giờ 05 phút, ngày 08/09/2025", "Hoàng Minh Chuyên"]:  # fmt: skip
        assert field in text, field


def test_mau_03_refusal_gives_the_reason(world):
    d = world.refused()
    text = text_of("03", d)
    for field in [*COMMON, "Mẫu số 03", "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ",
                  "Mã hồ sơ (nếu có): Không có",
                  "Thủ tục không thuộc thẩm quyền giải quyết của phường",
                  "Xin thông báo cho Ông/Bà được biết và thực hiện"]:  # fmt: skip
        assert field in text, field


def test_mau_04_apology_gives_the_reason_and_the_new_date(world):
    d = world.extended()
    text = text_of("04", d)
    assert d.due_at != d.due_at_original
    for field in ["Mẫu số 04", "PHIẾU XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT",
                  "Kính gửi: Trần Thị Ánh Tuyết", d.code, "Lý do: Cần xác minh thực địa tại khu rừng",
                  time_and_date(d.due_at_original), forms118.time_and_date(d.due_at),
                  "ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI", "THỦ TRƯỞNG CƠ QUAN, ĐƠN VỊ"]:  # fmt: skip
        assert field in text, field


def test_mau_05_stop_notice(world):
    d = world.stopped()
    text = text_of("05", d)
    for field in [*COMMON, "Mẫu số 05", "THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ", d.code,
                  "kể từ 10 giờ 05 phút, ngày 08/09/2025",
                  "Lý do: Người nộp có đơn đề nghị dừng giải quyết"]:  # fmt: skip
        assert field in text, field


def test_mau_06_lists_each_hand_over_to_the_minute(world):
    d = world.handed_back()
    text = text_of("06", d)
    for field in ["Mẫu số 06", "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ", d.code,
                  "1. Giao: Trung tâm Phục vụ hành chính công", "2. Nhận: Thành phố Hà Nội",
                  "09 giờ 20 phút, ngày 08/09/2025", "10 giờ 20 phút, ngày 08/09/2025",
                  "Lê Thị Tiếp Nhận", "Phạm Văn Thụ Lý", "1. Giao: Thành phố Hà Nội",
                  "09 giờ 35 phút, ngày 11/09/2025", "Trước hạn"]:  # fmt: skip
        assert field in text, field


def test_fonts_are_embedded_with_a_unicode_map_and_no_standard_font(world):
    reader = PdfReader(io.BytesIO(forms118.render("01", world.received())))
    fonts = {}
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            fonts[font["/BaseFont"]] = font
    assert fonts
    for name, font in fonts.items():
        assert name.split("+")[-1].lstrip("/") not in STANDARD_14, name
        assert "/FontFile2" in font["/FontDescriptor"], name  # an embedded TrueType program
        assert "/ToUnicode" in font, name


def test_user_text_cannot_inject_markup(world):
    hostile = Applicant(name="Ánh <b>Tuyết</b> & Cô 'Ba'\n# TIÊU ĐỀ GIẢ", id_number="001203004567")
    d = world.act(world.submit(applicant=hostile), "receive", "clerk", 0)
    text = text_of("01", d)
    assert "Ánh <b>Tuyết</b> & Cô 'Ba' # TIÊU ĐỀ GIẢ" in text


@pytest.mark.parametrize(
    "name",
    ["Công ty <ABC", "Trần Văn A</para>", 'Lê <a href="http://x.example">Bấm</a>', "A & B <br/>"],
)
def test_hostile_names_render_as_text_everywhere_including_signatures(world, name):
    d = world.act(
        world.submit(applicant=Applicant(name=name, id_number="001203004567")),
        "receive",
        "clerk",
        0,
    )
    pdf = forms118.render("01", d)
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    squeeze = lambda value: re.sub(r"\s+", "", value)  # noqa: E731 (lines wrap anywhere)
    assert (
        squeeze(text).count(squeeze(name)) >= 2
    )  # the applicant line and the signature, both verbatim
    assert b"/URI" not in pdf  # no link smuggled in


def test_forms_stay_vietnamese_whatever_the_reader_language(world):
    d = world.received()
    with translation.override("en"):
        text = text_of("01", d)
    assert "3 ngày làm việc" in text and "GIẤY TIẾP NHẬN HỒ SƠ" in text


def test_a_form_the_dossier_has_not_reached_is_not_found(world):
    d = world.received()
    for no in ("02", "03", "04", "05"):
        with pytest.raises(NotFound):
            forms118.render(no, d)
    with pytest.raises(NotFound):
        forms118.render("01", world.submit())
    with pytest.raises(NotFound):
        forms118.render("99", d)


def test_available_forms_follow_the_events(world, django_assert_num_queries):
    d = world.supplement_in_processing()
    with django_assert_num_queries(1):
        found = forms118.available_forms(d)
    assert [f.no for f in found] == ["01", "02", "06"]
    assert found[0].filename == f"{d.code}-mau-01.pdf"
    assert [f.no for f in forms118.available_forms(d, for_applicant=True)] == ["01", "02"]
    assert [f.no for f in forms118.available_forms(world.refused())] == ["03"]
    assert [f.no for f in forms118.available_forms(world.extended())] == ["01", "04", "06"]
    assert [f.no for f in forms118.available_forms(world.stopped())] == ["01", "05", "06"]


def test_a_second_supplement_request_is_a_second_mau_02(world):
    d = world.act(world.supplement_at_reception(), "resubmit", "clerk", 60)
    d = world.act(d, "request_supplement_at_reception", "clerk", 90, reason="Lần hai: thiếu ảnh")
    first, second = [f for f in forms118.available_forms(d) if f.no == "02"]
    assert "Thiếu bản sao giấy khai sinh" in text_of("02", d, seq=first.seq)
    assert "Lần hai: thiếu ảnh" in text_of("02", d)  # the latest by default
    assert "Lần hai" in text_of("02", d, seq=second.seq)
