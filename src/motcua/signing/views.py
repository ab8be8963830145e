"""The public verification page and the PKI endpoints (CRL, RFC 3161 timestamps)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from . import services, tsa
from .constants import HolderKind
from .models import Certificate

TSA_MAX_QUERY_BYTES = 16 * 1024


def client_ip(request: HttpRequest) -> str:
    return request.META.get("REMOTE_ADDR", "")


def read_upload(upload) -> bytes:
    from django.conf import settings

    if upload.size > settings.MOTCUA_UPLOAD_MAX_BYTES:
        from motcua.core.errors import InvalidInput

        raise InvalidInput(_("Tệp quá lớn."))
    return upload.read()


@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    """Anyone uploads a PDF (or enters a dossier code) and reads the verdicts."""
    context: dict = {"code": ""}
    status = 200
    if request.method == "POST":
        upload = request.FILES.get("file")
        code = request.POST.get("code", "").strip()[:60]
        context["code"] = code
        try:
            if upload is not None:
                context["report"] = services.verification_record(
                    read_upload(upload), client_ip=client_ip(request), channel="web"
                )
                context["filename"] = upload.name[:120]
            elif code:
                context["report"] = services.verify_dossier_code(code)
                context["no_result"] = context["report"] is None
            else:
                context["error"] = _("Hãy chọn một tệp PDF hoặc nhập mã hồ sơ.")
                status = 400
        except services.InvalidInput as exc:
            context["error"], status = exc.message, 400
    return render(request, "signing/verify.html", context, status=status)


@require_GET
def crl(request: HttpRequest, label: str) -> HttpResponse:
    ca = Certificate.objects.filter(label=label, holder_kind=HolderKind.CA).first()
    if ca is None:
        raise Http404
    from cryptography.hazmat.primitives.serialization import Encoding

    body = services.crl_for(ca).public_bytes(Encoding.DER)
    response = HttpResponse(body, content_type="application/pkix-crl")
    response["Cache-Control"] = "max-age=300"
    return response


@csrf_exempt
@require_POST
def timestamp(request: HttpRequest) -> HttpResponse:
    """RFC 3161 over HTTP: a DER TimeStampReq in, a DER TimeStampResp out."""
    if request.content_type != tsa.CONTENT_TYPE_QUERY:
        return HttpResponse(status=415)
    body = request.read(TSA_MAX_QUERY_BYTES + 1)
    if len(body) > TSA_MAX_QUERY_BYTES:
        return HttpResponse(status=413)
    return HttpResponse(tsa.respond(body), content_type=tsa.CONTENT_TYPE_REPLY)
