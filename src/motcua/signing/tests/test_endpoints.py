"""The public page, the API, the CRL and the RFC 3161 endpoint over HTTP (Django client)."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from asn1crypto import tsp
from cryptography import x509
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from motcua.signing import services, tsa
from motcua.signing.constants import Verdict
from motcua.signing.models import VerificationLog
from motcua.signing.tests.test_sign_verify import flip_byte

pytestmark = pytest.mark.django_db


def test_timestamp_endpoint_speaks_rfc3161(pki, pdf, live_server, settings):
    """A real HTTP round trip to POST /pki/tsa with the client used for MOTCUA_TSA_URL."""
    settings.MOTCUA_TSA_URL = f"{live_server.url}/pki/tsa"
    stamper = tsa.timestamper()
    assert isinstance(stamper, tsa.UrllibTimeStamper)
    signer, _ = services._signer(pki["agency"])
    signed = services.sign_bytes(pdf, signer=signer, reason="x", location="VN", field_name=None,
                                 timestamper=stamper)  # fmt: skip
    report = services.verify_pdf(signed)
    assert report.verdict == Verdict.VALID and report.signatures[0].timestamped


def test_timestamp_endpoint_rejects_bad_requests(pki, client):
    assert client.get("/pki/tsa").status_code == 405
    wrong_type = client.generic("POST", "/pki/tsa", b"x", content_type="text/plain")
    assert wrong_type.status_code == 415
    garbage = client.generic("POST", "/pki/tsa", b"\x30\x03abc",
                             content_type="application/timestamp-query")  # fmt: skip
    # a status-only TimeStampResp: SEQUENCE { PKIStatusInfo } (asn1crypto wants a token)
    status = tsp.PKIStatusInfo.load(garbage.content[2:])
    assert status["status"].native == "rejection"
    assert status["fail_info"].native == {"bad_data_format"}


def test_crl_lists_revoked_serials(pki, client):
    services.certificate_revoke(pki["person"])
    response = client.get(f"/pki/crl/{pki['root'].label}.crl")
    assert response.status_code == 200 and response["Content-Type"] == "application/pkix-crl"
    crl = x509.load_der_x509_crl(response.content)
    assert [r.serial_number for r in crl] == [int(pki["person"].serial, 16)]
    assert client.get("/pki/crl/khong-co.crl").status_code == 404


def test_issued_certificates_point_at_the_crl(pki, settings):
    cert = x509.load_pem_x509_certificate(pki["agency"].pem.encode())
    points = cert.extensions.get_extension_for_class(x509.CRLDistributionPoints).value
    url = points[0].full_name[0].value
    assert url == f"{settings.MOTCUA_PKI_BASE_URL}/pki/crl/demo-root.crl"


def test_verify_page_upload_and_log(pki, pdf, client):
    signed = services.sign_pdf(pdf, certificate=pki["agency"], reason="x", location="VN")
    assert client.get("/vi/verify/").status_code == 200
    page = client.post("/vi/verify/", {"file": SimpleUploadedFile("kq.pdf", signed)},
                       REMOTE_ADDR="203.0.113.45")  # fmt: skip
    text = page.content.decode()
    assert 'data-verdict="valid"' in text and "Ủy ban nhân dân xã Minh Họa" in text
    log = VerificationLog.objects.get()
    assert (log.verdict, log.client_ip, log.signatures) == ("valid", "203.0.113.x", 1)
    assert log.sha256 == hashlib.sha256(signed).hexdigest()
    tampered = client.post("/vi/verify/", {"file": SimpleUploadedFile("kq.pdf", flip_byte(signed))})
    assert 'data-verdict="modified"' in tampered.content.decode()
    assert "Văn bản đã bị sửa đổi sau khi ký" in tampered.content.decode()


def test_verify_page_bad_inputs(pki, pdf, client):
    for data, verdict in ((b"GIF89a", "not_pdf"), (pdf, "no_signature")):
        page = client.post("/vi/verify/", {"file": SimpleUploadedFile("x.pdf", data)})
        assert f'data-verdict="{verdict}"' in page.content.decode()
    empty = client.post("/vi/verify/", {})
    assert empty.status_code == 400 and "Hãy chọn một tệp PDF" in empty.content.decode()
    by_code = client.post("/vi/verify/", {"code": "H51.001-251125-0001"})
    assert "chưa có kết quả điện tử được ký số" in by_code.content.decode()
    assert VerificationLog.objects.count() == 2


def test_api_verify(pki, pdf, client):
    now = timezone.now()
    signed = services.sign_pdf(pdf, certificate=pki["person"], reason="x", location="VN")
    body = client.post("/api/v1/verify", {"file": SimpleUploadedFile("kq.pdf", signed)}).json()
    assert body["verdict"] == "valid"
    [sig] = body["signatures"]
    assert sig["signer"] == "Trần Thị Lãnh Đạo" and sig["timestamped"] is True
    assert dt.datetime.fromisoformat(sig["signing_time"]) - now < dt.timedelta(minutes=1)
    bad = client.post("/api/v1/verify", {"file": SimpleUploadedFile("x.pdf", b"hello")}).json()
    assert bad["verdict"] == "not_pdf" and bad["message"] == "Tệp không phải là tệp PDF hợp lệ"
    missing = client.post("/api/v1/verify", {})
    assert missing.status_code == 400 and missing.json()["code"] == "invalid_input"
    assert VerificationLog.objects.filter(channel="api").count() == 2


def test_mask_ip():
    assert services.mask_ip("10.1.2.3") == "10.1.2.x"
    assert services.mask_ip("2001:db8:1:2::5") == "2001:db8:1::x"
    assert services.mask_ip(None) == ""
