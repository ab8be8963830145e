"""The public verification page, the PKI endpoints (CRL, RFC 3161 timestamps) and the staff
register of certificates per unit."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from . import selectors, services, tsa
from .constants import EXPIRY_WARNING_DAYS, HolderKind
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


REGISTER_PAGE_SIZE = 50


@login_required
@require_GET
def certificates(request: HttpRequest) -> HttpResponse:
    """The certificate register of the units the user may see: filters by unit and status,
    the certificates expiring soon and the active count per unit."""
    units = selectors.certificate_units_for(request.user)
    if units is not None and not units:
        raise Http404(_("Bạn không thuộc đơn vị nào nên không xem được sổ chứng thư số."))
    unit = request.GET.get("unit", "").strip()[:20]
    status = request.GET.get("status", "").strip()[:20]
    if status not in selectors.REGISTER_STATUSES:
        status = ""
    now = timezone.now()
    context: dict = {
        "unit": unit, "status": status, "warning_days": EXPIRY_WARNING_DAYS,
        "statuses": [(s.value, s.label) for s in selectors.REGISTER_STATUSES],
        "units": list(selectors.certificate_register_units(units)),
    }  # fmt: skip
    if unit and units is not None and unit not in units:
        context["error"] = _("Đơn vị %(code)s không thuộc phạm vi bạn được xem.") % {"code": unit}
        return render(request, "signing/certificates.html", context, status=404)
    rows = selectors.certificate_register(units=units, unit=unit, status=status, now=now)
    scope = [unit] if unit else units
    context.update(
        page=Paginator(rows, REGISTER_PAGE_SIZE).get_page(request.GET.get("page")),
        expiring=list(selectors.certificates_expiring(units=scope, now=now, limit=100)),
        counts=selectors.certificate_counts_by_unit(units=scope, now=now),
    )
    return render(request, "signing/certificates.html", context)
