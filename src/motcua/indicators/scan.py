"""The same sums as the roll-ups, computed from scratch in one SQL statement over dossiers,
events, results, payments, components, ratings and feedback (never the ``Fact`` table).

It exists to check the roll-ups (tests) and to measure them against (``bench/``). The
definitions are those of ``facts.py``; catalogue-only properties (fee-bearing channels,
certified copies: Python folds the names) are computed first and inlined as id lists.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection

from motcua.attachments.constants import How
from motcua.attachments.models import DossierComponent
from motcua.catalog.models import Procedure
from motcua.dossiers.constants import Channel
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.feedback.constants import Satisfaction
from motcua.feedback.models import Feedback, Rating
from motcua.indicators import facts
from motcua.indicators.models import COUNTERS
from motcua.indicators.rollup import BY, period
from motcua.org.constants import Level
from motcua.org.models import AdministrativeUnit
from motcua.payments.constants import Method, Status
from motcua.payments.models import Payment
from motcua.results.models import Result, StoredDocument
from motcua.results.services import RESULT_STATES

KEY_COLUMN = {
    "unit": "unit_code", "province": "province_code", "agency": "agency_ref",
    "procedure": "procedure_ref", "field": "field_ref",
}  # fmt: skip


def scan_totals(
    *, by: str, start: dt.date, end: dt.date, as_of: dt.date | None = None
) -> dict[Any, dict[str, int]]:
    """Per ``by`` key: every counter of ``facts.Fact`` summed, ``n`` and ``late``, for the
    dossiers received from ``start`` to ``end`` (local days, not after ``as_of``); the same
    shape and values as ``rollup.rollup_totals``."""
    if by not in BY:
        raise ValueError(f"by must be one of {BY}")
    first, last, judged = period(start, end, as_of)
    if first > last:
        return {}
    sql, params = _statement(by, first, last, judged)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        names = [c[0] for c in cursor.description]
        rows = cursor.fetchall()
    out: dict[Any, dict[str, int]] = {}
    for row in rows:
        values = dict(zip(names, row, strict=True))
        key = values.pop("k")
        out[key] = {name: int(values[name] or 0) for name in (*COUNTERS, "n", "late")}
    return out


def _t(model: type) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _c(model: type, field: str) -> str:
    return connection.ops.quote_name(model._meta.get_field(field).column)


def _local_day(expr: str) -> str:
    if connection.vendor == "postgresql":
        return f"CAST(({expr}) AT TIME ZONE '{settings.TIME_ZONE}' AS DATE)"
    # SQLite keeps UTC text; the zone must have a fixed offset (Vietnam: +07:00 since 1975).
    zone = ZoneInfo(settings.TIME_ZONE)
    offsets = {zone.utcoffset(dt.datetime(year, month, 1)) for year in (2000, 2030) for month in (1, 7)}  # fmt: skip
    if len(offsets) != 1:
        raise NotImplementedError("SQLite scan needs a time zone without daylight saving")
    minutes = int(offsets.pop().total_seconds() // 60)
    return f"date({expr}, '{minutes:+d} minutes')"


def _epoch(expr: str) -> str:
    if connection.vendor == "postgresql":
        return f"CAST(FLOOR(EXTRACT(EPOCH FROM {expr})) AS BIGINT)"
    return f"CAST(strftime('%%s', {expr}) AS INTEGER)"


def _ids(values: Iterable[int]) -> str:
    ids = sorted({int(v) for v in values})
    return "(" + ", ".join(map(str, ids)) + ")" if ids else "(NULL)"


def _catalogue(
    low: dt.datetime | None, high: dt.datetime | None
) -> tuple[dict[str, list[int]], list[int]]:
    """Procedures charging a fee > 0, per dossier channel, and certified-copy procedures,
    among those of the dossiers received in [low, high) (every received one without)."""
    fee: dict[str, list[int]] = {channel: [] for channel in Channel.values}
    copies: list[int] = []
    received = Dossier.objects.filter(received_at__isnull=False)
    if low is not None and high is not None:
        received = received.filter(received_at__gte=low, received_at__lt=high)
    used = received.values("procedure_id")
    procedures = Procedure.objects.filter(pk__in=used).only("name", "fees", "submission_methods")
    for procedure in procedures.iterator():
        for channel in facts.fee_bearing_channels(procedure):
            fee[channel].append(procedure.pk)
        if facts.certified_copy(procedure.name):
            copies.append(procedure.pk)
    return fee, copies


def _statement(
    by: str, first: dt.date, last: dt.date, judged: dt.date
) -> tuple[str, dict[str, Any]]:
    zone = ZoneInfo(settings.TIME_ZONE)
    low = dt.datetime.combine(first, dt.time(), tzinfo=zone)
    high = dt.datetime.combine(last + dt.timedelta(days=1), dt.time(), tzinfo=zone)
    ctes, p, param = per_dossier(low, high)
    columns = ",\n        ".join(f"SUM({expr}) AS {name}" for name, expr in COUNTER_SQL.items())
    key = KEY_COLUMN[by]
    sql = f"""
    WITH {ctes}
    SELECT {key} AS k, COUNT(*) AS n,
        {columns},
        SUM(CASE WHEN late_day IS NOT NULL AND late_day <= {param(judged)} THEN 1 ELSE 0 END)
          AS late
    FROM judged GROUP BY {key}
    """
    return sql, p


def per_dossier(
    low: dt.datetime | None = None, high: dt.datetime | None = None
) -> tuple[str, dict[str, Any], Callable[[Any], str]]:
    """The common table expressions ``base, step, judged``: one row per dossier received in
    [low, high) (every received dossier without bounds) with its keys (``dossier_id``,
    ``unit_code``, ``province_code``, ``agency_ref``, ``procedure_ref``, ``field_ref``,
    ``day``, ``late_day``) and the columns ``COUNTER_SQL`` sums; the named parameters, and
    the function that adds one."""
    fee, copies = _catalogue(low, high)
    p: dict[str, Any] = {}

    def param(value: Any) -> str:
        """A named placeholder (the pieces are built out of textual order)."""
        if isinstance(value, dt.datetime):
            value = connection.ops.adapt_datetimefield_value(value)
        elif isinstance(value, dt.date):
            value = connection.ops.adapt_datefield_value(value)
        name = f"p{len(p)}"
        p[name] = str(value) if isinstance(value, str) else value
        return f"%({name})s"

    dossiers, units, procedures = _t(Dossier), _t(AdministrativeUnit), _t(Procedure)
    d = {f: f"d.{_c(Dossier, f)}" for f in (
        "id", "competent_unit", "receiving_agency", "procedure", "received_at", "channel",
        "finished_at", "closed_at", "due_at", "paused_at", "state", "registry_used",
        "supplement_count",
    )}  # fmt: skip

    def exists(model: type, where: str, link: str = "dossier") -> str:
        return (
            f"CASE WHEN EXISTS (SELECT 1 FROM {_t(model)} x WHERE x.{_c(model, link)} = "
            f"{d['id']}{' AND ' + where if where else ''}) THEN 1 ELSE 0 END"
        )

    def x(model: type, field: str) -> str:
        return f"x.{_c(model, field)}"

    current = f"{x(DossierComponent, 'superseded_at')} IS NULL"
    filed = f"{current} AND {x(DossierComponent, 'how')} <> {param(How.SHOWN_ONLY)}"
    paid = f"{x(Payment, 'status')} = {param(Status.PAID)} AND {x(Payment, 'amount')} > 0"
    fee_sql = " OR ".join(
        f"({d['channel']} = {param(channel)} AND {d['procedure']} IN {_ids(ids)})"
        for channel, ids in fee.items()
    )
    states = ", ".join(param(s) for s in sorted(RESULT_STATES))
    e = DossierEvent
    second = (
        f"CASE WHEN {d['supplement_count']} >= 2 THEN (SELECT x.{_c(e, 'at')} FROM {_t(e)} x "
        f"WHERE x.{_c(e, 'dossier')} = {d['id']} AND x.{_c(e, 'kind')} = "
        f"{param(facts.SUPPLEMENT_EVENT)} ORDER BY x.{_c(e, 'seq')} LIMIT 1 OFFSET 1) END"
    )
    bounds = f"{d['received_at']} IS NOT NULL"
    if low is not None and high is not None:
        bounds += f" AND {d['received_at']} >= {param(low)} AND {d['received_at']} < {param(high)}"
    base = f"""
      SELECT
        {d["id"]} AS dossier_id,
        {_local_day(d["received_at"])} AS day,
        {d["competent_unit"]} AS unit_code,
        CASE WHEN u.{_c(AdministrativeUnit, "level")} = {param(Level.PROVINCE)}
             THEN u.{_c(AdministrativeUnit, "code")}
             ELSE u.{_c(AdministrativeUnit, "parent")} END AS province_code,
        {d["receiving_agency"]} AS agency_ref,
        {d["procedure"]} AS procedure_ref,
        p.{_c(Procedure, "field")} AS field_ref,
        {d["received_at"]} AS received_at,
        COALESCE({d["finished_at"]}, {d["closed_at"]}) AS end_at,
        {d["due_at"]} AS due_at,
        {d["paused_at"]} AS paused_at,
        CASE WHEN {d["channel"]} = {param(Channel.ONLINE)} THEN 1 ELSE 0 END AS online,
        CASE WHEN p.{_c(Procedure, "result")} <> '' THEN 1 ELSE 0 END AS needs_result,
        CASE WHEN {d["state"]} IN ({states}) THEN 1 ELSE 0 END AS result_state,
        {exists(Result, f"{x(Result, 'electronic')} = {param(True)}")} AS e_result,
        CASE WHEN {fee_sql} OR EXISTS (SELECT 1 FROM {_t(Payment)} x
             WHERE {x(Payment, "dossier")} = {d["id"]} AND {paid}) THEN 1 ELSE 0 END
             AS fee_bearing,
        {exists(Payment, f"{paid} AND {x(Payment, 'method')} = {param(Method.ONLINE_GATEWAY)}")}
             AS paid_gateway,
        {exists(DossierComponent, filed)} AS has_filed,
        {
        exists(
            DossierComponent,
            f"{filed} AND {x(DossierComponent, 'file')} = '' AND "
            f"{x(DossierComponent, 'store_ref')} = ''",
        )
    } AS filed_missing,
        {
        exists(
            DossierComponent,
            f"{current} AND {x(DossierComponent, 'how')} = {param(How.FROM_STORE)}",
        )
    } AS reused,
        {exists(StoredDocument, "", link="source_dossier")} AS in_store,
        CASE WHEN {d["registry_used"]} = {param(True)} THEN 1 ELSE 0 END AS registry,
        CASE WHEN {d["procedure"]} IN {_ids(copies)} THEN 1 ELSE 0 END AS certified_copy,
        {exists(Rating, "")} AS rated,
        {exists(Rating, f"{x(Rating, 'level')} = {param(Satisfaction.DISSATISFIED)}")}
             AS disliked,
        {exists(Feedback, "")} AS complained,
        {second} AS second_supplement
      FROM {dossiers} d
      JOIN {units} u ON u.{_c(AdministrativeUnit, "code")} = {d["competent_unit"]}
      JOIN {procedures} p ON p.{_c(Procedure, "id")} = {d["procedure"]}
      WHERE {bounds}
    """
    step = f"""
      SELECT b.*,
        CASE WHEN needs_result = 1 AND result_state = 1 AND e_result = 0 THEN 1 ELSE 0 END
          AS missing_e,
        CASE WHEN end_at IS NULL THEN 0 ELSE 1 END AS ended,
        CASE WHEN end_at IS NULL THEN 0
             ELSE {_epoch("end_at")} - {_epoch("received_at")} END AS duration_s,
        CASE WHEN end_at IS NOT NULL THEN
               CASE WHEN due_at IS NOT NULL AND end_at > due_at THEN {_local_day("due_at")} END
             WHEN due_at IS NOT NULL AND (paused_at IS NULL OR due_at < paused_at)
               THEN {_local_day("due_at")}
        END AS by_due,
        {_local_day("second_supplement")} AS by_supplement
      FROM base b
    """
    judge = """
      SELECT s.*,
        CASE WHEN by_due IS NULL THEN by_supplement WHEN by_supplement IS NULL THEN by_due
             WHEN by_supplement < by_due THEN by_supplement ELSE by_due END AS late_day
      FROM step s
    """
    return f"base AS ({base}), step AS ({step}), judged AS ({judge})", p, param


# Each counter as an expression over one row of ``judged``.
COUNTER_SQL = {
    "received": "1",
    "online": "online",
    "online_ok": "CASE WHEN online = 1 AND missing_e = 0 THEN 1 ELSE 0 END",
    "ended": "ended",
    "duration_s": "duration_s",
    "needs_result": "needs_result",
    "result_state": "result_state",
    "e_result": "e_result",
    "fee_bearing": "fee_bearing",
    "paid_online": "CASE WHEN fee_bearing = 1 AND paid_gateway = 1 THEN 1 ELSE 0 END",
    "digitised": "CASE WHEN has_filed = 1 AND filed_missing = 0 AND missing_e = 0 "
    "THEN 1 ELSE 0 END",
    "reused": "reused",
    "store_linked": "CASE WHEN reused = 1 OR in_store = 1 THEN 1 ELSE 0 END",
    "registry": "registry",
    "certified_copy": "certified_copy",
    "certified_copy_e": "CASE WHEN certified_copy = 1 AND e_result = 1 THEN 1 ELSE 0 END",
    "rated": "rated",
    "disliked": "disliked",
    "complained": "complained",
    "result_due": "CASE WHEN needs_result = 1 AND result_state = 1 THEN 1 ELSE 0 END",
    "e_result_due": "CASE WHEN needs_result = 1 AND result_state = 1 AND e_result = 1 "
    "THEN 1 ELSE 0 END",
    "unhappy": "CASE WHEN disliked = 1 OR complained = 1 THEN 1 ELSE 0 END",
}
assert tuple(COUNTER_SQL) == COUNTERS
