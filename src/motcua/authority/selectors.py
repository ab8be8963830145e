"""Reads for the decentralisation registry: filtered lists and the coverage summary."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from motcua.authority.constants import (
    DECREE_133,
    LOCAL_LEVELS,
    MINISTRY_TOTALS,
    MINISTRY_TOTALS_SOURCE,
    GovLevel,
    Mode,
    Status,
)
from motcua.authority.models import DecentralisedTask
from motcua.catalog.models import Procedure

# The filter value for rows whose mode the source does not state (stored as "").
MODE_UNSPECIFIED = "unspecified"
FILTER_KEYS = ("mode", "level", "from_level", "field", "status", "verified")


def task_list(*, filters: Mapping[str, Any] | None = None) -> QuerySet[DecentralisedTask]:
    """Registry rows ordered by code, with their field and procedures loaded.

    ``filters`` (each optional, empty means no filter): ``mode`` (a Mode value or
    ``"unspecified"``), ``level`` (the level the task moved *to*), ``from_level``,
    ``field`` (field name, case-insensitive, or catalogue field slug), ``status`` and
    ``verified`` (bool: whether the article is verified).
    """
    filters = filters or {}
    qs = DecentralisedTask.objects.select_related("field").prefetch_related(
        Prefetch("procedures", queryset=Procedure.objects.only("id", "code", "name"))
    )
    mode = filters.get("mode")
    if mode:
        qs = qs.filter(mode="" if mode == MODE_UNSPECIFIED else mode)
    if filters.get("level"):
        qs = qs.filter(to_level=filters["level"])
    if filters.get("from_level"):
        qs = qs.filter(from_level=filters["from_level"])
    if filters.get("field"):
        qs = qs.filter(Q(field_name__iexact=filters["field"]) | Q(field__slug=filters["field"]))
    if filters.get("status"):
        qs = qs.filter(status=filters["status"])
    if filters.get("verified") is not None:
        qs = qs.filter(article_verified=filters["verified"])
    return qs.order_by("code")


@dataclass(frozen=True)
class Bucket:
    """One line of a count table: a value, its label and how many rows have it."""

    value: str
    label: str | Promise
    count: int


@dataclass(frozen=True)
class CoverageLine:
    """One of the ministry's published totals against what the registry holds."""

    key: str
    label: str | Promise
    published: int
    registered: int
    depth: int = 0

    @property
    def gap(self) -> int:
        return max(self.published - self.registered, 0)

    @property
    def percent(self) -> float | None:
        if not self.published:
            return None
        return round(100 * self.registered / self.published, 1)


@dataclass(frozen=True)
class TaskSummary:
    total: int
    verified: int
    by_mode: list[Bucket]
    by_field: list[Bucket]
    by_to_level: list[Bucket]
    by_status: list[Bucket]
    coverage: list[CoverageLine]
    totals: dict[str, int] = field(default_factory=lambda: dict(MINISTRY_TOTALS))
    totals_source: str | Promise = MINISTRY_TOTALS_SOURCE

    @property
    def unverified(self) -> int:
        return self.total - self.verified


# The registry rows each published total is compared with.
_DISTRICT = Q(from_level=GovLevel.DISTRICT)
_CENTRAL_TO_LOCAL = Q(from_level=GovLevel.CENTRAL, to_level__in=LOCAL_LEVELS)
_DECREE_133 = _CENTRAL_TO_LOCAL & Q(instrument__contains=DECREE_133)
_COVERAGE: list[tuple[str, Promise, Q | None, int]] = [
    ("reviewed", _("Nhiệm vụ quản lý nhà nước Bộ đã rà soát"), None, 0),
    (
        "district_moved",
        _("Nhiệm vụ của cấp huyện trước đây được chuyển (Nghị định 132/2025/NĐ-CP)"),
        _DISTRICT,
        0,
    ),
    ("district_to_commune", _("chuyển về cấp xã"), _DISTRICT & Q(to_level=GovLevel.COMMUNE), 1),
    (
        "district_to_province",
        _("chuyển lên cấp tỉnh"),
        _DISTRICT & Q(to_level=GovLevel.PROVINCE),
        1,
    ),
    (
        "decentralised",
        _("Nhiệm vụ của Bộ phân quyền, phân cấp cho địa phương (trên tổng số 223)"),
        _CENTRAL_TO_LOCAL,
        0,
    ),
    ("by_decree_133", _("theo Nghị định 133/2025/NĐ-CP"), _DECREE_133, 1),
    ("by_decree_133_devolution", _("phân quyền"), _DECREE_133 & Q(mode=Mode.DEVOLUTION), 2),
    ("by_decree_133_delegation", _("phân cấp"), _DECREE_133 & Q(mode=Mode.DELEGATION), 2),
    (
        "awaiting_later_texts",
        _("chờ văn bản quy định sau"),
        _CENTRAL_TO_LOCAL & Q(status=Status.AWAITING_TEXT),
        1,
    ),
]


def task_summary() -> TaskSummary:
    """Counts by mode, field, target level and status, and coverage against the ministry's
    published totals. Two queries: one conditional aggregate and one GROUP BY field."""
    aggregates: dict[str, Any] = {
        "total": Count("id"),
        "verified": Count("id", filter=Q(article_verified=True)),
    }
    for key, _label, condition, _depth in _COVERAGE:
        if condition is not None:
            aggregates[f"cov_{key}"] = Count("id", filter=condition)
    for prefix, column, choices in (
        ("mode", "mode", Mode),
        ("level", "to_level", GovLevel),
        ("status", "status", Status),
    ):
        for value in choices.values:
            aggregates[f"{prefix}_{value}"] = Count("id", filter=Q(**{column: value}))
    counts = DecentralisedTask.objects.aggregate(**aggregates)

    def buckets(prefix: str, choices: Any) -> list[Bucket]:
        return [Bucket(c.value, c.label, counts[f"{prefix}_{c.value}"]) for c in choices]

    by_field = [
        Bucket(row["field_name"], row["field_name"], row["n"])
        for row in DecentralisedTask.objects.values("field_name")
        .annotate(n=Count("id"))
        .order_by("-n", "field_name")
    ]
    coverage = [
        CoverageLine(
            key=key,
            label=label,
            published=MINISTRY_TOTALS[key],
            registered=counts["total"] if condition is None else counts[f"cov_{key}"],
            depth=depth,
        )
        for key, label, condition, depth in _COVERAGE
    ]
    return TaskSummary(
        total=counts["total"],
        verified=counts["verified"],
        # "Unspecified" is listed only when a row has it; the four modes always are.
        by_mode=[b for b in buckets("mode", Mode) if b.value or b.count],
        by_field=by_field,
        # Levels a task can move to now: the district level no longer exists.
        by_to_level=[
            b for b in buckets("level", GovLevel) if b.value != GovLevel.DISTRICT or b.count
        ],
        by_status=buckets("status", Status),
        coverage=coverage,
    )
