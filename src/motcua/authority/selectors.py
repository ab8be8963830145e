"""Reads for the decentralisation registry: filtered lists and the coverage summary."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone
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
from motcua.authority.models import DecentralisedTask, Obstacle, PostInspection
from motcua.catalog.models import Procedure
from motcua.core.errors import InvalidInput, NotFound
from motcua.dossiers.models import Dossier
from motcua.org.constants import AgencyKind, Role
from motcua.org.models import AdministrativeUnit, Membership
from motcua.org.selectors import province_codes, user_can_act_for

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


# --- Monitoring of the tasks a province received (issue 6, item 7) ---------------------------

# Who may do what on the monitoring page. The org app has no ministry-level unit (a
# membership always names a province or commune), so "ministry staff" is: a superuser, a user
# granted ``authority.answer_obstacle`` (e.g. through a group of the ministry's departments),
# or a user whose membership names a ministry agency (AgencyKind.MINISTRY).
ANSWER_PERMISSION = "authority.answer_obstacle"
# Provincial staff who may raise obstacles and record inspections: a membership of the
# province itself (not of one of its communes), in any role but the one-stop clerk's.
RAISE_ROLES = (Role.LEADER, Role.SPECIALIST, Role.SUPERVISOR, Role.ADMINISTRATOR)


def _memberships_in_force(user: Any) -> QuerySet[Membership]:
    today = dt.date.today()
    return Membership.objects.filter(user=user, valid_from__lte=today).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=today)
    )


def is_ministry_staff(user: Any) -> bool:
    """Whether ``user`` may answer and escalate obstacles (and see every province)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser or user.has_perm(ANSWER_PERMISSION):
        return True
    return _memberships_in_force(user).filter(agency__kind=AgencyKind.MINISTRY).exists()


def can_view_province(user: Any, province_code: str) -> bool:
    """Ministry staff see every province; others the province of one of their memberships."""
    if is_ministry_staff(user):
        return True
    if not getattr(user, "is_authenticated", False):
        return False
    return (
        _memberships_in_force(user)
        .filter(Q(unit_id=province_code) | Q(unit__parent_id=province_code))
        .exists()
    )


def can_raise_for(user: Any, province_code: str) -> bool:
    """Provincial staff of that very province (see ``RAISE_ROLES``)."""
    return user_can_act_for(user, province_code, RAISE_ROLES)


def can_record_inspection(user: Any, province_code: str) -> bool:
    """The ministry inspects provinces; the province records its own inspections too."""
    return is_ministry_staff(user) or can_raise_for(user, province_code)


def province_get(code: str) -> AdministrativeUnit:
    """The province a code means (current, GSO 1027 or pre-merger with one successor)."""
    code = (code or "").strip()
    if not code:
        raise InvalidInput(_("Thiếu mã tỉnh, thành phố (tham số province)."))
    codes = province_codes(code[:10])
    if len(codes) != 1:
        raise NotFound(
            _(
                "Không có tỉnh, thành phố nào mã “%(code)s”. Xem danh sách tại trang Đơn vị hành chính."
            )
            % {"code": code[:10]}
        )
    return AdministrativeUnit.objects.get(code=codes[0])


def tasks_received() -> QuerySet[DecentralisedTask]:
    """Tasks every province received: moved to the province or commune level. The registry is
    national, so each province (and its communes) received all of them."""
    return DecentralisedTask.objects.filter(to_level__in=LOCAL_LEVELS)


def _rate(on_time: int, received: int) -> float | None:
    """On-time rate in percent, one decimal; None when there is nothing to divide by."""
    return round(100 * on_time / received, 1) if received else None


def _volume(received: int, late: int) -> dict[str, Any]:
    on_time = received - late
    return {
        "received": received,
        "on_time": on_time,
        "late": late,
        "on_time_rate": _rate(on_time, received),
    }


def default_period() -> tuple[dt.date, dt.date]:
    """From the first of the current month to today (local time)."""
    today = timezone.localdate()
    return today.replace(day=1), today


def period_bounds(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime, dt.datetime]:
    """[start 00:00, day after end 00:00) in local time, and the moment open dossiers are
    measured at: the end of the period, or now if the period has not ended yet."""
    if end < start:
        raise InvalidInput(_("Ngày kết thúc kỳ phải sau hoặc trùng ngày bắt đầu."))
    zone = timezone.get_default_timezone()
    begin = timezone.make_aware(dt.datetime.combine(start, dt.time.min), zone)
    finish = timezone.make_aware(dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min), zone)
    return begin, finish, min(finish, timezone.now())


def procedure_volumes(
    province_code: str, procedure_ids: Iterable[int], *, start: dt.date, end: dt.date
) -> dict[int, dict[str, Any]]:
    """Dossiers of ``procedure_ids`` whose competent unit is the province or one of its
    communes, received in [start, end], and how many are late (domain spec §2.5): more than
    one supplement request; ended (finished, else closed) after the due time; or still open
    when measured (end of the period) and past the due time. On time = received − late, as
    indicator 2.1 counts it. One query, grouped by procedure."""
    ids = list(procedure_ids)
    if not ids:
        return {}
    begin, finish, measured_at = period_bounds(start, end)
    ended = Q(ended_at__isnull=False, ended_at__lte=measured_at)
    late = (
        Q(supplement_count__gte=2)
        | (ended & Q(ended_at__gt=F("due_at")))
        | (
            ~ended
            & Q(due_at__lt=measured_at)
            & (Q(paused_at__isnull=True) | Q(due_at__lt=F("paused_at")))
        )
    )
    rows = (
        Dossier.objects.filter(procedure_id__in=ids, received_at__gte=begin, received_at__lt=finish)
        .filter(Q(competent_unit_id=province_code) | Q(competent_unit__parent_id=province_code))
        .alias(ended_at=Coalesce("finished_at", "closed_at"))
        .values("procedure_id")
        .annotate(received=Count("id"), late=Count("id", filter=late))
        .order_by()
    )
    return {row["procedure_id"]: _volume(row["received"], row["late"]) for row in rows}


def _obstacle_dict(o: Obstacle) -> dict[str, Any]:
    return {
        "id": o.pk,
        "task_code": o.task.code if o.task else None,
        "content": o.content,
        "kind": o.kind,
        "kind_label": str(o.get_kind_display()),
        "status": o.status,
        "status_label": str(o.get_status_display()),
        "answer": o.answer,
        "raised_on": o.raised_on,
        "answered_at": o.answered_at,
        "escalation_note": o.escalation_note,
        "escalated_at": o.escalated_at,
    }


def monitoring_for(province_code: str, *, start: dt.date, end: dt.date) -> dict[str, Any]:
    """Everything the monitoring page and API show for one province over [start, end]: the
    tasks it received and in force in the period, with their legal basis, procedures and the
    volume and on-time rate of those procedures' dossiers in the province; its post-inspection
    visits and the obstacles it raised (all, whatever the period, newest first).

    Raises ``NotFound`` for an unknown province and ``InvalidInput`` for a reversed period.
    Six queries whatever the number of tasks and procedures."""
    province = province_get(province_code)
    _begin, _finish, measured_at = period_bounds(start, end)
    in_period = (Q(effective_from__isnull=True) | Q(effective_from__lte=end)) & (
        Q(effective_to__isnull=True) | Q(effective_to__gte=start)
    )
    tasks = list(
        tasks_received()
        .filter(in_period, status=Status.IN_FORCE)
        .prefetch_related(
            Prefetch("procedures", queryset=Procedure.objects.only("id", "code", "name"))
        )
        .order_by("code")
    )
    procedure_ids = {p.pk for t in tasks for p in t.procedures.all()}
    volumes = procedure_volumes(province.code, procedure_ids, start=start, end=end)
    empty = _volume(0, 0)
    task_rows = []
    for t in tasks:
        procedures = [
            {"code": p.code, "name": p.name, **volumes.get(p.pk, empty)}
            for p in sorted(t.procedures.all(), key=lambda p: p.code)
        ]
        received = sum(p["received"] for p in procedures)
        late = sum(p["late"] for p in procedures)
        task_rows.append(
            {
                "code": t.code,
                "name": t.name,
                "field": t.field_name,
                "from_level": t.from_level,
                "from_level_label": str(t.get_from_level_display()),
                "to_level": t.to_level,
                "to_level_label": str(t.get_to_level_display()),
                "mode": t.mode,
                "mode_label": str(t.get_mode_display()),
                "instrument": t.instrument,
                "article": t.article,
                "article_verified": t.article_verified,
                "procedures": procedures,
                **_volume(received, late),
            }
        )
    # A procedure tied to two tasks counts once in the province's total.
    total_received = sum(v["received"] for v in volumes.values())
    total_late = sum(v["late"] for v in volumes.values())
    inspections = [
        {
            "id": i.pk,
            "task_code": i.task.code,
            "task_name": i.task.name,
            "visited_on": i.visited_on,
            "inspecting_body": i.inspecting_body,
            "findings": i.findings,
        }
        for i in PostInspection.objects.filter(province=province).select_related("task")
    ]
    obstacles = [
        _obstacle_dict(o) for o in Obstacle.objects.filter(province=province).select_related("task")
    ]
    return {
        "province": {"code": province.code, "name": province.full_name},
        "start": start,
        "end": end,
        "measured_at": measured_at,
        "tasks": task_rows,
        "totals": {"procedures": len(procedure_ids), **_volume(total_received, total_late)},
        "inspections": inspections,
        "obstacles": obstacles,
    }
