"""Writes for internal processes: the steps a dossier goes through, advanced by its events,
and the versions of a procedure's process.

``on_event`` runs inside the dossier transaction after every event, so it is kept cheap:
nothing for events outside ``EVENT_STEPS``; two statements for an event that changes step
(read the open step, then one upsert that closes it and opens the next); one at intake
(the first step: the dossier's transition lock has read the active version with it). Steps of a version are cached per process by
(version id, updated_at); a version a dossier used never changes.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import translation
from django.utils.translation import gettext as _

from motcua.core.errors import InvalidInput
from motcua.dossiers import writer
from motcua.dossiers.deadlines import office_hours_default
from motcua.processes import timing
from motcua.processes.budgets import StepSpec, default_steps, limit_hours, steps_problems
from motcua.processes.constants import DEFAULT_SHARES, END, STAGE_ORDER, Stage, StepUnit
from motcua.processes.models import DossierStep, ProcessStep, ProcessVersion

if TYPE_CHECKING:
    from motcua.catalog.models import Procedure
    from motcua.dossiers.models import Dossier, DossierEvent

logger = logging.getLogger(__name__)
GIVES, TAKES = "gives", "takes"

# THE mapping of dossier events to steps: the event opens the first step of the version
# whose stage is at or after this one (closing the open step); the actor either hands the
# dossier over (the row's giver) or takes it (the row's receiver). Other kinds do nothing,
# except the supplement pause (``supplement_received`` gives the paused time back).
EVENT_STEPS: dict[str, tuple[str, str]] = {
    "receive": (Stage.RECEPTION, TAKES),
    "transfer": (Stage.TRANSFER, GIVES),
    "accept": (Stage.PROCESSING, TAKES),
    "start_processing": (Stage.PROCESSING, TAKES),
    # When the leader decides without it, the processing step covered the approval step
    # (its budget is added there when issue_result closes it).
    "submit_for_approval": (Stage.APPROVAL, GIVES),
    "issue_result": (Stage.HAND_BACK, GIVES),
    "not_eligible": (Stage.HAND_BACK, GIVES),
    "hand_back": (Stage.RETURN, GIVES),
    "return_result": (END, TAKES),
    "stop": (END, GIVES),
    "withdraw": (END, GIVES),
}
RESUME = "supplement_received"

_steps_cache: dict[tuple[int, dt.datetime], tuple[StepSpec, ...]] = {}


# --- versions --------------------------------------------------------------------------------


def procedure_limit_hours(procedure: Procedure) -> Decimal | None:
    return limit_hours(
        procedure.time_limit_value, procedure.time_limit_unit, office_hours_default().hours_per_day
    )


def _shares() -> dict[str, list[tuple[str, str, str, Decimal]]]:
    return getattr(settings, "MOTCUA_PROCESS_SHARES", DEFAULT_SHARES)


def _create(
    procedure: Procedure, steps: Sequence[StepSpec], *, number: int, created_by: Any = None,
    note: str = "", generated: bool = False,
) -> ProcessVersion:  # fmt: skip
    hours = procedure_limit_hours(procedure)
    problems = steps_problems(steps, hours)
    if problems:
        raise InvalidInput(" ".join(problems))
    version = ProcessVersion.objects.create(
        procedure=procedure, number=number, limit_hours=hours, generated=generated,
        created_by=created_by if getattr(created_by, "pk", None) else None, note=note,
    )  # fmt: skip
    ProcessStep.objects.bulk_create(
        [
            ProcessStep(version=version, position=s.position, name=s.name, stage=s.stage,
                        unit=s.unit, role=s.role, budget_hours=s.budget_hours)
            for s in steps
        ]
    )  # fmt: skip
    return version


def default_version_ensure(procedure: Procedure) -> ProcessVersion:
    """The active version, generating the default one (version 1) on first use. When the
    catalogue's time limit changed since, a generated version is generated again (next
    number); a version an administrator wrote is kept, and the mismatch logged. Safe under
    concurrency: a losing insert rolls back to its savepoint and reads the winner's."""
    version = ProcessVersion.objects.filter(procedure=procedure).order_by("-number").first()
    hours = procedure_limit_hours(procedure)
    if version is not None and version.limit_hours == hours:
        return version
    if version is not None and not version.generated:
        logger.warning(
            "process of %s (version %s) budgets %s working hours; the catalogue now says %s",
            procedure.code, version.number, version.limit_hours, hours,
        )  # fmt: skip
        return version
    number = version.number + 1 if version is not None else 1
    with translation.override(settings.LANGUAGE_CODE):  # names are data: Vietnamese
        steps = default_steps(
            procedure_limit_hours(procedure), hand_over=not procedure.level_commune,
            shares=_shares(),
        )  # fmt: skip
        note = _("Quy trình mặc định, sinh tự động từ thời hạn giải quyết.")
    try:
        with transaction.atomic():
            return _create(procedure, steps, number=number, generated=True, note=note)
    except IntegrityError:
        return ProcessVersion.objects.get(procedure=procedure, number=number)


@transaction.atomic
def process_version_create(
    *, procedure: Procedure, steps: Sequence[StepSpec], created_by: Any = None, note: str = ""
) -> ProcessVersion:
    """A new version (the next number), which becomes the active one. Dossiers already
    received keep the version they started with."""
    last = ProcessVersion.objects.filter(procedure=procedure).aggregate(n=Max("number"))["n"]
    try:
        with transaction.atomic():
            return _create(
                procedure, steps, number=(last or 0) + 1, created_by=created_by, note=note.strip()
            )
    except IntegrityError:  # someone saved a version of this procedure at the same moment
        raise InvalidInput(
            _("Quy trình vừa được người khác cập nhật. Vui lòng tải lại và thử lại.")
        ) from None


def version_in_use(version: ProcessVersion) -> bool:
    return DossierStep.objects.filter(version=version).exists()


def version_specs(version: ProcessVersion) -> list[StepSpec]:
    return [
        StepSpec(s.position, s.name, s.stage, s.unit, s.role, s.budget_hours)
        for s in version.steps.order_by("position")
    ]


@transaction.atomic
def process_version_copy(*, version: ProcessVersion, created_by: Any = None) -> ProcessVersion:
    """A new version with the same steps, to be edited (the old one may be in use)."""
    return process_version_create(
        procedure=version.procedure, steps=version_specs(version), created_by=created_by,
        note=_("Sao chép từ phiên bản %(n)s.") % {"n": version.number},
    )  # fmt: skip


def _steps(version_id: int, updated_at: dt.datetime) -> tuple[StepSpec, ...]:
    key = (version_id, updated_at)
    steps = _steps_cache.get(key)
    if steps is None:
        steps = tuple(
            StepSpec(s.position, s.name, s.stage, s.unit, s.role, s.budget_hours)
            for s in ProcessStep.objects.filter(version_id=version_id).order_by("position")
        )
        if len(_steps_cache) > 10_000:  # bounded: versions are few, but never grow forever
            _steps_cache.clear()
        _steps_cache[key] = steps
    return steps


# --- a dossier's steps -----------------------------------------------------------------------


def _unit_id(dossier: Dossier, step: StepSpec) -> str:
    return (
        dossier.receiving_unit_id if step.unit == StepUnit.RECEIVING else dossier.competent_unit_id
    )


def _new_row(
    dossier: Dossier, version_id: int, has_limit: bool, step: StepSpec, event: DossierEvent,
    *, handed_by: str, taken_by: str,
) -> DossierStep:  # fmt: skip
    due = timing.step_due(event.at, step.budget_hours, timing.calendar()) if has_limit else None
    return DossierStep(
        dossier_id=dossier.pk, version_id=version_id, position=step.position, name=step.name,
        stage=step.stage, unit_id=_unit_id(dossier, step), role=step.role,
        budget_hours=step.budget_hours, started_at=event.at, due_at=due,
        handed_by=handed_by[:200], taken_by=taken_by[:200],
    )  # fmt: skip


_UNREAD = object()


def active_version_known(dossier: Dossier, version: ProcessVersion | None) -> None:
    """Record the procedure's active version (or None: it has none yet) as read with the
    dossier in this transaction (the transition lock joins it), so reception need not ask."""
    dossier._active_process_version = version


def _start(dossier: Dossier, event: DossierEvent) -> None:
    """Reception: the first step of the procedure's active version."""
    known = getattr(dossier, "_active_process_version", _UNREAD)
    if known is _UNREAD:
        row = (
            ProcessVersion.objects.filter(procedure_id=dossier.procedure_id)
            .order_by("-number")
            .values_list("id", "updated_at", "limit_hours")
            .first()
        )
    else:
        row = None if known is None else (known.pk, known.updated_at, known.limit_hours)
    if row is None or row[2] != procedure_limit_hours(dossier.procedure):
        # First use, or the catalogue's time limit changed since the version was made: read
        # the whole procedure (the locked dossier carries a part).
        from motcua.catalog.models import Procedure

        version = default_version_ensure(Procedure.objects.get(pk=dossier.procedure_id))
        row = (version.pk, version.updated_at, version.limit_hours)
    version_id, updated_at, hours = row
    steps = _steps(version_id, updated_at)
    if not steps:
        return
    row = _new_row(
        dossier, version_id, hours is not None, steps[0], event,
        handed_by=dossier.applicant_name, taken_by=event.actor_label,
    )  # fmt: skip
    writer.current().write_steps([row])


def _open_step(dossier: Dossier) -> DossierStep | None:
    return writer.current().open_step(dossier)


def _advance(dossier: Dossier, event: DossierEvent, stage: str, who: str) -> None:
    current = _open_step(dossier)
    if current is None:  # received before processes existed, or not received at all
        return
    if stage != END and STAGE_ORDER[current.stage] >= STAGE_ORDER[stage]:
        # Already there (a stage the version skipped to): record who took it, if unknown.
        if who == TAKES and not current.taken_by and event.actor_label:
            current.taken_by = event.actor_label[:200]
            writer.current().write_steps([current])
        return
    version = current.version
    steps = _steps(version.pk, version.updated_at)
    following = [s for s in steps if s.position > current.position]
    nxt = (
        None
        if stage == END
        else next((s for s in following if STAGE_ORDER[s.stage] >= STAGE_ORDER[stage]), None)
    )
    if nxt is not None:
        # Steps passed over without a hand-over were done by the holder of this one.
        covered = sum((s.budget_hours for s in following if s.position < nxt.position), Decimal(0))
        current.budget_hours += covered
        if covered and current.due_at is not None:
            current.due_at = timing.extend_due(
                current.due_at, timing.hours_delta(covered), timing.calendar()
            )
    current.finished_at = event.at
    current.verdict = timing.verdict_for(event.at, current.due_at)
    if not current.taken_by:
        current.taken_by = event.actor_label[:200]
    if nxt is None:
        writer.current().write_steps([current])
        return
    new = _new_row(
        dossier, version.pk, version.limit_hours is not None, nxt, event,
        handed_by=event.actor_label if who == GIVES else current.taken_by,
        taken_by=event.actor_label if who == TAKES else "",
    )  # fmt: skip
    # One statement: the open row conflicts on (dossier, position) and is updated (closed),
    # the next one is inserted.
    writer.current().write_steps([current, new])


def _resume(dossier: Dossier, event: DossierEvent) -> None:
    paused_from = event.payload.get("paused_from")
    if not paused_from:  # no due time on the dossier: the steps have none either
        return
    current = _open_step(dossier)
    if current is None or current.due_at is None:
        return
    start = max(dt.datetime.fromisoformat(paused_from), current.started_at)
    cal = timing.calendar()
    current.due_at = timing.extend_due(
        current.due_at, timing.paused_time(start, event.at, cal), cal
    )
    writer.current().write_steps([current])


def on_event(dossier: Dossier, event: DossierEvent) -> None:
    """Called by the dossier services in the transaction that appended ``event``."""
    rule = EVENT_STEPS.get(event.kind)
    if rule is None:
        if event.kind == RESUME:
            _resume(dossier, event)
        return
    stage, who = rule
    if stage == Stage.RECEPTION:
        _start(dossier, event)
    else:
        _advance(dossier, event, stage, who)
