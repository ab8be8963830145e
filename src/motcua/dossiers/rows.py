"""Plain SQL for the hot path of every transition: the lock that reads a dossier with what
its effects need, and model instances built from raw rows as the ORM would build them.

The ORM's compilation of these statements cost more than the database's work (see
``bench/intake.py``); ``tests/test_lock.py`` checks the instances equal the ORM's.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from motcua.catalog.models import Procedure
from motcua.dossiers.errors import ConcurrentChange
from motcua.dossiers.models import Dossier
from motcua.org.models import Agency
from motcua.processes import services as processes
from motcua.processes.models import ProcessVersion

_ALL_FIELDS = list(Dossier._meta.concrete_fields)

# What the transitions read of the procedure and the receiving agency; other fields of
# those rows load on first access, as with ``.only()``.
_PROCEDURE_FIELDS = ("id", "code", "name", "level_commune", "level_province",
                     "time_limit_value", "time_limit_unit", "time_limit_text")  # fmt: skip
_AGENCY_FIELDS = ("id", "code", "name", "kind", "unit")
_VERSION_FIELDS = ("id", "limit_hours", "updated_at")


def lock_dossier(dossier_id: int, expected_version: int | None) -> Dossier:
    """Lock the dossier row (not the joined rows: PostgreSQL refuses FOR UPDATE on the
    nullable side of an outer join) and read it with its procedure, its agency and the
    procedure's active process version (which reception opens the first step of) in one plain
    statement: every transition runs it, and the ORM's compilation of the join cost more
    than the database's work."""
    connection = transaction.get_connection()
    sql, p_fields, a_fields, v_fields = _lock_sql(connection)
    with connection.cursor() as cursor:
        cursor.execute(sql, [dossier_id])
        row = cursor.fetchone()
    if row is None:
        raise Dossier.DoesNotExist(f"dossier {dossier_id}")
    n, m, k = len(_ALL_FIELDS), len(p_fields), len(a_fields)
    dossier = from_row(Dossier, _ALL_FIELDS, row[:n], connection)
    dossier._state.fields_cache["procedure"] = from_row(
        Procedure, p_fields, row[n : n + m], connection
    )
    agency_row, version_row = row[n + m : n + m + k], row[n + m + k :]
    dossier._state.fields_cache["receiving_agency"] = (
        from_row(Agency, a_fields, agency_row, connection) if agency_row[0] is not None else None
    )
    processes.active_version_known(
        dossier,
        from_row(ProcessVersion, v_fields, version_row, connection)
        if version_row[0] is not None
        else None,
    )
    if expected_version is not None and dossier.version != expected_version:
        raise ConcurrentChange(
            _("Hồ sơ vừa được người khác cập nhật. Vui lòng tải lại trang và thử lại.")
        )
    return dossier


_LOCK_SQL: dict[tuple, tuple] = {}


def _lock_sql(connection: Any) -> tuple[str, list, list, list]:
    """The lock statement of this connection, and the joined models' fields it reads (in
    model order: ``Model.from_db`` takes the values of a partial row in that order)."""
    key = (connection.alias, connection.vendor)
    if key in _LOCK_SQL:
        return _LOCK_SQL[key]
    qn = connection.ops.quote_name
    p_fields = [f for f in Procedure._meta.concrete_fields if f.name in _PROCEDURE_FIELDS]
    a_fields = [f for f in Agency._meta.concrete_fields if f.name in _AGENCY_FIELDS]
    v_fields = [f for f in ProcessVersion._meta.concrete_fields if f.name in _VERSION_FIELDS]
    columns = ", ".join(
        [f"d.{qn(f.column)}" for f in _ALL_FIELDS]
        + [f"p.{qn(f.column)}" for f in p_fields]
        + [f"a.{qn(f.column)}" for f in a_fields]
        + [f"v.{qn(f.column)}" for f in v_fields]
    )
    versions = qn(ProcessVersion._meta.db_table)
    lock = " FOR UPDATE OF d" if connection.features.has_select_for_update_of else ""
    sql = (
        f"SELECT {columns} FROM {qn(Dossier._meta.db_table)} d"
        f" JOIN {qn(Procedure._meta.db_table)} p ON p.{qn('id')} = d.{qn('procedure_id')}"
        f" LEFT JOIN {qn(Agency._meta.db_table)} a"
        f" ON a.{qn('id')} = d.{qn('receiving_agency_id')}"
        f" LEFT JOIN {versions} v ON v.{qn('id')} = (SELECT w.{qn('id')} FROM {versions} w"
        f" WHERE w.{qn('procedure_id')} = d.{qn('procedure_id')}"
        f" ORDER BY w.{qn('number')} DESC LIMIT 1)"
        f" WHERE d.{qn('id')} = %s{lock}"
    )
    _LOCK_SQL[key] = (sql, p_fields, a_fields, v_fields)
    return _LOCK_SQL[key]


def from_row(model: Any, fields: list[Any], values: tuple, connection: Any) -> Any:
    """A model instance from raw column values, with the backend's and the fields'
    converters applied as the ORM would (JSON, dates and decimals on SQLite)."""
    converters = _converters(connection, model, tuple(fields))
    converted = [
        _convert(value, chain, col, connection)
        for value, (col, chain) in zip(values, converters, strict=True)
    ]
    return model.from_db(connection.alias, [f.attname for f in fields], converted)


_CONVERTERS: dict[tuple, list] = {}


def _converters(connection: Any, model: Any, fields: tuple) -> list:
    key = (connection.alias, model, fields)
    if key not in _CONVERTERS:
        table = model._meta.db_table
        _CONVERTERS[key] = [
            (col := f.get_col(table), connection.ops.get_db_converters(col)
             + col.get_db_converters(connection))
            for f in fields
        ]  # fmt: skip
    return _CONVERTERS[key]


def _convert(value: Any, chain: list, col: Any, connection: Any) -> Any:
    for converter in chain:
        value = converter(value, col, connection)
    return value
