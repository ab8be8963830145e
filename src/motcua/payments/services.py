"""Writes: counter payments, online orders and gateway callbacks (each one transaction)."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.core.errors import InvalidInput, NotFound
from motcua.dossiers.models import Dossier
from motcua.org.constants import Role
from motcua.org.selectors import user_can_act_for
from motcua.payments.constants import COUNTER_METHODS, Method, Outcome, Status
from motcua.payments.gateway import CallbackRefused, Order, PaymentGateway, get_gateway
from motcua.payments.models import Payment, PaymentCallback, ReceiptSequence
from motcua.payments.selectors import fee_for, paid_total

COUNTER_ROLES = (Role.CLERK, Role.LEADER)

# The IPN answer for each outcome (codes in the style of Vietnamese gateways).
ACK = {
    Outcome.ACCEPTED: ("00", "Confirm Success"),
    Outcome.REPLAY: ("00", "Confirm Success"),
    Outcome.UNKNOWN_ORDER: ("01", "Order not found"),
    Outcome.NOT_PENDING: ("02", "Order already confirmed"),
    Outcome.AMOUNT_MISMATCH: ("04", "Invalid amount"),
    Outcome.BAD_SIGNATURE: ("97", "Invalid signature"),
}


@dataclass(frozen=True)
class CallbackResult:
    outcome: str
    reason: str
    payment: Payment | None
    callback: PaymentCallback

    @property
    def ack(self) -> dict[str, str]:
        code, message = ACK.get(self.outcome, ("99", "Rejected"))  # type: ignore[call-overload]
        return {"code": code, "message": message}


def _local_day(at: dt.datetime) -> dt.date:
    return timezone.localtime(at).date()


def receipt_number_next(prefix: str, day: dt.date) -> str:
    """``BL-<agency>-<yymmdd>-<seq>``: gapless per agency and day; call inside a transaction."""
    seq, _created = ReceiptSequence.objects.get_or_create(prefix=prefix, day=day)
    ReceiptSequence.objects.filter(pk=seq.pk).update(last=F("last") + 1)
    seq.refresh_from_db(fields=["last"])
    return f"BL-{prefix}-{day:%y%m%d}-{seq.last:04d}"


def _receipt_prefix(dossier: Dossier) -> str:
    return (
        dossier.receiving_agency.code if dossier.receiving_agency_id else dossier.receiving_unit_id
    )


def _lock_dossier(dossier_id: int) -> Dossier:
    dossier = (
        Dossier.objects.select_for_update(of=("self",))
        .select_related("procedure", "receiving_agency")
        .filter(pk=dossier_id)
        .first()
    )
    if dossier is None:
        raise NotFound(_("Không tìm thấy hồ sơ."))
    return dossier


def _amount_due(dossier: Dossier, amount: int | None) -> int:
    """The amount to collect: the catalogue's fee less what is already paid, or the amount
    the clerk typed when the catalogue gives none."""
    fee = fee_for(dossier.procedure, dossier.channel)
    if fee is not None and fee.amount == 0:
        raise InvalidInput(_("Thủ tục này không thu phí, lệ phí."))
    if fee is not None and fee.amount is not None:
        due = fee.amount - paid_total(dossier)
        if due <= 0:
            raise InvalidInput(_("Hồ sơ đã nộp đủ phí, lệ phí."))
        if amount is None:
            return due
    if amount is None:
        raise InvalidInput(_("Danh mục không ghi số tiền phí, lệ phí: hãy nhập số tiền thu."))
    if amount <= 0 or amount > 10**12:
        raise InvalidInput(_("Số tiền phải là số nguyên dương (đồng)."))
    return amount


@transaction.atomic
def payment_record_counter(
    *, dossier_id: int, actor: Any, method: str, amount: int | None = None,
    at: dt.datetime | None = None,
) -> Payment:  # fmt: skip
    """A fee paid at the counter: recorded as paid, with a receipt number."""
    if method not in COUNTER_METHODS:
        raise InvalidInput(_("Hình thức thu tại quầy không hợp lệ."))
    dossier = _lock_dossier(dossier_id)
    if not (
        user_can_act_for(actor, dossier.receiving_unit_id, COUNTER_ROLES)
        or user_can_act_for(actor, dossier.current_unit_id, COUNTER_ROLES)
    ):
        raise NotFound(_("Không tìm thấy hồ sơ."))
    amount = _amount_due(dossier, amount)
    at = at or timezone.now()
    payment = Payment.objects.create(
        dossier=dossier, order_id=_order_id(), amount=amount, method=method,
        status=Status.PAID, paid_at=at, created_by=actor,
        receipt_number=receipt_number_next(_receipt_prefix(dossier), _local_day(at)),
        description=dossier.procedure.name[:255],
    )  # fmt: skip
    _touch(dossier.pk)
    return payment


def _touch(dossier_id: int) -> None:
    """The Decision 766 roll-ups count paid dossiers (no dossier event says so)."""
    from motcua.indicators.rollup import touch

    touch(dossier_id)


def _order_id() -> str:
    return "MC" + secrets.token_hex(10).upper()


@transaction.atomic
def payment_start_online(
    *, dossier_id: int, user: Any, return_url: str, ipn_url: str,
    at: dt.datetime | None = None, gateway: PaymentGateway | None = None,
) -> tuple[Payment, str]:  # fmt: skip
    """A pending online payment of the fee still due and the gateway address to send the
    applicant to. Only the dossier's own citizen account may pay online."""
    dossier = _lock_dossier(dossier_id)
    if not getattr(user, "is_authenticated", False) or dossier.citizen_id != user.pk:
        raise NotFound(_("Không tìm thấy hồ sơ."))
    fee = fee_for(dossier.procedure, dossier.channel)
    if fee is None or fee.amount is None:
        raise InvalidInput(
            _("Danh mục không ghi số tiền phí, lệ phí: hãy nộp tại bộ phận một cửa.")
        )
    amount = _amount_due(dossier, None)
    gateway = gateway or get_gateway()
    at = at or timezone.now()
    payment = Payment.objects.create(
        dossier=dossier, order_id=_order_id(), amount=amount, method=Method.ONLINE_GATEWAY,
        gateway=gateway.name, created_by=user, description=dossier.procedure.name[:255],
        expires_at=at + dt.timedelta(minutes=settings.MOTCUA_PAYMENT_ORDER_MINUTES),
    )  # fmt: skip
    url = gateway.create_order(
        Order(
            payment.order_id,
            amount,
            _("Phí, lệ phí hồ sơ %(code)s") % {"code": dossier},
            return_url,
            ipn_url,
            payment.expires_at,
        )
    )
    return payment, url


def _record(
    kind: str, gateway: PaymentGateway, params: Mapping[str, str], outcome: str, reason: str,
    *, payment: Payment | None = None, transaction_id: str = "", remote_addr: str | None = None,
) -> PaymentCallback:  # fmt: skip
    return PaymentCallback.objects.create(
        kind=kind, gateway=gateway.name, outcome=outcome, reason=reason[:255],
        transaction_id=transaction_id[:64], order_id=str(params.get("order_id", ""))[:40],
        params={str(k)[:40]: str(v)[:500] for k, v in list(params.items())[:30]},
        payment=payment, remote_addr=remote_addr,
    )  # fmt: skip


def callback_process(
    params: Mapping[str, str], *, kind: str, remote_addr: str | None = None,
    gateway: PaymentGateway | None = None, now: dt.datetime | None = None,
) -> CallbackResult:  # fmt: skip
    """Check a gateway callback and apply it once. Every callback is recorded with its
    outcome; a refused or replayed one changes nothing else."""
    gateway = gateway or get_gateway()
    now = now or timezone.now()
    params = {str(k): str(v) for k, v in params.items()}
    try:
        data = gateway.verify_callback(params)
    except CallbackRefused as exc:
        return _result(kind, gateway, params, exc.outcome, exc.reason, remote_addr=remote_addr)
    window = dt.timedelta(seconds=settings.MOTCUA_PAYMENT_CALLBACK_WINDOW_SECONDS)
    txn = data.transaction_id
    if abs(now - data.timestamp) > window:
        reason = _("Thời điểm giao dịch lệch quá %(s)s giây.") % {"s": int(window.total_seconds())}
        return _result(
            kind, gateway, params, Outcome.STALE, reason, txn=txn, remote_addr=remote_addr
        )
    try:
        with transaction.atomic():
            outcome, reason, payment = _apply(data, gateway, now)
            callback = _record(
                kind, gateway, params, outcome, reason, payment=payment, transaction_id=txn,
                remote_addr=remote_addr,
            )  # fmt: skip
    except IntegrityError:  # the same transaction applied concurrently
        outcome, reason = Outcome.REPLAY, _("Giao dịch đã được xử lý trước đó.")
        payment = Payment.objects.filter(order_id=data.order_id).first()
        callback = _record(kind, gateway, params, outcome, reason, payment=payment,
                           transaction_id=txn, remote_addr=remote_addr)  # fmt: skip
    return CallbackResult(outcome, reason, payment, callback)


def _result(kind, gateway, params, outcome, reason, *, txn="", remote_addr=None) -> CallbackResult:
    callback = _record(kind, gateway, params, outcome, reason, transaction_id=txn,
                       remote_addr=remote_addr)  # fmt: skip
    return CallbackResult(outcome, reason, None, callback)


def _apply(data: Any, gateway: PaymentGateway, now: dt.datetime) -> tuple[str, str, Payment | None]:
    payment = (
        Payment.objects.select_for_update(of=("self",))
        .select_related("dossier", "dossier__receiving_agency")
        .filter(order_id=data.order_id, gateway=gateway.name)
        .first()
    )
    if payment is None:
        return (
            Outcome.UNKNOWN_ORDER,
            _("Không có đơn thanh toán %(o)s.") % {"o": data.order_id},
            None,
        )
    applied = PaymentCallback.objects.filter(
        gateway=gateway.name, transaction_id=data.transaction_id, outcome=Outcome.ACCEPTED
    ).exists()
    if applied:
        return Outcome.REPLAY, _("Giao dịch đã được xử lý trước đó."), payment
    if data.amount != payment.amount:
        reason = _("Số tiền %(got)s khác số tiền của đơn %(want)s.") % {
            "got": data.amount, "want": payment.amount,
        }  # fmt: skip
        return Outcome.AMOUNT_MISMATCH, reason, payment
    if payment.status != Status.PENDING:
        return Outcome.NOT_PENDING, _("Đơn thanh toán không còn chờ thanh toán."), payment
    if payment.expires_at and data.timestamp > payment.expires_at:
        return Outcome.EXPIRED, _("Đơn thanh toán đã hết hạn."), payment
    payment.status = {"paid": Status.PAID, "cancelled": Status.CANCELLED}.get(
        data.status, Status.FAILED
    )
    payment.gateway_reference = data.transaction_id
    payment.raw_callback = {
        "order_id": data.order_id, "amount": data.amount, "status": data.status,
        "transaction_id": data.transaction_id, "timestamp": data.timestamp.isoformat(),
    }  # fmt: skip
    if payment.status == Status.PAID:
        payment.paid_at = now
        payment.receipt_number = receipt_number_next(
            _receipt_prefix(payment.dossier), _local_day(now)
        )
    payment.save()
    _touch(payment.dossier_id)
    return Outcome.ACCEPTED, "", payment
