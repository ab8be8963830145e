"""A step's clock: its due time, the verdict of Mẫu 06, and how an open step stands.

Rules ([I], documented in docs/architecture.md):
* a step is due when its budget of office time after it started is used up
  (``deadlines.add_working_time``); a step with a zero budget is due at the closing time of
  the working day it starts (the next one if it starts on a day off or after closing) — so
  in a same-day procedure (limit 0) every step is due at the end of that day;
* supplement time is given back: the office time the dossier waited (finer than the
  dossier's whole working days, because step budgets are in hours);
* verdict: after the due time → late (quá hạn); finished on an earlier day than the due
  day → early (trước hạn); otherwise (the due day, not after the due time) → on time;
* an open step is late past its due time, at risk when less than a quarter of its budget
  remains (``MOTCUA_STEP_AT_RISK_SHARE``), else on track.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings

from motcua.dossiers.deadlines import (
    add_working_time,
    office_hours_default,
    to_local,
    working_time_between,
)
from motcua.processes.constants import DEFAULT_AT_RISK_SHARE, Slip, Verdict
from motcua.workdays.calendar import WorkCalendar
from motcua.workdays.selectors import calendar_cached


def calendar() -> WorkCalendar:
    """The calendar ``calendar_get`` last validated in this process, without its freshness
    query: every intake validates it just before the first step is written (``due_for``), so
    it is at most as old as this process's last intake or queue page. Step events must stay
    query-light; the dossier's own due time always uses the validated calendar."""
    return calendar_cached()


def hours_delta(hours: Decimal) -> dt.timedelta:
    return dt.timedelta(seconds=round(hours * 3600))


def step_due(start: dt.datetime, budget_hours: Decimal, cal: WorkCalendar) -> dt.datetime:
    office = office_hours_default()
    if budget_hours > 0:
        return add_working_time(start, hours_delta(budget_hours), cal, office)
    local = to_local(start)
    day = local.date()
    if not cal.is_working_day(day) or local.time() >= office.closing:
        day = cal.next_working_day(day)
    return dt.datetime.combine(day, office.closing, tzinfo=local.tzinfo)


def extend_due(due_at: dt.datetime, amount: dt.timedelta, cal: WorkCalendar) -> dt.datetime:
    """``due_at`` moved by ``amount`` of office time (unchanged for nothing)."""
    if amount <= dt.timedelta(0):
        return due_at
    return add_working_time(due_at, amount, cal, office_hours_default())


def paused_time(
    paused_from: dt.datetime, resumed_at: dt.datetime, cal: WorkCalendar
) -> dt.timedelta:
    return working_time_between(paused_from, resumed_at, cal, office_hours_default())


def verdict_for(finished_at: dt.datetime, due_at: dt.datetime | None) -> str:
    if due_at is None:
        return ""
    if finished_at > due_at:
        return Verdict.LATE
    if to_local(finished_at).date() < to_local(due_at).date():
        return Verdict.EARLY
    return Verdict.ON_TIME


def at_risk_share() -> Decimal:
    return Decimal(str(getattr(settings, "MOTCUA_STEP_AT_RISK_SHARE", DEFAULT_AT_RISK_SHARE)))


def slip_for(
    due_at: dt.datetime | None, budget_hours: Decimal, now: dt.datetime, cal: WorkCalendar
) -> str:
    if due_at is None:
        return ""
    if now > due_at:
        return Slip.LATE
    remaining = working_time_between(now, due_at, cal, office_hours_default())
    if budget_hours > 0 and remaining < hours_delta(budget_hours * at_risk_share()):
        return Slip.AT_RISK
    return Slip.ON_TRACK
