"""What the daily digest has sent: one row per unit and day, so a unit gets it once."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class DigestSent(models.Model):
    unit = models.ForeignKey(
        "org.AdministrativeUnit", verbose_name=_("đơn vị"), on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    day = models.DateField(_("ngày"))
    sent_at = models.DateTimeField(_("gửi lúc"))
    recipients = models.PositiveIntegerField(_("số người nhận"), default=0)
    due_soon = models.PositiveIntegerField(_("sắp đến hạn"), default=0)
    overdue = models.PositiveIntegerField(_("quá hạn"), default=0)
    no_apology = models.PositiveIntegerField(_("quá hạn chưa xin lỗi"), default=0)

    class Meta:
        verbose_name = _("thư cảnh báo đã gửi")
        verbose_name_plural = _("thư cảnh báo đã gửi")
        constraints = [
            models.UniqueConstraint(fields=["unit", "day"], name="alerts_digest_unit_day_unique")
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.day:%d/%m/%Y}"
