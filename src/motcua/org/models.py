"""Administrative units after 1 July 2025, their history, agencies and staff memberships.

There is no district level: a unit is a province (34) or a commune (3,321).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from motcua.org.constants import AgencyKind, Level, Role, UnitKind

# Decision 20/2020/QĐ-TTg Art. 4: at most 35 characters from [0-9A-Z.], dot-separated groups.
agency_code_validator = RegexValidator(
    r"^[0-9A-Z]+(\.[0-9A-Z]+)*$",
    _("Mã định danh điện tử chỉ gồm chữ in hoa, chữ số và dấu chấm (tối đa 35 ký tự)."),
)


class AdministrativeUnit(models.Model):
    """A province or commune of the current map. Dated attributes (kind, name, full name)
    live in ``UnitVersion``; the copies here are those of the version in force today,
    derived by ``org.services.units_sync_current`` (run by every units import)."""

    code = models.CharField(_("mã"), max_length=5, primary_key=True)
    name = models.CharField(_("tên"), max_length=100)
    full_name = models.CharField(_("tên đầy đủ"), max_length=150)
    level = models.CharField(_("cấp"), max_length=10, choices=Level.choices, db_index=True)
    kind = models.CharField(_("loại"), max_length=40, choices=UnitKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("tỉnh, thành phố"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    name_en = models.CharField(_("tên tiếng Anh"), max_length=150, blank=True)
    code_name = models.CharField(_("tên mã"), max_length=100, blank=True)
    gso_1027_code = models.CharField(
        _("mã theo Công văn 1027/CTK-CSCL"), max_length=5, blank=True, db_index=True
    )
    gso_1027_name = models.CharField(
        _("tên theo Công văn 1027/CTK-CSCL"), max_length=150, blank=True
    )
    valid_from = models.DateField(_("hiệu lực từ"), default=dt.date(2025, 7, 1))
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    # Folded full name, derived (``units_sync_current``); matched with ``__contains``, which
    # no B-tree index serves, so it has none.
    search_key = models.CharField(max_length=200, blank=True, editable=False)

    class Meta:
        verbose_name = _("đơn vị hành chính")
        verbose_name_plural = _("đơn vị hành chính")
        ordering = ["code"]
        indexes = [models.Index(fields=["parent", "code"], name="org_unit_parent_code")]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.code})"

    @property
    def province_code(self) -> str:
        return self.code if self.level == Level.PROVINCE else (self.parent_id or "")


class UnitVersion(models.Model):
    """A unit's kind and name over a dated interval [valid_from, valid_to)."""

    unit = models.ForeignKey(AdministrativeUnit, on_delete=models.CASCADE, related_name="versions")
    valid_from = models.DateField(_("hiệu lực từ"))
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    kind = models.CharField(_("loại"), max_length=40, choices=UnitKind.choices)
    name = models.CharField(_("tên"), max_length=100)
    full_name = models.CharField(_("tên đầy đủ"), max_length=150)
    legal_basis = models.CharField(_("căn cứ pháp lý"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("phiên bản đơn vị")
        verbose_name_plural = _("lịch sử đơn vị")
        ordering = ["unit_id", "valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "valid_from"], name="org_unitversion_unique")
        ]
        indexes = [models.Index(fields=["valid_from", "valid_to"], name="org_unitversion_dates")]

    def __str__(self) -> str:
        return f"{self.full_name} {self.valid_from:%d/%m/%Y}–{self.valid_to or ''}"

    @staticmethod
    def in_force(on: dt.date) -> Q:
        return Q(valid_from__lte=on) & (Q(valid_to__isnull=True) | Q(valid_to__gt=on))


class FormerUnit(models.Model):
    """A unit of the map before 1 July 2025 (63 provinces, 10,052 communes).

    Former codes are reused by the new map for other places, so they live apart.
    """

    level = models.CharField(_("cấp"), max_length=10, choices=Level.choices)
    code = models.CharField(_("mã cũ"), max_length=5)
    name = models.CharField(_("tên"), max_length=150)
    valid_to = models.DateField(_("hiệu lực đến"), default=dt.date(2025, 6, 30))

    class Meta:
        verbose_name = _("đơn vị trước sắp xếp")
        verbose_name_plural = _("đơn vị trước sắp xếp")
        ordering = ["level", "code"]
        constraints = [
            models.UniqueConstraint(fields=["level", "code"], name="org_formerunit_unique")
        ]

    def __str__(self) -> str:
        return _("%(name)s (%(code)s, đến %(date)s)") % {
            "name": self.name,
            "code": self.code,
            "date": f"{self.valid_to:%d/%m/%Y}",
        }


class Succession(models.Model):
    """Former unit → current unit. A commune split by a partial merge has several rows."""

    class MergeType(models.TextChoices):
        FULL = "full", _("toàn bộ")
        PARTIAL = "partial", _("một phần")

    former = models.ForeignKey(FormerUnit, on_delete=models.CASCADE, related_name="successions")
    successor = models.ForeignKey(
        AdministrativeUnit, on_delete=models.CASCADE, related_name="predecessors"
    )
    merge_type = models.CharField(_("hình thức"), max_length=10, choices=MergeType.choices)
    effective = models.DateField(_("hiệu lực"), default=dt.date(2025, 7, 1))

    class Meta:
        verbose_name = _("sắp xếp đơn vị")
        verbose_name_plural = _("sắp xếp đơn vị")
        constraints = [
            models.UniqueConstraint(fields=["former", "successor"], name="org_succession_unique")
        ]

    def __str__(self) -> str:
        return f"{self.former} → {self.successor}"


class Agency(models.Model):
    """A state agency: a ministry, a provincial body, or a commune body."""

    code = models.CharField(
        _("mã định danh điện tử"),
        max_length=35,
        unique=True,
        null=True,
        blank=True,
        validators=[agency_code_validator],
        help_text=_("Theo Quyết định 20/2020/QĐ-TTg (sửa đổi bởi Quyết định 09/2025/QĐ-TTg)."),
    )
    code_is_demo = models.BooleanField(
        _("mã minh họa"),
        default=False,
        help_text=_("Mã do motcua tạo theo đúng định dạng để chạy thử, không phải mã chính thức."),
    )
    name = models.CharField(_("tên cơ quan"), max_length=255)
    kind = models.CharField(_("loại cơ quan"), max_length=30, choices=AgencyKind.choices)
    unit = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("đơn vị hành chính"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agencies",
    )
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    valid_from = models.DateField(_("hiệu lực từ"), default=dt.date(2025, 7, 1))
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)

    class Meta:
        verbose_name = _("cơ quan")
        verbose_name_plural = _("cơ quan")
        ordering = ["unit_id", "kind", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "kind", "name"], name="org_agency_unique_per_unit"
            ),
            models.UniqueConstraint(
                fields=["kind", "name"],
                condition=Q(unit__isnull=True),
                name="org_agency_unique_central",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    """A user acts in ``role`` for ``unit`` only (and, if set, for its communes)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("vai trò"), max_length=20, choices=Role.choices)
    unit = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("đơn vị"),
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("cơ quan"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships",
    )
    includes_communes = models.BooleanField(
        _("gồm các xã trực thuộc"),
        default=False,
        help_text=_("Chỉ áp dụng cho thành viên cấp tỉnh (ví dụ: giám sát toàn tỉnh)."),
    )
    valid_from = models.DateField(_("từ ngày"), default=dt.date.today)
    valid_to = models.DateField(_("đến ngày"), null=True, blank=True)

    class Meta:
        verbose_name = _("phân quyền cán bộ")
        verbose_name_plural = _("phân quyền cán bộ")
        # The unique (user, role, unit) index also serves lookups by user and by (user, role).
        constraints = [
            models.UniqueConstraint(fields=["user", "role", "unit"], name="org_membership_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.unit}"
