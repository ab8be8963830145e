"""Calendar overrides announced by the Government each year, set by an administrator."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.workdays.constants import DayKind


class CalendarDay(models.Model):
    """A day off (nghỉ bù, hoán đổi) or a make-up working day (làm bù) on top of the law."""

    date = models.DateField(_("ngày"), unique=True)
    kind = models.CharField(
        _("loại ngày"), max_length=20, choices=DayKind.choices,
        help_text=_(
            "Ngày nghỉ: thêm một ngày nghỉ (nghỉ bù, hoán đổi). Ngày làm việc: một ngày "
            "thứ Bảy làm bù, hoặc một ngày được hoán đổi thành ngày làm việc."
        ),
    )  # fmt: skip
    reason = models.CharField(_("lý do"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        ordering = ["date"]
        verbose_name = _("ngày nghỉ, ngày làm bù")
        verbose_name_plural = _("lịch nghỉ, làm bù")

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} — {self.get_kind_display()}"
