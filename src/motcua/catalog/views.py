from __future__ import annotations

import math

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from motcua.catalog import selectors
from motcua.catalog.constants import ImplementingLevel
from motcua.core.errors import NotFound

PAGE_SIZE = 20


def _int(value: str | None) -> int | None:
    """A positive database id from a query parameter, or None."""
    try:
        number = int(value) if value else None
    except ValueError:
        return None
    return number if number is not None and 0 < number < 2**31 else None


def search(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "")[:1000]
    field_id = _int(request.GET.get("field"))
    agency_id = _int(request.GET.get("agency"))
    level = request.GET.get("level") or None
    if level not in ImplementingLevel.values:
        level = None
    number = max(1, min(_int(request.GET.get("page")) or 1, 10_000))
    offset = (number - 1) * PAGE_SIZE
    result = selectors.procedure_search(
        q=q, field_id=field_id, level=level, agency_id=agency_id, offset=offset, limit=PAGE_SIZE
    )
    pages = max(1, math.ceil(result.count / PAGE_SIZE))
    if number > pages:  # past the end: show the last page
        number, offset = pages, (pages - 1) * PAGE_SIZE
        result = selectors.procedure_search(
            q=q, field_id=field_id, level=level, agency_id=agency_id, offset=offset,
            limit=PAGE_SIZE,
        )  # fmt: skip
    page = {
        "number": number,
        "pages": pages,
        "previous": number - 1 if number > 1 else None,
        "next": number + 1 if number < pages else None,
        "first_index": offset + 1 if result.count else 0,
        "last_index": offset + len(result.items),
    }
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "catalog/search.html",
        {
            "q": q,
            "result": result,
            "page": page,
            "querystring": query.urlencode(),
            "fields": selectors.field_list(),
            "agencies": selectors.issuing_body_list(),
            "levels": ImplementingLevel.choices,
            "selected": {"field": field_id, "agency": agency_id, "level": level},
            "empty_science_fields": selectors.empty_science_fields(),
        },
    )


def detail(request: HttpRequest, code: str) -> HttpResponse:
    try:
        procedure = selectors.procedure_get(code)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    return render(request, "catalog/detail.html", {"p": procedure})
