"""Reads: the working-day calendar with the administrator's overrides."""

from __future__ import annotations

import threading

from django.db.models import Count, Max

from motcua.workdays.calendar import WorkCalendar
from motcua.workdays.models import CalendarDay

_lock = threading.Lock()
_cached: tuple[object, WorkCalendar] | None = None


def _version() -> tuple[int, object]:
    """A cheap fingerprint of the overrides table: (row count, last change)."""
    agg = CalendarDay.objects.aggregate(n=Count("id"), last=Max("updated_at"))
    return agg["n"], agg["last"]


def calendar_get() -> WorkCalendar:
    """The calendar of ``holidays`` (VN) plus the CalendarDay overrides.

    Cached per process; one aggregate query per call checks that the table has not changed
    (any process, an admin edit, an import or a rolled-back transaction), so it never goes stale.
    """
    global _cached
    version = _version()
    cached = _cached
    if cached is not None and cached[0] == version:
        return cached[1]
    with _lock:
        overrides = dict(CalendarDay.objects.values_list("date", "kind"))
        calendar = WorkCalendar(overrides)
        _cached = (version, calendar)
    return calendar
