"""GET /api/v1/authority: the decentralisation registry and its coverage summary."""

from __future__ import annotations

import datetime as dt
from enum import Enum, StrEnum
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema

from motcua.authority import selectors
from motcua.authority.constants import GovLevel, Status
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
