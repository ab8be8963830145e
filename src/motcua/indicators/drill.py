"""Drill-down: the dossiers behind an indicator's numerator or denominator, from the facts
the roll-ups sum (so the list and the figure always agree)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from motcua.dossiers.models import Dossier
from motcua.org.constants import Level
from motcua.org.models import AdministrativeUnit
from motcua.org.selectors import unit_codes_for

from .models import Fact
from .periods import Period

Rule = Callable[[dt.date], Q]


def _flag(name: str) -> Rule:
    return lambda judged: Q(**{name: 1})


def _on_time(judged: dt.date) -> Q:
    return Q(late_day__gt=judged)


def _all(judged: dt.date) -> Q:
    return Q()


# indicator → (numerator, denominator), as filters on Fact given the day lateness is judged at.
PREDICATES: dict[str, tuple[Rule | None, Rule]] = {
    "2.1": (_on_time, _all),
    "3.3": (_flag("online_ok"), _all),
    "3.6": (lambda j: Q(paid_online=1, fee_bearing=1), _flag("fee_bearing")),
    "4.1": (_flag("e_result_due"), _flag("result_due")),
    "4.2": (_flag("digitised"), _all),
    "e_certified_copy": (lambda j: Q(certified_copy_e=1), _flag("certified_copy")),
    "4.3": (_flag("reused"), _all),
    "4.4": (_flag("store_linked"), _all),
    "4.5b": (_flag("registry"), _all),
    "5.4": (None, _all),  # its numerator subtracts rates: no list of dossiers matches it
}  # fmt: skip


def check_access(user: Any, unit: AdministrativeUnit) -> None:
    """Staff of the unit (a province membership that includes its communes sees theirs), or a
    superuser: the list shows applicants' names."""
    if user.is_superuser or unit.code in unit_codes_for(user):
        return
    raise PermissionDenied(_("Bạn không có quyền xem hồ sơ của đơn vị này."))


def facts(
    unit: AdministrativeUnit, indicator: str, part: str, period: Period, user: Any = None
) -> QuerySet[Fact]:
    """The facts behind a figure; with ``user`` (not a superuser), only those of the units
    they act for (a province member without its communes sees the province's own)."""
    numerator, denominator = PREDICATES[indicator]
    judged = period.effective_end
    key = Q(province=unit.code) if unit.level == Level.PROVINCE else Q(unit=unit.code)
    rows = Fact.objects.filter(key, day__gte=period.start, day__lte=judged, received=1)
    if user is not None and not user.is_superuser:
        rows = rows.filter(unit__in=list(unit_codes_for(user)))
    rows = rows.filter(denominator(judged))
    if part == "numerator" and numerator is not None:
        rows = rows.filter(numerator(judged))
    return rows


def dossiers(
    unit: AdministrativeUnit, indicator: str, part: str, period: Period, user: Any = None
) -> QuerySet[Dossier]:
    """The dossiers, newest receipt first (paginate the result); the roll-ups' facts are
    brought up to date first, so the list shows every event, as the figures do."""
    from .rollup import refresh

    refresh()
    ids = facts(unit, indicator, part, period, user).values("dossier_id")
    return (
        Dossier.objects.filter(pk__in=ids)
        .select_related("procedure", "competent_unit")
        .only("code", "state", "received_at", "due_at", "finished_at", "closed_at", "channel",
              "procedure__code", "procedure__name", "competent_unit__name")
        .order_by("-received_at", "-pk")
    )  # fmt: skip
