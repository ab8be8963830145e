"""Where the dossier services write: the database, one statement at a time (always, in
production), or a bulk buffer (``dossiers.bulk``) that the demo flushes with a few large
inserts. The services run the same code either way, so both produce identical rows,
events and hashes; only the persistence steps below differ.
"""

from __future__ import annotations

import contextvars
import datetime as dt
from typing import TYPE_CHECKING, Any

from django.db import DatabaseError, connections, router

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
        """The unit's one-stop centre (commune or province), as
        ``Agency.objects.filter(unit=unit, kind__in=…).first()`` would give it."""
        from motcua.org.constants import AgencyKind
        from motcua.org.models import Agency

        kinds = (AgencyKind.COMMUNE_CENTRE, AgencyKind.PROVINCE_CENTRE)
        connection = connections[router.db_for_read(Agency)]
        sql = _cached_sql(connection, "agency", lambda: _agency_sql(connection, len(kinds)))
        with connection.cursor() as cursor:
            cursor.execute(sql, [*kinds, unit.pk])
            row = cursor.fetchone()
        if row is None:
            return None
        return _from_row(Agency, list(Agency._meta.concrete_fields), row, connection)

    def can_act(self, actor: Any, *, unit_code: str, roles: frozenset[str]) -> bool:
        from motcua.org.selectors import user_can_act_for

        return user_can_act_for(actor, unit_code, roles)

    def create(self, dossier: Dossier) -> None:
        insert_row(dossier)

    def head_save(self, dossier: Dossier) -> None:
        from motcua.dossiers.events import head_save

        head_save(dossier)

    def lock(self, dossier_id: int, expected_version: int | None) -> Dossier:
        from motcua.dossiers.rows import lock_dossier

        return lock_dossier(dossier_id, expected_version)

    def save(self, dossier: Dossier, fields: list[str]) -> None:
        update_row(dossier, fields)

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
        connection = connections[router.db_for_write(DossierStep)]
        if not connection.features.can_return_rows_from_bulk_insert:
            DossierStep.objects.bulk_create(
                rows, update_conflicts=True, unique_fields=["dossier", "position"],
                update_fields=STEP_FIELDS,
            )  # fmt: skip
            return
        fields = _fields(DossierStep)
        sql = _cached_sql(
            connection, ("steps", len(rows)), lambda: _steps_sql(connection, len(rows))
        )
        params = [
            f.get_db_prep_save(f.pre_save(row, True), connection) for row in rows for f in fields
        ]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            ids = cursor.fetchall()
        for row, (pk,) in zip(rows, ids, strict=True):
            row.pk = pk
            row._state.adding, row._state.db = False, connection.alias


# What a step row may change after it is opened.
STEP_FIELDS = ["finished_at", "verdict", "taken_by", "handed_by", "due_at", "budget_hours"]


# Plain statements for the hot writes of every intake and transition: the ORM's statement
# compilation cost more than the database's work. Values go through each field's
# ``pre_save`` and ``get_db_prep_save``, as the ORM's insert and update do.

_SQL: dict[tuple, str] = {}
_FIELDS: dict[Any, list[Any]] = {}


def _fields(model: Any) -> list[Any]:
    """Concrete fields but an automatic primary key, in model order."""
    if model not in _FIELDS:
        _FIELDS[model] = [f for f in model._meta.concrete_fields if not f.primary_key]
    return _FIELDS[model]


def _cached_sql(connection: Any, key: Any, build: Any) -> str:
    full = (connection.alias, connection.vendor, key)
    sql = _SQL.get(full)
    if sql is None:
        sql = _SQL[full] = build()
    return sql


def _insert_sql(connection: Any, model: Any, fields: list[Any], rows: int = 1) -> str:
    qn = connection.ops.quote_name
    columns = ", ".join(qn(f.column) for f in fields)
    values = ", ".join(["(" + ", ".join(["%s"] * len(fields)) + ")"] * rows)
    return f"INSERT INTO {qn(model._meta.db_table)} ({columns}) VALUES {values}"


def insert_row(obj: Any) -> None:
    """INSERT a new model instance (automatic primary key) as ``save(force_insert=True)``
    would, without signals (no receivers listen to the models written here)."""
    model = type(obj)
    connection = connections[router.db_for_write(model)]
    fields = _fields(model)
    pk = model._meta.pk
    returning = connection.features.can_return_columns_from_insert
    sql = _cached_sql(
        connection, ("insert", model),
        lambda: _insert_sql(connection, model, fields)
        + (f" RETURNING {connection.ops.quote_name(pk.column)}" if returning else ""),
    )  # fmt: skip
    params = [f.get_db_prep_save(f.pre_save(obj, True), connection) for f in fields]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        if returning:
            value = cursor.fetchone()[0]
        else:
            value = connection.ops.last_insert_id(cursor, model._meta.db_table, pk.column)
    obj.pk = value
    obj._state.adding, obj._state.db = False, connection.alias


def update_row(obj: Any, names: list[str]) -> None:
    """UPDATE the named fields of a saved instance, as ``save(update_fields=names)``
    would (``auto_now`` fields among them take the current time)."""
    model = type(obj)
    opts = model._meta
    connection = connections[router.db_for_write(model)]
    fields = [opts.get_field(name) for name in dict.fromkeys(names)]
    qn = connection.ops.quote_name
    assignments = ", ".join(f"{qn(f.column)} = %s" for f in fields)
    params = [f.get_db_prep_save(f.pre_save(obj, False), connection) for f in fields]
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {qn(opts.db_table)} SET {assignments} WHERE {qn(opts.pk.column)} = %s",
            [*params, opts.pk.get_db_prep_value(obj.pk, connection)],
        )
        if cursor.rowcount != 1:
            raise DatabaseError("Save with update_fields did not affect any rows.")


def _steps_sql(connection: Any, rows: int) -> str:
    from motcua.processes.models import DossierStep

    qn = connection.ops.quote_name
    opts = DossierStep._meta
    unique = ", ".join(qn(opts.get_field(n).column) for n in ("dossier", "position"))
    updates = ", ".join(
        f"{qn(c)} = EXCLUDED.{qn(c)}" for c in (opts.get_field(n).column for n in STEP_FIELDS)
    )
    return (
        f"{_insert_sql(connection, DossierStep, _fields(DossierStep), rows)}"
        f" ON CONFLICT({unique}) DO UPDATE SET {updates} RETURNING {qn(opts.pk.column)}"
    )


def _agency_sql(connection: Any, kinds: int) -> str:
    from motcua.org.models import Agency

    qn = connection.ops.quote_name
    opts = Agency._meta
    columns = ", ".join(qn(f.column) for f in opts.concrete_fields)
    order = ", ".join(
        qn(opts.get_field(name.lstrip("-")).column) + (" DESC" if name.startswith("-") else "")
        for name in opts.ordering
    )
    return (
        f"SELECT {columns} FROM {qn(opts.db_table)} WHERE {qn(opts.get_field('kind').column)} IN"
        f" ({', '.join(['%s'] * kinds)}) AND {qn(opts.get_field('unit').column)} = %s"
        f" ORDER BY {order} LIMIT 1"
    )


def _from_row(model: Any, fields: list[Any], values: tuple, connection: Any) -> Any:
    from motcua.dossiers.rows import from_row

    return from_row(model, fields, values, connection)


_DATABASE = DatabaseWriter()
_current: contextvars.ContextVar[Any] = contextvars.ContextVar("dossier_writer", default=None)


def current() -> Any:
    """The writer of this context: the database unless a bulk session is open."""
    return _current.get() or _DATABASE


def use(writer: Any) -> contextvars.Token:
    return _current.set(writer)


def reset(token: contextvars.Token) -> None:
    _current.reset(token)
