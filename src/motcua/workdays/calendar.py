"""The working-day calendar of Vietnam's public offices (pure: no ORM, no settings).

Working days are Monday to Friday, minus the public holidays of the ``holidays`` package
(``country_holidays("VN")``: Labour Code 2019 art. 112, compensatory days and the swaps its
maintainers entered), corrected by the overrides an administrator sets each year from the
Government's announcements: ``day_off`` adds a day off, ``working_day`` makes a day (a make-up
Saturday) a working day. An override always wins.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from functools import lru_cache

import holidays

DAY_OFF = "day_off"
WORKING_DAY = "working_day"
DAY_KINDS = (DAY_OFF, WORKING_DAY)
WEEKEND = frozenset({5, 6})  # Saturday, Sunday (date.weekday())


@lru_cache(maxsize=256)
def vietnam_holidays(year: int) -> Mapping[dt.date, str]:
    """The public holidays of one year from the ``holidays`` package, cached per year."""
    return dict(holidays.country_holidays("VN", years=year))


class WorkCalendar:
    """Which days are working days; holidays are loaded lazily, one year at a time."""

    def __init__(
        self,
        overrides: Mapping[dt.date, str] | None = None,
        years: Iterable[int] = (),
        weekend: frozenset[int] = WEEKEND,
    ) -> None:
        self.overrides: dict[dt.date, str] = dict(overrides or {})
        unknown = {k for k in self.overrides.values() if k not in DAY_KINDS}
        if unknown:
            raise ValueError(f"unknown day kind(s): {', '.join(sorted(unknown))}")
        self.weekend = weekend
        for year in years:
            vietnam_holidays(year)

    def __repr__(self) -> str:
        return f"WorkCalendar({len(self.overrides)} overrides)"

    def holiday_name(self, day: dt.date) -> str | None:
        """The name of the public holiday on ``day`` (package data only), or None."""
        return vietnam_holidays(day.year).get(day)

    def is_working_day(self, day: dt.date) -> bool:
        kind = self.overrides.get(day)
        if kind is not None:
            return kind == WORKING_DAY
        return day.weekday() not in self.weekend and self.holiday_name(day) is None

    def next_working_day(self, day: dt.date) -> dt.date:
        """The first working day strictly after ``day``."""
        return self.add_working_days(day, 1)

    def working_day_on_or_after(self, day: dt.date) -> dt.date:
        """``day`` if it is a working day, else the next one (Civil Code art. 148)."""
        return day if self.is_working_day(day) else self.next_working_day(day)

    def add_working_days(self, day: dt.date, n: int) -> dt.date:
        """The n-th working day after ``day`` (``day`` itself not counted; n < 0 goes back).

        ``add_working_days(d, 0)`` is ``d``.
        """
        step = dt.timedelta(days=1 if n >= 0 else -1)
        remaining = abs(n)
        while remaining:
            day += step
            if self.is_working_day(day):
                remaining -= 1
        return day

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """The number of working days d with start < d <= end (negative if end < start)."""
        if end < start:
            return -self.working_days_between(end, start)
        count = 0
        day = start
        while day < end:
            day += dt.timedelta(days=1)
            count += self.is_working_day(day)
        return count
