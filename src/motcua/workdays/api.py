"""POST /api/v1/deadlines: the deadline calculator for clerks and citizens."""

from __future__ import annotations

from decimal import Decimal

from django.http import HttpRequest
from ninja import Router, Schema, Status
from pydantic import Field

from motcua.core.api import ErrorOut
from motcua.dossiers.deadlines import DeadlineInputError, deadline_from_input
from motcua.workdays.selectors import calendar_get

router = Router()


class DeadlineIn(Schema):
    received: str = Field(description="'YYYY-MM-DD HH:MM' (Vietnam time) or ISO 8601")
    limit: Decimal | str = Field(description="N; 0 = same-day procedure")
    unit: str = Field(description="working_days | days | working_hours")
    channel: str = Field("counter", description="counter | online")
    pauses: list[str | list[str]] = Field(
        [], description="Supplement time: 'start..end' or [start, end]", max_length=50
    )
    extend: int | str = Field(0, description="Extension, in working days")
    cutoff: str | None = Field(None, description="Same-day cut-off HH:MM; none unless given")


class DeadlineOut(Schema):
    due_at: str
    due_date: str
    due_at_original: str
    working_days_counted: int
    paused_days: int


@router.post(
    "",
    response={200: DeadlineOut, 422: ErrorOut},
    summary="Compute a due time",
)
def deadline_compute(request: HttpRequest, payload: DeadlineIn) -> Status:
    """The same rule as `motcua deadline`: due time in ISO 8601 (+07:00), after any extension."""
    try:
        deadline = deadline_from_input(
            calendar=calendar_get(),
            received=payload.received,
            limit=payload.limit,
            unit=payload.unit,
            channel=payload.channel,
            pauses=payload.pauses,
            extend=payload.extend,
            cutoff=payload.cutoff,
        )
    except DeadlineInputError as exc:
        return Status(422, {"code": exc.code, "message": exc.message, "extra": exc.extra})
    return Status(200, deadline.to_json())
