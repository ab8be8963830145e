"""Calendars for tests: the shipped overrides (data/calendar/vietnam.csv), read without the DB."""

from __future__ import annotations

import csv
import datetime as dt
from functools import lru_cache
from pathlib import Path

from motcua.workdays.calendar import WorkCalendar

SHIPPED = Path(__file__).resolve().parents[4] / "data" / "calendar" / "vietnam.csv"


@lru_cache(maxsize=1)
def shipped_overrides() -> dict[dt.date, str]:
    with SHIPPED.open(encoding="utf-8") as fh:
        return {dt.date.fromisoformat(r["date"]): r["kind"] for r in csv.DictReader(fh)}


def shipped_calendar() -> WorkCalendar:
    """The ``holidays`` calendar plus the announced swaps of 2025–2026."""
    return WorkCalendar(shipped_overrides())
