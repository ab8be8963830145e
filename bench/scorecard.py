"""The Decision 766 scorecard of every commune and province over millions of dossiers, read
from the roll-ups and computed from scratch, on PostgreSQL.

Run from the repository root:

    .venv/bin/python bench/scorecard.py              # 10 million dossiers
    BENCH_DOSSIERS=200000 .venv/bin/python bench/scorecard.py

The parent process never configures Django. It checks the free disk space where PostgreSQL
keeps its data (``SHOW data_directory``) and stops, saying so, when there is too little; it
creates a uniquely named database on 127.0.0.1:5432 (user postgres, trust auth), prepares it
with ``python -m motcua migrate``, ``import-units`` and ``import-catalogue``, then loads the
dossiers and their events itself with psycopg: the two tables' secondary indexes, unique
and foreign-key constraints are dropped, both tables are emptied and filled with
``COPY … FREEZE`` from rows generated in Python (two connections, one per table, so both
server processes work while Python generates), then the indexes and constraints are made
again as the migrations made them (foreign keys ``NOT VALID``: the generator only uses keys
that exist) and the tables vacuumed and analysed. That is ``load_s``.

Dossiers are spread over the last two years across every unit (communes mostly, a tenth at
province level) and a few hundred procedures of the right level, with about 70% online, 8%
late, 6% open (some paused for a supplement), 2% with two supplement requests (late from the
second), 3% extended, 1% refused or still waiting at reception. Events: ``submitted``,
``receive``, the supplement requests, and ``issue_result`` or ``return_result`` as the
state implies (about 2.9 per dossier), hash-chained with random but well-formed hashes.
Payments, results, components and ratings are not generated: the from-scratch statement still
probes their tables for every dossier.

A child process (``--child measure``, Django configured on the bench database) then times
``rollup.rebuild(sql=True)`` (``rebuild_s``) and 20 scorecards of all 3,355 units
(``selectors.scorecards(source="rollup")``, which refreshes the roll-ups first) over random
periods (months, quarters, years, any range; as of today or an earlier day). Before each one it
writes, with plain SQL, three new received dossiers of a random commune inside the period
(two events each) and the ``issue_result`` of one of its open dossiers, and checks that the
scorecard shows them: the commune's and its province's received count up by 3 and the
commune's ended count up by 1. ``rollup_s`` is the median of the 20. The from-scratch
computation (``source="scan"``) runs on the 3 periods of middle length only (it takes
minutes at full size); ``scan_s`` is their median, and each of those three is checked to give
the same counts as the roll-ups for every unit. ``ratio`` = scan_s ÷ rollup_s; ``ratio_paired``
is the median of scan ÷ rollup on the same three periods.

The database and the temporary directory are removed at the end, also on an error, Ctrl-C
or SIGTERM. The last line printed is ``RESULT dossiers=… rollup_s=… scan_s=… ratio=…``
followed by more keys; the exit status is 1 when a check failed, 2 when disk space is short.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG_DSN = "host=127.0.0.1 port=5432 user=postgres dbname={name}"
PG_URL = "postgres://postgres@127.0.0.1:5432/{name}"
SEED = 20250766
DEFAULT_DOSSIERS = 10_000_000
DAYS = 730  # two years of receipts, ending yesterday
MEASURES = 20
SCAN_MEASURES = 3
NEW_DOSSIERS = 3  # written before each measurement
# Disk per dossier, all in: dossiers, ~2.9 events, their indexes, facts and roll-ups, and
# the write-ahead log. Measured at 200,000 dossiers (3.2 kB) with a margin.
BYTES_PER_DOSSIER = 3500
BYTES_FIXED = 3 * 1024**3
TABLES = ("dossiers_dossier", "dossiers_dossierevent")
GENESIS = "0" * 64
TZ = "+07"  # Asia/Ho_Chi_Minh has no daylight saving


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * p / 100
    lo = int(k)
    hi = min(lo + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def gib(n: float) -> str:
    return f"{n / 1024**3:.1f} GB"


# ---------------------------------------------------------------------------- generation


DOSSIER_COLUMNS = (
    "id", "code", "lookup_key_hash", "state", "channel", "applicant_id_number",
    "applicant_name", "applicant_birth_date", "applicant_address", "applicant_phone",
    "applicant_email", "registry_used", "form_data", "submitted_at", "received_at", "due_at",
    "due_at_original", "extended", "paused_at", "supplement_count", "finished_at", "closed_at",
    "idempotency_key", "version", "created_at", "updated_at", "assisted_by_id", "citizen_id",
    "competent_unit_id", "current_unit_id", "procedure_id", "receiving_agency_id",
    "receiving_unit_id", "event_hash", "event_seq", "form_version_id",
)  # fmt: skip
EVENT_COLUMNS = (
    "id", "seq", "kind", "from_state", "to_state", "actor_label", "at", "payload",
    "prev_hash", "hash", "actor_id", "dossier_id", "unit_id",
)  # fmt: skip
NAMES = [f"{a} {b} {c}" for a in ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Võ")
         for b in ("Văn", "Thị", "Minh", "Ngọc") for c in ("An", "Bình", "Chi", "Dũng", "Hà")]  # fmt: skip
ADDRESSES = [f"Số {n}, ấp {a}" for n in (1, 12, 45, 108) for a in ("Tân Lập", "Phú Mỹ", "Bình An")]


class Generator:
    """Dossier and event rows as COPY text, ``chunk`` dossiers at a time."""

    def __init__(self, units: list[tuple[str, str, str | None]], procedures: dict[str, list[int]],
                 today: dt.date, seed: int = SEED) -> None:  # fmt: skip
        self.rng = random.Random(seed)
        rng = self.rng
        communes = [u for u in units if u[1] == "commune"]
        provinces = [u for u in units if u[1] == "province"]
        # A table of 65,536 picks by weight: communes of very different sizes, a tenth of the
        # dossiers at province level.
        weights = [(u, rng.lognormvariate(0, 0.6)) for u in communes]
        total = sum(w for _, w in weights)
        table: list[tuple[str, str]] = []
        for code, _, _ in provinces:
            table += [(code, code)] * (6553 // len(provinces))
        size = 65536 - len(table)
        acc = 0.0
        for (code, _, parent), w in weights:
            acc += w
            while len(table) < 65536 - size + round(acc / total * size):
                table.append((code, parent or code))
        while len(table) < 65536:
            table.append(table[-1])
        self.pick_unit = table
        self.procedures = {level: rng.sample(ids, min(len(ids), count))
                           for (level, ids), count in zip(procedures.items(), (250, 150), strict=False)}  # fmt: skip
        # Day strings from 3 days before the first day (online dossiers are submitted up to
        # two days before they are received), indexed by day + 3.
        first = today - dt.timedelta(days=DAYS + 3)
        self.days = [(first + dt.timedelta(days=i)).isoformat() for i in range(DAYS + 90)]
        self.ymd = [d[2:4] + d[5:7] + d[8:10] for d in self.days]
        self.hms = [f"{s // 3600:02d}:{s // 60 % 60:02d}:{s % 60:02d}" for s in range(86400)]
        self.now_s = DAYS * 86400 + 9 * 3600  # "now" for open dossiers: today 09:00

    def ts(self, s: int) -> str:
        """Seconds since the first day's local midnight as a timestamp literal."""
        return f"{self.days[s // 86400 + 3]} {self.hms[s % 86400]}{TZ}"

    def maybe(self, s: int | None) -> str:
        return "\\N" if s is None else self.ts(s)

    def rows(self, first_id: int, count: int, first_event: int) -> tuple[str, str, int]:
        rng, ts, n, R = self.rng, self.ts, self.maybe, self.rng.random
        hexes = os.urandom(32 * 7 * count).hex()  # 64 hex digits per hash, up to 7 per dossier
        h = 0
        dossiers: list[str] = []
        events: list[str] = []
        eid = first_event
        for pk in range(first_id, first_id + count):
            unit, province = self.pick_unit[rng.getrandbits(16)]
            level = "province" if unit == province else "commune"
            procedure = rng.choice(self.procedures[level])
            r = R()
            channel = "online" if r < 0.70 else "counter" if r < 0.95 else "post" if r < 0.98 else "api"  # fmt: skip
            day = rng.randrange(DAYS)
            received = day * 86400 + 27000 + rng.randrange(34200)  # 07:30–17:00
            submitted = received - (rng.randrange(172800) if channel == "online" else rng.randrange(900))  # fmt: skip
            limit = (1 + rng.randrange(15)) * 86400 * 7 // 5
            due = received + limit
            due_original = due
            extended = "f"
            paused = finished = closed = None
            supplements = 0
            r = R()
            if r < 0.01:  # refused or still waiting at reception: not in the cohort
                state = "submitted" if r < 0.005 else "refused"
                received = due = due_original = None
                closed = submitted + 3600 if state == "refused" else None
            else:
                r = R()
                if r < 0.03:
                    extended = "t"
                    due += 5 * 86400
                if R() < 0.02:
                    supplements = 2
                # open: most of the last month's dossiers, a few older ones left behind
                if R() >= (0.6 if day >= DAYS - 30 else 0.02):  # ended: 8% late in all
                    late = R() < 0.075
                    span = due - received
                    took = span + 3600 + rng.randrange(span) if late else 3600 + rng.randrange(span)  # fmt: skip
                    finished = min(received + took, self.now_s - 3600)
                    state = "returned" if R() < 0.85 else "result_issued"
                    if state == "returned":
                        closed = min(finished + rng.randrange(259200), self.now_s - 60)
                else:  # open
                    state = "supplement_requested" if R() < 0.3 else "in_process"
                    if state == "supplement_requested":
                        paused = received + rng.randrange(max(1, min(limit, self.now_s - received)))
                        supplements = max(supplements, 1)
            code = f"H{province}.{unit}-{self.ymd[(received or submitted) // 86400 + 3]}-{pk:08d}"
            # events: submitted, receive, supplement requests, end
            chain: list[tuple[str, str, str, int]] = [("submitted", "draft", "submitted", submitted)]  # fmt: skip
            if state == "refused":
                chain.append(("refuse", "submitted", "refused", closed))
            elif received is not None:
                chain.append(("receive", "submitted", "received", received))
                step = (limit // 3) or 1
                for k in range(supplements):
                    at = received + (k + 1) * step // 2
                    chain.append(("request_supplement", "in_process", "supplement_requested", at))
                if state == "returned":
                    chain.append(("return_result", "awaiting_pickup", "returned", closed))
                elif finished is not None:
                    chain.append(("issue_result", "in_process", "result_issued", finished))
            prev = GENESIS
            for seq, (kind, src, dst, at) in enumerate(chain, start=1):
                digest = hexes[h : h + 64]
                h += 64
                events.append(
                    f"{eid}\t{seq}\t{kind}\t{src}\t{dst}\t\t{ts(at)}\t{{}}\t{prev}\t{digest}"
                    f"\t\\N\t{pk}\t{unit}\n"
                )
                prev = digest
                eid += 1
            last_at = chain[-1][3]
            dossiers.append(
                "\t".join(
                    (
                        str(pk),
                        code,
                        hexes[h : h + 64],
                        state,
                        channel,
                        f"{pk * 7919 % 10**12:012d}",
                        NAMES[pk % len(NAMES)],
                        f"{1950 + pk % 55}-{1 + pk % 12:02d}-{1 + pk % 28:02d}",
                        ADDRESSES[pk % len(ADDRESSES)],
                        "",
                        "",
                        "t" if R() < 0.4 else "f",
                        "{}",
                        ts(submitted),
                        n(received),
                        n(due),
                        n(due_original),
                        extended,
                        n(paused),
                        str(supplements),
                        n(finished),
                        n(closed),
                        "\\N",
                        str(len(chain)),
                        ts(submitted),
                        ts(last_at),
                        "\\N",
                        "\\N",
                        unit,
                        unit,
                        str(procedure),
                        "\\N",
                        unit,
                        prev,
                        str(len(chain)),
                        "\\N",
                    )
                )
                + "\n"
            )
            h += 64
        return "".join(dossiers), "".join(events), eid


# ---------------------------------------------------------------------------- load


def _schema(conn) -> tuple[list[str], list[tuple[str, str, str]], list[str]]:
    """The two tables' secondary indexes (CREATE statements), unique and foreign-key
    constraints (table, name, definition), and the DROP statements that remove them."""
    indexes, constraints, drops = [], [], []
    for table, name, definition in conn.execute(
        "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint "
        "WHERE conrelid = ANY(%s::regclass[]) AND contype IN ('u', 'f')",
        [list(TABLES)],
    ):
        constraints.append((table, name, definition))
        drops.append(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
    for name, definition in conn.execute(
        "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = ANY(%s) AND indexname NOT IN "
        "(SELECT conname FROM pg_constraint WHERE contype IN ('p', 'u'))",
        [list(TABLES)],
    ):
        indexes.append(definition)
        drops.append(f'DROP INDEX "{name}"')
    return indexes, constraints, drops


def load(dsn: str, n: int, log) -> dict:
    """Fill the two tables with ``n`` dossiers and their events; returns timings."""
    import psycopg
    from psycopg.copy import QueuedLibpqWriter

    out: dict = {}
    with psycopg.connect(dsn, autocommit=True) as conn:
        units = conn.execute("SELECT code, level, parent_id FROM org_administrativeunit").fetchall()
        procedures = {
            "commune": [r[0] for r in conn.execute(
                "SELECT id FROM catalog_procedure WHERE level_commune ORDER BY id")],
            "province": [r[0] for r in conn.execute(
                "SELECT id FROM catalog_procedure WHERE level_province AND NOT level_commune "
                "ORDER BY id")],
        }  # fmt: skip
        today = conn.execute("SELECT (now() AT TIME ZONE 'Asia/Ho_Chi_Minh')::date").fetchone()[0]
        indexes, constraints, drops = _schema(conn)
        for statement in drops:
            conn.execute(statement)
    gen = Generator(units, procedures, today)
    out["units"] = len(units)
    out["procedures"] = {k: len(v) for k, v in gen.procedures.items()}

    t0 = time.perf_counter()
    conns = [psycopg.connect(dsn) for _ in TABLES]
    try:
        for conn in conns:
            conn.execute("SET synchronous_commit = off")
        conns[0].execute("TRUNCATE dossiers_dossier CASCADE")
        conns[1].execute("TRUNCATE dossiers_dossierevent CASCADE")
        with conns[0].cursor() as c0, conns[1].cursor() as c1:
            copy_d = c0.copy(f"COPY dossiers_dossier ({', '.join(DOSSIER_COLUMNS)}) FROM STDIN "
                             "WITH (FREEZE)", writer=QueuedLibpqWriter(c0))  # fmt: skip
            copy_e = c1.copy(f"COPY dossiers_dossierevent ({', '.join(EVENT_COLUMNS)}) FROM "
                             "STDIN WITH (FREEZE)", writer=QueuedLibpqWriter(c1))  # fmt: skip
            with copy_d as cd, copy_e as ce:
                pk, eid, chunk, step = 1, 1, 5000, max(1, n // 10)
                mark = step
                while pk <= n:
                    count = min(chunk, n - pk + 1)
                    drows, erows, eid = gen.rows(pk, count, eid)
                    cd.write(drows)
                    ce.write(erows)
                    pk += count
                    if pk > mark:
                        log(f"  generated {pk - 1:,} dossiers, {eid - 1:,} events "
                            f"({time.perf_counter() - t0:.0f} s)")  # fmt: skip
                        mark += step
        for conn in conns:
            conn.commit()
    finally:
        for conn in conns:
            conn.close()
    out["events"] = eid - 1
    out["copy_s"] = time.perf_counter() - t0
    log(f"  COPY done in {out['copy_s']:.0f} s; indexes and constraints …")

    t1 = time.perf_counter()
    # Two connections build the indexes (and unique constraints, which build one) side by
    # side; the foreign keys come after, NOT VALID (the generator only used existing keys).
    jobs = [*indexes] + [f'ALTER TABLE {t} ADD CONSTRAINT "{c}" {d}' for t, c, d in constraints
                         if not d.startswith("FOREIGN KEY")]  # fmt: skip
    queue = sorted(jobs, key=lambda s: "dossierevent" in s)  # popped from the end
    errors: list[BaseException] = []

    def work() -> None:
        try:
            with psycopg.connect(dsn, autocommit=True) as conn:
                conn.execute("SET maintenance_work_mem = '512MB'")
                conn.execute("SET max_parallel_maintenance_workers = 0")
                while queue:
                    try:
                        statement = queue.pop()
                    except IndexError:
                        return
                    conn.execute(statement)
        except BaseException as exc:
            errors.append(exc)

    workers = [threading.Thread(target=work) for _ in range(2)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    if errors:
        raise errors[0]
    out["index_s"] = time.perf_counter() - t1
    with psycopg.connect(dsn, autocommit=True) as conn:
        for table, name, definition in constraints:
            if definition.startswith("FOREIGN KEY"):
                conn.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition} NOT VALID')
        for table in TABLES:
            conn.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT COALESCE(MAX(id), 1) FROM {table}))"
            )
        t2 = time.perf_counter()
        conn.execute(f"VACUUM (ANALYZE) {', '.join(TABLES)}")
        out["vacuum_s"] = time.perf_counter() - t2
        after = _schema(conn)
        valid = [(t, c, d.removesuffix(" NOT VALID")) for t, c, d in after[1]]
        out["schema_same"] = (sorted(after[0]) == sorted(indexes)
                              and sorted(valid) == sorted(constraints))  # fmt: skip
        out["db_bytes_loaded"] = conn.execute("SELECT pg_database_size(current_database())").fetchone()[0]  # fmt: skip
    out["load_s"] = time.perf_counter() - t0
    return out


# ---------------------------------------------------------------------------- child


def periods(today: dt.date, rng: random.Random) -> list[tuple[dt.date, dt.date, dt.date]]:
    """20 periods inside the two years of data: months, quarters, years and free ranges, as
    of today (about half) or of a day inside the period."""
    first = today - dt.timedelta(days=DAYS)
    out = []
    kinds = ["month"] * 6 + ["quarter"] * 5 + ["year"] * 3 + ["range"] * 6
    rng.shuffle(kinds)
    for kind in kinds:
        if kind == "range":
            length = rng.randrange(7, 400)
            start = first + dt.timedelta(days=rng.randrange(DAYS - length))
            end = start + dt.timedelta(days=length)
        else:
            months = {"month": 1, "quarter": 3, "year": 12}[kind]
            while True:
                year = rng.choice([today.year - 2, today.year - 1, today.year])
                month = 1 if months == 12 else rng.randrange(1, 13, months)
                start = dt.date(year, month, 1)
                end_month = month + months
                end = dt.date(year + (end_month - 1) // 12, (end_month - 1) % 12 + 1, 1)
                end -= dt.timedelta(days=1)
                if start >= first and start < today:
                    break
        as_of = today
        if rng.random() < 0.5:
            last = min(end, today)
            as_of = start + dt.timedelta(days=rng.randrange((last - start).days + 1))
        out.append((start, end, as_of))
    return out


def child_measure(args: argparse.Namespace) -> dict:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motcua.conf.base")
    import django

    django.setup()
    from django.db import connection

    from motcua.indicators import rollup, selectors
    from motcua.indicators.models import UnitDailyRollup
    from motcua.indicators.periods import Period
    from motcua.org.models import AdministrativeUnit

    out: dict = {}
    t0 = time.perf_counter()
    out["cohort"] = rollup.rebuild(sql=True)
    out["rebuild_s"] = time.perf_counter() - t0
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")  # as autovacuum would, after a bulk write
        cursor.execute("SELECT pg_database_size(current_database())")
        out["db_bytes_rebuilt"] = cursor.fetchone()[0]
        cursor.execute("SELECT (now() AT TIME ZONE 'Asia/Ho_Chi_Minh')::date")
        today = cursor.fetchone()[0]
        cursor.execute("SELECT count(*) FROM indicators_unitdailyrollup")
        out["unit_daily_rows"] = cursor.fetchone()[0]
        cursor.execute("SELECT count(*) FROM indicators_dailyrollup")
        out["daily_rows"] = cursor.fetchone()[0]

    rng = random.Random(SEED + 1)
    chosen = periods(today, rng)
    communes = list(AdministrativeUnit.objects.filter(level="commune").values_list("code", "parent_id"))  # fmt: skip
    by_length = sorted(range(MEASURES), key=lambda i: (chosen[i][1] - chosen[i][0]).days)
    scan_at = set(by_length[MEASURES // 2 - 1 : MEASURES // 2 - 1 + SCAN_MEASURES])
    runs, problems = [], []

    def unit_sums(unit: str, first: dt.date, last: dt.date) -> tuple[int, int]:
        row = UnitDailyRollup.objects.filter(unit=unit, day__gte=first, day__lte=last)
        from django.db.models import Sum

        agg = row.aggregate(r=Sum("received"), e=Sum("ended"))
        return agg["r"] or 0, agg["e"] or 0

    for i, (start, end, as_of) in enumerate(chosen):
        period = Period(start=start, end=end, as_of=as_of)
        last = min(end, as_of)
        unit, province = communes[rng.randrange(len(communes))]
        before = unit_sums(unit, start, last)
        province_before = selectors_province_received(province, start, last)
        ended_one = write_new(unit, province, start, last, rng)
        t = time.perf_counter()
        cards = selectors.scorecards(units=AdministrativeUnit.objects.all(), period=period,
                                     source="rollup")  # fmt: skip
        seconds = time.perf_counter() - t
        card = {c.key: c for c in cards}
        got = (card[unit].received, card[unit].counts["2.1"][1])
        after = unit_sums(unit, start, last)
        expect_ended = before[1] + (1 if ended_one else 0)
        ok = (
            got[0] == before[0] + NEW_DOSSIERS and after[1] == expect_ended
            and card[province].received == province_before + NEW_DOSSIERS
            and len(cards) == len(communes) + 34
        )  # fmt: skip
        if not ok:
            problems.append(
                f"period {i}: {unit} received {before[0]}→{got[0]}, ended {before[1]}→{after[1]} "
                f"(expected +{NEW_DOSSIERS}, +{int(ended_one)}); province {province} "
                f"{province_before}→{card[province].received}"
            )
        run = {
            "start": start.isoformat(), "end": end.isoformat(), "as_of": as_of.isoformat(),
            "days": (last - start).days + 1, "rollup_s": seconds, "unit": unit,
            "received": card[unit].received, "ended_up": ended_one, "ok": ok,
            "total_received": sum(c.received for c in cards if c.level == "province"),
        }  # fmt: skip
        if i in scan_at:
            t = time.perf_counter()
            scanned = selectors.scorecards(units=AdministrativeUnit.objects.all(), period=period,
                                           source="scan")  # fmt: skip
            run["scan_s"] = time.perf_counter() - t
            same = {c.key: c.counts for c in scanned} == {c.key: c.counts for c in cards}
            run["scan_same"] = same
            if not same:
                diff = [c.key for c in scanned if c.counts != card[c.key].counts]
                problems.append(f"period {i}: scan and roll-ups differ for {len(diff)} units, "
                                f"e.g. {diff[:3]}")  # fmt: skip
        runs.append(run)
        print(json.dumps(run), flush=True)

    # EXPLAIN ANALYZE of the commune read over the longest period, for the record.
    start, end, as_of = chosen[by_length[-1]]
    out["explain"] = explain_rollup(start, min(end, as_of))
    out["runs"] = runs
    out["problems"] = problems
    return out


def selectors_province_received(province: str, first: dt.date, last: dt.date) -> int:
    from django.db.models import Sum

    from motcua.indicators.models import UnitDailyRollup

    rows = UnitDailyRollup.objects.filter(province=province, day__gte=first, day__lte=last)
    return rows.aggregate(r=Sum("received"))["r"] or 0


def write_new(unit: str, province: str, first: dt.date, last: dt.date, rng: random.Random) -> bool:
    """Plain SQL, as another process would write: NEW_DOSSIERS received dossiers of ``unit``
    inside the period (submitted + receive events), and the result of one of its open
    dossiers received in the period (an issue_result event). Returns whether one was open."""
    from django.db import connection, transaction

    def h() -> str:
        return secrets.token_hex(32)

    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT procedure_id FROM dossiers_dossier WHERE competent_unit_id = %s LIMIT 1", [unit]
        )
        row = cursor.fetchone()
        if row is None:  # a commune without dossiers (small runs)
            cursor.execute("SELECT id FROM catalog_procedure WHERE level_commune LIMIT 1")
            row = cursor.fetchone()
        procedure = row[0]
        for _ in range(NEW_DOSSIERS):
            day = first + dt.timedelta(days=rng.randrange((last - first).days + 1))
            received = dt.datetime.combine(day, dt.time(10, rng.randrange(60)),
                                           tzinfo=dt.timezone(dt.timedelta(hours=7)))  # fmt: skip
            submitted = received - dt.timedelta(minutes=5)
            first_hash, second_hash = h(), h()
            cursor.execute(
                "INSERT INTO dossiers_dossier (code, lookup_key_hash, state, channel, "
                "applicant_id_number, applicant_name, applicant_address, applicant_phone, "
                "applicant_email, registry_used, form_data, submitted_at, received_at, due_at, "
                "due_at_original, extended, supplement_count, version, created_at, updated_at, "
                "competent_unit_id, current_unit_id, procedure_id, receiving_unit_id, "
                "event_hash, event_seq) VALUES (%s, %s, 'received', 'online', '001203004567', "
                "'Nguyễn Văn An', '', '', '', false, '{}', %s, %s, %s, %s, false, 0, 2, %s, %s, "
                "%s, %s, %s, %s, %s, 2) RETURNING id",
                [f"NEW-{secrets.token_hex(6)}", h(), submitted, received,
                 received + dt.timedelta(days=7), received + dt.timedelta(days=7), submitted,
                 received, unit, unit, procedure, unit, second_hash],
            )  # fmt: skip
            pk = cursor.fetchone()[0]
            for seq, kind, src, dst, at, prev, digest in (
                (1, "submitted", "draft", "submitted", submitted, GENESIS, first_hash),
                (2, "receive", "submitted", "received", received, first_hash, second_hash),
            ):
                cursor.execute(
                    "INSERT INTO dossiers_dossierevent (seq, kind, from_state, to_state, "
                    "actor_label, at, payload, prev_hash, hash, dossier_id, unit_id) VALUES "
                    "(%s, %s, %s, %s, '', %s, '{}', %s, %s, %s, %s)",
                    [seq, kind, src, dst, at, prev, digest, pk, unit],
                )
        cursor.execute(
            "SELECT id, event_seq, event_hash FROM dossiers_dossier WHERE competent_unit_id = %s "
            "AND state = 'in_process' AND received_at >= %s AND received_at < %s LIMIT 1 "
            "FOR UPDATE",
            [unit, dt.datetime.combine(first, dt.time(), tzinfo=dt.timezone(dt.timedelta(hours=7))),
             dt.datetime.combine(last + dt.timedelta(days=1), dt.time(),
                                 tzinfo=dt.timezone(dt.timedelta(hours=7)))],
        )  # fmt: skip
        row = cursor.fetchone()
        if row is None:
            return False
        pk, seq, prev = row
        digest = h()
        cursor.execute(
            "INSERT INTO dossiers_dossierevent (seq, kind, from_state, to_state, actor_label, at, "
            "payload, prev_hash, hash, dossier_id, unit_id) VALUES (%s, 'issue_result', "
            "'in_process', 'result_issued', '', now(), '{}', %s, %s, %s, %s)",
            [seq + 1, prev, digest, pk, unit],
        )
        cursor.execute(
            "UPDATE dossiers_dossier SET state = 'result_issued', finished_at = now(), "
            "event_seq = %s, event_hash = %s, updated_at = now() WHERE id = %s",
            [seq + 1, digest, pk],
        )
    return True


def explain_rollup(first: dt.date, last: dt.date) -> str:
    from django.db import connection

    from motcua.indicators.models import COUNTERS, UnitDailyRollup

    sums = ", ".join(f"SUM({c})" for c in COUNTERS)
    with connection.cursor() as cursor:
        cursor.execute(
            f"EXPLAIN (ANALYZE, BUFFERS) SELECT unit, SUM(n), {sums} FROM "
            f"{UnitDailyRollup._meta.db_table} WHERE day BETWEEN %s AND %s GROUP BY unit",
            [first, last],
        )
        return "\n".join(r[0] for r in cursor.fetchall())


# ---------------------------------------------------------------------------- parent


class Bench:
    def __init__(self, n: int) -> None:
        self.n = n
        self.tmp = Path(tempfile.mkdtemp(prefix="motcua-bench-scorecard-"))
        self.name = f"motcua_bench_{os.getpid()}_{secrets.token_hex(4)}"
        self.created = False
        self.running: list[subprocess.Popen] = []

    def env(self) -> dict[str, str]:
        env = dict(os.environ)
        env.update(
            DJANGO_SETTINGS_MODULE="motcua.conf.base", MOTCUA_VAR_DIR=str(self.tmp / "var"),
            MOTCUA_SECRET_KEY=secrets.token_urlsafe(50), MOTCUA_LOG_LEVEL="WARNING",
            MOTCUA_DEBUG="0", DATABASE_URL=PG_URL.format(name=self.name),
        )  # fmt: skip
        return env

    def run_process(self, argv: list[str], what: str) -> float:
        log = self.tmp / f"{what}.log"
        t0 = time.perf_counter()
        with log.open("w") as fh:
            proc = subprocess.Popen(argv, cwd=ROOT, env=self.env(), stdout=fh,
                                    stderr=subprocess.STDOUT)  # fmt: skip
        self.running.append(proc)
        rc = proc.wait()
        self.running.remove(proc)
        if rc != 0:
            tail = "\n".join(log.read_text(errors="replace").splitlines()[-30:])
            raise RuntimeError(f"{what} failed (exit {rc}):\n{tail}")
        return time.perf_counter() - t0

    def admin(self, statement: str, *params) -> list:
        import psycopg

        with psycopg.connect(PG_DSN.format(name="postgres"), autocommit=True) as conn:
            cur = conn.execute(statement, params or None)
            return cur.fetchall() if cur.description else []

    def disk_check(self) -> tuple[str, int, int]:
        try:
            where = self.admin("SHOW data_directory")[0][0]
        except Exception:  # not allowed to read it: the Debian default
            where = "/var/lib/postgresql"
        path = Path(where)
        while not path.exists() and path != path.parent:
            path = path.parent
        try:
            free = shutil.disk_usage(path).free
        except OSError:
            free = shutil.disk_usage("/var/lib/postgresql").free
        need = BYTES_FIXED + self.n * BYTES_PER_DOSSIER
        return where, free, need

    def run(self) -> dict:
        from psycopg import sql

        where, free, need = self.disk_check()
        print(f"disk: {gib(free)} free where PostgreSQL keeps its data ({where}); this run "
              f"needs about {gib(need)}", flush=True)  # fmt: skip
        if free < need:
            raise DiskShort(
                f"Not enough disk space: {self.n:,} dossiers need about {gib(need)} free in "
                f"{where}, and only {gib(free)} is free. Free some space or run fewer "
                "dossiers (BENCH_DOSSIERS=…)."
            )
        self.admin(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(self.name)).as_string())
        self.created = True
        print(f"database {self.name}: migrate, import units and catalogue …", flush=True)
        prep = sum(
            self.run_process([sys.executable, "-m", "motcua", *args], args[0])
            for args in (["migrate", "-v0"], ["import-units", "--no-progress"],
                         ["import-catalogue", "--no-progress"])
        )  # fmt: skip
        print(f"  prepared in {prep:.0f} s", flush=True)
        print(f"loading {self.n:,} dossiers …", flush=True)
        loaded = load(PG_DSN.format(name=self.name), self.n, lambda s: print(s, flush=True))
        print(
            f"  loaded {self.n:,} dossiers and {loaded['events']:,} events in "
            f"{loaded['load_s']:.0f} s (COPY {loaded['copy_s']:.0f} s, indexes and constraints "
            f"{loaded['index_s']:.0f} s, vacuum {loaded['vacuum_s']:.0f} s); database "
            f"{gib(loaded['db_bytes_loaded'])}; schema as migrated: {loaded['schema_same']}",
            flush=True,
        )
        print("rebuilding the roll-ups, then 20 scorecards …", flush=True)
        out = self.tmp / "measure.json"
        argv = [sys.executable, __file__, "--child", "measure", "--out", str(out)]
        log = self.tmp / "measure.log"
        with log.open("w") as fh:
            proc = subprocess.Popen(argv, cwd=ROOT, env=self.env(), stdout=subprocess.PIPE,
                                    stderr=fh, text=True)  # fmt: skip
            self.running.append(proc)
            for line in proc.stdout:
                try:
                    run = json.loads(line)
                except ValueError:
                    print("  " + line.rstrip(), flush=True)
                    continue
                scan = f", scan {run['scan_s']:.2f} s" if "scan_s" in run else ""
                print(f"  {run['start']} – {run['end']} as of {run['as_of']} ({run['days']} days): "
                      f"roll-ups {run['rollup_s']:.3f} s{scan}; {run['total_received']:,} "
                      f"received; {run['unit']} {run['received']} "
                      f"{'OK' if run['ok'] else 'WRONG'}", flush=True)  # fmt: skip
            rc = proc.wait()
            self.running.remove(proc)
        if rc != 0:
            tail = "\n".join(log.read_text(errors="replace").splitlines()[-30:])
            raise RuntimeError(f"measure failed (exit {rc}):\n{tail}")
        measured = json.loads(out.read_text())
        _, free_after, _ = self.disk_check()
        return {"load": loaded, "measure": measured, "free_before": free, "free_after": free_after}

    def cleanup(self) -> None:
        for proc in list(self.running):
            proc.kill()
            proc.wait()
        if self.created:
            from psycopg import sql

            try:
                self.admin(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)")
                           .format(sql.Identifier(self.name)).as_string())  # fmt: skip
                self.created = False
            except Exception as exc:
                print(f"warning: could not drop database {self.name}: {exc}", file=sys.stderr)
        shutil.rmtree(self.tmp, ignore_errors=True)


class DiskShort(Exception):
    pass


def report(n: int, results: dict) -> int:
    loaded, m = results["load"], results["measure"]
    runs = m["runs"]
    rollup = [r["rollup_s"] for r in runs]
    scans = [r for r in runs if "scan_s" in r]
    rollup_s = statistics.median(rollup)
    scan_s = statistics.median(r["scan_s"] for r in scans)
    paired = statistics.median(r["scan_s"] / r["rollup_s"] for r in scans)
    print(f"\nrebuild (in-database) of {m['cohort']:,} received dossiers: {m['rebuild_s']:.0f} s; "
          f"{m['unit_daily_rows']:,} unit-day rows, {m['daily_rows']:,} unit-procedure-day rows; "
          f"database {gib(m['db_bytes_rebuilt'])}")  # fmt: skip
    print(f"scorecard of all {loaded['units']:,} units from roll-ups (after new writes, 20 "
          f"periods): median {rollup_s:.3f} s, p95 {percentile(rollup, 95):.3f} s, "
          f"max {max(rollup):.3f} s")  # fmt: skip
    print(f"from scratch (scan), on the {len(scans)} periods of middle length only (it is slow): "
          f"median {scan_s:.2f} s; ratio scan ÷ roll-ups {scan_s / rollup_s:.1f} "
          f"(paired on those periods: {paired:.1f}); scan and roll-ups agree on every unit: "
          f"{all(r['scan_same'] for r in scans)}")  # fmt: skip
    print("\nEXPLAIN ANALYZE, commune sums over the longest period:\n" + m["explain"])
    problems = list(m["problems"])
    if not loaded["schema_same"]:
        problems.append("indexes or constraints differ from the migrated schema after the load")
    if problems:
        print("CHECK FAILED:\n  " + "\n  ".join(problems))
    values = {
        "dossiers": n, "rollup_s": f"{rollup_s:.3f}", "scan_s": f"{scan_s:.2f}",
        "ratio": f"{scan_s / rollup_s:.1f}", "rollup_p95_s": f"{percentile(rollup, 95):.3f}",
        "ratio_paired": f"{paired:.1f}", "events": loaded["events"],
        "load_s": f"{loaded['load_s']:.0f}", "rebuild_s": f"{m['rebuild_s']:.0f}",
        "db_gb": f"{m['db_bytes_rebuilt'] / 1024**3:.1f}", "checks_ok": int(not problems),
    }  # fmt: skip
    print("RESULT " + " ".join(f"{k}={v}" for k, v in values.items()), flush=True)
    return 1 if problems else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--child", choices=["measure"], help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        data = child_measure(args)
        Path(args.out).write_text(json.dumps(data, default=str))
        return 0
    n = int(os.environ.get("BENCH_DOSSIERS", DEFAULT_DOSSIERS))
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    started = time.perf_counter()
    bench = Bench(n)
    try:
        results = bench.run()
    except DiskShort as exc:
        print(exc, file=sys.stderr)
        return 2
    finally:
        bench.cleanup()
    print(f"(total run time {time.perf_counter() - started:.0f} s)")
    return report(n, results)


if __name__ == "__main__":
    sys.exit(main())
