"""The decentralisation registry: tasks and powers that moved between levels of government."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from motcua.authority.constants import GovLevel, Mode, ObstacleKind, ObstacleStatus, Status

# A row cites its source always, and an instrument and article unless it says the article is
# not verified: the done-when rule of the registry, enforced by the database.
CITES_SOURCE = ~Q(source="")
CITES_ARTICLE = Q(article_verified=False) | (~Q(instrument="") & ~Q(article=""))


class DecentralisedTask(models.Model):
    """One state-management task or power that moved from one level to another."""

    code = models.CharField(
        _("mã nhiệm vụ"),
        max_length=40,
        unique=True,
        help_text=_("Mã ổn định, ví dụ ND132-D4-01 (văn bản, điều, số thứ tự)."),
    )
    name = models.TextField(
        _("nội dung chuyển giao"), help_text=_("Nhiệm vụ, quyền hạn được chuyển.")
    )
    field_name = models.CharField(_("lĩnh vực"), max_length=255)
    field = models.ForeignKey(
        "catalog.Field",
        verbose_name=_("lĩnh vực trong danh mục"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="decentralised_tasks",
    )
    from_level = models.CharField(_("từ cấp"), max_length=12, choices=GovLevel.choices)
    to_level = models.CharField(_("đến cấp"), max_length=12, choices=GovLevel.choices)
    mode = models.CharField(
        _("hình thức"), max_length=16, choices=Mode.choices, blank=True, default=Mode.UNSPECIFIED
    )
    instrument = models.CharField(
        _("văn bản"), max_length=255, blank=True, help_text=_("Ví dụ: Nghị định 132/2025/NĐ-CP")
    )
    article = models.CharField(
        _("điều, khoản"), max_length=100, blank=True, help_text=_("Ví dụ: Điều 4; khoản 2 Điều 43")
    )
    article_verified = models.BooleanField(
        _("đã kiểm chứng điều khoản"),
        default=False,
        help_text=_("Điều, khoản được nêu trong nguồn đã dẫn."),
    )
    source = models.TextField(
        _("nguồn"), help_text=_("Địa chỉ hoặc tài liệu nêu nội dung và điều, khoản (bắt buộc).")
    )
    effective_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    effective_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=16, choices=Status.choices, default=Status.IN_FORCE
    )
    notes = models.TextField(_("ghi chú"), blank=True)
    procedures = models.ManyToManyField(
        "catalog.Procedure",
        verbose_name=_("thủ tục hành chính liên quan"),
        blank=True,
        related_name="decentralised_tasks",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("nhiệm vụ phân cấp")
        verbose_name_plural = _("nhiệm vụ phân cấp")
        ordering = ("code",)
        constraints = (
            models.CheckConstraint(
                condition=CITES_SOURCE,
                name="authority_task_cites_source",
                violation_error_message=_("Phải ghi nguồn của nhiệm vụ."),
            ),
            models.CheckConstraint(
                condition=CITES_ARTICLE,
                name="authority_task_cites_article",
                violation_error_message=_(
                    "Điều khoản đã kiểm chứng thì phải ghi văn bản và điều, khoản; "
                    "nếu chưa có, bỏ đánh dấu “đã kiểm chứng”."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(from_level=F("to_level")),
                name="authority_task_levels_differ",
                violation_error_message=_("Cấp chuyển đi và cấp nhận phải khác nhau."),
            ),
            models.CheckConstraint(
                condition=Q(effective_to__isnull=True)
                | Q(effective_from__isnull=True)
                | Q(effective_to__gte=F("effective_from")),
                name="authority_task_dates_ordered",
                violation_error_message=_("Ngày hết hiệu lực phải sau ngày có hiệu lực."),
            ),
        )
        indexes = (
            models.Index(fields=["to_level", "mode"], name="authority_task_level_mode"),
            models.Index(fields=["status"], name="authority_task_status"),
        )

    def __str__(self) -> str:
        return f"{self.code} — {self.name[:80]}"

    def clean(self) -> None:
        """Field-level messages for the admin (the constraints say the same for the database)."""
        for name in ("code", "name", "field_name", "instrument", "article", "source"):
            setattr(self, name, (getattr(self, name) or "").strip())
        errors: dict[str, str] = {}
        if not self.source:
            errors["source"] = _("Phải ghi nguồn của nhiệm vụ.")
        if self.article_verified and not self.instrument:
            errors["instrument"] = _("Điều khoản đã kiểm chứng thì phải ghi văn bản.")
        if self.article_verified and not self.article:
            errors["article"] = _("Điều khoản đã kiểm chứng thì phải ghi điều, khoản.")
        if self.from_level and self.from_level == self.to_level:
            errors["to_level"] = _("Cấp chuyển đi và cấp nhận phải khác nhau.")
        if self.effective_from and self.effective_to and self.effective_to < self.effective_from:
            errors["effective_to"] = _("Ngày hết hiệu lực phải sau ngày có hiệu lực.")
        if errors:
            raise ValidationError(errors)

    @property
    def citation(self) -> str:
        """Instrument and article as known, e.g. "Nghị định 132/2025/NĐ-CP, Điều 4"."""
        parts = [p for p in (self.instrument, self.article) if p]
        return ", ".join(parts)


class PostInspection(models.Model):
    """A post-inspection visit (hậu kiểm) to a province about one task it received."""

    task = models.ForeignKey(
        DecentralisedTask,
        verbose_name=_("nhiệm vụ"),
        on_delete=models.PROTECT,
        related_name="post_inspections",
    )
    province = models.ForeignKey(
        "org.AdministrativeUnit",
        verbose_name=_("tỉnh, thành phố"),
        on_delete=models.PROTECT,
        limit_choices_to={"level": "province"},
        related_name="post_inspections",
    )
    visited_on = models.DateField(_("ngày kiểm tra"))
    inspecting_body = models.CharField(_("cơ quan kiểm tra"), max_length=255)
    findings = models.TextField(_("kết quả kiểm tra"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người ghi"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("ghi lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("đợt hậu kiểm")
        verbose_name_plural = _("đợt hậu kiểm")
        ordering = ("-visited_on", "-id")
        indexes = (
            models.Index(fields=["province", "-visited_on"], name="authority_inspection_prov"),
        )

    def __str__(self) -> str:
        return f"{self.visited_on:%d/%m/%Y} {self.province_id} {self.task_id}"


class Obstacle(models.Model):
    """A difficulty or recommendation a province raised, and the ministry's handling of it.

    Status changes only through ``services.obstacle_answer`` / ``obstacle_escalate``."""

    province = models.ForeignKey(
        "org.AdministrativeUnit",
        verbose_name=_("tỉnh, thành phố"),
        on_delete=models.PROTECT,
        limit_choices_to={"level": "province"},
        related_name="obstacles",
    )
    task = models.ForeignKey(
        DecentralisedTask,
        verbose_name=_("nhiệm vụ"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="obstacles",
    )
    kind = models.CharField(
        _("loại"), max_length=16, choices=ObstacleKind.choices, default=ObstacleKind.DIFFICULTY
    )
    content = models.TextField(_("nội dung"))
    raised_on = models.DateField(_("ngày gửi"))
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người gửi"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    status = models.CharField(
        _("trạng thái"),
        max_length=12,
        choices=ObstacleStatus.choices,
        default=ObstacleStatus.OPEN,
    )
    answer = models.TextField(_("nội dung trả lời"), blank=True)
    answered_at = models.DateTimeField(_("trả lời lúc"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người trả lời"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    escalation_note = models.TextField(_("nội dung báo cáo Chính phủ"), blank=True)
    escalated_at = models.DateTimeField(_("báo cáo lúc"), null=True, blank=True)
    escalated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người báo cáo"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("khó khăn, vướng mắc, kiến nghị")
        verbose_name_plural = _("khó khăn, vướng mắc, kiến nghị")
        ordering = ("-raised_on", "-id")
        # Granted to ministry staff (with no unit membership) so they can answer and escalate.
        permissions = (
            ("answer_obstacle", _("Trả lời, báo cáo Chính phủ khó khăn, vướng mắc của địa phương")),
        )
        constraints = (
            models.CheckConstraint(
                condition=~Q(status=ObstacleStatus.ANSWERED)
                | (~Q(answer="") & Q(answered_at__isnull=False)),
                name="authority_obstacle_answered_has_answer",
                violation_error_message=_("Vướng mắc đã trả lời phải có nội dung trả lời."),
            ),
            models.CheckConstraint(
                condition=~Q(status=ObstacleStatus.ESCALATED) | Q(escalated_at__isnull=False),
                name="authority_obstacle_escalated_dated",
                violation_error_message=_("Vướng mắc đã báo cáo Chính phủ phải có ngày báo cáo."),
            ),
        )
        indexes = (
            models.Index(fields=["province", "-raised_on"], name="authority_obstacle_prov"),
            models.Index(fields=["province", "status"], name="authority_obstacle_status"),
        )

    def __str__(self) -> str:
        return f"{self.province_id} {self.raised_on:%d/%m/%Y} {self.content[:60]}"
