"""GET /api/v1/authority: the decentralisation registry and its coverage summary."""

from __future__ import annotations

import datetime as dt
from enum import Enum, StrEnum
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from ninja.security import django_auth
from pydantic import Field as PydanticField

from motcua.authority import selectors
from motcua.authority.constants import GovLevel, Status
from motcua.authority.errors import NotAllowed
from motcua.authority.models import DecentralisedTask
from motcua.catalog.models import Procedure
from motcua.core.api import Page, PageParams, paginate
from motcua.core.errors import NotFound

router = Router()


class ModeFilter(StrEnum):
    ALLOCATION = "allocation"
    DEVOLUTION = "devolution"
    DELEGATION = "delegation"
    AUTHORISATION = "authorisation"
    UNSPECIFIED = selectors.MODE_UNSPECIFIED


class TaskFilters(Schema):
    mode: ModeFilter | None = None
    level: GovLevel | None = None
    from_level: GovLevel | None = None
    field: str | None = None
    status: Status | None = None
    verified: bool | None = None


class ProcedureRef(Schema):
    code: str
    name: str


class TaskOut(Schema):
    code: str
    name: str
    field: str
    field_slug: str | None
    from_level: str
    from_level_label: str
    to_level: str
    to_level_label: str
    mode: str
    mode_label: str
    instrument: str
    article: str
    article_verified: bool
    citation: str
    source: str
    effective_from: dt.date | None
    effective_to: dt.date | None
    status: str
    status_label: str
    notes: str
    procedures: list[ProcedureRef]

    @staticmethod
    def resolve_field(obj: DecentralisedTask) -> str:
        return obj.field_name

    @staticmethod
    def resolve_field_slug(obj: DecentralisedTask) -> str | None:
        return obj.field.slug if obj.field else None

    @staticmethod
    def resolve_from_level_label(obj: DecentralisedTask) -> str:
        return str(obj.get_from_level_display())

    @staticmethod
    def resolve_to_level_label(obj: DecentralisedTask) -> str:
        return str(obj.get_to_level_display())

    @staticmethod
    def resolve_mode_label(obj: DecentralisedTask) -> str:
        return str(obj.get_mode_display())

    @staticmethod
    def resolve_status_label(obj: DecentralisedTask) -> str:
        return str(obj.get_status_display())

    @staticmethod
    def resolve_procedures(obj: DecentralisedTask) -> list[Procedure]:
        return list(obj.procedures.all())


class BucketOut(Schema):
    value: str
    label: str
    count: int


class CoverageOut(Schema):
    key: str
    label: str
    published: int
    registered: int
    gap: int
    percent: float | None
    depth: int


class SummaryOut(Schema):
    total: int
    verified: int
    unverified: int
    by_mode: list[BucketOut]
    by_field: list[BucketOut]
    by_to_level: list[BucketOut]
    by_status: list[BucketOut]
    coverage: list[CoverageOut]
    published_totals: dict[str, int]
    published_totals_source: str


def _filters(filters: TaskFilters) -> dict[str, Any]:
    values = filters.dict()
    return {k: (v.value if isinstance(v, Enum) else v) for k, v in values.items()}


@router.get("/tasks", response=Page[TaskOut], summary="List decentralised tasks")
def list_tasks(
    request: HttpRequest, filters: Query[TaskFilters], page: Query[PageParams]
) -> dict[str, Any]:
    """Registry rows ordered by code. Filters: `mode` (or `unspecified`), `level` (the level
    the task moved to), `from_level`, `field` (name or catalogue slug), `status`, `verified`."""
    return paginate(selectors.task_list(filters=_filters(filters)), page)


@router.get("/tasks/{code}", response=TaskOut, summary="One decentralised task")
def get_task(request: HttpRequest, code: str) -> DecentralisedTask:
    task = selectors.task_list().filter(code=code).first()
    if task is None:
        raise NotFound(_("Không tìm thấy nhiệm vụ mã %(code)s.") % {"code": code})
    return task


@router.get("/summary", response=SummaryOut, summary="Counts and coverage of published totals")
def get_summary(request: HttpRequest) -> dict[str, Any]:
    """Counts by mode, field, target level and status; the ministry's published totals
    against the registry (``gap`` = published − registered)."""
    summary = selectors.task_summary()

    def buckets(items: list[selectors.Bucket]) -> list[dict[str, Any]]:
        return [{"value": b.value, "label": str(b.label), "count": b.count} for b in items]

    return {
        "total": summary.total,
        "verified": summary.verified,
        "unverified": summary.unverified,
        "by_mode": buckets(summary.by_mode),
        "by_field": buckets(summary.by_field),
        "by_to_level": buckets(summary.by_to_level),
        "by_status": buckets(summary.by_status),
        "coverage": [
            {
                "key": c.key,
                "label": str(c.label),
                "published": c.published,
                "registered": c.registered,
                "gap": c.gap,
                "percent": c.percent,
                "depth": c.depth,
            }
            for c in summary.coverage
        ],
        "published_totals": summary.totals,
        "published_totals_source": str(summary.totals_source),
    }


class MonitoringParams(Schema):
    province: str = PydanticField("", max_length=10, description="Mã tỉnh, thành phố (ví dụ 51)")
    start: dt.date | None = PydanticField(None, alias="from", description="YYYY-MM-DD")
    end: dt.date | None = PydanticField(None, alias="to", description="YYYY-MM-DD")


class ProcedureVolumeOut(Schema):
    code: str
    name: str
    received: int
    on_time: int
    late: int
    on_time_rate: float | None


class MonitoredTaskOut(Schema):
    code: str
    name: str
    field: str
    from_level: str
    to_level: str
    mode: str
    instrument: str
    article: str
    article_verified: bool
    procedures: list[ProcedureVolumeOut]
    received: int
    on_time: int
    late: int
    on_time_rate: float | None


class InspectionOut(Schema):
    task_code: str
    visited_on: dt.date
    inspecting_body: str
    findings: str


class ObstacleOut(Schema):
    id: int
    task_code: str | None
    content: str
    kind: str
    status: str
    status_label: str
    answer: str
    raised_on: dt.date
    answered_at: dt.datetime | None
    escalation_note: str
    escalated_at: dt.datetime | None


class ProvinceRef(Schema):
    code: str
    name: str


class TotalsOut(Schema):
    procedures: int
    received: int
    on_time: int
    late: int
    on_time_rate: float | None


class MonitoringOut(Schema):
    province: ProvinceRef
    start: dt.date = PydanticField(serialization_alias="from")
    end: dt.date = PydanticField(serialization_alias="to")
    measured_at: dt.datetime
    tasks: list[MonitoredTaskOut]
    totals: TotalsOut
    inspections: list[InspectionOut]
    obstacles: list[ObstacleOut]


@router.get(
    "/monitoring",
    response=MonitoringOut,
    auth=django_auth,
    by_alias=True,
    summary="Monitoring of the tasks a province received",
)
def get_monitoring(request: HttpRequest, params: Query[MonitoringParams]) -> dict[str, Any]:
    """The tasks the province (and its communes) received, their legal basis and procedures,
    the volume of those procedures' dossiers in the province received in [from, to] (default:
    this month) with how many were on time (``on_time_rate`` in percent, null when there is
    no dossier), its post-inspections and the obstacles it raised with their answers.
    Staff session; ministry staff see every province, others their own."""
    province = selectors.province_get(params.province)
    if not selectors.can_view_province(request.user, province.code):
        raise NotAllowed(_("Bạn không có quyền xem số liệu của tỉnh này."))
    default_start, default_end = selectors.default_period()
    return selectors.monitoring_for(
        province.code, start=params.start or default_start, end=params.end or default_end
    )
