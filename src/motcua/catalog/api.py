"""GET /api/v1/procedures: the catalogue, searched the same way as the search page."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema
from pydantic import Field as PydanticField

from motcua.catalog import selectors
from motcua.catalog.constants import ImplementingLevel
from motcua.catalog.models import Procedure
from motcua.core.api import MAX_ID, Page, PageParams

router = Router()


class FieldOut(Schema):
    id: int
    slug: str
    name: str


class ProcedureListOut(Schema):
    code: str
    name: str
    field: FieldOut
    levels: list[str]
    issuing_body: str | None
    time_limit_value: Decimal | None
    time_limit_unit: str
    time_limit_text: str
    has_fee: bool | None
    online_filing_offered: bool | None
    online_level: str
    needs_review: bool

    @staticmethod
    def resolve_issuing_body(obj: Procedure) -> str | None:
        return obj.issuing_body.name if obj.issuing_body_id else None


class ComponentOut(Schema):
    position: int
    case: str
    name: str
    template: str
    quantity_text: str
    originals: int | None
    copies: int | None


class ProcedureOut(ProcedureListOut):
    procedure_type: str
    publishing_decision: str
    issuing_body_text: str
    agency_competent: str
    agency_executing: str
    agency_executing_list: list[str]
    agency_authorized: str
    agency_coordinating: str
    receiving_address: str
    subjects: list[str]
    steps: list[str]
    steps_text: str
    requirements: str
    result: str
    related_procedures: str
    time_limit_source: str
    submission_methods: list[dict[str, Any]]
    fees: list[dict[str, Any]]
    components: list[ComponentOut]
    legal_basis: list[dict[str, Any]]
    legal_basis_text: str
    online_filing_source: str
    online_level_source: str
    review_findings: dict[str, Any]
    review_reasons: list[str]
    effective_from: dt.date
    effective_to: dt.date | None
    source: dict[str, Any]

    @staticmethod
    def resolve_components(obj: Procedure) -> list:
        return list(obj.components.all())


class ProcedureFilters(Schema):
    q: str | None = PydanticField(None, max_length=1000)
    field: int | None = PydanticField(None, ge=1, le=MAX_ID)
    level: ImplementingLevel | None = None
    agency: int | None = PydanticField(None, ge=1, le=MAX_ID)


@router.get("", response=Page[ProcedureListOut], summary="Search the catalogue")
def list_procedures(
    request: HttpRequest, filters: Query[ProcedureFilters], page: Query[PageParams]
) -> dict:
    """Text `q` matches with or without diacritics, exact matches first; filters by
    field id, level (`ministry`, `province`, `commune`, `other`) and issuing agency id."""
    result = selectors.procedure_search(
        q=filters.q or "",
        field_id=filters.field,
        level=filters.level,
        agency_id=filters.agency,
        offset=page.offset,
        limit=page.limit,
    )
    return {"count": result.count, "items": result.items}


@router.get("/{code}", response=ProcedureOut, summary="One procedure, every published field")
def get_procedure(request: HttpRequest, code: str) -> Procedure:
    return selectors.procedure_get(code)
