"""Where the dossier services write: the database, one statement at a time (always, in
production), or a bulk buffer (``dossiers.bulk``) that the demo flushes with a few large
inserts. The services run the same code either way, so both produce identical rows,
events and hashes; only the persistence steps below differ.
"""

from __future__ import annotations

import contextvars
import datetime as dt
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from motcua.dossiers.models import Dossier, DossierEvent
    from motcua.org.models import AdministrativeUnit, Agency


class DatabaseWriter:
    """Every step goes to the database in the caller's transaction."""

    bulk = False

    def by_idempotency_key(self, key: str) -> Dossier | None:
        from motcua.dossiers.models import Dossier

        return Dossier.objects.filter(idempotency_key=key).first()

    def receiving_agency(self, unit: AdministrativeUnit) -> Agency | None:
        from motcua.org.constants import AgencyKind
        from motcua.org.models import Agency

        return Agency.objects.filter(
            unit=unit, kind__in=[AgencyKind.COMMUNE_CENTRE, AgencyKind.PROVINCE_CENTRE]
        ).first()

    def can_act(self, actor: Any, *, unit_code: str, roles: frozenset[str]) -> bool:
        from motcua.org.selectors import user_can_act_for

        return user_can_act_for(actor, unit_code, roles)

    def create(self, dossier: Dossier) -> None:
        dossier.save(force_insert=True)

    def head_save(self, dossier: Dossier) -> None:
        from motcua.dossiers.events import head_save

        head_save(dossier)

    def lock(self, dossier_id: int, expected_version: int | None) -> Dossier:
        from motcua.dossiers.services import _lock

        return _lock(dossier_id, expected_version)

    def save(self, dossier: Dossier, fields: list[str]) -> None:
        dossier.save(update_fields=fields)

    def insert_event(self, event: DossierEvent) -> None:
        from motcua.dossiers.events import insert

        insert(event)

    def next_sequence(self, agency_code: str, day: dt.date) -> int:
        from motcua.dossiers.codes import next_sequence

        return next_sequence(agency_code, day)

    def open_step(self, dossier: Dossier) -> Any:
        from motcua.processes.models import DossierStep

        return (
            DossierStep.objects.select_related("version")
            .filter(dossier_id=dossier.pk, finished_at__isnull=True)
            .first()
        )

    def write_steps(self, rows: list[Any]) -> None:
        """Insert process-step rows, updating any that exists (same dossier and position):
        closing the open step and opening the next is one statement."""
        from motcua.processes.models import DossierStep

        for row in rows:
            row.pk = row.id = None
        DossierStep.objects.bulk_create(
            rows, update_conflicts=True, unique_fields=["dossier", "position"],
            update_fields=STEP_FIELDS,
        )  # fmt: skip


# What a step row may change after it is opened.
STEP_FIELDS = ["finished_at", "verdict", "taken_by", "handed_by", "due_at", "budget_hours"]
_DATABASE = DatabaseWriter()
_current: contextvars.ContextVar[Any] = contextvars.ContextVar("dossier_writer", default=None)


def current() -> Any:
    """The writer of this context: the database unless a bulk session is open."""
    return _current.get() or _DATABASE


def use(writer: Any) -> contextvars.Token:
    return _current.set(writer)


def reset(token: contextvars.Token) -> None:
    _current.reset(token)
