"""A bulk session for the dossier services: the same services, their writes buffered in
memory and flushed with a few large inserts.

Used by the demo to file tens of thousands of dossiers in seconds. Inside ``session()``
``dossier_submit`` and ``dossier_act`` run unchanged (checks, effects, lifecycle, hashing,
process steps); only the persistence steps of ``dossiers.writer`` go to this buffer, so the
rows, events and hashes are those the database writer would have produced
(``tests/test_bulk.py`` compares them field by field).

A bulk session is for one writer at a time (the demo's): it assigns dossier ids itself and
keeps the code counters in memory, so nothing else may file dossiers while it is open. Any
error inside the session abandons all of it (nothing is written): never catch an error from
the services inside a session and go on, since a transition that failed half-way may have
changed the buffered dossier (the database writer's rollback has no equivalent here).
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import Max

from motcua.dossiers import writer
from motcua.dossiers.errors import ConcurrentChange
from motcua.dossiers.models import Dossier, DossierCodeSequence, DossierEvent
from motcua.workdays.selectors import calendar_pinned


class BulkWriter(writer.DatabaseWriter):
    bulk = True

    def __init__(self, first_id: int) -> None:
        self.next_id = first_id
        self.dossiers: dict[int, Dossier] = {}
        self.events: list[DossierEvent] = []
        self.steps: dict[tuple[int, int], Any] = {}  # (dossier id, position) → DossierStep
        self.open_steps: dict[int, Any] = {}
        self.sequences: dict[tuple[str, dt.date], int] = {}
        self.keys: dict[str, Dossier] = {}
        self._agencies: dict[str, Any] = {}
        self._rights: dict[tuple, bool] = {}
        self._versions: dict[int, Any] = {}

    # Reads that do not change during a session are asked once.
    def receiving_agency(self, unit: Any) -> Any:
        if unit.code not in self._agencies:
            self._agencies[unit.code] = super().receiving_agency(unit)
        return self._agencies[unit.code]

    def can_act(self, actor: Any, *, unit_code: str, roles: frozenset[str]) -> bool:
        key = (getattr(actor, "pk", None), unit_code, roles)
        if key not in self._rights:
            self._rights[key] = super().can_act(actor, unit_code=unit_code, roles=roles)
        return self._rights[key]

    def by_idempotency_key(self, key: str) -> Dossier | None:
        return self.keys.get(key) or super().by_idempotency_key(key)

    # Writes go to the buffer.
    def create(self, dossier: Dossier) -> None:
        dossier.pk = dossier.id = self.next_id
        self.next_id += 1
        self.dossiers[dossier.pk] = dossier
        if dossier.idempotency_key:
            self.keys[dossier.idempotency_key] = dossier

    def head_save(self, dossier: Dossier) -> None:
        pass  # the buffered dossier carries its head

    def lock(self, dossier_id: int, expected_version: int | None) -> Dossier:
        dossier = self.dossiers.get(dossier_id)
        if dossier is None:
            return super().lock(dossier_id, expected_version)
        if expected_version is not None and dossier.version != expected_version:
            raise ConcurrentChange("concurrent change")
        return dossier

    def save(self, dossier: Dossier, fields: list[str]) -> None:
        if dossier.pk not in self.dossiers:
            raise RuntimeError("a bulk session only changes dossiers it created")

    def insert_event(self, event: DossierEvent) -> None:
        self.events.append(event)

    def next_sequence(self, agency_code: str, day: dt.date) -> int:
        key = (agency_code, day)
        if key not in self.sequences:
            self.sequences[key] = (
                DossierCodeSequence.objects.filter(agency_code=agency_code, day=day)
                .values_list("value", flat=True)
                .first()
                or 0
            )
        self.sequences[key] += 1
        return self.sequences[key]

    # Process steps (``processes.services``).
    def open_step(self, dossier: Dossier) -> Any:
        if dossier.pk not in self.dossiers:
            return super().open_step(dossier)
        step = self.open_steps.get(dossier.pk)
        if step is None:
            return None
        step = copy.copy(step)
        step._state = copy.copy(step._state)
        step._state.fields_cache = {"version": self._version(step.version_id)}
        return step

    def _version(self, version_id: int) -> Any:
        from motcua.processes.models import ProcessVersion

        if version_id not in self._versions:
            self._versions[version_id] = ProcessVersion.objects.get(pk=version_id)
        return self._versions[version_id]

    def write_steps(self, rows: list[Any]) -> None:
        for row in rows:
            self.steps[(row.dossier_id, row.position)] = row
            if row.finished_at is None:
                self.open_steps[row.dossier_id] = row
            elif self.open_steps.get(row.dossier_id) is not None and (
                self.open_steps[row.dossier_id].position == row.position
            ):
                del self.open_steps[row.dossier_id]

    def flush(self) -> None:
        from motcua.processes.models import DossierStep

        Dossier.objects.bulk_create(
            [self.dossiers[pk] for pk in sorted(self.dossiers)], batch_size=500
        )
        if connection.vendor == "postgresql":  # ids were given here: move the sequence on
            with connection.cursor() as cursor:
                for sql in connection.ops.sequence_reset_sql(no_style(), [Dossier]):
                    cursor.execute(sql)
        DossierEvent.objects.bulk_create(self.events, batch_size=1000)
        DossierStep.objects.bulk_create(list(self.steps.values()), batch_size=1000)
        DossierCodeSequence.objects.bulk_create(
            [
                DossierCodeSequence(agency_code=agency, day=day, value=value)
                for (agency, day), value in self.sequences.items()
            ],
            batch_size=1000, update_conflicts=True, unique_fields=["agency_code", "day"],
            update_fields=["value"],
        )  # fmt: skip


def next_dossier_id() -> int:
    return (Dossier.objects.aggregate(m=Max("id"))["m"] or 0) + 1


@contextmanager
def session(first_id: int | None = None) -> Iterator[BulkWriter]:
    """Buffer the dossier services' writes; flush them when the block ends without error."""
    with transaction.atomic(), calendar_pinned():
        bulk = BulkWriter(first_id or next_dossier_id())
        token = writer.use(bulk)
        try:
            yield bulk
        finally:
            writer.reset(token)
        bulk.flush()
