"""Reads for the catalogue."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.utils.translation import gettext as _

from motcua.catalog.models import Field, Procedure, RequiredComponent
from motcua.catalog.search import Filters, get_index
from motcua.core.errors import NotFound
from motcua.org.constants import AgencyKind
from motcua.org.models import Agency

# Columns a list needs; the long texts stay in the database.
LIST_COLUMNS = (
    "id", "code", "name", "field__id", "field__name", "field__slug", "issuing_body__id",
    "issuing_body__name", "level_ministry", "level_province", "level_commune", "level_other",
    "time_limit_value", "time_limit_unit", "time_limit_text", "has_fee", "online_filing_offered",
    "online_level", "needs_review",
)  # fmt: skip


@dataclass
class SearchResult:
    count: int
    items: list[Procedure]


def _base() -> QuerySet[Procedure]:
    return Procedure.objects.select_related("field", "issuing_body").only(*LIST_COLUMNS)


def procedure_search(
    *,
    q: str = "",
    field_id: int | None = None,
    level: str | None = None,
    agency_id: int | None = None,
    offset: int = 0,
    limit: int = 20,
) -> SearchResult:
    """Procedures matching text and filters, best first: one page query, no N+1."""
    q = (q or "").strip()
    if not q:
        qs = _base()
        if field_id:
            qs = qs.filter(field_id=field_id)
        if agency_id:
            qs = qs.filter(issuing_body_id=agency_id)
        if level in {"ministry", "province", "commune", "other"}:
            qs = qs.filter(**{f"level_{level}": True})
        qs = qs.order_by("code")
        return SearchResult(count=qs.count(), items=list(qs[offset : offset + limit]))
    ids = get_index().search(q, Filters(field_id=field_id, level=level, agency_id=agency_id))
    coded = [] if (field_id or level or agency_id) else _code_matches(q)
    if coded:  # a procedure code typed in the box comes first
        ids = coded + [i for i in ids if i not in set(coded)]
    page_ids = ids[offset : offset + limit]
    rows = {p.id: p for p in _base().filter(id__in=page_ids)}
    return SearchResult(count=len(ids), items=[rows[i] for i in page_ids if i in rows])


_CODE = re.compile(r"^(\d{1,2}\.)?\d{6}$")


def _code_matches(q: str) -> list[int]:
    """Ids of procedures whose code is ``q`` (``1.001193``) or ends with it (``001193``)."""
    if not _CODE.match(q):
        return []
    qs = (
        Procedure.objects.filter(code=q)
        if "." in q
        else Procedure.objects.filter(code__endswith=f".{q}")
    )
    return list(qs.order_by("code").values_list("id", flat=True)[:10])


def procedure_get(code: str) -> Procedure:
    procedure = (
        Procedure.objects.select_related("field", "issuing_body")
        .prefetch_related(
            Prefetch("components", queryset=RequiredComponent.objects.order_by("position"))
        )
        .filter(code=code.strip())
        .first()
    )
    if procedure is None:
        raise NotFound(_("Không tìm thấy thủ tục mã %(code)s.") % {"code": code}, code=code)
    return procedure


def field_list() -> QuerySet[Field]:
    return Field.objects.order_by("name")


def issuing_body_list() -> QuerySet[Agency]:
    issued = Procedure.objects.filter(issuing_body=OuterRef("pk"))
    return Agency.objects.filter(Exists(issued), kind=AgencyKind.MINISTRY).order_by("name")


def empty_science_fields() -> QuerySet[Field]:
    """S&T fields that have no procedures yet (said plainly wherever fields are listed)."""
    return Field.objects.filter(is_science_technology=True, procedure_count=0).order_by("name")
