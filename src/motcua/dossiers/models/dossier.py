"""A dossier (hồ sơ): one application for one procedure."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.dossiers.constants import Channel, State


class Dossier(models.Model):
    code = models.CharField(_("mã hồ sơ"), max_length=60, unique=True, null=True, blank=True)
    lookup_key_hash = models.CharField(max_length=64, blank=True, editable=False)
    procedure = models.ForeignKey(
        "catalog.Procedure", verbose_name=_("thủ tục"), on_delete=models.PROTECT,
        related_name="dossiers",
    )  # fmt: skip
    state = models.CharField(_("trạng thái"), max_length=30, choices=State.choices)
    channel = models.CharField(_("kênh nộp"), max_length=10, choices=Channel.choices)
    receiving_unit = models.ForeignKey(
        "org.AdministrativeUnit", verbose_name=_("đơn vị tiếp nhận"), on_delete=models.PROTECT,
        related_name="received_dossiers",
    )  # fmt: skip
    receiving_agency = models.ForeignKey(
        "org.Agency", verbose_name=_("cơ quan tiếp nhận"), on_delete=models.PROTECT,
        null=True, blank=True, related_name="received_dossiers",
    )  # fmt: skip
    competent_unit = models.ForeignKey(
        "org.AdministrativeUnit", verbose_name=_("đơn vị có thẩm quyền"), on_delete=models.PROTECT,
        related_name="competent_dossiers",
    )  # fmt: skip
    current_unit = models.ForeignKey(
        "org.AdministrativeUnit", verbose_name=_("đơn vị đang giữ hồ sơ"), on_delete=models.PROTECT,
        related_name="held_dossiers",
    )  # fmt: skip

    applicant_id_number = models.CharField(_("số định danh cá nhân"), max_length=12, blank=True)
    applicant_name = models.CharField(_("họ và tên người nộp"), max_length=200)
    applicant_birth_date = models.DateField(_("ngày sinh"), null=True, blank=True)
    applicant_address = models.CharField(_("địa chỉ"), max_length=500, blank=True)
    applicant_phone = models.CharField(_("điện thoại"), max_length=20, blank=True)
    applicant_email = models.EmailField(_("thư điện tử"), blank=True)
    citizen = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("tài khoản công dân"), on_delete=models.SET_NULL,
        null=True, blank=True, related_name="dossiers",
    )  # fmt: skip
    registry_used = models.BooleanField(_("dùng dữ liệu CSDL dân cư"), default=False)
    assisted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("cán bộ hỗ trợ nộp trực tuyến"),
        on_delete=models.SET_NULL, null=True, blank=True, related_name="assisted_dossiers",
    )  # fmt: skip
    form_data = models.JSONField(_("dữ liệu tờ khai"), default=dict, blank=True)
    form_version = models.ForeignKey(
        "eforms.FormVersion", verbose_name=_("phiên bản tờ khai"), on_delete=models.PROTECT,
        null=True, blank=True, related_name="dossiers",
    )  # fmt: skip

    submitted_at = models.DateTimeField(_("nộp lúc"), null=True, blank=True)
    received_at = models.DateTimeField(_("tiếp nhận lúc"), null=True, blank=True)
    due_at = models.DateTimeField(_("hẹn trả"), null=True, blank=True)
    due_at_original = models.DateTimeField(_("hẹn trả ban đầu"), null=True, blank=True)
    extended = models.BooleanField(_("đã gia hạn"), default=False)
    paused_at = models.DateTimeField(_("tạm dừng từ"), null=True, blank=True)
    supplement_count = models.PositiveSmallIntegerField(_("số lần yêu cầu bổ sung"), default=0)
    finished_at = models.DateTimeField(_("xử lý xong lúc"), null=True, blank=True)
    closed_at = models.DateTimeField(_("kết thúc lúc"), null=True, blank=True)

    idempotency_key = models.CharField(max_length=100, null=True, blank=True, unique=True)
    # The head of the event chain, kept on the row so appending an event reads nothing more.
    event_seq = models.PositiveIntegerField(default=0, editable=False)
    event_hash = models.CharField(max_length=64, blank=True, editable=False)
    version = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("hồ sơ")
        verbose_name_plural = _("hồ sơ")
        indexes = [
            models.Index(fields=["current_unit", "state", "due_at"], name="dossier_queue"),
            models.Index(fields=["receiving_unit", "state", "due_at"], name="dossier_received"),
            models.Index(fields=["competent_unit", "state"], name="dossier_competent"),
            models.Index(fields=["procedure", "received_at"], name="dossier_procedure"),
            models.Index(fields=["citizen", "created_at"], name="dossier_citizen"),
            models.Index(fields=["applicant_id_number"], name="dossier_applicant"),
        ]

    def __str__(self) -> str:
        return self.code or f"#{self.pk}"
