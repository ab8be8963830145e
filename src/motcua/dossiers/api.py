"""Dossiers over the API (session authentication for now; API clients come with the
interoperability issue). Same services, same rules, same errors as the back office."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Header, Query, Router, Schema, Status
from ninja.security import django_auth
from pydantic import Field as PydanticField

from motcua.catalog.models import Procedure
from motcua.core.api import Page, PageParams, paginate
from motcua.core.errors import InvalidInput
from motcua.dossiers import selectors
from motcua.dossiers.constants import Channel, State
from motcua.dossiers.identity import parse_personal_id
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.dossiers.services import Applicant, dossier_act, dossier_submit
from motcua.eforms.selectors import form_version_for
from motcua.org.models import AdministrativeUnit

router = Router(auth=django_auth)


class DossierOut(Schema):
    id: int
    code: str | None
    procedure_code: str
    state: State
    channel: Channel
    receiving_unit: str
    competent_unit: str
    current_unit: str
    applicant_name: str
    submitted_at: dt.datetime | None
    received_at: dt.datetime | None
    due_at: dt.datetime | None
    due_at_original: dt.datetime | None
    extended: bool
    version: int

    @staticmethod
    def resolve_procedure_code(obj: Dossier) -> str:
        return obj.procedure.code

    @staticmethod
    def resolve_receiving_unit(obj: Dossier) -> str:
        return obj.receiving_unit_id

    @staticmethod
    def resolve_competent_unit(obj: Dossier) -> str:
        return obj.competent_unit_id

    @staticmethod
    def resolve_current_unit(obj: Dossier) -> str:
        return obj.current_unit_id


class EventOut(Schema):
    seq: int
    kind: str
    from_state: str
    to_state: str
    actor_label: str
    unit_id: str | None
    at: dt.datetime
    payload: dict[str, Any]
    hash: str
    prev_hash: str


class DossierIn(Schema):
    procedure: str = PydanticField(max_length=20)
    receiving_unit: str = PydanticField(max_length=5)
    channel: Channel = Channel.API
    applicant_name: str = PydanticField(min_length=1, max_length=200)
    applicant_id_number: str = PydanticField("", max_length=12)
    applicant_birth_date: dt.date | None = None
    applicant_address: str = PydanticField("", max_length=500)
    form_data: dict[str, Any] = {}


class ActionIn(Schema):
    reason: str = PydanticField("", max_length=1000)
    version: int | None = None
    days: int | None = PydanticField(None, ge=1, le=60)


class ActionOut(Schema):
    dossier: DossierOut
    lookup_key: str = ""


class QueueFilters(Schema):
    state: State | None = None
    due: str | None = PydanticField(None, pattern="^(today|soon|overdue)$")
    procedure: str | None = PydanticField(None, max_length=20)
    channel: Channel | None = None


@router.post("", response={201: DossierOut}, summary="File a dossier")
def create_dossier(
    request: HttpRequest, body: DossierIn,
    idempotency_key: str | None = Header(None, alias="Idempotency-Key", max_length=100),
) -> Status:  # fmt: skip
    """Files a dossier (state `submitted`). A repeated `Idempotency-Key` returns the dossier
    it created and writes nothing."""
    procedure = get_object_or_404(Procedure, code=body.procedure)
    unit = get_object_or_404(AdministrativeUnit, code=body.receiving_unit)
    if body.applicant_id_number:
        parse_personal_id(body.applicant_id_number, birth_date=body.applicant_birth_date)
    if body.channel == Channel.ONLINE:
        raise InvalidInput(_("Hồ sơ trực tuyến được nộp qua cổng dịch vụ công."))
    # Every filing is checked against the procedure's e-form and keeps its version.
    form_version = form_version_for(procedure)
    dossier = dossier_submit(
        procedure=procedure, channel=body.channel, receiving_unit=unit, actor=request.user,
        applicant=Applicant(name=body.applicant_name, id_number=body.applicant_id_number,
                            birth_date=body.applicant_birth_date, address=body.applicant_address),
        form_data=body.form_data, idempotency_key=idempotency_key, form_version=form_version,
    )  # fmt: skip
    return Status(201, dossier)


@router.get("", response=Page[DossierOut], summary="Dossiers of your units")
def list_dossiers(
    request: HttpRequest, filters: Query[QueueFilters], page: Query[PageParams]
) -> dict:
    qs = selectors.queue_filter(
        selectors.dossier_list_for(request.user), state=filters.state or "", due=filters.due or "",
        procedure=filters.procedure or "", channel=filters.channel or "",
    ).order_by("-id")  # fmt: skip
    return paginate(qs, page)


@router.get("/{dossier_id}", response=DossierOut, summary="One dossier")
def get_dossier(request: HttpRequest, dossier_id: int) -> Dossier:
    return selectors.dossier_get_for(request.user, pk=dossier_id)


@router.get("/{dossier_id}/events", response=list[EventOut], summary="The dossier's event log")
def list_events(request: HttpRequest, dossier_id: int) -> list[DossierEvent]:
    dossier = selectors.dossier_get_for(request.user, pk=dossier_id)
    return list(dossier.events.order_by("seq"))


@router.post("/{dossier_id}/transitions/{name}", response=ActionOut, summary="Make a transition")
def transition(request: HttpRequest, dossier_id: int, name: str, body: ActionIn) -> dict:
    """`receive`, `transfer`, `accept`, `request_supplement`, `extend` (with `days`), … as the
    lifecycle allows; `version` guards against a concurrent change (409)."""
    dossier = selectors.dossier_get_for(request.user, pk=dossier_id)
    receipt = dossier_act(
        dossier_id=dossier.pk, name=name, actor=request.user, reason=body.reason,
        expected_version=body.version, payload={"days": body.days} if body.days else None,
    )  # fmt: skip
    return {
        "dossier": selectors.dossier_get_for(request.user, pk=dossier.pk),
        "lookup_key": receipt.lookup_key,
    }
