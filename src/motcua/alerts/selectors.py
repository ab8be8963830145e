"""Reads: open dossiers whose deadline is near or gone, for a set of units.

A dossier belongs to the unit that holds it now (``current_unit``): that unit has to act
before the deadline. "Open" means received and not yet decided (``OPEN_STATES`` of the
queue): a decided dossier (result issued, not eligible, awaiting pick-up) or an ended one is
no longer late or early. Three lists:

- **due soon**: the clock runs (not paused for a supplement) and the due time is between now
  and the end of the N-th working day after today (N = ``MOTCUA_ALERTS_DUE_SOON_WORKING_DAYS``,
  default 1: the legal "at the latest 1 day before the deadline" to send the Mẫu 04 apology);
- **overdue**: the due time has passed. A dossier paused for a supplement counts only if it
  was already late when the pause began (resuming pushes its due time by the paused days);
- **late without an apology** (``no_apology``): overdue and never extended. In this codebase
  an extension *is* the Mẫu 04 apology: the ``extend`` transition always issues form "04",
  requires a written reason, and is refused later than one working day before the due time
  (``dossiers.timing.extend``). So "extended without an apology" cannot happen; what can is a
  dossier that went late without any Mẫu 04: those are listed here. It is a subset of
  *overdue* (an extended dossier that is late again is overdue, but it had its apology).

Every list filters on the ``dossier_queue`` index (current_unit, state, due_at).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.conf import settings
from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone

from motcua.dossiers.models import Dossier
from motcua.dossiers.selectors import OPEN_STATES
from motcua.workdays.selectors import calendar_cached, calendar_get

DUE_SOON = "due_soon"
OVERDUE = "overdue"
NO_APOLOGY = "no_apology"
KINDS = (DUE_SOON, OVERDUE, NO_APOLOGY)


def due_soon_working_days() -> int:
    """N of "due within N working days" (setting ``MOTCUA_ALERTS_DUE_SOON_WORKING_DAYS``)."""
    return int(getattr(settings, "MOTCUA_ALERTS_DUE_SOON_WORKING_DAYS", 1))


def due_soon_until(now: dt.datetime, days: int | None = None) -> dt.datetime:
    """The end (23:59:59 local) of the N-th working day after ``now``'s day."""
    days = due_soon_working_days() if days is None else days
    last = calendar_get().add_working_days(timezone.localdate(now), days)
    return timezone.make_aware(dt.datetime.combine(last, dt.time.max))


def _conditions(now: dt.datetime, until: dt.datetime) -> dict[str, Q]:
    running = Q(paused_at__isnull=True)
    overdue = Q(due_at__lt=now) & (running | Q(due_at__lt=F("paused_at")))
    return {
        DUE_SOON: running & Q(due_at__gte=now, due_at__lte=until),
        OVERDUE: overdue,
        NO_APOLOGY: overdue & Q(extended=False),
    }


def _open(units: Iterable[str] | None, until: dt.datetime) -> QuerySet[Dossier]:
    # Every alert is due before ``until``: the bound keeps the scan on the index range.
    qs = Dossier.objects.filter(state__in=OPEN_STATES, due_at__lte=until)
    if units is not None:
        qs = qs.filter(current_unit__in=list(units))
    return qs


# What a list row shows (the applicant's details are never loaded).
ROW_FIELDS = (
    "code", "state", "due_at", "due_at_original", "extended", "paused_at", "received_at",
    "procedure__code", "procedure__name", "current_unit__code", "current_unit__name",
    "current_unit__full_name",
)  # fmt: skip


def alert_list(
    *, units: Iterable[str], kind: str, now: dt.datetime | None = None, days: int | None = None,
    until: dt.datetime | None = None,
) -> QuerySet[Dossier]:  # fmt: skip
    """The dossiers of ``units`` in one alert list (``DUE_SOON``, ``OVERDUE`` or
    ``NO_APOLOGY``), soonest due first, with their procedure and unit. ``until`` is
    ``due_soon_until(now, days)`` when the caller has it already."""
    if kind not in KINDS:
        raise ValueError(f"unknown alert kind: {kind}")
    now = now or timezone.now()
    until = until or due_soon_until(now, days)
    return (
        _open(units, until)
        .filter(_conditions(now, until)[kind])
        .select_related("procedure", "current_unit")
        .only(*ROW_FIELDS)
        .order_by("due_at", "id")
    )


def due_soon_list(*, units: Iterable[str], now: dt.datetime | None = None, days: int | None = None
                  ) -> QuerySet[Dossier]:  # fmt: skip
    return alert_list(units=units, kind=DUE_SOON, now=now, days=days)


def overdue_list(*, units: Iterable[str], now: dt.datetime | None = None) -> QuerySet[Dossier]:
    return alert_list(units=units, kind=OVERDUE, now=now)


def no_apology_list(*, units: Iterable[str], now: dt.datetime | None = None) -> QuerySet[Dossier]:
    return alert_list(units=units, kind=NO_APOLOGY, now=now)


def alert_counts(
    *, units: Iterable[str] | None, now: dt.datetime | None = None, days: int | None = None,
    until: dt.datetime | None = None,
) -> dict[str, dict[str, int]]:  # fmt: skip
    """``{unit code: {kind: count}}`` for the units with at least one alert, in one grouped
    query (``units=None``: every unit, for the digest)."""
    now = now or timezone.now()
    until = until or due_soon_until(now, days)
    conditions = _conditions(now, until)
    rows = (
        _open(units, until)
        .filter(conditions[DUE_SOON] | conditions[OVERDUE])
        .values("current_unit_id")
        .annotate(**{kind: Count("id", filter=q) for kind, q in conditions.items()})
        .order_by("current_unit_id")
    )
    return {row.pop("current_unit_id"): row for row in rows}


def alert_totals(counts: dict[str, dict[str, int]]) -> dict[str, int]:
    return {kind: sum(c[kind] for c in counts.values()) for kind in KINDS}


def working_days_left(due_at: dt.datetime, *, now: dt.datetime) -> int:
    """Working days from today to the due day (0: due today)."""
    today, due_day = timezone.localdate(now), timezone.localdate(due_at)
    return calendar_cached().working_days_between(today, due_day)


def days_overdue(due_at: dt.datetime, *, now: dt.datetime) -> int:
    """Calendar days since the due day (0: late since earlier today)."""
    return (timezone.localdate(now) - timezone.localdate(due_at)).days


def annotate_days(dossiers: Iterable[Dossier], *, now: dt.datetime) -> None:
    """Set ``days_left`` (working days, not late) or ``days_late`` (days) on each dossier."""
    for d in dossiers:
        d.days_left = d.days_late = None
        if d.due_at is None:
            continue
        if d.due_at < now:
            d.days_late = days_overdue(d.due_at, now=now)
        else:
            d.days_left = working_days_left(d.due_at, now=now)
