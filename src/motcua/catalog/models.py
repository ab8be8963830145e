"""The procedure catalogue: fields and administrative procedures (TTHC)."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.catalog.constants import OnlineLevel, TimeUnit, ValueSource


class Field(models.Model):
    """A field (lĩnh vực) that procedures belong to."""

    slug = models.SlugField(_("mã"), max_length=120, unique=True)
    name = models.CharField(_("tên lĩnh vực"), max_length=255, unique=True)
    ministry = models.ForeignKey(
        "org.Agency",
        verbose_name=_("bộ quản lý"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="fields",
    )
    is_science_technology = models.BooleanField(_("lĩnh vực KH&CN"), default=False)
    procedure_count = models.PositiveIntegerField(_("số thủ tục"), default=0, editable=False)

    class Meta:
        verbose_name = _("lĩnh vực")
        verbose_name_plural = _("lĩnh vực")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Procedure(models.Model):
    """An administrative procedure as the national catalogue publishes it.

    Structured values (time limit, fees, components) are derived by
    ``catalog.normalize``; the original text is always kept beside them.
    """

    code = models.CharField(_("mã thủ tục"), max_length=20, unique=True)
    name = models.TextField(_("tên thủ tục"))
    field = models.ForeignKey(
        Field, verbose_name=_("lĩnh vực"), on_delete=models.PROTECT, related_name="procedures"
    )
    level_ministry = models.BooleanField(_("cấp bộ"), default=False)
    level_province = models.BooleanField(_("cấp tỉnh"), default=False)
    level_commune = models.BooleanField(_("cấp xã"), default=False)
    level_other = models.BooleanField(_("cơ quan khác"), default=False)
    procedure_type = models.CharField(_("loại thủ tục"), max_length=255, blank=True)
    publishing_decision = models.CharField(_("quyết định công bố"), max_length=255, blank=True)
    issuing_body = models.ForeignKey(
        "org.Agency",
        verbose_name=_("cơ quan ban hành"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="issued_procedures",
    )
    issuing_body_text = models.CharField(
        _("cơ quan ban hành (văn bản gốc)"), max_length=255, blank=True
    )
    agency_competent = models.TextField(_("cơ quan có thẩm quyền"), blank=True)
    agency_executing = models.TextField(_("cơ quan thực hiện"), blank=True)
    agency_executing_list = models.JSONField(_("danh sách cơ quan thực hiện"), default=list)
    agency_authorized = models.TextField(_("cơ quan được ủy quyền"), blank=True)
    agency_coordinating = models.TextField(_("cơ quan phối hợp"), blank=True)
    receiving_address = models.TextField(_("địa chỉ tiếp nhận"), blank=True)
    subjects = models.JSONField(_("đối tượng thực hiện"), default=list)
    steps = models.JSONField(_("các bước"), default=list)
    steps_text = models.TextField(_("trình tự thực hiện"), blank=True)
    requirements = models.TextField(_("yêu cầu, điều kiện"), blank=True)
    result = models.TextField(_("kết quả"), blank=True)
    result_text = models.TextField(_("kết quả (văn bản gốc)"), blank=True)
    related_procedures = models.TextField(_("thủ tục liên quan"), blank=True)

    time_limit_value = models.DecimalField(
        _("thời hạn giải quyết"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    time_limit_unit = models.CharField(
        _("đơn vị thời hạn"), max_length=20, choices=TimeUnit.choices, blank=True
    )
    time_limit_text = models.TextField(_("thời hạn (văn bản gốc)"), blank=True)
    time_limit_source = models.CharField(
        _("nguồn thời hạn"), max_length=10, choices=ValueSource.choices, blank=True
    )
    submission_methods = models.JSONField(_("cách thức thực hiện"), default=list)
    submission_methods_text = models.TextField(_("cách thức thực hiện (văn bản gốc)"), blank=True)
    fees = models.JSONField(_("phí, lệ phí"), default=list)
    has_fee = models.BooleanField(_("có thu phí, lệ phí"), null=True)
    documents_text = models.TextField(_("thành phần hồ sơ (văn bản gốc)"), blank=True)
    legal_basis = models.JSONField(_("căn cứ pháp lý"), default=list)
    legal_basis_text = models.TextField(_("căn cứ pháp lý (văn bản gốc)"), blank=True)

    online_filing_offered = models.BooleanField(_("có nộp trực tuyến"), null=True)
    online_filing_source = models.CharField(
        _("nguồn"), max_length=10, choices=ValueSource.choices, blank=True
    )
    online_level = models.CharField(
        _("mức độ dịch vụ công trực tuyến"),
        max_length=12,
        choices=OnlineLevel.choices,
        default=OnlineLevel.UNKNOWN,
    )
    online_level_source = models.CharField(
        _("nguồn mức độ"), max_length=10, choices=ValueSource.choices, blank=True
    )

    needs_review = models.BooleanField(_("cần rà soát"), default=False, db_index=True)
    review_findings = models.JSONField(
        _("phát hiện khi rà soát"),
        default=dict,
        blank=True,
        help_text=_("unknown_levels: cấp không còn tồn tại; district_mentions: cụm từ trước 2025."),
    )

    effective_from = models.DateField(_("hiệu lực từ"), default=dt.date(2025, 7, 1))
    effective_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    source = models.JSONField(_("nguồn dữ liệu"), default=dict)
    content_hash = models.CharField(max_length=64, editable=False)
    search_text = models.TextField(editable=False, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("thủ tục hành chính")
        verbose_name_plural = _("thủ tục hành chính")
        ordering = ["code"]
        indexes = [
            models.Index(fields=["field", "code"], name="catalog_proc_field_code"),
            models.Index(fields=["issuing_body", "code"], name="catalog_proc_body_code"),
            models.Index(fields=["updated_at"], name="catalog_proc_updated"),
        ]

    def __str__(self) -> str:
        return f"{self.code} — {self.name}"

    @property
    def review_reasons(self) -> list[str]:
        """Why the procedure needs review, in the active language (domain spec §8)."""
        from motcua.catalog.review import review_reasons

        return review_reasons(self.review_findings)

    @property
    def levels(self) -> list[str]:
        from motcua.catalog.constants import ImplementingLevel

        flags = [
            (self.level_ministry, ImplementingLevel.MINISTRY),
            (self.level_province, ImplementingLevel.PROVINCE),
            (self.level_commune, ImplementingLevel.COMMUNE),
            (self.level_other, ImplementingLevel.OTHER),
        ]
        return [level.value for flag, level in flags if flag]


class RequiredComponent(models.Model):
    """A document the applicant provides (thành phần hồ sơ)."""

    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="components")
    position = models.PositiveSmallIntegerField(_("thứ tự"))
    case = models.TextField(_("trường hợp"), blank=True)
    name = models.TextField(_("tên giấy tờ"))
    template = models.CharField(_("mẫu đơn, tờ khai"), max_length=500, blank=True)
    quantity_text = models.CharField(_("số lượng"), max_length=255, blank=True)
    originals = models.PositiveSmallIntegerField(_("bản chính"), null=True, blank=True)
    copies = models.PositiveSmallIntegerField(_("bản sao"), null=True, blank=True)

    class Meta:
        verbose_name = _("thành phần hồ sơ")
        verbose_name_plural = _("thành phần hồ sơ")
        ordering = ["procedure", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["procedure", "position"], name="catalog_component_position"
            )
        ]

    def __str__(self) -> str:
        return self.name[:80]


class ProcedureRevision(models.Model):
    """The content a procedure had before an import changed it: history is never rewritten."""

    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="revisions")
    valid_from = models.DateField()
    valid_to = models.DateField()
    content_hash = models.CharField(max_length=64)
    content = models.JSONField()
    replaced_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("phiên bản thủ tục")
        verbose_name_plural = _("phiên bản thủ tục")
        ordering = ["procedure", "-replaced_at"]

    def __str__(self) -> str:
        return f"{self.procedure.code} {self.valid_from}–{self.valid_to}"
