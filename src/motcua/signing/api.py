"""POST /api/v1/verify: the verification for machines (another agency's system)."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import File, Router, Schema
from ninja.files import UploadedFile

from motcua.core.errors import InvalidInput

from . import services
from .views import client_ip, read_upload

router = Router()


class SignatureOut(Schema):
    field_name: str
    verdict: str
    message: str
    signer: str
    organisation: str
    holder_kind: str
    serial: str
    signing_time: str | None
    timestamped: bool


class ReportOut(Schema):
    verdict: str
    message: str
    signatures: list[SignatureOut]


@router.post("", response=ReportOut, summary="Xác thực chữ ký số của một tệp PDF")
def verify(request: HttpRequest, file: UploadedFile = File(None)) -> dict:  # noqa: B008
    """Multipart field ``file``. Verdicts: valid, modified, untrusted, revoked, expired,
    not_pdf, no_signature."""
    if file is None:
        raise InvalidInput(_("Hãy gửi tệp PDF trong trường 'file'."))
    report = services.verification_record(read_upload(file), client_ip=client_ip(request),
                                          channel="api")  # fmt: skip
    return report.as_dict()
