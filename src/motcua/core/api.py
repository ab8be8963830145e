"""Shared API pieces: the error shape and the {"count", "items"} list shape."""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from ninja import Schema
from pydantic import Field as PydanticField

T = TypeVar("T")

MAX_LIMIT = 500
MAX_OFFSET = 1_000_000
MAX_ID = 2**31 - 1


class ErrorOut(Schema):
    code: str
    message: str
    extra: dict[str, Any] = {}


class Page(Schema, Generic[T]):
    count: int
    items: list[T]


class PageParams(Schema):
    limit: int = PydanticField(50, ge=1, le=MAX_LIMIT)
    offset: int = PydanticField(0, ge=0, le=MAX_OFFSET)


def paginate(queryset: QuerySet, params: PageParams) -> dict[str, Any]:
    """Slice a queryset: one COUNT query and one page query."""
    return {
        "count": queryset.count(),
        "items": list(queryset[params.offset : params.offset + params.limit]),
    }


def error_response(
    api: Any,
    request: HttpRequest,
    code: str,
    message: str,
    status: int,
    extra: dict[str, Any] | None = None,
) -> HttpResponse:
    """The one error shape of the API: {"code", "message", "extra"}."""
    return api.create_response(
        request, {"code": code, "message": message, "extra": extra or {}}, status=status
    )
