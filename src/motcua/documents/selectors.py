"""Reads for the forms: a dossier's events, the agencies that issue its forms, the papers it
was filed with, its Mẫu 06 steps, the text of a document. Each is one query."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import DateTimeField, F, Q, TextField, Value
from django.db.models.functions import Coalesce
from django.template.loader import select_template

from motcua.attachments.models import DossierComponent
from motcua.catalog.models import Procedure, RequiredComponent
from motcua.documents.models import DocumentTemplate
from motcua.documents.sandbox import StoredTemplate, TextTemplate, compile_body
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


@dataclass(frozen=True)
class FiledPaper:
    """A paper listed on Mẫu 01: as received (``how`` set) or, for a dossier received before
    components were recorded, as the catalogue lists it (``how`` empty)."""

    name: str
    how: str  # attachments.constants.How value, or ""
    case: str = ""  # the catalogue's alternative case it belongs to
    originals: int | None = None
    copies: int | None = None
    quantity_text: str = ""


# Every column an annotation, so both halves of the UNION select them in this order.
_PAPER_COLUMNS = ("p_src", "p_name", "p_how", "p_case", "p_originals", "p_copies",
                  "p_quantity", "p_position", "p_at", "p_id")  # fmt: skip


def filed_components(dossier: Dossier) -> list[FiledPaper]:
    """The papers listed on the receipt: the current rows of ``attachments`` (what
    ``attachments.selectors.components_for`` returns, same order) with their catalogue
    component's case and quantities; when the dossier has none (received before components
    were recorded), the procedure's published components. One query: both lists, a few dozen
    rows at most, come back in one UNION ALL."""
    received = (
        DossierComponent.objects.filter(dossier_id=dossier.pk, superseded_at__isnull=True)
        .annotate(
            p_src=Value(0), p_name=F("name"), p_how=F("how"),
            p_case=Coalesce("component__case", Value(""), output_field=TextField()),
            p_originals=F("component__originals"), p_copies=F("component__copies"),
            p_quantity=Coalesce("component__quantity_text", Value("")),
            p_position=F("position"), p_at=F("added_at"), p_id=F("id"),
        )
        .order_by()
        .values_list(*_PAPER_COLUMNS)
    )  # fmt: skip
    catalogue = (
        RequiredComponent.objects.filter(procedure_id=dossier.procedure_id)
        .annotate(
            p_src=Value(1), p_name=F("name"), p_how=Value(""), p_case=F("case"),
            p_originals=F("originals"), p_copies=F("copies"), p_quantity=F("quantity_text"),
            p_position=F("position"), p_at=Value(None, output_field=DateTimeField()),
            p_id=F("id"),
        )
        .order_by()
        .values_list(*_PAPER_COLUMNS)
    )  # fmt: skip
    rows = list(received.union(catalogue, all=True))
    if any(r[0] == 0 for r in rows):
        rows = [r for r in rows if r[0] == 0]
    # components_for's order: catalogue position, extra documents last, then as added.
    rows.sort(key=lambda r: (r[0], r[7] is None, r[7] or 0, r[8] or _EPOCH, r[9]))
    return [
        FiledPaper(name=r[1], how=r[2], case=r[3], originals=r[4], copies=r[5],
                   quantity_text=r[6])
        for r in rows
    ]  # fmt: skip


_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


def template_files(document: str, procedure: Procedure | None) -> list[str]:
    """The template files of ``document``, the procedure's own first."""
    kind, _sep, name = document.partition(":")
    code = procedure.code if procedure is not None else None
    if kind == "result":
        own, default = f"results/{code}.txt", f"results/kinds/{name}.txt"
    else:
        own, default = f"documents/forms/{code}/mau{name}.txt", f"documents/forms/mau{name}.txt"
    return [own, default] if code else [default]


def document_template_stored(document: str, procedure: Procedure | None) -> DocumentTemplate | None:
    """The stored text in use: the newest active version for the procedure, else for all
    procedures (one query on ``doctemplate_lookup``)."""
    scope = Q(procedure__isnull=True)
    if procedure is not None:
        scope |= Q(procedure_id=procedure.pk)
    return (
        DocumentTemplate.objects.filter(scope, document=document, active=True)
        .order_by(F("procedure_id").asc(nulls_last=True), "-version")
        .first()
    )


def document_template(document: str, procedure: Procedure | None) -> TextTemplate:
    """The template of ``document`` (``result:<kind>`` or ``form:NN``) for ``procedure``: a
    stored text for the procedure, a stored text for all procedures, the procedure's own file,
    the default file, in that order."""
    stored = document_template_stored(document, procedure)
    if stored is not None:
        return compile_body(stored.body)
    return select_template(template_files(document, procedure))


def document_template_source(document: str, procedure: Procedure | None) -> str:
    """The text now in effect for ``document`` and ``procedure``, to start an edit from."""
    template = document_template(document, procedure)
    if isinstance(template, StoredTemplate):
        return template.source
    return template.template.source
