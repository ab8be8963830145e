"""Reads: the working-day calendar with the administrator's overrides."""

from __future__ import annotations

import contextvars
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connections, router

from motcua.workdays.calendar import WorkCalendar
from motcua.workdays.models import CalendarDay

_lock = threading.Lock()
_cached: tuple[object, WorkCalendar] | None = None
_pinned: contextvars.ContextVar[WorkCalendar | None] = contextvars.ContextVar(
    "pinned_calendar", default=None
)


def calendar_cached() -> WorkCalendar:
    """The calendar ``calendar_get`` last validated in this process, without asking the
    database again (for work that must stay query-light and runs right after a validated
    read); ``calendar_get`` when nothing was validated yet."""
    pinned = _pinned.get()
    if pinned is not None:
        return pinned
    cached = _cached
    return cached[1] if cached is not None else calendar_get()


@contextmanager
def calendar_pinned() -> Iterator[WorkCalendar]:
    """Within the block, ``calendar_get`` returns the calendar as it is now without asking
    the database again (for batch work that computes thousands of deadlines)."""
    token = _pinned.set(calendar_get())
    try:
        yield _pinned.get()
    finally:
        _pinned.reset(token)


def _version() -> tuple[int, object]:
    """A cheap fingerprint of the overrides table: (row count, last change). One plain
    statement, asked at every intake; the last change is the database's raw value, only
    ever compared with itself."""
    connection = connections[router.db_for_read(CalendarDay)]
    qn = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT COUNT({qn('id')}), MAX({qn('updated_at')})"
            f" FROM {qn(CalendarDay._meta.db_table)}"
        )
        n, last = cursor.fetchone()
    return n, last


def calendar_get() -> WorkCalendar:
    """The calendar of ``holidays`` (VN) plus the CalendarDay overrides.

    Cached per process; one aggregate query per call checks that the table has not changed
    (any process, an admin edit, an import or a rolled-back transaction), so it never goes stale.
    """
    global _cached
    pinned = _pinned.get()
    if pinned is not None:
        return pinned
    version = _version()
    cached = _cached
    if cached is not None and cached[0] == version:
        return cached[1]
    with _lock:
        overrides = dict(CalendarDay.objects.values_list("date", "kind"))
        calendar = WorkCalendar(overrides)
        _cached = (version, calendar)
    return calendar
