import hashlib
import io

import pytest
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from motcua.attachments import sniff
from motcua.attachments.sniff import KINDS, check_upload, clean_name
from motcua.attachments.tests import factories as f
from motcua.attachments.uploads import OversizeUpload
from motcua.core.errors import InvalidInput

SIGNATURES = (
    b"%PDF-",
    b"\xff\xd8\xff",
    b"\x89PNG\r\n\x1a\n",
    b"II*\x00",
    b"MM\x00*",
    b"PK\x03\x04",
)


def test_the_pdf_builder_makes_a_real_pdf():
    from pypdf import PdfReader

    assert len(PdfReader(io.BytesIO(f.pdf_bytes())).pages) == 1


@pytest.mark.parametrize(
    ("name", "content", "content_type", "kind"),
    [
        ("don.pdf", f.pdf_bytes(), "application/pdf", "pdf"),
        ("anh.JPG", f.jpeg_bytes(), "image/jpeg", "jpeg"),
        ("anh.png", f.png_bytes(), "image/png", "png"),
        ("quet.tif", f.tiff_bytes(), "image/tiff", "tiff"),
        ("to-khai.docx", f.docx_bytes(), "", "docx"),
        ("bang.xlsx", f.xlsx_bytes(), "application/octet-stream", "xlsx"),
        ("van-ban.odt", f.odt_bytes(), "application/vnd.oasis.opendocument.text", "odt"),
    ],
)
def test_accepted_files_are_recognised_by_content(name, content, content_type, kind):
    checked = check_upload(f.upload(name, content, content_type))
    assert checked.kind.key == kind
    assert checked.size == len(content)
    assert checked.sha256 == hashlib.sha256(content).hexdigest()
    assert checked.original_name == name


def test_png_named_pdf_is_refused_naming_the_file_and_the_real_content():
    with pytest.raises(InvalidInput) as exc:
        check_upload(f.upload("giay-to.pdf", f.png_bytes(), "application/pdf"))
    assert exc.value.message == "Tệp “giay-to.pdf” không phải là PDF (nội dung là ảnh PNG)."


def test_declared_content_type_must_agree_with_the_bytes():
    with pytest.raises(InvalidInput, match="không phải là"):
        check_upload(f.upload("anh.png", f.png_bytes(), "image/jpeg"))


def test_a_browser_alias_of_the_type_is_accepted():
    assert check_upload(f.upload("anh.jpg", f.jpeg_bytes(), "image/pjpeg")).kind.key == "jpeg"


@pytest.mark.parametrize(
    ("content", "what"),
    [
        (b"<!DOCTYPE html><html><script>alert(1)</script>", "trang HTML"),
        (b"MZ\x90\x00\x03\x00\x00\x00", "chương trình chạy được"),
        (b"\x7fELF\x02\x01\x01", "chương trình chạy được"),
        (b"#!/bin/sh\nrm -rf /\n", "tập lệnh"),
        (b"just some text", "văn bản thuần"),
        (b"GIF89a\x01\x00", "không được nhận"),
    ],
)
def test_html_scripts_and_executables_are_refused(content, what):
    with pytest.raises(InvalidInput) as exc:
        check_upload(f.upload("ho-so.pdf", content, "application/pdf"))
    assert "Tệp “ho-so.pdf” không được nhận" in exc.value.message
    assert what in exc.value.message


def test_an_empty_file_is_refused():
    with pytest.raises(InvalidInput, match=r"“rong\.pdf” rỗng"):
        check_upload(f.upload("rong.pdf", b""))


def test_an_oversized_file_is_refused_with_the_limit(settings):
    settings.MOTCUA_UPLOAD_MAX_BYTES = 1024
    content = f.pdf_bytes() + b"%" + b"x" * 2048 + b"\n%%EOF\n"
    with pytest.raises(InvalidInput) as exc:
        check_upload(f.upload("lon.pdf", content, "application/pdf"))
    assert "“lon.pdf” quá lớn" in exc.value.message and "tối đa 1 KB" in exc.value.message


def test_a_file_the_upload_handler_cut_off_is_refused_as_too_large(settings):
    settings.MOTCUA_UPLOAD_MAX_BYTES = 1024
    with pytest.raises(InvalidInput, match="quá lớn"):
        check_upload(OversizeUpload("lon.pdf", "application/pdf", 5000))


def test_a_truncated_pdf_is_refused():
    content = f.pdf_bytes()
    with pytest.raises(InvalidInput, match="bị hỏng hoặc tải lên chưa hết"):
        check_upload(f.upload("cut.pdf", content[: len(content) // 2], "application/pdf"))


def test_office_files_with_macros_are_refused():
    with pytest.raises(InvalidInput, match="không được nhận"):
        check_upload(f.upload("macro.docx", f.docx_bytes(macros=True)))


def test_a_plain_zip_is_refused():
    out = io.BytesIO()
    import zipfile

    with zipfile.ZipFile(out, "w") as zf:
        zf.writestr("evil.exe", b"MZ")
    with pytest.raises(InvalidInput, match="không được nhận"):
        check_upload(f.upload("tai-lieu.docx", out.getvalue()))


def test_a_type_left_out_of_the_settings_is_refused(settings):
    settings.MOTCUA_UPLOAD_TYPES = ["pdf"]
    with pytest.raises(InvalidInput, match="nội dung là ảnh PNG"):
        check_upload(f.upload("anh.png", f.png_bytes(), "image/png"))


def test_client_file_names_are_cleaned():
    assert clean_name("C:\\Users\\an\\giấy tờ.pdf") == "giấy tờ.pdf"
    assert clean_name("../../etc/passwd") == "passwd"
    assert clean_name("a\x00b\nc.pdf") == "abc.pdf"
    long = clean_name("x" * 400 + ".pdf")
    assert len(long) <= 255 and long.endswith(".pdf")
    assert clean_name("") == "tep"


@given(st.binary(max_size=64))
def test_random_bytes_are_pdf_only_with_the_signature(data):
    assert (sniff.sniff(data) == "pdf") == data.startswith(b"%PDF-")


@given(st.binary(max_size=64))
def test_random_bytes_without_a_signature_are_nothing(data):
    if not data.startswith(SIGNATURES):
        assert sniff.sniff(data) is None


@given(st.binary(max_size=64))
def test_any_bytes_after_the_signature_are_still_pdf(tail):
    assert sniff.sniff(b"%PDF-" + tail) == "pdf"


@hsettings(max_examples=60, deadline=None)
@given(
    content=st.binary(max_size=300),
    # Path separators never reach the check: Django's upload parser keeps only the base name.
    name=st.text(st.characters(blacklist_characters="/\\\x00"), max_size=40).filter(
        lambda n: n not in (".", "..")
    ),
    content_type=st.sampled_from(["", "application/pdf", "image/png", "text/html"]),
)
def test_check_upload_accepts_or_refuses_cleanly(content, name, content_type):
    """Whatever the bytes and the name, the answer is a kind or an InvalidInput."""
    try:
        checked = check_upload(f.upload(name or "x", content, content_type))
    except InvalidInput as exc:
        assert exc.message.startswith("Tệp “")
    else:
        assert checked.kind.key in KINDS
        assert content.startswith(SIGNATURES)
