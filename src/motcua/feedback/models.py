"""Satisfaction ratings of dossiers and feedback/complaints (phản ánh, kiến nghị: PAKN)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.feedback.constants import AttemptKind, FeedbackState, Satisfaction


class Rating(models.Model):
    dossier = models.OneToOneField(
        "dossiers.Dossier", verbose_name=_("hồ sơ"), on_delete=models.PROTECT,
        related_name="rating",
    )  # fmt: skip
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người đánh giá"), on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    level = models.CharField(_("mức độ hài lòng"), max_length=20, choices=Satisfaction.choices)
    comment = models.TextField(_("ý kiến"), max_length=2000, blank=True)
    unit = models.ForeignKey(
        "org.AdministrativeUnit", verbose_name=_("đơn vị được đánh giá"),
        on_delete=models.PROTECT, related_name="+",
    )  # fmt: skip
    created_at = models.DateTimeField(_("đánh giá lúc"))

    class Meta:
        verbose_name = _("đánh giá hồ sơ")
        verbose_name_plural = _("đánh giá hồ sơ")
        indexes = [models.Index(fields=["unit", "created_at"], name="rating_unit")]

    def __str__(self) -> str:
        return f"{self.dossier_id} {self.level}"


class Feedback(models.Model):
    dossier = models.ForeignKey(
        "dossiers.Dossier", verbose_name=_("hồ sơ liên quan"), on_delete=models.PROTECT,
        null=True, blank=True, related_name="feedback",
    )  # fmt: skip
    unit = models.ForeignKey(
        "org.AdministrativeUnit", verbose_name=_("đơn vị xử lý"), on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    submitter = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("tài khoản người gửi"), on_delete=models.SET_NULL,
        null=True, blank=True, related_name="+",
    )  # fmt: skip
    submitter_name = models.CharField(_("họ và tên người gửi"), max_length=200)
    submitter_contact = models.CharField(_("điện thoại hoặc thư điện tử"), max_length=200)
    content = models.TextField(_("nội dung phản ánh, kiến nghị"), max_length=5000)
    supplement = models.TextField(_("nội dung bổ sung"), max_length=5000, blank=True)
    state = models.CharField(
        _("trạng thái"), max_length=24, choices=FeedbackState.choices,
        default=FeedbackState.RECEIVED,
    )  # fmt: skip
    received_at = models.DateTimeField(_("tiếp nhận lúc"))
    refuse_due = models.DateField(_("hạn từ chối"))
    supplement_due = models.DateField(_("hạn yêu cầu bổ sung"))
    handle_due = models.DateField(_("hạn trả lời"))
    decided_at = models.DateTimeField(_("thời điểm quyết định"), null=True, blank=True)
    on_time = models.BooleanField(_("đúng hạn"), null=True)
    note = models.TextField(_("lý do hoặc yêu cầu"), blank=True)
    answer = models.TextField(_("trả lời"), blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("cán bộ xử lý"), on_delete=models.SET_NULL,
        null=True, blank=True, related_name="+",
    )  # fmt: skip
    version = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("phản ánh, kiến nghị")
        verbose_name_plural = _("phản ánh, kiến nghị")
        indexes = [
            models.Index(fields=["unit", "state", "handle_due"], name="feedback_queue"),
            models.Index(fields=["unit", "received_at"], name="feedback_received"),
            models.Index(fields=["submitter", "received_at"], name="feedback_submitter"),
        ]

    def __str__(self) -> str:
        return f"PAKN {self.pk}"


class RefusedAttempt(models.Model):
    """An action refused because the user had no right to it (kept for review)."""

    kind = models.CharField(_("loại"), max_length=20, choices=AttemptKind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người thực hiện"), on_delete=models.SET_NULL,
        null=True, blank=True, related_name="+",
    )  # fmt: skip
    target = models.CharField(_("đối tượng"), max_length=60)
    reason = models.CharField(_("lý do"), max_length=255)
    at = models.DateTimeField(_("lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("thao tác bị từ chối")
        verbose_name_plural = _("thao tác bị từ chối")
        indexes = [models.Index(fields=["kind", "at"], name="refused_attempt_kind")]

    def __str__(self) -> str:
        return f"{self.kind} {self.target}"
