"""The dossier event log: append-only and hash-chained (see ``dossiers.events``)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class DossierEvent(models.Model):
    dossier = models.ForeignKey("dossiers.Dossier", on_delete=models.PROTECT, related_name="events")
    seq = models.PositiveIntegerField(_("thứ tự"))
    kind = models.CharField(_("sự kiện"), max_length=40)
    from_state = models.CharField(_("từ trạng thái"), max_length=30, blank=True)
    to_state = models.CharField(_("sang trạng thái"), max_length=30, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="dossier_events",
    )  # fmt: skip
    actor_label = models.CharField(_("người thực hiện"), max_length=200, blank=True)
    unit = models.ForeignKey(
        "org.AdministrativeUnit", on_delete=models.PROTECT, null=True, blank=True,
        related_name="dossier_events",
    )  # fmt: skip
    at = models.DateTimeField(_("thời điểm"))
    payload = models.JSONField(_("nội dung"), default=dict, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        verbose_name = _("sự kiện hồ sơ")
        verbose_name_plural = _("nhật ký hồ sơ")
        ordering = ["dossier_id", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["dossier", "seq"], name="dossier_event_seq_unique")
        ]

    def __str__(self) -> str:
        return f"{self.dossier_id}#{self.seq} {self.kind}"


class AuditAnchor(models.Model):
    """A periodic seal over every dossier's chain head, itself chained: deleting a whole
    dossier's history after an anchor is detected by ``motcua audit verify``."""

    at = models.DateTimeField(_("thời điểm"))
    dossier_count = models.PositiveIntegerField()
    event_count = models.PositiveBigIntegerField()
    heads_hash = models.CharField(max_length=64)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)
    last_event_id = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = _("mốc niêm phong nhật ký")
        verbose_name_plural = _("mốc niêm phong nhật ký")
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.at:%d/%m/%Y %H:%M} {self.hash[:12]}"
