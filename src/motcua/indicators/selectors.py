"""Reads of the 766 scorecard: counts per unit from the roll-ups, the catalogue and the PAKN
table, turned into points by ``scoring``; rankings; the national online target."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import Case, Count, F, IntegerField, Max, Q, Sum, Value, When
from django.utils import timezone

from motcua.catalog.constants import OnlineLevel
from motcua.catalog.models import Procedure
from motcua.org.constants import Level
from motcua.org.models import AdministrativeUnit

from . import rollup, scoring
from .models import COUNTERS, DailyRollup
from .periods import Period

Counts = dict[str, tuple[int, int] | None]
FEW_UNITS = 200  # up to this many units, the roll-ups are read for those units only


def dossier_counts(t: Mapping[str, int]) -> Counts:
    """The dossier-based indicators from one key's roll-up sums."""
    received, late = t.get("received", 0), t.get("late", 0)
    unhappy = t.get("unhappy", 0)
    return {
        "2.1": (received - late, received),
        "3.3": (t.get("online_ok", 0), received),
        "3.6": (t.get("paid_online", 0), t.get("fee_bearing", 0)),
        "4.1": (t.get("e_result_due", 0), t.get("result_due", 0)),
        "4.2": (t.get("digitised", 0), received),
        "e_certified_copy": (t.get("certified_copy_e", 0), t.get("certified_copy", 0)),
        "4.3": (t.get("reused", 0), received),
        "4.4": (t.get("store_linked", 0), received),
        "4.5b": (t.get("registry", 0), received),
        "5.4": (max(0, received - late - unhappy), received),
    }


CITIZENS = "Công dân Việt Nam"
_catalogue_cache: dict[tuple, dict[str, int]] = {}


def _catalogue_figures(level: str) -> dict[str, int]:
    """Counts of the procedures under a level's authority, cached until the catalogue
    changes (its newest update and its size are the key: one small query)."""
    flags = {"province": "level_province", "commune": "level_commune"}
    rows = Procedure.objects.filter(**{flags.get(level, "level_province"): True})
    rows = rows.filter(Q(effective_to__isnull=True) | Q(effective_to__gte=timezone.localdate()))
    stamp = rows.aggregate(m=Max("updated_at"), n=Count("pk"))
    key = (level, stamp["m"], stamp["n"], timezone.localdate())
    if key in _catalogue_cache:
        return _catalogue_cache[key]
    complete = (
        ~Q(steps_text="") & ~Q(documents_text="") & ~Q(result="")
        & Q(time_limit_value__isnull=False) & Q(has_fee__isnull=False) & ~Q(legal_basis=[])
    )  # fmt: skip
    online = Q(online_level__in=[OnlineLevel.END_TO_END, OnlineLevel.PARTIAL])
    figures = rows.aggregate(
        total=Count("pk"), complete=Count("pk", filter=complete), online=Count("pk", filter=online),
        fee=Count("pk", filter=Q(has_fee=True)),
        fee_online=Count("pk", filter=Q(has_fee=True, online_filing_offered=True)),
    )  # fmt: skip
    # JSON containment is not portable to SQLite: the few thousand lists are read here.
    figures["citizens"] = sum(
        CITIZENS in (s or []) for s in rows.values_list("subjects", flat=True)
    )
    _catalogue_cache.clear()
    _catalogue_cache[key] = figures
    return figures


def catalogue_counts(
    level: str, usage: Mapping[str, int] | None = None, figures: Mapping[str, int] | None = None
) -> Counts:
    """The procedure-based indicators of a level: 1.3, 3.1 and 3.5 from the catalogue; 3.5b
    and 4.5a also from ``usage`` (distinct procedures with an online payment, with a dossier
    that used the population registry, in the period). 1.1 and 1.2 need the publication
    decision's date against the legal basis's effective date, which the catalogue does not
    hold as dates: not scored (null) until it does. ``figures``: the level's catalogue
    figures when the caller already has them (one read per level, not per unit)."""
    f = figures if figures is not None else _catalogue_figures(level)
    usage = usage or {}
    return {
        "1.1": None,
        "1.2": None,
        "1.3": (f["complete"], f["total"]),
        "3.1": (f["online"], f["total"]),
        "3.5": (f["fee_online"], f["fee"]),
        "3.5b": (min(usage.get("paid_procedures", 0), f["fee"]), f["fee"]),
        "4.5a": (min(usage.get("registry_procedures", 0), f["citizens"]), f["citizens"]),
    }


def procedure_usage(period: Period, provinces: Iterable[str]) -> dict[str, dict[str, int]]:
    """Per province: how many distinct procedures had an online payment, and how many had a
    dossier that used the population registry, among dossiers received in the period."""
    rows = (
        DailyRollup.objects.filter(
            day__gte=period.start, day__lte=period.effective_end, province__in=list(provinces)
        )
        .filter(Q(paid_online__gt=0) | Q(registry__gt=0))
        .values("province")
        .annotate(
            paid_procedures=Count("procedure_id", distinct=True, filter=Q(paid_online__gt=0)),
            registry_procedures=Count("procedure_id", distinct=True, filter=Q(registry__gt=0)),
        )
        .order_by()
    )
    return {row.pop("province"): row for row in rows}


@dataclass
class Scorecard:
    key: str
    name: str
    level: str
    counts: Counts
    result: dict[str, Any]
    received: int = 0
    online: int = 0
    rank: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def total(self) -> float | None:
        return self.result["total"]

    @property
    def online_share(self) -> float | None:
        return self.online / self.received if self.received else None

    @property
    def online_shortfall(self) -> int:
        """Dossiers short of the national online target (70% by 31/12/2025 by default)."""
        return max(0, math.ceil(settings.MOTCUA_ONLINE_TARGET * self.received) - self.online)


def _rank(cards: list[Scorecard]) -> None:
    """ "04/34": competition ranking by total (equal totals share a rank); unscored last."""
    width = max(2, len(str(len(cards))))
    ordered = sorted(cards, key=lambda c: -(c.total if c.total is not None else -1))
    previous, position = object(), 0
    for n, card in enumerate(ordered, start=1):
        if card.total != previous:
            position, previous = n, card.total
        card.rank = f"{position:0{width}d}/{len(cards):0{width}d}" if card.total is not None else ""


def scorecards(
    *, units: Iterable[AdministrativeUnit], period: Period, refresh: bool = True,
    source: str = "rollup",
) -> list[Scorecard]:  # fmt: skip
    """One scorecard per unit (commune or province: a province counts its own dossiers and
    its communes'), ranked among the units given. ``source="scan"`` computes the counts
    from scratch over the dossier tables instead of the roll-ups (the bench's baseline and
    the tests' oracle)."""
    totals_of = rollup.rollup_totals if source == "rollup" else _scan_totals
    units = list(units)
    by_level: dict[str, list[AdministrativeUnit]] = {}
    for unit in units:
        by_level.setdefault(unit.level, []).append(unit)
    totals: dict[str, dict[str, int]] = {}
    if refresh and source == "rollup":
        rollup.refresh()
    for level, by in ((Level.COMMUNE, "unit"), (Level.PROVINCE, "province")):
        if not by_level.get(level):
            continue
        # A few units (one unit's page, a trend): read only theirs, not the whole country.
        few = [u.code for u in by_level[level]] if len(by_level[level]) <= FEW_UNITS else None
        totals.update(totals_of(by=by, start=period.start, end=period.end,
                                as_of=period.as_of, refresh=False, keys=few))  # fmt: skip
    pakn = _pakn_counts(units, period)
    usage = procedure_usage(period, [u.code for u in by_level.get(Level.PROVINCE, [])])
    figures = {level: _catalogue_figures(level) for level in by_level}
    cards = []
    for unit in units:
        t = totals.get(unit.code, {})
        catalogue = catalogue_counts(unit.level, usage.get(unit.code), figures[unit.level])
        counts: Counts = {"1.4": None, **catalogue, **dossier_counts(t)}
        counts.update(pakn.get(unit.code, {"5.2": (0, 0), "5.3": (0, 0)}))
        result = scoring.score_counts(counts, level=unit.level)
        cards.append(Scorecard(key=unit.code, name=unit.full_name, level=unit.level,
                               counts=counts, result=result, received=t.get("received", 0),
                               online=t.get("online", 0)))  # fmt: skip
    _rank(cards)
    return cards


def _scan_totals(
    *, refresh: bool = False, keys: Any = None, **kwargs: Any
) -> dict[Any, dict[str, int]]:
    from .scan import scan_totals

    return scan_totals(**kwargs)


def _pakn_counts(units: list[AdministrativeUnit], period: Period) -> dict[str, Counts]:
    """5.2 and 5.3 per unit from feedback received in the period. Handled on time: decided
    within its deadlines; open feedback past its answer deadline at the period's end is late.
    5.3 subtracts the late ones (dissatisfaction with an answer and repeated feedback are not
    recorded yet)."""
    from motcua.feedback.models import Feedback

    end = period.effective_end
    province_of = {u.code: u.code for u in units if u.level == Level.PROVINCE}
    tz = timezone.get_current_timezone()
    begin = dt.datetime.combine(period.start, dt.time.min, tzinfo=tz)
    finish = dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    codes = [u.code for u in units]
    rows = (
        Feedback.objects.filter(received_at__gte=begin, received_at__lt=finish)
        .filter(Q(unit_id__in=codes) | Q(unit__parent_id__in=list(province_of)))
        .values("unit_id", "unit__parent_id")
        .annotate(
            n_total=Count("pk"),
            n_on_time=Count("pk", filter=Q(on_time=True, decided_at__date__lte=end)),
            n_late=Count("pk", filter=Q(on_time=False, decided_at__date__lte=end)
                       | Q(handle_due__lt=end) & (Q(decided_at__isnull=True)
                                                  | Q(decided_at__date__gt=end))),
        )
    )  # fmt: skip
    out: dict[str, list[int]] = {}
    for row in rows:
        for key in (row["unit_id"], province_of.get(row["unit__parent_id"] or "")):
            if key:
                acc = out.setdefault(key, [0, 0, 0])
                acc[0] += row["n_total"]
                acc[1] += row["n_on_time"]
                acc[2] += row["n_late"]
    return {
        key: {"5.2": (on_time, on_time + late), "5.3": (total - late, total)}
        for key, (total, on_time, late) in out.items()
    }


def online_target() -> dict[str, Any]:
    """The national target of dossiers processed online (share, as a percentage, and date)."""
    return {"percent": round(settings.MOTCUA_ONLINE_TARGET * 100, 1),
            "date": settings.MOTCUA_ONLINE_TARGET_DATE}  # fmt: skip


BREAKDOWN = ("agency", "field", "procedure")


def breakdown(*, by: str, period: Period, unit: AdministrativeUnit, limit: int = 50) -> list[dict]:
    """The dossier-based indicators of one unit (a province: with its communes) split by
    receiving agency, field or procedure, largest first: ``[{key, name, received, counts,
    result}]``."""
    from motcua.catalog.models import Field
    from motcua.org.models import Agency

    if by not in BREAKDOWN:
        raise ValueError(by)
    judged = period.effective_end
    where = Q(province=unit.code) if unit.level == Level.PROVINCE else Q(unit=unit.code)
    column = "agency_id" if by == "agency" else "procedure_id"
    rows = (
        DailyRollup.objects.filter(where, day__gte=period.start, day__lte=judged)
        .values(column)
        .annotate(
            late=Sum(Case(When(late_day__lte=judged, then=F("n")), default=Value(0)),
                     output_field=IntegerField()),
            **{c: Sum(c) for c in COUNTERS},
        )
        .order_by()
    )  # fmt: skip
    totals: dict[Any, dict[str, int]] = {}
    if by == "field":
        fields = dict(
            Procedure.objects.filter(pk__in=[r["procedure_id"] for r in rows]).values_list(
                "pk", "field_id"
            )
        )
    for row in rows:
        key = fields.get(row[column]) if by == "field" else row[column]
        acc = totals.setdefault(key, dict.fromkeys(["late", *COUNTERS], 0))
        for name in acc:
            acc[name] += int(row[name] or 0)
    model = {"agency": Agency, "field": Field, "procedure": Procedure}[by]
    top = sorted(totals.items(), key=lambda kv: -kv[1]["received"])[:limit]
    names = dict(model.objects.filter(pk__in=[k for k, _t in top]).values_list("pk", "name"))
    out = []
    for key, t in top:
        counts = dossier_counts(t)
        out.append({"key": key, "name": names.get(key, "—"), "received": t["received"],
                    "online": t["online"], "counts": counts,
                    "result": scoring.score_counts(counts, level=unit.level)})  # fmt: skip
    return out
