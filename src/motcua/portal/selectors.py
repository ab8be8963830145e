"""Reads for the citizen portal: where a dossier can be filed online, and a citizen's own
dossiers (always through the dossiers app's scoped selectors)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from motcua.dossiers.constants import State
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.dossiers.selectors import dossier_list_for
from motcua.org.constants import AgencyKind, Level
from motcua.org.models import AdministrativeUnit, Agency


def _open_commune_codes() -> QuerySet[Agency]:
    return Agency.objects.filter(kind=AgencyKind.COMMUNE_CENTRE).values("unit_id")


def online_province_list() -> QuerySet[AdministrativeUnit]:
    """Provinces with at least one commune service centre (someone receives online filings)."""
    return AdministrativeUnit.objects.filter(
        level=Level.PROVINCE,
        code__in=AdministrativeUnit.objects.filter(code__in=_open_commune_codes()).values(
            "parent_id"
        ),
    ).order_by("name")


def online_commune_list(province: AdministrativeUnit) -> QuerySet[AdministrativeUnit]:
    """The communes of ``province`` whose service centre receives online filings."""
    return AdministrativeUnit.objects.filter(
        parent=province, level=Level.COMMUNE, code__in=_open_commune_codes()
    ).order_by("name")


def citizen_dossier_list(user: Any) -> QuerySet[Dossier]:
    """The dossiers ``user`` filed as a citizen (not those they see as staff)."""
    if not getattr(user, "is_authenticated", False):
        return Dossier.objects.none()
    return dossier_list_for(user).filter(citizen=user)


def filed_dossier_get(user: Any, pk: int) -> Dossier | None:
    """A dossier ``user`` just filed online, for themself or on a citizen's behalf."""
    if not getattr(user, "is_authenticated", False):
        return None
    return (
        Dossier.objects.select_related("procedure", "receiving_unit", "receiving_agency")
        .filter(pk=pk)
        .filter(Q(citizen=user) | Q(assisted_by=user))
        .first()
    )


@dataclass(frozen=True)
class TimelineEntry:
    at: dt.datetime
    state: str
    label: str


def public_timeline(dossier: Dossier) -> list[TimelineEntry]:
    """The state changes of a dossier, oldest first, without who made them or why."""
    events = DossierEvent.objects.filter(dossier=dossier).order_by("seq")
    return [
        TimelineEntry(e.at, e.to_state, str(State(e.to_state).label))
        for e in events.only("at", "from_state", "to_state")
        if e.to_state in State.values and e.to_state != e.from_state
    ]
