"""Dossier intake throughput on PostgreSQL: motcua's services against the same writes in raw SQL.

Run from the repository root, with no arguments:

    .venv/bin/python bench/intake.py

One intake is one counter dossier submitted and received, as the desk does it:
``dossier_submit(...)`` then ``dossier_act(dossier_id=…, name="receive", actor=clerk)``, two
transactions. The baseline issues the same statements, in the same order and the same two
transactions, with psycopg 3 alone; only the way they are built differs (motcua's go through
Django's connection and its model fields, partly through the ORM; the baseline's are written
out once):

* submit: the clerk's membership (EXISTS); the receiving unit's one-stop agency; INSERT
  dossier … RETURNING id; INSERT event … RETURNING id; UPDATE the dossier's chain head
  (event_seq, event_hash);
* receive: SELECT dossier (joined to its procedure, its agency and the procedure's active
  process version, with its chain head) FOR UPDATE OF the dossier; the clerk's membership
  again; code sequence upsert … RETURNING; the calendar's fingerprint (row count and last
  change of the overrides, ``workdays.selectors._version``); INSERT event … RETURNING id;
  UPDATE dossier (code, lookup key hash, state, received_at, due_at, due_at_original, chain
  head, version, updated_at); INSERT the first process step (``DossierStep``, upsert on
  dossier and position) … RETURNING id.

It computes the event hashes as ``motcua.dossiers.events`` does (its canonical JSON copied
here), the lookup key hash with the same HMAC and secret, the due time with the same pure
calculator (``motcua.dossiers.deadlines.compute_deadline``) and the step's due time with
``motcua.processes.timing.step_due``. Like motcua it keeps the calendar in memory and rebuilds
it when the fingerprint changes, and keeps a process version's steps by (version id,
updated_at). Its connections have Django's settings: same database URL, prepared statements
off (Django's default, ``prepare_threshold=None``), explicit transactions; but psycopg's
default server-side parameter binding, where Django binds on the client (``ClientCursor``).
``--show-sql`` prints both paths' statements side by side; the report checks that they are
the same kind on the same table, one for one.

The parent process never configures Django. It creates a temporary directory
(MOTCUA_VAR_DIR) and a uniquely named PostgreSQL database on 127.0.0.1:5432 (user postgres,
trust auth), prepares it with ``python -m motcua migrate``, ``import-units`` and
``import-catalogue``, then re-invokes this script with a hidden ``--child`` flag: ``setup``
(province 51 provisioned, a clerk of its first commune, the commune procedure 1.001612),
(and the procedure's default process version, which the first intake would otherwise
generate), ``measure`` with one thread, ``measure`` with two threads (each thread its own
connections), and ``check`` (row counts per path, every dossier received with its open first
step, code counters gapless, ``events.verify()`` over the whole log, which re-hashes the
baseline's events with motcua's own code, and a field-by-field comparison of one dossier, its
events and its steps from each path).

``measure`` runs both paths in one process, in alternating blocks (motcua, raw, raw, motcua,
…; a CHECKPOINT before each block), so that both see the same machine load; the raw path
uses nothing of Django or motcua but the pure calculators. Each thread warms up both paths
first (untimed). Besides wall time, each block records the CPU time of the Python thread
and of the PostgreSQL backend serving it (from /proc: the server runs on this machine), which
other load on the machine disturbs much less. The database and the temporary directory are
removed even on failure or SIGTERM.

The last line printed is ``RESULT motcua_per_s=… raw_per_s=… ratio=…`` (one thread; ratio =
motcua ÷ raw, target ≥ 0.5), then extra keys: two threads, N, queries per intake, whether
every check passed (including the statement lists), and CPU per intake.
``--profile`` adds a cProfile of the one-thread motcua blocks (slower; not for the numbers).
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import hmac
import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PG_DSN = "host=127.0.0.1 port=5432 user=postgres dbname=postgres"
PG_URL = "postgres://postgres@127.0.0.1:5432/{name}"
PROVINCE = "51"
PROCEDURE = "1.001612"  # household business registration: commune level, 3 working days
CLERK = "bench-clerk"
APPLICANT_NAME, APPLICANT_ID = "Nguyễn Văn An", "001203004567"
WARMUP = 50  # untimed intakes per run (and per thread)
CAPTURE = 5  # intakes whose queries are counted (untimed)
TARGET_S = 30.0  # N is sized so the one-thread motcua run takes about this long
N_MIN, N_MAX = 600, 2000
BLOCKS = 4  # per path, alternating: motcua, raw, raw, motcua, motcua, raw, …
GENESIS = "0" * 64


# ---------------------------------------------------------------------------- helpers


def percentile(values: list[float], p: float) -> float:
    """Linear interpolation between closest ranks (numpy's default method)."""
    ordered = sorted(values)
    if not ordered:
        return 0.0
    k = (len(ordered) - 1) * p / 100
    lo = int(k)
    hi = min(lo + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def size_n(seconds_per_intake: float) -> int:
    n = round(TARGET_S / seconds_per_intake / 200) * 200  # whole blocks for 1 or 2 threads
    return max(N_MIN, min(N_MAX, n))


def process_cpu(pid: int | None) -> float | None:
    """User + system CPU seconds of a local process, or None where /proc cannot tell."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError, TypeError):
        return None


class Crew:
    """``threads`` threads that keep their own workers (and so connections) for every block.

    ``factories`` maps a path name to a function, called in the thread, that returns
    ``(intake, close, backend_pid)``: ``intake()`` makes one intake and returns the dossier
    id; ``backend_pid()`` is the PostgreSQL process serving the worker's connection, whose
    CPU time is read from /proc (the server runs on this machine) around each block.
    """

    def __init__(self, threads: int, factories: dict, profile: str | None = None) -> None:
        self.threads = threads
        self.ready = threading.Barrier(threads + 1)
        self.go = threading.Barrier(threads + 1)
        self.done = threading.Barrier(threads + 1)
        self.job: tuple[str | None, int] = (None, 0)
        self.out: list[tuple] = [([], [], 0.0, None)] * threads
        self.warm_ms: list[dict[str, float]] = [{} for _ in range(threads)]
        self.errors: list[BaseException] = []
        self.profile_path = profile
        self.profiler = None
        if profile:
            import cProfile

            self.profiler = cProfile.Profile()
        self.workers = [
            threading.Thread(target=self._body, args=(i, factories), daemon=True)
            for i in range(threads)
        ]
        for worker in self.workers:
            worker.start()

    def _body(self, slot: int, factories: dict) -> None:
        closers, intakes, pids = [], {}, {}
        try:
            for name, factory in factories.items():
                intake, close, backend_pid = factory()
                closers.append(close)
                t0 = time.perf_counter()
                for _ in range(WARMUP):
                    intake()
                self.warm_ms[slot][name] = (time.perf_counter() - t0) * 1000 / WARMUP
                intakes[name], pids[name] = intake, backend_pid()
        except BaseException as exc:  # re-raised by the main thread
            self.errors.append(exc)
        try:
            self.ready.wait()
            while True:
                self.go.wait()
                name, count = self.job
                if name is None:
                    break
                ms: list[float] = []
                ids: list[int] = []
                profiler = self.profiler if name == self.profile_path else None
                cpu, server = time.thread_time(), None
                try:
                    intake, server = intakes[name], process_cpu(pids[name])
                    if profiler is not None:
                        profiler.enable()
                    for _ in range(count):
                        t0 = time.perf_counter()
                        ids.append(intake())
                        ms.append((time.perf_counter() - t0) * 1000)
                except BaseException as exc:
                    self.errors.append(exc)
                finally:
                    if profiler is not None:
                        profiler.disable()
                cpu = time.thread_time() - cpu
                after = process_cpu(pids.get(name))
                server = after - server if server is not None and after is not None else None
                self.out[slot] = (ms, ids, cpu, server)
                self.done.wait()
        except threading.BrokenBarrierError:
            pass
        finally:
            for close in closers:
                close()

    def run(self, name: str, count: int) -> dict:
        """``count`` intakes of path ``name``, shared by the threads; wall time from the
        moment they all start to the moment the last one ends."""
        self.job = (name, count // self.threads)
        self.go.wait()
        t0 = time.perf_counter()
        self.done.wait()
        wall = time.perf_counter() - t0
        if self.errors:
            raise self.errors[0]
        ms = [m for out in self.out for m in out[0]]
        ids = [i for out in self.out for i in out[1]]
        servers = [out[3] for out in self.out]
        return {
            "seconds": wall, "ms": ms, "ids": [min(ids), max(ids)], "count": len(ids),
            "client_cpu": sum(out[2] for out in self.out),
            "server_cpu": None if None in servers else sum(servers),
        }  # fmt: skip

    def stop(self) -> None:
        self.job = (None, 0)
        try:
            self.go.wait(timeout=60)
        except threading.BrokenBarrierError:
            pass
        for worker in self.workers:
            worker.join(timeout=60)


# ---------------------------------------------------------------------------- children


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motcua.conf.base")
    import django

    django.setup()


def child_setup(args: argparse.Namespace) -> dict:
    """Province 51 provisioned, a clerk of its first commune, the procedure to file."""
    _setup_django()
    from motcua.catalog.models import Procedure
    from motcua.core.models import User
    from motcua.dossiers import lifecycle
    from motcua.dossiers.services import competent_unit_for
    from motcua.org.constants import AgencyKind, Level, Role
    from motcua.org.models import AdministrativeUnit, Agency
    from motcua.org.services import membership_grant, province_provision
    from motcua.processes.services import default_version_ensure

    province_provision(PROVINCE)
    commune = (
        AdministrativeUnit.objects.filter(parent_id=PROVINCE, level=Level.COMMUNE)
        .order_by("code")
        .first()
    )
    clerk = User.objects.create_user(CLERK)
    membership_grant(user=clerk, role=Role.CLERK, unit=commune)
    procedure = Procedure.objects.get(code=PROCEDURE)
    if procedure.time_limit_value is None or not procedure.level_commune:
        raise RuntimeError(f"{PROCEDURE} is no longer a commune procedure with a time limit")
    agency = Agency.objects.filter(  # the lookup dossier_submit makes
        unit=commune, kind__in=[AgencyKind.COMMUNE_CENTRE, AgencyKind.PROVINCE_CENTRE]
    ).first()
    # The process version the first intake would generate, made here so that neither timed
    # path pays for it.
    version = default_version_ensure(procedure)
    receive = lifecycle.TRANSITIONS["receive"]
    receive_unit = lifecycle.acting_unit(receive, receiving_unit=commune.code,
                                         current_unit=commune.code)  # fmt: skip
    return {
        "commune": commune.code,
        "commune_name": str(commune),
        "province": PROVINCE,
        "competent": competent_unit_for(procedure, commune).code,
        "agency_id": agency.pk if agency else None,
        "agency_code": agency.code if agency else "",
        "clerk_id": clerk.pk,
        "actor_label": str(clerk),
        "procedure_id": procedure.pk,
        "procedure": procedure.code,
        "time_limit": f"{procedure.time_limit_value} {procedure.time_limit_unit}",
        "process_version": version.pk,
        "desk_roles": list(lifecycle.DESK),  # the roles dossier_submit asks for
        "receive_roles": list(receive.roles),
        "receive_unit": receive_unit,
    }


def motcua_factory(fixture: dict):
    """Intakes through motcua's services (Django configured)."""
    from django.db import connection, connections

    from motcua.catalog.models import Procedure
    from motcua.core.models import User
    from motcua.dossiers.constants import Channel
    from motcua.dossiers.services import Applicant, dossier_act, dossier_submit
    from motcua.org.models import AdministrativeUnit

    applicant = Applicant(name=APPLICANT_NAME, id_number=APPLICANT_ID)

    def make_worker():
        # Loaded once per thread, as a view would load them once per request (untimed).
        clerk = User.objects.get(pk=fixture["clerk_id"])
        commune = AdministrativeUnit.objects.get(code=fixture["commune"])
        procedure = Procedure.objects.get(pk=fixture["procedure_id"])

        def intake() -> int:
            dossier = dossier_submit(
                procedure=procedure, channel=Channel.COUNTER, receiving_unit=commune,
                applicant=applicant, actor=clerk,
            )  # fmt: skip
            dossier_act(dossier_id=dossier.pk, name="receive", actor=clerk)
            return dossier.pk

        def backend_pid() -> int:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_backend_pid()")
                return cursor.fetchone()[0]

        return intake, connections.close_all, backend_pid

    return make_worker


def motcua_queries(make_worker) -> dict:
    """The statements of a few intakes, on this thread's connection."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    intake, _close, _pid = make_worker()
    for _ in range(CAPTURE):
        intake()
    with CaptureQueriesContext(connection) as captured:
        for _ in range(CAPTURE):
            intake()
    sql = [q["sql"] for q in captured.captured_queries]
    control = {"BEGIN", "COMMIT", "ROLLBACK"}
    statements = [q for q in sql if q.split(None, 1)[0].upper() not in control]
    return {
        "statements_per_intake": len(statements) / CAPTURE,
        "round_trips_per_intake": len(sql) / CAPTURE,
        "statements": statements[: len(statements) // CAPTURE],
    }


# The raw-SQL baseline: psycopg 3, and of motcua only its pure calculators. The statements
# are motcua's (``--show-sql`` prints both lists), in the same order and transactions.

RAW_MEMBERSHIP = """
SELECT 1 FROM org_membership m WHERE m.user_id = %(user)s AND m.valid_from <= %(today)s
AND (m.valid_to IS NULL OR m.valid_to >= %(today)s) AND m.role IN ({roles})
AND (m.unit_id = %(unit)s OR (m.includes_communes AND m.unit_id =
    (SELECT u.parent_id FROM org_administrativeunit u WHERE u.code = %(unit)s)))
LIMIT 1"""
RAW_AGENCY = """
SELECT id, code, code_is_demo, name, kind, unit_id, parent_id, valid_from, valid_to
FROM org_agency WHERE kind IN ('commune_centre', 'province_centre') AND unit_id = %s
ORDER BY unit_id, kind, name LIMIT 1"""
RAW_INSERT_DOSSIER = """
INSERT INTO dossiers_dossier (
    code, lookup_key_hash, procedure_id, state, channel, receiving_unit_id, receiving_agency_id,
    competent_unit_id, current_unit_id, applicant_id_number, applicant_name, applicant_birth_date,
    applicant_address, applicant_phone, applicant_email, citizen_id, registry_used,
    assisted_by_id, form_data, form_version_id, submitted_at, received_at, due_at,
    due_at_original, extended, paused_at, supplement_count, finished_at, closed_at,
    idempotency_key, event_seq, event_hash, version, created_at, updated_at
) VALUES (
    NULL, '', %(procedure)s, 'submitted', 'counter', %(unit)s, %(agency)s,
    %(competent)s, %(unit)s, %(id_number)s, %(name)s, NULL,
    '', '', '', NULL, false,
    NULL, %(form)s, NULL, %(at)s, NULL, NULL,
    NULL, false, NULL, 0, NULL, NULL,
    NULL, 0, '', 0, %(at)s, %(at)s
) RETURNING id"""
RAW_HEAD = "UPDATE dossiers_dossier SET event_seq = %s, event_hash = %s WHERE id = %s"
RAW_INSERT_EVENT = """
INSERT INTO dossiers_dossierevent (
    dossier_id, seq, kind, from_state, to_state, actor_id, actor_label, unit_id, at, payload,
    prev_hash, hash
) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s) RETURNING id"""
# motcua reads every column of the dossier, and some of the procedure and agency: so does this.
RAW_LOCK = """
SELECT d.id, d.code, d.lookup_key_hash, d.procedure_id, d.state, d.channel,
       d.receiving_unit_id, d.receiving_agency_id, d.competent_unit_id, d.current_unit_id,
       d.applicant_id_number, d.applicant_name, d.applicant_birth_date, d.applicant_address,
       d.applicant_phone, d.applicant_email, d.citizen_id, d.registry_used, d.assisted_by_id,
       d.form_data, d.form_version_id, d.submitted_at, d.received_at, d.due_at,
       d.due_at_original, d.extended, d.paused_at, d.supplement_count, d.finished_at,
       d.closed_at, d.idempotency_key, d.event_seq, d.event_hash, d.version, d.created_at,
       d.updated_at,
       p.id, p.code, p.name, p.level_province, p.level_commune, p.time_limit_value,
       p.time_limit_unit, p.time_limit_text,
       a.id, a.code, a.name, a.kind, a.unit_id,
       v.id, v.limit_hours, v.updated_at
FROM dossiers_dossier d
JOIN catalog_procedure p ON p.id = d.procedure_id
LEFT JOIN org_agency a ON a.id = d.receiving_agency_id
LEFT JOIN processes_processversion v ON v.id = (
    SELECT w.id FROM processes_processversion w WHERE w.procedure_id = d.procedure_id
    ORDER BY w.number DESC LIMIT 1)
WHERE d.id = %s
FOR UPDATE OF d"""
RAW_SEQUENCE = """
INSERT INTO dossiers_dossiercodesequence (agency_code, day, value) VALUES (%s, %s, 1)
ON CONFLICT (agency_code, day) DO UPDATE SET value = dossiers_dossiercodesequence.value + 1
RETURNING value"""
RAW_CALENDAR_VERSION = "SELECT COUNT(id), MAX(updated_at) FROM workdays_calendarday"
RAW_CALENDAR = "SELECT date, kind FROM workdays_calendarday"
RAW_RECEIVE = """
UPDATE dossiers_dossier SET code = %s, lookup_key_hash = %s, state = 'received',
    received_at = %s, due_at = %s, due_at_original = %s, event_seq = %s, event_hash = %s,
    version = %s, updated_at = %s
WHERE id = %s"""
RAW_STEPS = """
SELECT position, name, stage, unit, role, budget_hours FROM processes_processstep
WHERE version_id = %s ORDER BY position"""
RAW_INSERT_STEP = """
INSERT INTO processes_dossierstep (
    dossier_id, version_id, position, name, stage, unit_id, role, budget_hours, started_at,
    due_at, finished_at, verdict, handed_by, taken_by
) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, NULL, '', %s, %s)
ON CONFLICT (dossier_id, position) DO UPDATE SET finished_at = EXCLUDED.finished_at,
    verdict = EXCLUDED.verdict, taken_by = EXCLUDED.taken_by, handed_by = EXCLUDED.handed_by,
    due_at = EXCLUDED.due_at, budget_hours = EXCLUDED.budget_hours
RETURNING id"""
LOCK_COLUMNS = 36  # the dossier's; then 8 of the procedure, 5 of the agency, 3 of the version


def _canonical(value: dict[str, Any]) -> bytes:
    """As ``motcua.dossiers.events._canonical`` (copied: the baseline does not import it)."""
    return json.dumps(
        value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str
    ).encode("utf-8")


def raw_event_hash(
    *, dossier_id: int, seq: int, kind: str, from_state: str, to_state: str,
    actor_id: int | None, actor_label: str, unit_id: str | None, at: dt.datetime,
    payload: dict[str, Any], prev_hash: str,
) -> str:  # fmt: skip
    """As ``motcua.dossiers.events.event_hash``; ``check`` re-verifies with the real one."""
    content = {
        "dossier": dossier_id, "seq": seq, "kind": kind, "from": from_state, "to": to_state,
        "actor": actor_id, "actor_label": actor_label, "unit": unit_id,
        "at": at.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
        "payload": payload, "prev": prev_hash,
    }  # fmt: skip
    return hashlib.sha256(_canonical(content)).hexdigest()


def raw_factory(fixture: dict):
    """The same statements in the same two transactions per intake, with psycopg 3 directly."""
    import psycopg
    from psycopg.types.json import Jsonb

    # Pure functions, no database: the calculators motcua applies.
    from motcua.dossiers.deadlines import VN_TZ, compute_deadline
    from motcua.processes.timing import step_due
    from motcua.workdays.calendar import WorkCalendar

    secret = os.environ["MOTCUA_SECRET_KEY"].encode()
    dsn = os.environ["DATABASE_URL"]
    actor, label, unit = fixture["clerk_id"], fixture["actor_label"], fixture["commune"]
    submit_params = {
        "procedure": fixture["procedure_id"], "unit": unit, "competent": fixture["competent"],
        "id_number": APPLICANT_ID, "name": APPLICANT_NAME,
    }  # fmt: skip
    # In-process caches, as motcua keeps them: the calendar by its fingerprint (checked at
    # every intake), a process version's steps by (version id, updated_at).
    calendar_cache: list = [None, None]
    membership_sql = {
        n: RAW_MEMBERSHIP.format(roles=", ".join(f"%(role{i})s" for i in range(n)))
        for n in {len(fixture["desk_roles"]), len(fixture["receive_roles"])}
    }
    steps_cache: dict[tuple, list] = {}

    def make_worker(log: list | None = None):
        # Django's settings: prepared statements off; transactions opened explicitly.
        conn = psycopg.connect(dsn, autocommit=True, prepare_threshold=None)

        def execute(query: str, params: Any = None) -> Any:
            if log is not None:
                log.append(query)
            return conn.execute(query, params)

        def may_act(roles: list[str], unit_code: str) -> None:
            today = dt.date.today()
            params = {"user": actor, "today": today, "unit": unit_code}
            params.update((f"role{i}", role) for i, role in enumerate(roles))
            if execute(membership_sql[len(roles)], params).fetchone() is None:
                raise RuntimeError("the clerk may not act for the unit")

        def calendar() -> WorkCalendar:
            version = execute(RAW_CALENDAR_VERSION).fetchone()
            if calendar_cache[0] != version:
                overrides = dict(execute(RAW_CALENDAR).fetchall())
                calendar_cache[:] = [version, WorkCalendar(overrides)]
            return calendar_cache[1]

        def steps(version_id: int, updated_at: dt.datetime) -> list:
            if (version_id, updated_at) not in steps_cache:
                steps_cache[(version_id, updated_at)] = execute(RAW_STEPS, (version_id,)).fetchall()
            return steps_cache[(version_id, updated_at)]

        def append(dossier_id, head, kind, from_state, to_state, at, payload) -> tuple:
            """Insert the event chained after ``head`` (seq, hash); return the new head."""
            seq, prev_hash = (head[0] + 1, head[1]) if head[0] else (1, GENESIS)
            digest = raw_event_hash(
                dossier_id=dossier_id, seq=seq, kind=kind, from_state=from_state,
                to_state=to_state, actor_id=actor, actor_label=label, unit_id=unit, at=at,
                payload=payload, prev_hash=prev_hash,
            )  # fmt: skip
            execute(
                RAW_INSERT_EVENT,
                (dossier_id, seq, kind, from_state, to_state, actor, label, unit, at,
                 Jsonb(payload), prev_hash, digest),
            ).fetchone()  # fmt: skip
            return seq, digest

        def intake() -> int:
            at = dt.datetime.now(dt.UTC)
            with conn.transaction():
                may_act(fixture["desk_roles"], unit)
                agency = execute(RAW_AGENCY, (unit,)).fetchone()
                dossier_id = execute(
                    RAW_INSERT_DOSSIER,
                    {**submit_params, "agency": agency[0] if agency else None,
                     "form": Jsonb({}), "at": at},
                ).fetchone()[0]  # fmt: skip
                payload = {"channel": "counter", "registry_used": False}
                head = append(dossier_id, (0, ""), "submitted", "draft", "submitted", at, payload)
                execute(RAW_HEAD, (*head, dossier_id))

            at = dt.datetime.now(dt.UTC)
            with conn.transaction():
                row = execute(RAW_LOCK, (dossier_id,)).fetchone()
                d, procedure = row[:LOCK_COLUMNS], row[LOCK_COLUMNS : LOCK_COLUMNS + 8]
                agency, version = row[LOCK_COLUMNS + 8 : LOCK_COLUMNS + 13], row[-3:]
                state, channel, version_no, head = d[4], d[5], d[33], (d[31], d[32])
                limit, limit_unit = procedure[5], procedure[6]
                if state != "submitted":
                    raise RuntimeError(f"dossier {dossier_id} is {state}, not submitted")
                may_act(fixture["receive_roles"], fixture["receive_unit"])
                day = at.astimezone(VN_TZ).date()
                agency_code = agency[1] or f"H{fixture['province']}"
                number = execute(RAW_SEQUENCE, (agency_code, day)).fetchone()[0]
                code = f"{agency_code}-{day:%y%m%d}-{number:04d}"
                key = secrets.token_hex(4).upper()
                key_hash = hmac.new(secret, f"{code}:{key}".encode(), hashlib.sha256).hexdigest()
                due = None
                if limit is not None and limit_unit:
                    due = compute_deadline(
                        received_at=at, limit=limit, unit=limit_unit, calendar=calendar(),
                        channel="online" if channel in ("online", "api") else "counter",
                    ).due_at  # fmt: skip
                payload = {
                    "code": code,
                    "due_at": due.astimezone(VN_TZ).isoformat() if due else None,
                    "form": "01",
                }
                head = append(dossier_id, head, "receive", "submitted", "received", at, payload)
                execute(
                    RAW_RECEIVE,
                    (code, key_hash, at, due, due, *head, version_no + 1,
                     dt.datetime.now(dt.UTC), dossier_id),
                )  # fmt: skip
                version_id, limit_hours, updated_at = version
                if version_id is None:
                    raise RuntimeError("no process version (setup creates it)")
                first = steps(version_id, updated_at)
                if first:
                    position, name, stage, step_unit, role, budget = first[0]
                    step_at = (
                        step_due(at, budget, calendar_cache[1]) if limit_hours is not None else None
                    )
                    execute(
                        RAW_INSERT_STEP,
                        (dossier_id, version_id, position, name, stage,
                         unit if step_unit == "receiving" else d[8], role, budget, at,
                         step_at, APPLICANT_NAME[:200], label[:200]),
                    ).fetchone()  # fmt: skip
            return dossier_id

        return intake, conn.close, lambda: conn.info.backend_pid

    return make_worker


def raw_queries(make_worker) -> list[str]:
    """The statements of one steady-state raw intake (untimed)."""
    log: list[str] = []
    intake, close, _pid = make_worker(log)
    try:
        intake()
        log.clear()
        intake()
    finally:
        close()
    control = {"BEGIN", "COMMIT", "ROLLBACK"}
    return [" ".join(q.split()) for q in log if q.split(None, 1)[0].upper() not in control]


def child_measure(args: argparse.Namespace) -> dict:
    """Both paths in alternating blocks, with ``--threads`` threads."""
    import psycopg

    _setup_django()
    fixture = json.loads(Path(args.fixture).read_text())
    factories = {"motcua": motcua_factory(fixture), "raw": raw_factory(fixture)}
    load = [os.getloadavg()[0]]
    queries = motcua_queries(factories["motcua"])  # untimed
    raw_statements = raw_queries(factories["raw"])  # untimed
    crew = Crew(args.threads, factories, profile="motcua" if args.profile else None)
    admin = psycopg.connect(os.environ["DATABASE_URL"], autocommit=True)
    count_sql = (
        "SELECT (SELECT count(*) FROM dossiers_dossier), "
        "(SELECT count(*) FROM dossiers_dossierevent)"
    )
    try:
        crew.ready.wait()  # every thread has warmed up both paths
        warm = {name: crew.warm_ms[0][name] for name in factories}
        n = args.n or size_n(warm["motcua"] / 1000)
        per_block = n // BLOCKS
        paths = {
            name: {
                "seconds": 0.0,
                "ms": [],
                "ids": [],
                "count": 0,
                "blocks": [],
                "rows": [0, 0],
                "client_cpu": 0.0,
                "server_cpu": 0.0,
            }
            for name in factories
        }
        for block in range(BLOCKS):
            for name in ("motcua", "raw") if block % 2 == 0 else ("raw", "motcua"):
                admin.execute("CHECKPOINT")
                before = admin.execute(count_sql).fetchone()
                result = crew.run(name, per_block)
                after = admin.execute(count_sql).fetchone()
                path = paths[name]
                path["seconds"] += result["seconds"]
                path["ms"] += result["ms"]
                path["ids"].append(result["ids"])
                path["count"] += result["count"]
                path["client_cpu"] += result["client_cpu"]
                if result["server_cpu"] is None or path["server_cpu"] is None:
                    path["server_cpu"] = None
                else:
                    path["server_cpu"] += result["server_cpu"]
                path["blocks"].append(result["count"] / result["seconds"])
                path["rows"][0] += after[0] - before[0]
                path["rows"][1] += after[1] - before[1]
        load.append(os.getloadavg()[0])
    finally:
        crew.stop()
        admin.close()
    profile = None
    if crew.profiler is not None:
        import io
        import pstats

        out = io.StringIO()
        stats = pstats.Stats(crew.profiler, stream=out)
        stats.sort_stats("cumulative").print_stats(40)
        stats.sort_stats("tottime").print_stats(25)
        profile = out.getvalue()
    return {
        "threads": args.threads,
        "n": n,
        "warm_ms": warm,
        "paths": paths,
        "load": load,
        "profile": profile,
        "raw_statements": raw_statements,
        **queries,
    }


def child_check(args: argparse.Namespace) -> dict:
    """Row counts per timed run, every dossier received, gapless codes, a verified log."""
    _setup_django()
    from django.db.models import Count, Q, Sum
    from django.forms.models import model_to_dict

    from motcua.dossiers import events
    from motcua.dossiers.constants import State
    from motcua.dossiers.models import Dossier, DossierCodeSequence, DossierEvent
    from motcua.processes.models import DossierStep

    fixture = json.loads(Path(args.fixture).read_text())
    ranges = json.loads(Path(args.ranges).read_text())
    runs = {}
    for label, spans in ranges.items():
        within, events_within = Q(), Q()
        for lo, hi in spans:
            within |= Q(pk__gte=lo, pk__lte=hi)
            events_within |= Q(dossier__gte=lo, dossier__lte=hi)
        steps = DossierStep.objects.filter(events_within)
        dossiers = Dossier.objects.filter(within)
        runs[label] = {
            "dossiers": dossiers.count(),
            "received": dossiers.filter(
                state=State.RECEIVED, version=1, code__isnull=False, due_at__isnull=False
            )
            .exclude(lookup_key_hash="")
            .count(),
            "events": DossierEvent.objects.filter(events_within).count(),
            "steps": steps.count(),
            "open_steps_with_due": steps.filter(
                position=1, finished_at__isnull=True, due_at__isnull=False
            ).count(),
        }
    totals = Dossier.objects.aggregate(
        n=Count("id"), received=Count("id", filter=Q(state=State.RECEIVED))
    )
    numbers = DossierCodeSequence.objects.filter(agency_code=fixture["agency_code"]).aggregate(
        total=Sum("value")
    )["total"]

    t0 = time.perf_counter()
    findings = [str(f) for f in events.verify()]
    verify_s = time.perf_counter() - t0

    varying = {"id", "code", "lookup_key_hash", "submitted_at", "received_at", "created_at",
               "updated_at", "due_at", "due_at_original"}  # fmt: skip

    def dossier_fields(pk: int) -> dict:
        d = Dossier.objects.get(pk=pk)
        return {k: v for k, v in model_to_dict(d).items() if k not in varying}

    def event_fields(pk: int) -> list:
        rows = DossierEvent.objects.filter(dossier_id=pk).order_by("seq")
        return [
            (e.seq, e.kind, e.from_state, e.to_state, e.actor_id, e.actor_label, e.unit_id,
             sorted(e.payload), {k: v for k, v in e.payload.items() if k not in varying})
            for e in rows
        ]  # fmt: skip

    def step_fields(pk: int) -> list:
        rows = DossierStep.objects.filter(dossier_id=pk).order_by("position")
        return [
            {k: v for k, v in model_to_dict(s).items()
             if k not in {"id", "dossier", "started_at", "due_at"}}
            for s in rows
        ]  # fmt: skip

    def step_due_ok(pk: int) -> bool:
        """The first step's due time is the one processes.timing gives from its start."""
        from motcua.processes import timing

        step = DossierStep.objects.get(dossier_id=pk, position=1)
        expected = timing.step_due(step.started_at, step.budget_hours, timing.calendar())
        received = Dossier.objects.get(pk=pk).received_at
        return step.due_at == expected and step.started_at == received

    motcua_pk, raw_pk = ranges["motcua_1"][-1][1], ranges["raw_1"][-1][1]
    same_dossier = dossier_fields(motcua_pk) == dossier_fields(raw_pk)
    same_events = event_fields(motcua_pk) == event_fields(raw_pk)
    same_steps = step_fields(motcua_pk) == step_fields(raw_pk) != [] and all(
        step_due_ok(pk) for pk in (motcua_pk, raw_pk)
    )
    due = [Dossier.objects.get(pk=pk).due_at.isoformat() for pk in (motcua_pk, raw_pk)]
    return {
        "runs": runs,
        "dossiers": totals["n"],
        "received": totals["received"],
        "events": DossierEvent.objects.count(),
        "numbers_taken": numbers,
        "findings": findings[:10],
        "findings_count": len(findings),
        "verify_s": verify_s,
        "same_dossier_fields": same_dossier,
        "same_event_fields": same_events,
        "same_step_fields": same_steps,
        "steps": DossierStep.objects.count(),
        "due_at": due,
    }


CHILDREN = {"setup": child_setup, "measure": child_measure, "check": child_check}


# ---------------------------------------------------------------------------- parent


class Bench:
    def __init__(self, profile: bool) -> None:
        self.tmp = Path(tempfile.mkdtemp(prefix="motcua-bench-intake-"))
        self.pg_name = f"motcua_bench_{os.getpid()}_{secrets.token_hex(4)}"
        self.pg_created = False
        self.running: list[subprocess.Popen] = []
        self.secret = secrets.token_urlsafe(50)
        self.profile = profile
        self.fixture = self.tmp / "fixture.json"

    def env(self) -> dict[str, str]:
        env = dict(os.environ)
        env.update(
            DJANGO_SETTINGS_MODULE="motcua.conf.base",
            MOTCUA_VAR_DIR=str(self.tmp / "var"),
            MOTCUA_SECRET_KEY=self.secret,
            MOTCUA_LOG_LEVEL="WARNING",
            MOTCUA_DEBUG="0",
            DATABASE_URL=PG_URL.format(name=self.pg_name),
        )
        return env

    def spawn(self, argv: list[str], log: Path) -> subprocess.Popen:
        with log.open("w") as fh:
            proc = subprocess.Popen(
                argv, cwd=ROOT, env=self.env(), stdout=fh, stderr=subprocess.STDOUT
            )
        self.running.append(proc)
        return proc

    def finish(self, proc: subprocess.Popen, log: Path, what: str) -> None:
        rc = proc.wait()
        self.running.remove(proc)
        if rc != 0:
            tail = "\n".join(log.read_text(errors="replace").splitlines()[-30:])
            raise RuntimeError(f"{what} failed (exit {rc}):\n{tail}")

    def motcua(self, *args: str) -> float:
        """``python -m motcua ARGS`` in the bench environment; returns seconds."""
        log = self.tmp / f"motcua-{args[0]}.log"
        t0 = time.perf_counter()
        self.finish(self.spawn([sys.executable, "-m", "motcua", *args], log), log, args[0])
        return time.perf_counter() - t0

    def child(self, role: str, *extra: str, label: str | None = None) -> dict:
        label = label or role
        out, log = self.tmp / f"{label}.json", self.tmp / f"{label}.log"
        argv = [sys.executable, __file__, "--child", role, "--out", str(out), *extra]
        self.finish(self.spawn(argv, log), log, label)
        return json.loads(out.read_text())

    def sql(self, statement: str, dbname: str | None = None) -> None:
        import psycopg

        dsn = PG_DSN if dbname is None else PG_DSN.replace("dbname=postgres", f"dbname={dbname}")
        with psycopg.connect(dsn, autocommit=True, connect_timeout=10) as conn:
            conn.execute(statement)

    def create_pg(self) -> None:
        from psycopg import sql

        self.sql(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(self.pg_name)))
        self.pg_created = True

    def cleanup(self) -> None:
        for proc in list(self.running):
            proc.kill()
            proc.wait()
        if self.pg_created:
            from psycopg import sql

            try:
                self.sql(
                    sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                        sql.Identifier(self.pg_name)
                    )
                )
                self.pg_created = False
            except Exception as exc:
                print(f"warning: could not drop database {self.pg_name}: {exc}", file=sys.stderr)
        shutil.rmtree(self.tmp, ignore_errors=True)

    def measure(self, threads: int, n: int | None) -> dict:
        self.sql("CHECKPOINT")
        extra = ["--fixture", str(self.fixture), "--threads", str(threads)]
        if n:
            extra += ["--n", str(n)]
        if self.profile and threads == 1:
            extra.append("--profile")
        result = self.child("measure", *extra, label=f"measure_{threads}")
        label = f"{threads} thread{'s' if threads > 1 else ''}"
        print(
            f"{label}: {result['n']} intakes per path in {BLOCKS} alternating blocks; warm-up "
            f"motcua {result['warm_ms']['motcua']:.1f} ms, raw {result['warm_ms']['raw']:.1f} ms "
            f"per intake; load average {result['load'][0]:.1f} → {result['load'][1]:.1f} "
            f"on {os.cpu_count()} CPUs",
            flush=True,
        )
        for name, path in result["paths"].items():
            blocks = ", ".join(f"{rate:.1f}" for rate in path["blocks"])
            print(
                f"  {name:<6} {path['count']} intakes in {path['seconds']:.1f} s = "
                f"{path['count'] / path['seconds']:.1f}/s (blocks: {blocks}); CPU per intake: "
                f"Python {cpu_ms(path, 'client_cpu')}, PostgreSQL {cpu_ms(path, 'server_cpu')}",
                flush=True,
            )
        return result

    def run(self) -> dict:
        self.create_pg()
        print(f"PostgreSQL database {self.pg_name}; MOTCUA_VAR_DIR in {self.tmp}", flush=True)
        steps = {
            "migrate": self.motcua("migrate", "--no-input", "-v0"),
            "import-units": self.motcua("import-units", "--no-progress", "-v0"),
            "import-catalogue": self.motcua("import-catalogue", "--no-progress", "-v0"),
        }
        fixture = self.child("setup")
        self.fixture.write_text(json.dumps(fixture))
        self.sql("VACUUM ANALYZE", self.pg_name)
        print("prepared: " + ", ".join(f"{k} {v:.1f} s" for k, v in steps.items()))
        print(
            f"intake: procedure {fixture['procedure']} ({fixture['time_limit']}) at "
            f"{fixture['commune_name']}, agency {fixture['agency_code']}, clerk "
            f"{fixture['actor_label']}; {WARMUP} untimed warm-up intakes per path and thread",
            flush=True,
        )
        results = {"fixture": fixture, "prepare_s": steps}
        results["measure_1"] = self.measure(1, None)
        results["measure_2"] = self.measure(2, results["measure_1"]["n"])
        ranges = {
            f"{name}_{threads}": path["ids"]
            for threads in (1, 2)
            for name, path in results[f"measure_{threads}"]["paths"].items()
        }
        (self.tmp / "ranges.json").write_text(json.dumps(ranges))
        results["check"] = self.child(
            "check", "--fixture", str(self.fixture), "--ranges", str(self.tmp / "ranges.json")
        )
        return results


def cpu_ms(path: dict, key: str) -> str:
    value = path[key]
    return "n/a" if value is None else f"{value * 1000 / path['count']:.2f} ms"


def cpu_per_intake(path: dict) -> float | None:
    """Python plus PostgreSQL backend CPU per intake, in ms (None if unknown)."""
    if path["server_cpu"] is None:
        return None
    return (path["client_cpu"] + path["server_cpu"]) * 1000 / path["count"]


def _verb(statement: str) -> tuple[str, str]:
    """What a statement does to which table, e.g. ("INSERT", "dossiers_dossierevent")."""
    words = statement.replace('"', "").split()
    verb = words[0].upper()
    if verb == "SELECT":
        table = words[words.index("FROM") + 1] if "FROM" in words else ""
    else:
        table = words[2] if verb == "INSERT" else words[1]
    return verb, table


def report(results: dict, show_sql: bool = False) -> int:
    m1, m2, check = results["measure_1"], results["measure_2"], results["check"]
    runs = {
        f"{name}_{threads}": path
        for threads, m in ((1, m1), (2, m2))
        for name, path in m["paths"].items()
    }
    problems = []
    raw = m1["raw_statements"]
    print(
        f"\nstatements per intake: motcua {m1['statements_per_intake']:g} "
        f"({m1['round_trips_per_intake']:g} round trips with BEGIN/COMMIT; counted on "
        f"{CAPTURE} intakes), raw {len(raw)} (counted on one); the same statements, in the "
        f"same order and transactions{'' if show_sql else ' (--show-sql prints them)'}:"
    )
    motcua_sql = m1["statements"]
    shape_ok = len(motcua_sql) == len(raw) and all(
        _verb(m) == _verb(r) for m, r in zip(motcua_sql, raw, strict=True)
    )
    problems += [] if shape_ok else ["motcua and raw statements differ"]
    for i in range(max(len(motcua_sql), len(raw))):
        left = motcua_sql[i] if i < len(motcua_sql) else "-"
        right = raw[i] if i < len(raw) else "-"
        if show_sql:
            print(f"  {i + 1:>2} motcua: {left}\n     raw:    {right}")
        else:
            print(f"  {i + 1:>2} {left[:62]:<62} | {right[:62]}")
    print(
        "\nrows written per path (expected: N dossiers, all received, 2N events, N open "
        "first steps with a due time):"
    )
    for label, run in runs.items():
        rows = check["runs"][label]
        ok = (
            rows["dossiers"] == rows["received"] == run["count"] == run["rows"][0]
            and rows["events"] == run["rows"][1] == 2 * run["count"]
            and rows["steps"] == rows["open_steps_with_due"] == run["count"]
        )
        problems += [] if ok else [f"row counts of {label}"]
        print(
            f"  {label:<9} dossiers {rows['dossiers']}, received {rows['received']}, "
            f"events {rows['events']}, steps {rows['steps']}: {'OK' if ok else 'MISMATCH'}"
        )
    gapless = check["numbers_taken"] == check["dossiers"] == check["received"]
    problems += [] if gapless else ["code counters"]
    print(
        f"whole database: {check['dossiers']} dossiers, {check['received']} received, "
        f"{check['events']} events; numbers given by the agency's code counters "
        f"{check['numbers_taken']}: {'OK' if gapless else 'MISMATCH'}"
    )
    verified = check["findings_count"] == 0
    problems += [] if verified else ["events.verify()"]
    print(
        "events.verify() over the whole log (the raw events re-hashed by motcua's code): "
        f"{'OK' if verified else str(check['findings_count']) + ' findings'} "
        f"({check['verify_s']:.1f} s)"
    )
    for finding in check["findings"]:
        print(f"    {finding}")
    same = check["same_dossier_fields"] and check["same_event_fields"]
    same = same and check["same_step_fields"]
    problems += [] if same else ["motcua and raw rows differ"]
    print(
        "last motcua vs last raw dossier, every field but ids, code, key hash and times: "
        f"dossier {'same' if check['same_dossier_fields'] else 'DIFFERENT'}, events "
        f"{'same' if check['same_event_fields'] else 'DIFFERENT'}, steps "
        f"{'same' if check['same_step_fields'] else 'DIFFERENT'} (each step due as "
        f"processes.timing gives it); due {check['due_at'][0]} and {check['due_at'][1]}"
    )

    rates = {label: run["count"] / run["seconds"] for label, run in runs.items()}
    ratio1 = rates["motcua_1"] / rates["raw_1"]
    ratio2 = rates["motcua_2"] / rates["raw_2"]
    print(
        f"\n{'':<20}{'intakes':>8}{'seconds':>9}{'per s':>8}{'ms each':>9}{'p50 ms':>8}{'p95 ms':>8}"
    )
    for label, key in (
        ("motcua, 1 thread", "motcua_1"), ("raw SQL, 1 thread", "raw_1"),
        ("motcua, 2 threads", "motcua_2"), ("raw SQL, 2 threads", "raw_2"),
    ):  # fmt: skip
        run = runs[key]
        print(
            f"{label:<20}{run['count']:>8}{run['seconds']:>9.2f}{rates[key]:>8.1f}"
            f"{1000 / rates[key]:>9.2f}{percentile(run['ms'], 50):>8.2f}"
            f"{percentile(run['ms'], 95):>8.2f}"
        )
    print(f"ratio motcua ÷ raw: 1 thread {ratio1:.2f}, 2 threads {ratio2:.2f} (target ≥ 0.5)")
    cpu = {key: cpu_per_intake(runs[key]) for key in ("motcua_1", "raw_1")}
    cpu_ratio = cpu["raw_1"] / cpu["motcua_1"] if None not in cpu.values() else None
    if cpu_ratio is not None:
        print(
            f"CPU per intake, Python + PostgreSQL backend (1 thread): motcua "
            f"{cpu['motcua_1']:.2f} ms, raw {cpu['raw_1']:.2f} ms; raw ÷ motcua "
            f"{cpu_ratio:.2f} (the rest of the wall time is waiting: WAL flush at COMMIT, "
            f"network, scheduling; load average {m1['load'][0]:.1f} on {os.cpu_count()} CPUs)"
        )
    if m1.get("profile"):
        print("\ncProfile of the one-thread motcua blocks (their rate above includes it):")
        print(m1["profile"])
    if problems:
        print("CHECK FAILED: " + ", ".join(problems))
    values = {
        "motcua_per_s": f"{rates['motcua_1']:.2f}",
        "raw_per_s": f"{rates['raw_1']:.2f}",
        "ratio": f"{ratio1:.3f}",
        "motcua_2t_per_s": f"{rates['motcua_2']:.2f}",
        "raw_2t_per_s": f"{rates['raw_2']:.2f}",
        "ratio_2t": f"{ratio2:.3f}",
        "n": str(m1["n"]),
        "queries_per_intake": f"{m1['statements_per_intake']:g}",
        "checks_ok": str(int(not problems)),
    }
    if cpu_ratio is not None:  # only where /proc shows the server's processes
        values["motcua_cpu_ms"] = f"{cpu['motcua_1']:.2f}"
        values["raw_cpu_ms"] = f"{cpu['raw_1']:.2f}"
        values["cpu_ratio"] = f"{cpu_ratio:.3f}"
    print("RESULT " + " ".join(f"{k}={v}" for k, v in values.items()), flush=True)
    return 1 if problems else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profile", action="store_true", help="cProfile the motcua run")
    parser.add_argument(
        "--show-sql", action="store_true", help="print both paths' statements in full"
    )
    parser.add_argument("--child", choices=sorted(CHILDREN), help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    parser.add_argument("--fixture", help=argparse.SUPPRESS)
    parser.add_argument("--ranges", help=argparse.SUPPRESS)
    parser.add_argument("--threads", type=int, default=1, help=argparse.SUPPRESS)
    parser.add_argument("--n", type=int, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        data = CHILDREN[args.child](args)
        Path(args.out).write_text(json.dumps(data, ensure_ascii=False, default=str))
        return 0

    # SIGTERM unwinds like Ctrl-C, so the finally below drops the database.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    started = time.perf_counter()
    bench = Bench(profile=args.profile)
    try:
        results = bench.run()
    finally:
        bench.cleanup()
    print(f"(total run time {time.perf_counter() - started:.0f} s)")
    return report(results, show_sql=args.show_sql)


if __name__ == "__main__":
    sys.exit(main())
