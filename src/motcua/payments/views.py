"""Payment pages: online payment start and return, the IPN endpoint, counter payments,
receipts, and the gateway simulator's pay page (MÔ PHỎNG)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from motcua.core.errors import MotcuaError, NotFound
from motcua.payments import receipt as receipt_document
from motcua.payments import simulator
from motcua.payments.constants import CallbackKind, Outcome, Status
from motcua.payments.selectors import payment_get_for
from motcua.payments.services import callback_process, payment_record_counter, payment_start_online


def _remote_addr(request: HttpRequest) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


@login_required
@require_POST
def pay_online(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        _payment, url = payment_start_online(
            dossier_id=pk, user=request.user,
            return_url=request.build_absolute_uri(reverse("payments:return")),
            ipn_url=request.build_absolute_uri(reverse("payments:ipn")),
        )  # fmt: skip
    except NotFound as exc:
        raise Http404(exc.message) from exc
    except MotcuaError as exc:
        messages.error(request, exc.message)
        return redirect("portal:my_detail", pk=pk)
    return redirect(url)


@never_cache
@require_GET
def gateway_return(request: HttpRequest) -> HttpResponse:
    """The payer's browser back from the gateway: checked exactly like the IPN (whichever
    arrives second is a replay and changes nothing)."""
    result = callback_process(
        request.GET, kind=CallbackKind.RETURN, remote_addr=_remote_addr(request)
    )
    payment = result.payment
    if result.outcome not in (Outcome.ACCEPTED, Outcome.REPLAY) or payment is None:
        messages.error(request, _("Kết quả thanh toán không hợp lệ: %(r)s") % {"r": result.reason})
        return redirect("portal:my")
    if payment.status == Status.PAID:
        messages.success(
            request, _("Đã thanh toán. Số biên lai: %(n)s") % {"n": payment.receipt_number}
        )
    else:
        messages.warning(request, _("Thanh toán chưa thành công (%(s)s).") % {
            "s": payment.get_status_display()})  # fmt: skip
    return redirect("portal:my_detail", pk=payment.dossier_id)


@csrf_exempt  # server to server; authenticated by the HMAC signature
@require_POST
def ipn(request: HttpRequest) -> JsonResponse:
    result = callback_process(
        request.POST, kind=CallbackKind.IPN, remote_addr=_remote_addr(request)
    )
    return JsonResponse(result.ack)


@login_required
@require_POST
def counter(request: HttpRequest, pk: int) -> HttpResponse:
    method = request.POST.get("method", "")
    raw = request.POST.get("amount", "").replace(".", "").replace(",", "").strip()
    try:
        amount = int(raw) if raw else None
    except ValueError:
        messages.error(request, _("Số tiền phải là số nguyên (đồng)."))
        return redirect("dossiers:detail", pk=pk)
    try:
        payment = payment_record_counter(
            dossier_id=pk, actor=request.user, method=method, amount=amount
        )
    except NotFound as exc:
        raise Http404(exc.message) from exc
    except MotcuaError as exc:
        messages.error(request, exc.message)
        return redirect("dossiers:detail", pk=pk)
    return redirect("payments:receipt", pk=payment.pk)


@login_required
def receipt(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        payment = payment_get_for(request.user, pk)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    if payment.status != Status.PAID:
        raise Http404(_("Khoản thanh toán chưa có biên lai."))
    return render(request, "payments/receipt.html", {"p": payment, "d": payment.dossier})


@never_cache  # personal data: no shared or browser cache
@login_required
@require_GET
def receipt_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The receipt as a PDF, for staff of the dossier's units and its applicant; signed at
    download when the receiving unit's agency holds an active certificate."""
    try:
        payment = payment_get_for(request.user, pk)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    if payment.status != Status.PAID or not payment.receipt_number:
        message = _("Khoản thanh toán này chưa được thanh toán nên chưa có biên lai.")
        context = {"message": message, "p": payment}
        return render(request, "payments/no_receipt.html", context, status=404)
    data, _signed = receipt_document.receipt_pdf(payment)
    response = HttpResponse(data, content_type="application/pdf")
    name = receipt_document.filename(payment)
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


@never_cache
def sim_pay(request: HttpRequest) -> HttpResponse:
    """MÔ PHỎNG: the gateway's pay page. GET shows the signed order; POST pays or cancels."""
    if not settings.MOTCUA_PAYMENT_SIMULATOR:
        raise Http404
    data = request.POST if request.method == "POST" else request.GET
    params = {k: data.get(k, "") for k in (*simulator.ORDER_FIELDS, "signature") if k in data}
    try:
        order = simulator.order_parse(params)
    except MotcuaError as exc:
        return render(request, "payments/sim_pay.html", {"error": exc.message}, status=400)
    if request.method == "POST":
        status = "paid" if request.POST.get("action") == "pay" else "cancelled"
        result = simulator.callback_params(order, status)
        simulator.deliver_ipn(order.ipn_url, result)
        return redirect(simulator.return_url_with(order, result))
    return render(request, "payments/sim_pay.html", {"order": order, "params": params})
