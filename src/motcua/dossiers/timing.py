"""The dossier's clock: the pure calculator (``deadlines``) applied with the calendar."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.catalog.models import Procedure
from motcua.core.errors import InvalidInput
from motcua.dossiers.constants import Channel
from motcua.dossiers.deadlines import compute_deadline, extended_due_at, extension_check
from motcua.workdays.selectors import calendar_get


def _calculator_channel(channel: str) -> str:
    return "online" if channel in (Channel.ONLINE, Channel.API) else "counter"


def due_for(procedure: Procedure, received_at: dt.datetime, *, channel: str) -> dt.datetime | None:
    """The appointment time for a dossier received now; None if the time limit is unknown."""
    if procedure.time_limit_value is None or not procedure.time_limit_unit:
        return None
    deadline = compute_deadline(
        received_at=received_at, limit=procedure.time_limit_value,
        unit=procedure.time_limit_unit, calendar=calendar_get(),
        channel=_calculator_channel(channel),
    )  # fmt: skip
    return deadline.due_at


def push_for_pause(
    due_at: dt.datetime, paused_from: dt.datetime, resumed_at: dt.datetime
) -> dt.datetime:
    """Supplement time is excluded: the due time moves by the working days paused."""
    calendar = calendar_get()
    start, end = timezone.localdate(paused_from), timezone.localdate(resumed_at)
    days = calendar.working_days_between(start, end)
    if days <= 0:
        return due_at
    local = timezone.localtime(due_at)
    new_day = calendar.add_working_days(local.date(), days)
    return local.replace(year=new_day.year, month=new_day.month, day=new_day.day)


def extend(
    due_at: dt.datetime | None, days: int, *, now: dt.datetime, extensions_so_far: int
) -> dt.datetime:
    """The new due time after an extension of ``days`` working days (Mẫu 04): refused if
    the dossier was extended already or the apology comes later than one working day
    before the due time."""
    if due_at is None:
        raise InvalidInput(_("Thủ tục chưa có thời hạn giải quyết nên không thể gia hạn."))
    calendar = calendar_get()
    new_due_at = extended_due_at(due_at, days, calendar)
    extension_check(
        due_at=due_at, now=now, calendar=calendar, extensions_so_far=extensions_so_far,
        new_due_at=new_due_at,
    )  # fmt: skip
    return new_due_at
