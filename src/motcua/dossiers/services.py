"""Writes for dossiers: intake and every lifecycle transition, each in one transaction that
checks the actor, changes the dossier and appends its event (or changes nothing)."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.catalog.models import Procedure
from motcua.core.errors import InvalidInput
from motcua.dossiers import events, lifecycle, writer
from motcua.dossiers.constants import Channel, State
from motcua.dossiers.errors import (
    ActorNotAllowed,
    IdempotencyConflict,
    TransitionNotAllowed,
)
from motcua.dossiers.models import Dossier
from motcua.org.constants import Level
from motcua.org.models import AdministrativeUnit
from motcua.processes import services as processes


@dataclass(frozen=True)
class Applicant:
    name: str
    id_number: str = ""
    birth_date: dt.date | None = None
    address: str = ""
    phone: str = ""
    email: str = ""


@dataclass
class Receipt:
    """What reception gives back: the dossier and, once, its plain lookup key."""

    dossier: Dossier
    lookup_key: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


def lookup_key_hash(code: str, key: str) -> str:
    return hmac.new(
        settings.SECRET_KEY.encode(), f"{code}:{key}".encode(), hashlib.sha256
    ).hexdigest()


def competent_unit_for(
    procedure: Procedure, receiving_unit: AdministrativeUnit
) -> AdministrativeUnit:
    """Where a procedure is decided: the receiving commune for commune procedures,
    otherwise the province (its departments)."""
    if procedure.level_commune and receiving_unit.level == Level.COMMUNE:
        return receiving_unit
    return AdministrativeUnit.objects.get(code=receiving_unit.province_code)


def _check_actor(actor: Any, roles: frozenset[str], unit_code: str) -> None:
    if not writer.current().can_act(actor, unit_code=unit_code, roles=roles):
        raise ActorNotAllowed(_("Bạn không có quyền thực hiện thao tác này cho đơn vị này."))


@transaction.atomic
def dossier_submit(
    *, procedure: Procedure, channel: str, receiving_unit: AdministrativeUnit,
    applicant: Applicant, actor: Any, form_data: dict[str, Any] | None = None,
    competent_unit: AdministrativeUnit | None = None, idempotency_key: str | None = None,
    registry_used: bool = False, assisted_by: Any = None, at: dt.datetime | None = None,
    citizen: Any = None, form_version: Any = None,
) -> Dossier:  # fmt: skip
    """File a dossier (state SUBMITTED) through any channel; a repeated idempotency key
    returns the dossier it created, and nothing new is written. With ``form_version``
    (an ``eforms.FormVersion``) the e-form data must satisfy its schema (else
    ``FormDataInvalid``, messages per field in ``extra["fields"]``) and is stored normalised."""
    if channel not in Channel.values:
        raise InvalidInput(_("Kênh nộp không hợp lệ: %(c)s") % {"c": channel})
    if idempotency_key:
        # Keys are scoped to who files: one caller's key never returns another's dossier.
        idempotency_key = f"{getattr(actor, 'pk', '') or '-'}:{idempotency_key}"[:100]
        existing = writer.current().by_idempotency_key(idempotency_key)
        if existing is not None:
            return _same_filing(existing, procedure, applicant)
    if not applicant.name.strip():
        raise InvalidInput(_("Thiếu họ và tên người nộp hồ sơ."))
    if form_version is not None:
        from motcua.eforms.schema import validate as validate_form_data

        form_data = validate_form_data(form_version.schema, form_data or {})
    if channel in (Channel.COUNTER, Channel.POST):
        _check_actor(actor, lifecycle.DESK, receiving_unit.code)
    competent = competent_unit or competent_unit_for(procedure, receiving_unit)
    if not settings.MOTCUA_RECEIVE_ACROSS_PROVINCES and competent.province_code != (
        receiving_unit.province_code
    ):
        raise InvalidInput(_("Hồ sơ thuộc thẩm quyền của tỉnh khác; không tiếp nhận liên tỉnh."))
    at = at or timezone.now()
    store = writer.current()
    dossier = Dossier(
        procedure=procedure, state=State.SUBMITTED, channel=channel,
        receiving_unit=receiving_unit, receiving_agency=store.receiving_agency(receiving_unit),
        competent_unit=competent, current_unit=receiving_unit,
        applicant_id_number=applicant.id_number, applicant_name=applicant.name.strip(),
        applicant_birth_date=applicant.birth_date, applicant_address=applicant.address,
        applicant_phone=applicant.phone, applicant_email=applicant.email,
        citizen=citizen if citizen is not None else (
            actor if channel == Channel.ONLINE and assisted_by is None
            and getattr(actor, "is_authenticated", False) else None
        ),
        registry_used=registry_used, assisted_by=assisted_by, form_data=form_data or {},
        form_version=form_version,
        submitted_at=at, idempotency_key=idempotency_key or None,
    )  # fmt: skip
    if idempotency_key and not store.bulk:
        try:
            with transaction.atomic():  # a savepoint: the outer transaction stays usable
                store.create(dossier)
        except IntegrityError:
            # The same key filed at the same moment (a double click) committed first.
            existing = store.by_idempotency_key(idempotency_key)
            if existing is None:
                raise
            return _same_filing(existing, procedure, applicant)
    else:
        store.create(dossier)
    event = events.append(
        dossier, kind="submitted", from_state=State.DRAFT, to_state=State.SUBMITTED,
        actor=actor, unit_id=receiving_unit.code, at=at,
        payload={"channel": channel, "registry_used": registry_used},
    )  # fmt: skip
    store.head_save(dossier)
    processes.on_event(dossier, event)
    return dossier


def _same_filing(existing: Dossier, procedure: Procedure, applicant: Applicant) -> Dossier:
    """The dossier an idempotency key already filed, if it is the same filing."""
    if existing.procedure_id != procedure.pk or existing.applicant_id_number != applicant.id_number:
        raise IdempotencyConflict(_("Khóa chống trùng đã được dùng cho một hồ sơ khác."))
    return existing


def _snapshot(dossier: Dossier) -> dict[str, Any]:
    return {f.name: getattr(dossier, f.attname) for f in _CONCRETE}


_CONCRETE = [f for f in Dossier._meta.concrete_fields if not f.primary_key]


def _acting_unit(transition: lifecycle.Transition, dossier: Dossier) -> str:
    return lifecycle.acting_unit(
        transition, receiving_unit=dossier.receiving_unit_id, current_unit=dossier.current_unit_id
    )


@transaction.atomic
def dossier_act(
    *, dossier_id: int, name: str, actor: Any, reason: str = "",
    payload: dict[str, Any] | None = None, expected_version: int | None = None,
    at: dt.datetime | None = None,
) -> Receipt:  # fmt: skip
    """Make one lifecycle transition. Checks state, role and unit; writes the dossier and
    its event in one transaction; a refused transition raises and changes nothing."""
    store = writer.current()
    dossier = store.lock(dossier_id, expected_version)
    transition = lifecycle.check(dossier.state, name)
    is_applicant = (
        dossier.citizen_id is not None and getattr(actor, "pk", None) == dossier.citizen_id
    )
    if not (is_applicant and name in lifecycle.APPLICANT_TRANSITIONS):
        _check_actor(actor, transition.roles, _acting_unit(transition, dossier))
    if name in lifecycle.REASON_REQUIRED and not reason.strip():
        raise InvalidInput(_("Vui lòng nêu lý do."))
    at = at or timezone.now()
    from_state = dossier.state
    data: dict[str, Any] = {"reason": reason.strip()} if reason.strip() else {}
    data.update(payload or {})
    receipt = Receipt(dossier=dossier)
    before = _snapshot(dossier)
    EFFECTS.get(name, _no_effect)(dossier, at, data, receipt)
    if transition.target:
        dossier.state = transition.target
    if transition.form:
        data["form"] = transition.form
    dossier.version += 1
    event = events.append(
        dossier, kind=name, from_state=from_state, to_state=dossier.state, actor=actor,
        unit_id=_acting_unit(transition, dossier), at=at, payload=data,
    )  # fmt: skip
    changed = [f for f, value in _snapshot(dossier).items() if before[f] != value]
    store.save(dossier, [*changed, "updated_at"])
    processes.on_event(dossier, event)
    if name == "issue_result":
        _result_issue(dossier, event)
    return receipt


def _result_issue(dossier: Dossier, event: Any) -> None:
    """The result document of a decided dossier, filed in its holder's data store."""
    from motcua.results.services import on_event

    on_event(dossier, event)


def _iso(value: dt.datetime | None) -> str | None:
    """Times in event payloads: local (+07:00) ISO 8601, however the value was loaded, so
    the same history always hashes the same."""
    return timezone.localtime(value).isoformat() if value else None


def _no_effect(dossier: Dossier, at: dt.datetime, data: dict[str, Any], receipt: Receipt) -> None:
    pass


def _receive(dossier: Dossier, at: dt.datetime, data: dict[str, Any], receipt: Receipt) -> None:
    from motcua.dossiers.codes import allocate_code
    from motcua.dossiers.timing import due_for

    agency_code = (
        dossier.receiving_agency.code
        if dossier.receiving_agency and dossier.receiving_agency.code
        else f"H{dossier.receiving_unit.province_code}"
    )
    dossier.code = allocate_code(agency_code, timezone.localdate(at))
    key = secrets.token_hex(4).upper()
    dossier.lookup_key_hash = lookup_key_hash(dossier.code, key)
    receipt.lookup_key = key
    dossier.received_at = at
    deadline = due_for(dossier.procedure, at, channel=dossier.channel)
    dossier.due_at = dossier.due_at_original = deadline
    data.update({"code": dossier.code, "due_at": _iso(deadline)})


def _transfer(dossier: Dossier, at: dt.datetime, data: dict[str, Any], receipt: Receipt) -> None:
    data.update({"from_unit": dossier.current_unit_id, "to_unit": dossier.competent_unit_id})
    dossier.current_unit_id = dossier.competent_unit_id


def _hand_back(dossier: Dossier, at: dt.datetime, data: dict[str, Any], receipt: Receipt) -> None:
    data.update({"from_unit": dossier.current_unit_id, "to_unit": dossier.receiving_unit_id})
    dossier.current_unit_id = dossier.receiving_unit_id


def _pause(dossier: Dossier, at: dt.datetime, data: dict[str, Any], receipt: Receipt) -> None:
    dossier.paused_at = at
    dossier.supplement_count += 1


def _resume(dossier: Dossier, at: dt.datetime, data: dict[str, Any], receipt: Receipt) -> None:
    from motcua.dossiers.timing import push_for_pause

    if dossier.paused_at and dossier.due_at:
        dossier.due_at = push_for_pause(dossier.due_at, dossier.paused_at, at)
        data.update({"paused_from": _iso(dossier.paused_at), "due_at": _iso(dossier.due_at)})
    dossier.paused_at = None


def _extend(dossier: Dossier, at: dt.datetime, data: dict[str, Any], receipt: Receipt) -> None:
    from motcua.dossiers.timing import extend

    if dossier.extended:
        raise TransitionNotAllowed(_("Hồ sơ chỉ được gia hạn một lần."))
    days = int(data.get("days") or 0)
    if days < 1:
        raise InvalidInput(_("Số ngày gia hạn phải từ 1 ngày làm việc trở lên."))
    dossier.due_at = extend(dossier.due_at, days, now=at, extensions_so_far=int(dossier.extended))
    dossier.extended = True
    data.update(
        {
            "due_at": _iso(dossier.due_at),
            "due_at_original": _iso(dossier.due_at_original),
        }
    )


def _finish(dossier: Dossier, at: dt.datetime, data: dict[str, Any], receipt: Receipt) -> None:
    dossier.finished_at = at


def _close(dossier: Dossier, at: dt.datetime, data: dict[str, Any], receipt: Receipt) -> None:
    dossier.closed_at = at


EFFECTS = {
    "receive": _receive,
    "transfer": _transfer,
    "hand_back": _hand_back,
    "request_supplement": _pause,
    "supplement_received": _resume,
    "extend": _extend,
    "issue_result": _finish,
    "not_eligible": _finish,
    "return_result": _close,
    "refuse": _close,
    "stop": _close,
    "withdraw": _close,
}
