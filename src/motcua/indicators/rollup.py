"""Keep the roll-ups in step with the event log, rebuild them, and read sums from them.

``refresh()`` reads the dossier events after the cursor (and the dossiers ``touch()``ed by
services that change facts without an event), recomputes those dossiers' fact vectors and
applies the difference to both roll-ups: the old vector is taken away at its old key, the
new one added at its new key. Applying is idempotent (``Fact`` holds what was applied), so
reading a dossier twice is harmless; missing one is not, hence:

- an event id below the cursor that was not visible yet (its transaction still open) is
  kept in ``RollupCursor.gaps`` and looked for again for ``GAP_SECONDS``;
- a touch is a counter, and a refresh removes only the touches it read.

Each batch is one transaction holding the cursor row (``select_for_update``; SQLite
serialises writers), so two refreshers never apply the same batch. Dossier transitions do
no roll-up work: readers call ``refresh()`` before reading.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterable
from typing import Any

from django.db import connection, transaction
from django.db.models import Case, F, IntegerField, Max, Sum, Value, When
from django.utils import timezone

from motcua.catalog.models import Procedure
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.indicators import facts
from motcua.indicators.models import (
    COUNTERS,
    NO_AGENCY,
    NO_LATE_DAY,
    DailyRollup,
    DirtyDossier,
    Fact,
    RollupCursor,
    UnitDailyRollup,
    UnitLateRollup,
)

BATCH = 5000  # events (and touched dossiers) per transaction
GAP_SECONDS = 600
MAX_GAPS = 10_000
BY = ("unit", "province", "agency", "procedure", "field")
DAILY_KEYS = ("unit", "province", "agency_id", "procedure_id", "day", "late_day")
UNIT_KEYS = ("unit", "province", "day")
LATE_KEYS = ("unit", "province", "day", "late_day")
ROWS_PER_STATEMENT = 500


# --------------------------------------------------------------------------- writes


def touch(dossier_id: int) -> None:
    """Mark a dossier whose facts changed without a dossier event; call it inside the
    transaction that changes it (payment, result, rating, component, feedback)."""
    table = DirtyDossier._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (dossier_id, touches) VALUES (%s, 1) "
            f"ON CONFLICT (dossier_id) DO UPDATE SET touches = {table}.touches + 1",
            [dossier_id],
        )


def refresh(*, batch: int = BATCH) -> int:
    """Apply every event and touch not applied yet; returns how many dossiers were
    recomputed."""
    if _nothing_new():
        return 0
    done = 0
    while True:
        with transaction.atomic():
            count, more = _refresh_batch(_cursor_locked(), batch)
        done += count
        if not more:
            return done


def rebuild(*, batch: int = BATCH, sql: bool = False) -> int:
    """Recompute every fact and the roll-ups from the dossiers (one transaction); returns
    how many dossiers are in the cohort. Events from the cursor on are those after the
    rebuild began; ids below it that were not visible yet are kept as gaps.

    ``sql=True`` computes the facts with the from-scratch statement of ``scan.py`` inside
    the database (for millions of dossiers); the default computes them with ``facts.py``
    in batches of ``batch`` dossiers."""
    with transaction.atomic():
        cursor = _cursor_locked()
        last = DossierEvent.objects.aggregate(m=Max("id"))["m"] or 0
        for model in (Fact, DailyRollup, UnitDailyRollup, UnitLateRollup, DirtyDossier):
            model.objects.all().delete()
        low = max(0, last - MAX_GAPS)
        visible = set(
            DossierEvent.objects.filter(id__gt=low, id__lte=last).values_list("id", flat=True)
        )
        now = time.time()
        cursor.gaps = [[i, now] for i in range(low + 1, last + 1) if i not in visible]
        cursor.last_event_id = last
        count = _facts_by_sql() if sql else _facts_by_python(batch)
        _rollups_from_facts()
        cursor.save()
    return count


def _facts_by_python(batch: int) -> int:
    count, after = 0, 0
    while True:
        ids = list(
            Dossier.objects.filter(pk__gt=after, received_at__isnull=False)
            .order_by("pk")
            .values_list("pk", flat=True)[:batch]
        )
        if not ids:
            return count
        vectors = facts.fact_for(ids)
        Fact.objects.bulk_create(
            [_fact_row(pk, fact) for pk, fact in vectors.items()], batch_size=1000
        )
        count += len(vectors)
        after = ids[-1]


def _facts_by_sql() -> int:
    from motcua.indicators import scan

    ctes, params, param = scan.per_dossier()
    q = connection.ops.quote_name
    columns = ", ".join(q(c) for c in ("dossier_id", *DAILY_KEYS, *COUNTERS))
    values = ", ".join(
        (
            "dossier_id", "unit_code", "province_code",
            f"COALESCE(agency_ref, {param(NO_AGENCY)})", "procedure_ref", "day",
            f"COALESCE(late_day, {param(NO_LATE_DAY)})",
            *(scan.COUNTER_SQL[c] for c in COUNTERS),
        )
    )  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH {ctes} INSERT INTO {Fact._meta.db_table} ({columns}) "
            f"SELECT {values} FROM judged",
            params,
        )
    return Fact.objects.count()


def _nothing_new() -> bool:
    """Three reads without a lock, so that readers do not queue on the cursor row when
    there is nothing to apply."""
    cursor = RollupCursor.objects.filter(pk=1).values_list("last_event_id", "gaps").first()
    if cursor is None:
        return False
    if cursor[1] and DossierEvent.objects.filter(id__in=[i for i, _seen in cursor[1]]).exists():
        return False  # a gap was an open transaction that has committed since
    return (
        not DossierEvent.objects.filter(id__gt=cursor[0]).exists()
        and not DirtyDossier.objects.exists()
    )


def _cursor_locked() -> RollupCursor:
    RollupCursor.objects.bulk_create([RollupCursor(pk=1)], ignore_conflicts=True)
    return RollupCursor.objects.select_for_update().get(pk=1)


def _refresh_batch(cursor: RollupCursor, batch: int) -> tuple[int, bool]:
    events = list(
        DossierEvent.objects.filter(id__gt=cursor.last_event_id)
        .order_by("id")
        .values_list("id", "dossier_id")[:batch]
    )
    dossiers = {dossier_id for _, dossier_id in events}
    now = time.time()
    gaps = [[i, seen] for i, seen in cursor.gaps if now - seen < GAP_SECONDS]
    if gaps:
        found = dict(
            DossierEvent.objects.filter(id__in=[i for i, _ in gaps]).values_list("id", "dossier_id")
        )
        dossiers.update(found.values())
        gaps = [[i, seen] for i, seen in gaps if i not in found]
    if events:
        seen_ids = {i for i, _ in events}
        top = events[-1][0]
        low = max(cursor.last_event_id, top - MAX_GAPS)
        gaps += [[i, now] for i in range(low + 1, top) if i not in seen_ids]
        cursor.last_event_id = top
    cursor.gaps = gaps[-MAX_GAPS:]
    dirty = list(DirtyDossier.objects.order_by().values_list("dossier_id", "touches")[:batch])
    dossiers.update(dossier_id for dossier_id, _ in dirty)
    if dossiers:
        apply(dossiers)
    by_touches: dict[int, list[int]] = {}
    for dossier_id, touches in dirty:
        by_touches.setdefault(touches, []).append(dossier_id)
    for touches, ids in by_touches.items():
        DirtyDossier.objects.filter(dossier_id__in=ids, touches=touches).delete()
    cursor.save(update_fields=["last_event_id", "gaps", "updated_at"])
    return len(dossiers), len(events) == batch or len(dirty) == batch


def apply(dossier_ids: Iterable[int]) -> None:
    """Recompute the facts of these dossiers and apply the differences to the roll-ups
    (inside the caller's transaction)."""
    ids = sorted(set(dossier_ids))
    old = {
        row["dossier_id"]: row
        for row in Fact.objects.filter(dossier_id__in=ids).values("dossier_id", *_FACT_COLUMNS)
    }
    new = facts.fact_for(ids)
    daily: dict[tuple, list[int]] = {}
    unit: dict[tuple, list[int]] = {}
    late: dict[tuple, list[int]] = {}
    changed: list[Fact] = []
    gone: list[int] = []
    for pk in ids:
        before = _row_values(old[pk]) if pk in old else None
        after = _vector(new[pk]) if pk in new else None
        if before == after:
            continue
        for vector, sign in ((before, -1), (after, 1)):
            if vector is None:
                continue
            keys, counters = vector
            _add(daily, keys, counters, sign)
            _add(unit, (keys[0], keys[1], keys[4]), counters, sign)
            if keys[5] != NO_LATE_DAY:
                _add(late, (keys[0], keys[1], keys[4], keys[5]), (), sign)
        if after is None:
            gone.append(pk)
        else:
            changed.append(_fact_row(pk, new[pk]))
    if gone:
        Fact.objects.filter(dossier_id__in=gone).delete()
    if changed:
        Fact.objects.bulk_create(
            changed, update_conflicts=True, unique_fields=["dossier_id"],
            update_fields=list(_FACT_COLUMNS), batch_size=1000,
        )  # fmt: skip
    _upsert(DailyRollup, DAILY_KEYS, COUNTERS, daily)
    _upsert(UnitDailyRollup, UNIT_KEYS, COUNTERS, unit)
    _upsert(UnitLateRollup, LATE_KEYS, (), late)
    days = {key[4] for key in daily}
    for chunk in facts._chunks(sorted(days)):
        for model in (DailyRollup, UnitDailyRollup, UnitLateRollup):
            model.objects.filter(n=0, day__in=chunk).delete()


_FACT_COLUMNS = (*DAILY_KEYS, *COUNTERS)


def _vector(fact: facts.Fact) -> tuple[tuple, tuple[int, ...]]:
    keys = (
        fact.unit, fact.province, NO_AGENCY if fact.agency is None else fact.agency,
        fact.procedure, fact.day, fact.late_day or NO_LATE_DAY,
    )  # fmt: skip
    return keys, fact.counters()


def _row_values(row: dict[str, Any]) -> tuple[tuple, tuple[int, ...]]:
    return tuple(row[k] for k in DAILY_KEYS), tuple(row[c] for c in COUNTERS)


def _fact_row(pk: int, fact: facts.Fact) -> Fact:
    keys, counters = _vector(fact)
    return Fact(
        dossier_id=pk, **dict(zip(DAILY_KEYS, keys, strict=True)),
        **dict(zip(COUNTERS, counters, strict=True)),
    )  # fmt: skip


def _add(sums: dict[tuple, list[int]], key: tuple, counters: tuple[int, ...], sign: int) -> None:
    row = sums.setdefault(key, [0] * (len(counters) + 1))
    for i, value in enumerate(counters):
        row[i] += sign * value
    row[-1] += sign  # n


def _upsert(
    model: type, keys: tuple[str, ...], counters: tuple[str, ...], sums: dict[tuple, list[int]]
) -> None:
    """Add ``sums`` to the rows of ``model`` (created at 0 when missing), one statement per
    500 keys: ``INSERT … ON CONFLICT (keys) DO UPDATE SET c = c + excluded.c``."""
    rows = [(*key, *values) for key, values in sums.items() if any(values)]
    if not rows:
        return
    table = model._meta.db_table
    columns = (*keys, *counters, "n")
    quoted = [connection.ops.quote_name(c) for c in columns]
    sets = ", ".join(
        f"{q} = {table}.{q} + excluded.{q}" for c, q in zip(columns, quoted, strict=True)
        if c not in keys
    )  # fmt: skip
    one = "(" + ", ".join(["%s"] * len(columns)) + ")"
    with connection.cursor() as cursor:
        for i in range(0, len(rows), ROWS_PER_STATEMENT):
            part = rows[i : i + ROWS_PER_STATEMENT]
            cursor.execute(
                f"INSERT INTO {table} ({', '.join(quoted)}) VALUES "
                + ", ".join([one] * len(part))
                + f" ON CONFLICT ({', '.join(quoted[: len(keys)])}) DO UPDATE SET {sets}",
                [_db(value) for row in part for value in row],
            )


def _db(value: Any) -> Any:
    return connection.ops.adapt_datefield_value(value) if isinstance(value, dt.date) else value


def _rollups_from_facts() -> None:
    """The roll-ups as sums over the ``Fact`` table (the end of a rebuild)."""
    q = connection.ops.quote_name
    sums = ", ".join(f"SUM({q(c)})" for c in COUNTERS)
    counters = ", ".join(q(c) for c in COUNTERS)
    source = Fact._meta.db_table
    with connection.cursor() as cursor:
        for model, keys in ((DailyRollup, DAILY_KEYS), (UnitDailyRollup, UNIT_KEYS)):
            key_list = ", ".join(q(k) for k in keys)
            cursor.execute(
                f"INSERT INTO {model._meta.db_table} ({key_list}, {counters}, n) "
                f"SELECT {key_list}, {sums}, COUNT(*) FROM {source} GROUP BY {key_list}"
            )
        key_list = ", ".join(q(k) for k in LATE_KEYS)
        cursor.execute(
            f"INSERT INTO {UnitLateRollup._meta.db_table} ({key_list}, n) "
            f"SELECT {key_list}, COUNT(*) FROM {source} WHERE {q('late_day')} <> %s "
            f"GROUP BY {key_list}",
            [_db(NO_LATE_DAY)],
        )


# --------------------------------------------------------------------------- reads


def period(
    start: dt.date, end: dt.date, as_of: dt.date | None = None
) -> tuple[dt.date, dt.date, dt.date]:
    """The days of receipt counted (``start`` to ``end``, not after ``as_of``) and the day
    lateness is judged at: ``min(end, as_of or today)``."""
    last = min(end, as_of) if as_of is not None else end
    judged = min(end, as_of or timezone.localdate())
    return start, last, judged


def rollup_totals(
    *, by: str, start: dt.date, end: dt.date, as_of: dt.date | None = None,
    refresh: bool = True, keys: Iterable[str] | None = None,
) -> dict[Any, dict[str, int]]:  # fmt: skip
    """Sums of every counter, plus ``n`` (dossiers) and ``late`` (late as of the judging
    day), per ``by`` key, for dossiers received from ``start`` to ``end`` (local days), read
    from the roll-ups. Keys: unit and province codes, agency, procedure and field ids (None
    for dossiers without an agency). ``keys`` (unit or province codes) limits the read to
    those units: a page about one unit does not sum the whole country."""
    if by not in BY:
        raise ValueError(f"by must be one of {BY}")
    if refresh:
        _refresh_now()
    first, last, judged = period(start, end, as_of)
    if first > last:
        return {}
    coarse = by in ("unit", "province")
    model = UnitDailyRollup if coarse else DailyRollup
    column = {"unit": "unit", "province": "province", "agency": "agency_id"}.get(by, "procedure_id")
    days: dict[str, Any] = {"day__gte": first, "day__lte": last}
    if keys is not None and coarse:
        days[f"{column}__in"] = list(keys)
    sums = {f"{c}_": Sum(c) for c in COUNTERS}
    late: dict[Any, int] = {}
    if not coarse:
        sums["late"] = Sum(
            Case(When(late_day__lte=judged, then=F("n")), default=Value(0)),
            output_field=IntegerField(),
        )
    with transaction.atomic():
        _no_jit()
        if coarse:
            late = dict(
                UnitLateRollup.objects.filter(**days, late_day__lte=judged)
                .values(column)
                .annotate(late=Sum("n"))
                .order_by()
                .values_list(column, "late")
            )
        rows = list(
            model.objects.filter(**days).values(column).annotate(n_=Sum("n"), **sums).order_by()
        )
    out: dict[Any, dict[str, int]] = {}
    for row in rows:
        key = row[column]
        if coarse:
            row["late"] = late.get(key, 0)
        if by == "agency" and key == NO_AGENCY:
            key = None
        out[key] = _counts(row)
    if by == "field":
        out = _by_field(out)
    return out


def _no_jit() -> None:
    """PostgreSQL compiles a plan over a million roll-up rows just in time, which costs more
    than the two dozen sums it speeds up: off for this transaction."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL jit = off")


def _refresh_now() -> None:
    refresh()


def _counts(row: dict[str, Any]) -> dict[str, int]:
    counts = {c: int(row[f"{c}_"] or 0) for c in COUNTERS}
    counts["n"] = int(row["n_"] or 0)
    counts["late"] = int(row["late"] or 0)
    return counts


def _by_field(by_procedure: dict[Any, dict[str, int]]) -> dict[Any, dict[str, int]]:
    fields = dict(Procedure.objects.filter(pk__in=list(by_procedure)).values_list("pk", "field_id"))
    out: dict[Any, dict[str, int]] = {}
    for procedure, counts in by_procedure.items():
        total = out.setdefault(fields.get(procedure), dict.fromkeys(counts, 0))
        for name, value in counts.items():
            total[name] += value
    return out
