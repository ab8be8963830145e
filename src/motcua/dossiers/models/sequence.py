from django.db import models
from django.utils.translation import gettext_lazy as _


class DossierCodeSequence(models.Model):
    """The last daily sequence number given by an agency (the XXXX of a dossier code)."""

    agency_code = models.CharField(_("mã cơ quan"), max_length=35)
    day = models.DateField(_("ngày tiếp nhận"))
    value = models.PositiveIntegerField(_("số thứ tự cuối"), default=0)

    class Meta:
        verbose_name = _("bộ đếm mã hồ sơ")
        verbose_name_plural = _("bộ đếm mã hồ sơ")
        constraints = [
            models.UniqueConstraint(fields=["agency_code", "day"], name="dossiers_sequence_unique")
        ]

    def __str__(self) -> str:
        return f"{self.agency_code} {self.day:%y%m%d} → {self.value}"
