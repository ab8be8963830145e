"""Due times of administrative procedures: a pure calculator over a ``WorkCalendar``.

Rules (domain spec §2; [I] = inferred, each a setting read from Django settings):

* The limit counts from the *effective receipt* (``effective_start``):
  - ``counter``/``post``: the receipt time as is (not rejected outside office hours);
  - ``online``/``api`` [I]: outside office hours or on a non-working day, the filing counts as
    received at the opening of the next working day (before opening on a working day: at that
    day's opening; the lunch break is inside office hours);
  - a cut-off (only when given; 15:00 where the procedure says so, ``MOTCUA_SAME_DAY_CUTOFF``):
    received after it on a working day counts as received at the opening of the next working
    day.
* ``working_days``: the day of receipt is not counted (Civil Code art. 147); due at the closing
  time (17:00 [I], ``MOTCUA_OFFICE_HOURS``) of the N-th working day after it. A fractional
  limit (0.5, 1.5 working days) [I] is counted as N × 8 working hours.
* ``days``: the N-th calendar day after receipt (a fraction rounds up), moved to the next
  working day if it is not one (art. 148); due at the closing time.
* ``working_hours``: counted inside office hours (07:30–11:30, 13:00–17:00 [I]) of working
  days only, from the effective receipt; due the moment the N-th hour is complete.
* Limit 0 (same-day procedure) in working days or days: due at the closing time of the day of
  receipt, or of the next working day if that is not a working day or the receipt came after
  the closing time (so a due time never precedes the receipt) or after the cut-off. Zero
  working hours is due at the effective receipt itself, so a due time never decreases when
  the limit grows.
* Pauses (supplement time, spec §2.4 "end = finish − (completed − requested)"): each pause
  ``start..end`` gives back what it took: the working days d with start.date < d <= end.date
  (the day the supplement is requested still counts, as the receipt day does not; a pause
  within one day costs no day) for working-day limits and limit 0; those calendar days for
  ``days``; the working hours inside the pause for hour limits. Overlapping pauses count once.
* Extension: N more working days after the (pause-adjusted) original due date, due at the
  closing time of that day (the new date of the Mẫu 04 apology). ``due_at_original`` is never
  changed by it. At most one extension [``MOTCUA_MAX_EXTENSIONS`` = 1], with the apology issued
  at least one working day before the due time [I: "1 day" read as 1 working day,
  ``MOTCUA_EXTENSION_NOTICE_WORKING_DAYS``]: see ``extension_check``.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any
from zoneinfo import ZoneInfo

from motcua.core.errors import MotcuaError
from motcua.workdays.calendar import WorkCalendar

VN_TZ = ZoneInfo("Asia/Ho_Chi_Minh")

WORKING_DAYS, DAYS, WORKING_HOURS = "working_days", "days", "working_hours"
UNITS = (WORKING_DAYS, DAYS, WORKING_HOURS)
COUNTER, ONLINE = "counter", "online"
CHANNELS = (COUNTER, ONLINE, "post", "api")
ELECTRONIC_CHANNELS = frozenset({ONLINE, "api"})

# [I] defaults; a Django setting of the same name overrides each (read when used, not at import).
DEFAULT_OFFICE_HOURS = "07:30-11:30,13:00-17:00"  # MOTCUA_OFFICE_HOURS
DEFAULT_SAME_DAY_CUTOFF = "15:00"  # MOTCUA_SAME_DAY_CUTOFF (callers pass it where it applies)
DEFAULT_EXTENSION_NOTICE_WORKING_DAYS = 1  # MOTCUA_EXTENSION_NOTICE_WORKING_DAYS
DEFAULT_MAX_EXTENSIONS = 1  # MOTCUA_MAX_EXTENSIONS

MAX_LIMIT = Decimal(3660)
MAX_EXTEND = 366
MIN_YEAR, MAX_YEAR = 1990, 2099


def _(message: str) -> str:
    """gettext when Django is configured (Vietnamese source strings), else the message."""
    from django.conf import settings

    if not settings.configured:
        return message
    from django.utils.translation import gettext

    return gettext(message)


class DeadlineInputError(MotcuaError):
    code = "invalid_input"
    http_status = 422


class ExtensionNotAllowed(MotcuaError):
    code = "extension_not_allowed"
    http_status = 409


# --- settings ------------------------------------------------------------------------------


@dataclass(frozen=True)
class OfficeHours:
    """Office sessions of a working day, in order, e.g. 07:30–11:30 and 13:00–17:00."""

    sessions: tuple[tuple[dt.time, dt.time], ...] = (
        (dt.time(7, 30), dt.time(11, 30)),
        (dt.time(13, 0), dt.time(17, 0)),
    )

    def __post_init__(self) -> None:
        previous = dt.time.min
        if not self.sessions:
            raise ValueError("office hours need at least one session")
        for start, end in self.sessions:
            if not previous <= start < end:
                raise ValueError("office sessions must be ordered and not overlap")
            previous = end

    @classmethod
    def parse(cls, text: str) -> OfficeHours:
        """``"07:30-11:30,13:00-17:00"``."""
        sessions = []
        for part in text.split(","):
            start, _sep, end = part.partition("-")
            sessions.append((parse_time(start, "office_hours"), parse_time(end, "office_hours")))
        try:
            return cls(tuple(sessions))
        except ValueError as exc:
            raise DeadlineInputError(str(exc)) from exc

    @property
    def opening(self) -> dt.time:
        return self.sessions[0][0]

    @property
    def closing(self) -> dt.time:
        return self.sessions[-1][1]

    @property
    def hours_per_day(self) -> Decimal:
        minutes = sum((e.hour * 60 + e.minute) - (s.hour * 60 + s.minute) for s, e in self.sessions)
        return Decimal(minutes) / 60


def _setting(name: str, default: Any) -> Any:
    from django.conf import settings

    return getattr(settings, name, default) if settings.configured else default


def office_hours_default() -> OfficeHours:
    value = _setting("MOTCUA_OFFICE_HOURS", DEFAULT_OFFICE_HOURS)
    return value if isinstance(value, OfficeHours) else OfficeHours.parse(value)


def same_day_cutoff_default() -> dt.time:
    """The cut-off for procedures that have one (15:00): pass it as ``cutoff``."""
    value = _setting("MOTCUA_SAME_DAY_CUTOFF", DEFAULT_SAME_DAY_CUTOFF)
    return value if isinstance(value, dt.time) else parse_time(value, "cutoff")


def extension_notice_working_days() -> int:
    return int(
        _setting("MOTCUA_EXTENSION_NOTICE_WORKING_DAYS", DEFAULT_EXTENSION_NOTICE_WORKING_DAYS)
    )


def max_extensions() -> int:
    return int(_setting("MOTCUA_MAX_EXTENSIONS", DEFAULT_MAX_EXTENSIONS))


# --- result --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Deadline:
    due_at: dt.datetime  # after any extension
    due_at_original: dt.datetime  # before the extension (pauses included); never overwritten
    working_days_counted: int  # working days after the receipt day up to due_date, not paused
    paused_days: int  # days given back for pauses (calendar days for the "days" unit)

    @property
    def due_date(self) -> dt.date:
        return self.due_at.date()

    def to_json(self) -> dict[str, Any]:
        return {
            "due_at": self.due_at.isoformat(),
            "due_date": self.due_date.isoformat(),
            "due_at_original": self.due_at_original.isoformat(),
            "working_days_counted": self.working_days_counted,
            "paused_days": self.paused_days,
        }


# --- the calculator ------------------------------------------------------------------------


def to_local(value: dt.datetime) -> dt.datetime:
    """An aware datetime in Asia/Ho_Chi_Minh; a naive one is read as local time."""
    if value.tzinfo is None:
        return value.replace(tzinfo=VN_TZ)
    return value.astimezone(VN_TZ)


def _at(day: dt.date, time: dt.time) -> dt.datetime:
    return dt.datetime.combine(day, time, tzinfo=VN_TZ)


def effective_start(
    received_at: dt.datetime,
    *,
    calendar: WorkCalendar,
    channel: str = COUNTER,
    cutoff: dt.time | None = None,
    office_hours: OfficeHours | None = None,
) -> dt.datetime:
    """When counting starts: the receipt, moved for online filings and the cut-off."""
    hours = office_hours or office_hours_default()
    start = to_local(received_at)
    day, time = start.date(), start.time()
    if channel in ELECTRONIC_CHANNELS:
        if not calendar.is_working_day(day) or time >= hours.closing:
            start = _at(calendar.next_working_day(day), hours.opening)
        elif time < hours.opening:
            start = _at(day, hours.opening)
    if cutoff is not None and calendar.is_working_day(start.date()) and start.time() > cutoff:
        start = _at(calendar.next_working_day(start.date()), hours.opening)
    return start


def add_working_time(
    start: dt.datetime, amount: dt.timedelta, calendar: WorkCalendar, office_hours: OfficeHours
) -> dt.datetime:
    """The moment ``amount`` of office time after ``start`` is complete."""
    current = to_local(start)
    day, remaining = current.date(), amount
    while True:
        if calendar.is_working_day(day):
            for open_, close in office_hours.sessions:
                begin, end = max(current, _at(day, open_)), _at(day, close)
                if begin >= end:
                    continue
                if remaining <= end - begin:
                    return begin + remaining
                remaining -= end - begin
        day += dt.timedelta(days=1)
        current = _at(day, dt.time.min)


def working_time_between(
    start: dt.datetime, end: dt.datetime, calendar: WorkCalendar, office_hours: OfficeHours
) -> dt.timedelta:
    """Office time on working days between two moments."""
    start, end = to_local(start), to_local(end)
    total, day = dt.timedelta(0), start.date()
    while day <= end.date():
        if calendar.is_working_day(day):
            for open_, close in office_hours.sessions:
                begin, finish = max(start, _at(day, open_)), min(end, _at(day, close))
                if begin < finish:
                    total += finish - begin
        day += dt.timedelta(days=1)
    return total


def extended_due_at(
    due_at: dt.datetime,
    working_days: int,
    calendar: WorkCalendar,
    office_hours: OfficeHours | None = None,
) -> dt.datetime:
    """The closing time of the N-th working day after ``due_at``'s date (N = 0: unchanged)."""
    if not working_days:
        return to_local(due_at)
    hours = office_hours or office_hours_default()
    return _at(calendar.add_working_days(to_local(due_at).date(), working_days), hours.closing)


def _pause_days(
    spans: Iterable[tuple[dt.datetime, dt.datetime]], calendar: WorkCalendar | None
) -> set[dt.date]:
    """Days d with start.date < d <= end.date of some pause (working days only if calendar)."""
    days: set[dt.date] = set()
    for start, end in spans:
        day = start.date()
        while day < end.date():
            day += dt.timedelta(days=1)
            if calendar is None or calendar.is_working_day(day):
                days.add(day)
    return days


def _merged(
    pauses: Iterable[tuple[dt.datetime, dt.datetime]], received: dt.datetime, start: dt.datetime
) -> list[tuple[dt.datetime, dt.datetime]]:
    spans: list[tuple[dt.datetime, dt.datetime]] = []
    for raw_start, raw_end in pauses:
        begin, end = to_local(raw_start), to_local(raw_end)
        if end < begin:
            raise DeadlineInputError(_("Thời điểm kết thúc tạm dừng phải sau thời điểm bắt đầu."))
        if begin < received:
            raise DeadlineInputError(_("Thời gian tạm dừng không thể bắt đầu trước khi tiếp nhận."))
        begin = max(begin, start)
        if end > begin:
            spans.append((begin, end))
    merged: list[tuple[dt.datetime, dt.datetime]] = []
    for begin, end in sorted(spans):
        if merged and begin <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((begin, end))
    return merged


def _check_year(value: dt.datetime, field: str) -> None:
    if not MIN_YEAR <= value.year <= MAX_YEAR:
        raise DeadlineInputError(
            _("%(field)s phải trong các năm %(min)s–%(max)s.")
            % {"field": field, "min": MIN_YEAR, "max": MAX_YEAR}
        )


def compute_deadline(
    *,
    received_at: dt.datetime,
    limit: Decimal | int,
    unit: str,
    calendar: WorkCalendar,
    channel: str = COUNTER,
    pauses: Sequence[tuple[dt.datetime, dt.datetime]] = (),
    extend_working_days: int = 0,
    cutoff: dt.time | None = None,
    office_hours: OfficeHours | None = None,
) -> Deadline:
    """The due time of a dossier (rules in the module docstring)."""
    hours = office_hours or office_hours_default()
    limit = parse_limit(limit)
    unit, channel = parse_unit(unit), parse_channel(channel)
    extend = parse_extend(extend_working_days)
    received = to_local(received_at)
    _check_year(received, "received")
    for pause in pauses:
        for moment in pause:
            _check_year(to_local(moment), "pause")
    start = effective_start(
        received, calendar=calendar, channel=channel, cutoff=cutoff, office_hours=hours
    )
    spans = _merged(pauses, received, start)
    paused_working = _pause_days(spans, calendar)
    paused_days = len(paused_working)

    if limit == 0 and unit == WORKING_HOURS:
        # Zero working hours: due at the (effective) receipt, moved into office hours and
        # past any pause, so a longer limit is never due earlier.
        amount = sum(
            (working_time_between(s, e, calendar, hours) for s, e in spans), dt.timedelta(0)
        )
        original = add_working_time(start, amount, calendar, hours)
    elif limit == 0:
        day = start.date()
        if not calendar.is_working_day(day) or start.time() > hours.closing:
            day = calendar.next_working_day(day)
        original = _at(calendar.add_working_days(day, paused_days), hours.closing)
    elif unit == DAYS:
        paused_days = len(_pause_days(spans, None))
        last = start.date() + dt.timedelta(days=math.ceil(limit) + paused_days)
        original = _at(calendar.working_day_on_or_after(last), hours.closing)
    elif unit == WORKING_DAYS and limit == limit.to_integral_value():
        due_day = calendar.add_working_days(start.date(), int(limit) + paused_days)
        original = _at(due_day, hours.closing)
    else:
        work_hours = limit if unit == WORKING_HOURS else limit * hours.hours_per_day
        amount = dt.timedelta(seconds=round(work_hours * 3600))
        amount += sum(
            (working_time_between(s, e, calendar, hours) for s, e in spans), dt.timedelta(0)
        )
        original = add_working_time(start, amount, calendar, hours)

    due = extended_due_at(original, extend, calendar, hours)
    counted = calendar.working_days_between(start.date(), due.date()) - sum(
        1 for d in paused_working if start.date() < d <= due.date()
    )
    return Deadline(
        due_at=due,
        due_at_original=original,
        working_days_counted=max(counted, 0),
        paused_days=paused_days,
    )


# --- extension (Mẫu 04) --------------------------------------------------------------------


def extension_notice_deadline(
    due_at: dt.datetime, calendar: WorkCalendar, *, notice_working_days: int | None = None
) -> dt.datetime:
    """The last moment to issue the apology: the same time, N working days before the due."""
    n = extension_notice_working_days() if notice_working_days is None else notice_working_days
    local = to_local(due_at)
    return dt.datetime.combine(
        calendar.add_working_days(local.date(), -n), local.time(), tzinfo=VN_TZ
    )


def extension_allowed(
    due_at: dt.datetime,
    now: dt.datetime,
    calendar: WorkCalendar,
    *,
    notice_working_days: int | None = None,
) -> bool:
    """Whether an apology issued at ``now`` is early enough to extend ``due_at``."""
    limit = extension_notice_deadline(due_at, calendar, notice_working_days=notice_working_days)
    return to_local(now) <= limit


def extension_check(
    *,
    due_at: dt.datetime,
    now: dt.datetime,
    calendar: WorkCalendar,
    extensions_so_far: int,
    new_due_at: dt.datetime | None = None,
    max_allowed: int | None = None,
    notice_working_days: int | None = None,
) -> None:
    """Raise ExtensionNotAllowed unless one more extension may be granted at ``now``."""
    allowed = max_extensions() if max_allowed is None else max_allowed
    if extensions_so_far >= allowed:
        raise ExtensionNotAllowed(
            _("Hồ sơ đã được gia hạn %(n)s lần; không được gia hạn thêm.")
            % {"n": extensions_so_far},
            extensions_so_far=extensions_so_far,
        )
    if not extension_allowed(due_at, now, calendar, notice_working_days=notice_working_days):
        latest = extension_notice_deadline(
            due_at, calendar, notice_working_days=notice_working_days
        )
        raise ExtensionNotAllowed(
            _(
                "Phiếu xin lỗi và hẹn lại ngày trả kết quả (Mẫu 04) phải được gửi chậm nhất "
                "%(latest)s, trước thời hạn %(due)s ít nhất một ngày làm việc."
            )
            % {"latest": f"{latest:%H:%M %d/%m/%Y}", "due": f"{to_local(due_at):%H:%M %d/%m/%Y}"},
            latest=latest.isoformat(),
        )
    if new_due_at is not None and to_local(new_due_at) <= to_local(due_at):
        raise ExtensionNotAllowed(_("Ngày hẹn trả mới phải sau thời hạn hiện tại."))


# --- parsing the calculator's text inputs (CLI and API) ------------------------------------

_TIME = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*$")


def parse_time(value: str | dt.time, field: str = "cutoff") -> dt.time:
    """``HH:MM``."""
    if isinstance(value, dt.time):
        return value
    match = _TIME.match(value or "")
    if not match or int(match[1]) > 23 or int(match[2]) > 59:
        raise DeadlineInputError(
            _("%(field)s phải có dạng HH:MM, nhận được '%(value)s'.")
            % {"field": field, "value": value}
        )
    return dt.time(int(match[1]), int(match[2]))


def parse_datetime(value: str | dt.datetime, field: str = "received") -> dt.datetime:
    """``YYYY-MM-DD HH:MM`` (or ISO 8601 with ``T``, seconds, an offset) → Vietnam time."""
    if isinstance(value, dt.datetime):
        return to_local(value)
    text = (value or "").strip()
    try:
        if len(text) < 16:
            raise ValueError(text)
        parsed = dt.datetime.fromisoformat(text)
    except ValueError:
        raise DeadlineInputError(
            _("%(field)s phải có dạng 'YYYY-MM-DD HH:MM', nhận được '%(value)s'.")
            % {"field": field, "value": value}
        ) from None
    return to_local(parsed)


def parse_pause(value: str | Sequence[str]) -> tuple[dt.datetime, dt.datetime]:
    """``'YYYY-MM-DD HH:MM..YYYY-MM-DD HH:MM'`` or a pair ``[start, end]``."""
    parts: Sequence[Any] = value.split("..") if isinstance(value, str) else value
    if len(parts) != 2:
        raise DeadlineInputError(
            _("Tạm dừng phải có dạng 'YYYY-MM-DD HH:MM..YYYY-MM-DD HH:MM', nhận được '%(value)s'.")
            % {"value": value}
        )
    start, end = parse_datetime(parts[0], "pause"), parse_datetime(parts[1], "pause")
    if end < start:
        raise DeadlineInputError(_("Thời điểm kết thúc tạm dừng phải sau thời điểm bắt đầu."))
    return start, end


def parse_limit(value: str | int | Decimal | float) -> Decimal:
    """A non-negative number (``0,5`` accepted); 0 is a same-day procedure."""
    try:
        limit = Decimal(str(value).strip().replace(",", "."))
    except InvalidOperation:
        limit = Decimal("NaN")
    if not limit.is_finite() or limit < 0 or limit > MAX_LIMIT:
        raise DeadlineInputError(
            _("Thời hạn phải là một số từ 0 đến %(max)s, nhận được '%(value)s'.")
            % {"max": MAX_LIMIT, "value": value}
        )
    return limit


def parse_unit(value: str) -> str:
    unit = (value or "").strip().lower().replace("-", "_")
    if unit not in UNITS:
        raise DeadlineInputError(
            _(
                "Đơn vị thời hạn phải là working_days, days hoặc working_hours, nhận được '%(value)s'."
            )
            % {"value": value}
        )
    return unit


def parse_channel(value: str) -> str:
    channel = (value or "").strip().lower()
    if channel not in CHANNELS:
        raise DeadlineInputError(
            _("Kênh nộp phải là counter hoặc online, nhận được '%(value)s'.") % {"value": value}
        )
    return channel


def parse_extend(value: str | int) -> int:
    """Working days of the one extension (0: none)."""
    try:
        extend = int(str(value).strip())
    except ValueError:
        extend = -1
    if not 0 <= extend <= MAX_EXTEND:
        raise DeadlineInputError(
            _("Số ngày gia hạn phải là số nguyên từ 0 đến %(max)s, nhận được '%(value)s'.")
            % {"max": MAX_EXTEND, "value": value}
        )
    return extend


def deadline_from_input(
    *,
    calendar: WorkCalendar,
    received: str | dt.datetime,
    limit: str | int | Decimal | float,
    unit: str,
    channel: str | None = COUNTER,
    pauses: Iterable[str | Sequence[str]] = (),
    extend: str | int | None = 0,
    cutoff: str | dt.time | None = None,
) -> Deadline:
    """``compute_deadline`` from the text inputs of the CLI and the API."""
    return compute_deadline(
        received_at=parse_datetime(received, "received"),
        limit=parse_limit(limit),
        unit=parse_unit(unit),
        calendar=calendar,
        channel=parse_channel(channel or COUNTER),
        pauses=[parse_pause(p) for p in pauses],
        extend_working_days=parse_extend(extend or 0),
        cutoff=None if cutoff in (None, "") else parse_time(cutoff, "cutoff"),
    )
