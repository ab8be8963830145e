from django.core.files.uploadedfile import TemporaryUploadedFile
from django.test import RequestFactory

from motcua.attachments.sniff import check_upload
from motcua.attachments.tests import factories as f
from motcua.attachments.uploads import OversizeUpload


def _posted_files(content: bytes):
    request = RequestFactory().post("/x/", {"doc": f.upload("big.pdf", content, "application/pdf")})
    return request.FILES


def test_a_file_over_the_limit_arrives_empty_with_its_real_size(settings):
    settings.MOTCUA_UPLOAD_MAX_BYTES = 4096
    content = f.pdf_bytes() + b"%" + b"x" * 100_000 + b"\n%%EOF\n"
    upload = _posted_files(content)["doc"]
    assert isinstance(upload, OversizeUpload)
    assert upload.size == len(content) and upload.read() == b""
    assert upload.name == "big.pdf"


def test_a_file_under_the_limit_arrives_whole(settings):
    settings.MOTCUA_UPLOAD_MAX_BYTES = 1024 * 1024
    upload = _posted_files(f.pdf_bytes())["doc"]
    assert not isinstance(upload, OversizeUpload)
    assert upload.read() == f.pdf_bytes()
    assert check_upload(upload).kind.key == "pdf"


def test_a_file_on_disk_is_checked_the_same_way():
    upload = TemporaryUploadedFile("scan.png", "image/png", 0, None)
    upload.write(f.png_bytes())
    upload.flush()
    upload.size = len(f.png_bytes())
    assert check_upload(upload).kind.key == "png"
    upload.close()


def test_reading_stops_once_the_files_of_a_request_pass_the_total_cap(settings):
    settings.MOTCUA_UPLOAD_MAX_BYTES = 1024 * 1024
    settings.MOTCUA_UPLOAD_MAX_REQUEST_BYTES = 200_000
    pieces = {
        f"doc{i}": f.upload(f"p{i}.pdf", f.pdf_bytes() + b"%" + b"x" * 90_000, "application/pdf")
        for i in range(4)
    }
    request = RequestFactory().post("/x/", pieces)
    files = request.FILES
    assert len(files) < 4  # the rest of the body was never read
