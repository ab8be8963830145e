"""Payments of fees (phí, lệ phí), gateway callbacks and receipt numbers."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from motcua.payments.constants import CallbackKind, Method, Outcome, Status


class Payment(models.Model):
    dossier = models.ForeignKey(
        "dossiers.Dossier", verbose_name=_("hồ sơ"), on_delete=models.PROTECT,
        related_name="payments",
    )  # fmt: skip
    order_id = models.CharField(_("mã đơn thanh toán"), max_length=40, unique=True)
    amount = models.PositiveBigIntegerField(_("số tiền (đồng)"))
    method = models.CharField(_("hình thức"), max_length=20, choices=Method.choices)
    status = models.CharField(
        _("trạng thái"), max_length=12, choices=Status.choices, default=Status.PENDING
    )
    gateway = models.CharField(_("cổng thanh toán"), max_length=40, blank=True)
    gateway_reference = models.CharField(_("mã giao dịch của cổng"), max_length=64, blank=True)
    receipt_number = models.CharField(
        _("số biên lai"), max_length=60, unique=True, null=True, blank=True
    )
    description = models.CharField(_("nội dung"), max_length=255, blank=True)
    expires_at = models.DateTimeField(_("hết hạn lúc"), null=True, blank=True)
    paid_at = models.DateTimeField(_("thanh toán lúc"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người tạo"), on_delete=models.SET_NULL,
        null=True, blank=True, related_name="+",
    )  # fmt: skip
    raw_callback = models.JSONField(_("thông báo của cổng"), default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("khoản thanh toán")
        verbose_name_plural = _("khoản thanh toán")
        indexes = [
            models.Index(fields=["dossier", "created_at"], name="payment_dossier"),
            models.Index(fields=["status", "paid_at"], name="payment_status"),
        ]

    def __str__(self) -> str:
        return self.receipt_number or self.order_id


class PaymentCallback(models.Model):
    """One callback from a gateway, accepted or refused, with the reason."""

    kind = models.CharField(_("loại"), max_length=10, choices=CallbackKind.choices)
    gateway = models.CharField(_("cổng thanh toán"), max_length=40)
    transaction_id = models.CharField(_("mã giao dịch"), max_length=64, blank=True)
    order_id = models.CharField(_("mã đơn thanh toán"), max_length=40, blank=True)
    payment = models.ForeignKey(
        Payment, verbose_name=_("khoản thanh toán"), on_delete=models.PROTECT, null=True,
        blank=True, related_name="callbacks",
    )  # fmt: skip
    outcome = models.CharField(_("kết quả"), max_length=20, choices=Outcome.choices)
    reason = models.CharField(_("lý do"), max_length=255, blank=True)
    params = models.JSONField(_("tham số nhận được"), default=dict)
    remote_addr = models.GenericIPAddressField(_("địa chỉ gửi"), null=True, blank=True)
    received_at = models.DateTimeField(_("nhận lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("thông báo thanh toán")
        verbose_name_plural = _("thông báo thanh toán")
        indexes = [
            models.Index(fields=["gateway", "transaction_id"], name="payment_callback_txn"),
            models.Index(fields=["order_id"], name="payment_callback_order"),
        ]
        constraints = [
            # A transaction is applied at most once, even under concurrent callbacks.
            models.UniqueConstraint(
                fields=["gateway", "transaction_id"], condition=Q(outcome="accepted"),
                name="payment_callback_applied_once",
            ),
        ]  # fmt: skip

    def __str__(self) -> str:
        return f"{self.order_id} {self.outcome}"


class ReceiptSequence(models.Model):
    """The last receipt number given by one agency on one day."""

    prefix = models.CharField(max_length=40)
    day = models.DateField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["prefix", "day"], name="receipt_sequence_day")
        ]

    def __str__(self) -> str:
        return f"{self.prefix} {self.day} {self.last}"
