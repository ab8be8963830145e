"""Reads for the forms: a dossier's events, the agencies that issue its forms, the papers it
was filed with. Each is one query."""

from __future__ import annotations

from dataclasses import dataclass

from motcua.catalog.models import RequiredComponent
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.org.constants import AgencyKind
from motcua.org.models import AdministrativeUnit, Agency

# Every event a form is issued from or reads (the lifecycle writes a few dozen at most per
# dossier, so the list is short).
FORM_EVENT_KINDS = (
    "receive", "request_supplement_at_reception", "refuse", "request_supplement", "extend",
    "stop", "transfer", "accept", "start_processing", "hand_back",
)  # fmt: skip


def form_events(dossier: Dossier) -> list[DossierEvent]:
    """The events that issue or feed a form, oldest first (one query on the (dossier, seq)
    unique index)."""
    return list(
        DossierEvent.objects.filter(dossier=dossier, kind__in=FORM_EVENT_KINDS)
        .order_by("seq")
        .only("id", "dossier_id", "seq", "kind", "unit_id", "at", "actor_label", "payload")
    )


@dataclass(frozen=True)
class Issuer:
    parent: str  # "Ủy ban nhân dân phường Ba Đình"
    name: str  # "Trung tâm Phục vụ hành chính công phường Ba Đình"
    place: str  # "Ba Đình"


CENTRES = (AgencyKind.COMMUNE_CENTRE, AgencyKind.PROVINCE_CENTRE)
COMMITTEES = (AgencyKind.COMMUNE_COMMITTEE, AgencyKind.PROVINCE_COMMITTEE)


def issuers(units: set[str]) -> dict[str, dict[str, Agency]]:
    """unit code → {agency kind → agency} for the service centres and people's committees
    of ``units`` (one query)."""
    found: dict[str, dict[str, Agency]] = {}
    for agency in Agency.objects.filter(unit_id__in=units, kind__in=CENTRES + COMMITTEES):
        found.setdefault(agency.unit_id, {})[agency.kind] = agency
    return found


def unit_names(codes: set[str]) -> dict[str, AdministrativeUnit]:
    return {u.code: u for u in AdministrativeUnit.objects.filter(code__in=codes)}


def filed_components(dossier: Dossier) -> list[RequiredComponent]:
    """The papers listed on the receipt. For now the procedure's published components;
    once ``attachments`` records what was actually received (and as original or copy),
    return that here instead."""
    return list(dossier.procedure.components.order_by("position"))
