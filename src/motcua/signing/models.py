from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .constants import CertificateStatus, HolderKind, TokenKind, Verdict


class Certificate(models.Model):
    """One signing certificate of the register: who holds it, where its key lives, its state."""

    holder_kind = models.CharField(_("loại chủ thể"), max_length=10, choices=HolderKind.choices)
    label = models.SlugField(
        _("nhãn"), max_length=80, unique=True,
        help_text=_("Tên ngắn, dùng trong địa chỉ danh sách thu hồi (CRL) của tổ chức chứng thực."),
    )  # fmt: skip
    agency = models.ForeignKey(
        "org.Agency", verbose_name=_("cơ quan"), on_delete=models.PROTECT,
        null=True, blank=True, related_name="certificates",
    )  # fmt: skip
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("cá nhân"), on_delete=models.PROTECT,
        null=True, blank=True, related_name="certificates",
    )  # fmt: skip
    unit = models.ForeignKey(
        "org.AdministrativeUnit", verbose_name=_("đơn vị hành chính"), on_delete=models.PROTECT,
        null=True, blank=True, related_name="certificates",
    )  # fmt: skip
    issued_by = models.ForeignKey(
        "self", verbose_name=_("cấp bởi"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="issued",
    )  # fmt: skip
    subject = models.CharField(_("chủ thể (subject)"), max_length=500)
    common_name = models.CharField(_("tên chủ thể"), max_length=255)
    serial = models.CharField(_("số hiệu (hex)"), max_length=64)
    issuer = models.CharField(_("tổ chức cấp (issuer)"), max_length=500)
    not_before = models.DateTimeField(_("hiệu lực từ"))
    not_after = models.DateTimeField(_("hiệu lực đến"))
    token_kind = models.CharField(
        _("loại khóa"), max_length=10, choices=TokenKind.choices, default=TokenKind.PKCS12
    )
    file_path = models.CharField(_("tệp khóa"), max_length=500, blank=True)
    token_label = models.CharField(_("nhãn thiết bị ký"), max_length=100, blank=True)
    key_label = models.CharField(_("nhãn khóa trên thiết bị"), max_length=100, blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=CertificateStatus.choices,
        default=CertificateStatus.ACTIVE,
    )  # fmt: skip
    revoked_at = models.DateTimeField(_("thu hồi lúc"), null=True, blank=True)
    is_demo = models.BooleanField(_("chứng thư minh họa"), default=False)
    pem = models.TextField(_("chứng thư (PEM)"))
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("chứng thư số")
        verbose_name_plural = _("chứng thư số")
        constraints = [
            models.UniqueConstraint(fields=["issuer", "serial"], name="signing_cert_issuer_serial")
        ]
        indexes = [
            models.Index(fields=["unit", "status", "not_after"], name="signing_cert_unit_status"),
            models.Index(fields=["status", "not_after"], name="signing_cert_status_expiry"),
        ]

    def __str__(self) -> str:
        return f"{self.common_name} ({self.serial[:12]})"


class VerificationLog(models.Model):
    """One verification asked by anyone (web page or API); no personal data kept."""

    created_at = models.DateTimeField(_("thời điểm"), auto_now_add=True, db_index=True)
    verdict = models.CharField(_("kết quả"), max_length=20, choices=Verdict.choices)
    sha256 = models.CharField(_("mã băm SHA-256"), max_length=64, db_index=True)
    signatures = models.PositiveSmallIntegerField(_("số chữ ký"), default=0)
    client_ip = models.CharField(_("địa chỉ IP (đã che)"), max_length=64, blank=True)
    channel = models.CharField(_("kênh"), max_length=10, default="web")

    class Meta:
        verbose_name = _("lượt xác thực")
        verbose_name_plural = _("lượt xác thực")

    def __str__(self) -> str:
        return f"{self.created_at:%d/%m/%Y %H:%M} {self.verdict}"
