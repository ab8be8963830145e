"""GET /api/v1/units: provinces and communes, and resolution of pre-merger codes."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema

from motcua.core.api import Page, PageParams, paginate
from motcua.core.errors import NotFound
from motcua.org import selectors
from motcua.org.constants import Level
from motcua.org.models import AdministrativeUnit

router = Router()


class UnitOut(Schema):
    code: str
    name: str
    full_name: str
    level: str
    kind: str
    province_code: str | None
    name_en: str
    gso_1027_code: str

    @staticmethod
    def resolve_province_code(obj: AdministrativeUnit) -> str | None:
        return obj.parent_id


class UnitFilters(Schema):
    level: Level | None = None
    province: str | None = None
    q: str | None = None


class FormerUnitOut(Schema):
    code: str
    name: str
    level: str
    valid_to: dt.date


class UnitDetailOut(Schema):
    code: str
    status: str
    unit: UnitOut | None = None
    former: list[FormerUnitOut] = []
    successors: list[UnitOut] = []


@router.get("", response=Page[UnitOut], summary="List administrative units")
def list_units(request: HttpRequest, filters: Query[UnitFilters], page: Query[PageParams]) -> dict:
    """Provinces and communes of the current map (filters: `level`, `province`, `q`).

    `province` takes any province code: a pre-merger one (02) lists its successor's communes.
    """
    qs = selectors.unit_list(level=filters.level, province=filters.province, q=filters.q)
    return paginate(qs, page)


@router.get("/{code}", response=UnitDetailOut, summary="One unit, or a former unit's successors")
def get_unit(request: HttpRequest, code: str, as_of: dt.date | None = None) -> dict:
    """A current code answers with the unit; a pre-merger code with its successor(s).

    With `as_of` (YYYY-MM-DD), kind and names are those in force on that date; before
    1/7/2025 a code means the former unit of that code.
    """
    resolution = selectors.unit_resolve(code, as_of=as_of)
    if not resolution.found:
        raise NotFound(_("Không tìm thấy đơn vị hành chính mã %(code)s.") % {"code": code})
    if resolution.unit is not None:
        return {"code": code, "status": "current", "unit": resolution.unit}
    return {
        "code": code,
        "status": "former",
        "former": resolution.former,
        "successors": resolution.successors,
    }
