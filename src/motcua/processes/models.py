"""Internal processes (quy trình nội bộ): versioned steps of a procedure with their budgets,
and the steps each dossier went through (the rows of Mẫu 06)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from motcua.org.constants import Role
from motcua.processes.constants import Stage, StepRole, StepUnit, Verdict


class ProcessVersion(models.Model):
    """One version of a procedure's internal process. The highest number is the active one;
    a version any dossier has used is never changed (a change is a new version)."""

    procedure = models.ForeignKey(
        "catalog.Procedure", verbose_name=_("thủ tục"), on_delete=models.PROTECT,
        related_name="process_versions",
    )  # fmt: skip
    number = models.PositiveIntegerField(_("phiên bản"))
    note = models.CharField(_("ghi chú"), max_length=500, blank=True)
    # The legal time limit in working hours the budgets sum to (None: the procedure has none).
    limit_hours = models.DecimalField(
        _("thời hạn (giờ làm việc)"), max_digits=9, decimal_places=2, null=True, blank=True
    )
    generated = models.BooleanField(_("quy trình mặc định tự sinh"), default=False)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người tạo"), on_delete=models.SET_NULL,
        null=True, blank=True, related_name="+",
    )  # fmt: skip
    # Part of the in-memory cache key of the steps: bumped whenever the steps change.
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("quy trình nội bộ")
        verbose_name_plural = _("quy trình nội bộ")
        ordering = ["procedure_id", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["procedure", "number"], name="process_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.procedure_id} v{self.number}"


class ProcessStep(models.Model):
    version = models.ForeignKey(ProcessVersion, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveSmallIntegerField(_("thứ tự"))
    name = models.CharField(_("tên bước"), max_length=200)
    stage = models.CharField(_("giai đoạn"), max_length=20, choices=Stage.choices)
    unit = models.CharField(_("đơn vị thực hiện"), max_length=20, choices=StepUnit.choices)
    role = models.CharField(_("vai trò"), max_length=20, choices=StepRole.choices)
    budget_hours = models.DecimalField(
        _("thời gian (giờ làm việc)"), max_digits=8, decimal_places=2
    )

    class Meta:
        verbose_name = _("bước xử lý")
        verbose_name_plural = _("các bước xử lý")
        ordering = ["version_id", "position"]
        constraints = [
            models.UniqueConstraint(fields=["version", "position"], name="process_step_unique")
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.name}"


class DossierStep(models.Model):
    """A step of one dossier: who held it, from when, until when, against which budget."""

    dossier = models.ForeignKey(
        "dossiers.Dossier", on_delete=models.PROTECT, related_name="process_steps"
    )
    version = models.ForeignKey(ProcessVersion, on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField(_("thứ tự"))
    name = models.CharField(_("tên bước"), max_length=200)
    stage = models.CharField(_("giai đoạn"), max_length=20, choices=Stage.choices)
    unit = models.ForeignKey(
        "org.AdministrativeUnit", verbose_name=_("đơn vị"), on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    role = models.CharField(_("vai trò"), max_length=20, choices=Role.choices)
    # The step's own budget plus those of steps it covered without a hand-over (see services).
    budget_hours = models.DecimalField(
        _("thời gian (giờ làm việc)"), max_digits=9, decimal_places=2
    )
    started_at = models.DateTimeField(_("nhận lúc"))
    due_at = models.DateTimeField(_("hạn của bước"), null=True, blank=True)
    finished_at = models.DateTimeField(_("hoàn thành lúc"), null=True, blank=True)
    verdict = models.CharField(_("kết quả"), max_length=10, choices=Verdict.choices, blank=True)
    handed_by = models.CharField(_("bên giao"), max_length=200, blank=True)
    taken_by = models.CharField(_("bên nhận"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("bước xử lý của hồ sơ")
        verbose_name_plural = _("phiếu kiểm soát quá trình (Mẫu 06)")
        ordering = ["dossier_id", "position"]
        constraints = [
            models.UniqueConstraint(fields=["dossier", "position"], name="dossier_step_unique")
        ]
        indexes = [
            # The open step of a dossier (events, the queue) and open steps by due time.
            models.Index(
                fields=["dossier"], condition=Q(finished_at__isnull=True), name="dossier_step_open"
            ),
            models.Index(
                fields=["due_at"], condition=Q(finished_at__isnull=True), name="dossier_step_due"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.dossier_id}#{self.position} {self.name}"
