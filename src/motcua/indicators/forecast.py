"""A forecast of next month's on-time rate (indicator 2.1) per unit, with its backtest.

Method: simple exponential smoothing of the monthly on-time rates (each month measured as of
its last day, as the dashboard would have shown it), weighted toward recent months
(``ALPHA``). Baseline: last month's rate ("naive"). The backtest forecasts each past month
from the months before it and reports the mean absolute error of both; a page must say so
when the method does not beat the baseline.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from . import rollup
from .periods import month_bounds

ALPHA = 0.5
MIN_HISTORY = 3  # months of history before a month is forecast in the backtest


@dataclass(frozen=True)
class Forecast:
    unit: str
    next_month: str  # "mm/yyyy"
    rate: float | None  # the forecast (0–1)
    naive: float | None  # last month's rate
    history: list[tuple[str, float | None, int]]  # (mm/yyyy, rate, received)


@dataclass(frozen=True)
class Backtest:
    months: int  # months forecast (per unit, summed)
    mae: float | None  # mean absolute error of the method (rate points, 0–1)
    mae_naive: float | None
    beats_naive: bool


def _months(end: dt.date, count: int) -> list[tuple[int, int]]:
    out, year, month = [], end.year, end.month
    for _i in range(count):
        out.append((year, month))
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return list(reversed(out))


def monthly_rates(
    months: int = 12, *, today: dt.date | None = None, by: str = "unit"
) -> tuple[list[str], dict[str, list[tuple[float | None, int]]]]:
    """The last ``months`` complete months: labels, and per unit ``[(rate, received)]``."""
    today = today or timezone.localdate()
    last_complete = today.replace(day=1) - dt.timedelta(days=1)
    labels, per_unit = [], {}
    rollup.refresh()
    spans = _months(last_complete, months)
    for i, (year, month) in enumerate(spans):
        first, last = month_bounds(year, month)
        labels.append(f"{month:02d}/{year}")
        totals = rollup.rollup_totals(by=by, start=first, end=last, as_of=last, refresh=False)
        for key, t in totals.items():
            row = per_unit.setdefault(key, [(None, 0)] * len(spans))
            received = t.get("received", 0)
            row[i] = ((received - t["late"]) / received if received else None, received)
    return labels, per_unit


def smooth(rates: list[float | None]) -> float | None:
    level = None
    for rate in rates:
        if rate is None:
            continue
        level = rate if level is None else ALPHA * rate + (1 - ALPHA) * level
    return level


def _last(rates: list[float | None]) -> float | None:
    return next((r for r in reversed(rates) if r is not None), None)


def forecasts(months: int = 12, *, today: dt.date | None = None) -> list[Forecast]:
    today = today or timezone.localdate()
    labels, per_unit = monthly_rates(months, today=today)
    following = today.replace(day=1)
    out = []
    for unit, series in sorted(per_unit.items()):
        rates = [r for r, _n in series]
        out.append(Forecast(unit=unit, next_month=f"{following:%m/%Y}", rate=smooth(rates),
                            naive=_last(rates),
                            history=[(lbl, r, n) for lbl, (r, n) in zip(labels, series, strict=True)]))  # fmt: skip
    return out


def backtest(months: int = 12, *, today: dt.date | None = None) -> Backtest:
    """Forecast every month that has ``MIN_HISTORY`` months with data before it."""
    _labels, per_unit = monthly_rates(months, today=today)
    errors, naive_errors = [], []
    for series in per_unit.values():
        rates = [r for r, _n in series]
        for i in range(len(rates)):
            actual = rates[i]
            past = rates[:i]
            if actual is None or sum(r is not None for r in past) < MIN_HISTORY:
                continue
            errors.append(abs(smooth(past) - actual))
            naive_errors.append(abs(_last(past) - actual))
    if not errors:
        return Backtest(months=0, mae=None, mae_naive=None, beats_naive=False)
    mae, mae_naive = sum(errors) / len(errors), sum(naive_errors) / len(naive_errors)
    return Backtest(months=len(errors), mae=mae, mae_naive=mae_naive, beats_naive=mae < mae_naive)
