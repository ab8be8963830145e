"""Catalogue search latency on SQLite and PostgreSQL, against a naive Python scan.

Run from the repository root, with no arguments:

    .venv/bin/python bench/catalogue_search.py

The parent process never configures Django. It creates a temporary directory (SQLite file
and MOTCUA_VAR_DIR, so var/motcua.sqlite3 is never touched) and a uniquely named PostgreSQL
database on 127.0.0.1:5432 (user postgres, trust auth), then re-invokes this script with a
hidden ``--child`` flag: ``prepare`` (migrate, import units and the shipped catalogue) for
both backends in parallel, then, one after another, ``measure`` on each backend and ``naive``
(the scan baseline). Children write JSON that the parent reports on. The database and the
temporary directory are removed even on failure or SIGTERM.

The last line printed is ``RESULT key=value …`` with plain numbers; ``ratio`` is the naive
scan's total time for the 200 queries divided by ours on the slower of the two backends.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from itertools import pairwise
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG_DSN = "host=127.0.0.1 port=5432 user=postgres dbname=postgres"
PG_URL = "postgres://postgres@127.0.0.1:5432/{name}"
SEED = 20250701
N_QUERIES = 200
LONG_QUERY_CHARS = 1000
PAGE = 20
SANITY_QUERY, SANITY_CODE = "dang ky khai sinh", "1.001193"
CITIZEN_QUERIES = [
    "dang ky khai sinh",
    "cấp lại hộ chiếu",
    "chung thuc ban sao",
    "giấy phép lái xe",
    "dang ky ket hon",
]


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


def summary(ms: list[float]) -> dict[str, float]:
    return {
        "p50": percentile(ms, 50),
        "p95": percentile(ms, 95),
        "max": max(ms),
        "mean": sum(ms) / len(ms),
        "total": sum(ms),
    }


# ---------------------------------------------------------------------------- children


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motcua.conf.base")
    import django

    django.setup()


def build_queries(names: list[str]) -> list[str]:
    """200 deterministic queries from real names: half with diacritics, half folded."""
    from motcua.core.text import fold

    rng = random.Random(SEED)
    long_query = ""
    for name in rng.sample(names, 40):
        long_query = f"{long_query} {name}".strip()
        if len(long_query) >= LONG_QUERY_CHARS:
            break
    queries = [*CITIZEN_QUERIES, "", long_query[:LONG_QUERY_CHARS]]
    i = 0
    while len(queries) < N_QUERIES:
        words = rng.choice(names).split()
        size = rng.randint(2, 5)
        if len(words) < size:
            continue
        start = rng.randint(0, len(words) - size)
        window = " ".join(words[start : start + size])
        if i % 2:
            window = fold(window)
        elif fold(window) == window.casefold():
            continue  # the diacritics half must really carry diacritics
        if rng.random() < 0.1:
            window = window.upper()
        queries.append(window)
        i += 1
    rng.shuffle(queries)
    return queries


def query_stats(queries: list[str]) -> dict[str, int]:
    from motcua.core.text import fold

    return {
        "total": len(queries),
        "diacritics": sum(fold(q) != q.casefold() for q in queries),
        "folded": sum(bool(q) and fold(q) == q.casefold() for q in queries),
        "upper": sum(q.isupper() for q in queries),
        "empty": sum(not q for q in queries),
        "long": sum(len(q) >= LONG_QUERY_CHARS for q in queries),
    }


def _load_queries() -> tuple[list[str], str]:
    from motcua.catalog.models import Procedure

    names = list(Procedure.objects.order_by("code").values_list("name", flat=True))
    queries = build_queries(names)
    digest = hashlib.sha256(json.dumps(queries, ensure_ascii=False).encode()).hexdigest()
    return queries, digest


def child_prepare() -> dict:
    _setup_django()
    from django.core.management import call_command

    steps = {}
    for name, args, options in [
        ("migrate", ["migrate"], {"interactive": False}),
        ("import_units", ["import_units"], {"no_progress": True}),
        ("import_catalogue", ["import_catalogue"], {"no_progress": True}),
    ]:
        t0 = time.perf_counter()
        call_command(*args, verbosity=0, **options)
        steps[name] = time.perf_counter() - t0
    return {"steps_s": steps}


def child_measure() -> dict:
    """Time ``procedure_search`` (index lookup + one page query) for every query."""
    _setup_django()
    from django.db import connection

    from motcua.catalog import search
    from motcua.catalog.models import Procedure
    from motcua.catalog.selectors import procedure_search

    queries, digest = _load_queries()
    connection.ensure_connection()
    search.invalidate_index()
    t0 = time.perf_counter()
    index = search.get_index()
    build_ms = (time.perf_counter() - t0) * 1000

    sanity = procedure_search(q=SANITY_QUERY, limit=PAGE).items
    for q in queries:  # warm-up pass: connection, statement caches, page cache
        procedure_search(q=q, limit=PAGE)
    ms, counts, pages = [], [], []
    for q in queries:
        t0 = time.perf_counter()
        result = procedure_search(q=q, limit=PAGE)
        ms.append((time.perf_counter() - t0) * 1000)
        counts.append(result.count)
        pages.append([p.code for p in result.items])
    index_ms = []  # the in-memory part alone, for how the time splits with the page query
    for q in queries:
        t0 = time.perf_counter()
        index.search(q.strip())
        index_ms.append((time.perf_counter() - t0) * 1000)
    return {
        "vendor": connection.vendor,
        "procedures": Procedure.objects.count(),
        "indexed": len(index),
        "build_ms": build_ms,
        "sanity_first": sanity[0].code if sanity else None,
        "queries_sha256": digest,
        "query_stats": query_stats(queries),
        "ms": ms,
        "index_ms": index_ms,
        "counts": counts,
        "pages": pages,
    }


_WORD = re.compile(r"\w+")
_PREFIX = re.compile(r"^(thu tuc|thủ tục)\s+")


def naive_search(docs: list[tuple[int, str, str, str]], query: str) -> tuple[int, list[str]]:
    """A plain scan with the index's semantics: fold every document for every query.

    Documents are (id, code, name, search_text). Tiers as in ``CatalogueIndex._tiers``
    (name equal to the query with diacritics, equal folded, contains the exact phrase,
    the folded phrase, every syllable); within a tier, a score counting the query's
    syllables and adjacent syllable pairs in the name (x3) and the other text.
    """
    from motcua.core.text import exact_key, fold

    query = query.strip()[:200]
    if not query:
        ranked = sorted(docs, key=lambda d: d[1])
        return len(ranked), [d[1] for d in ranked[:PAGE]]
    exact_q = _PREFIX.sub("", exact_key(query))
    folded_q = fold(exact_q)
    syllables = folded_q.split()
    q_syl = list(dict.fromkeys(_WORD.findall(fold(query))))
    q_pairs = list(dict.fromkeys(pairwise(q_syl)))
    hits = []
    for doc_id, code, name, text in docs:
        name_syl = _WORD.findall(fold(name))
        text_syl = _WORD.findall(fold(text))
        name_count, text_count = Counter(name_syl), Counter(text_syl)
        name_pairs, text_pairs = Counter(pairwise(name_syl)), Counter(pairwise(text_syl))
        score = sum(3 * name_count[s] + text_count[s] for s in q_syl)
        score += sum(3 * name_pairs[p] + text_pairs[p] for p in q_pairs)
        if not score:
            continue
        exact = _PREFIX.sub("", exact_key(name))
        folded = fold(exact)
        if exact == exact_q:
            tier = 6
        elif folded == folded_q:
            tier = 5
        elif exact_q in exact:
            tier = 4
        elif folded_q in folded:
            tier = 3
        elif all(s in folded for s in syllables):
            tier = 2
        else:
            tier = 0
        hits.append((-tier, -score, len(name), doc_id, code))
    hits.sort()
    return len(hits), [h[4] for h in hits[:PAGE]]


def child_naive() -> dict:
    _setup_django()
    from motcua.catalog.models import Procedure

    queries, digest = _load_queries()
    docs = list(Procedure.objects.order_by("id").values_list("id", "code", "name", "search_text"))
    sanity = naive_search(docs, SANITY_QUERY)[1]
    ms, counts, pages = [], [], []
    for q in queries:
        t0 = time.perf_counter()
        count, page = naive_search(docs, q)
        ms.append((time.perf_counter() - t0) * 1000)
        counts.append(count)
        pages.append(page)
    return {
        "procedures": len(docs),
        "sanity_first": sanity[0] if sanity else None,
        "queries_sha256": digest,
        "ms": ms,
        "counts": counts,
        "pages": pages,
    }


CHILDREN = {"prepare": child_prepare, "measure": child_measure, "naive": child_naive}


# ---------------------------------------------------------------------------- parent


class Bench:
    def __init__(self) -> None:
        self.tmp = Path(tempfile.mkdtemp(prefix="motcua-bench-"))
        self.pg_name = f"motcua_bench_{os.getpid()}_{secrets.token_hex(4)}"
        self.pg_created = False
        self.running: list[subprocess.Popen] = []

    def env(self, backend: str) -> dict[str, str]:
        env = dict(os.environ)
        var = self.tmp / f"var-{backend}"
        env.update(
            DJANGO_SETTINGS_MODULE="motcua.conf.base",
            MOTCUA_VAR_DIR=str(var),
            MOTCUA_LOG_LEVEL="WARNING",
            DATABASE_URL=(
                f"sqlite:///{self.tmp / 'bench.sqlite3'}"
                if backend == "sqlite"
                else PG_URL.format(name=self.pg_name)
            ),
        )
        return env

    def start(self, role: str, backend: str) -> tuple[subprocess.Popen, Path, Path]:
        out = self.tmp / f"{role}-{backend}.json"
        log = self.tmp / f"{role}-{backend}.log"
        with log.open("w") as fh:
            proc = subprocess.Popen(
                [sys.executable, __file__, "--child", role, "--out", str(out)],
                cwd=ROOT,
                env=self.env(backend),
                stdout=fh,
                stderr=subprocess.STDOUT,
            )
        self.running.append(proc)
        return proc, out, log

    def wait(self, proc: subprocess.Popen, out: Path, log: Path, what: str) -> dict:
        rc = proc.wait()
        self.running.remove(proc)
        if rc != 0 or not out.exists():
            tail = "\n".join(log.read_text(errors="replace").splitlines()[-30:])
            raise RuntimeError(f"{what} failed (exit {rc}):\n{tail}")
        return json.loads(out.read_text())

    def create_pg(self) -> None:
        import psycopg
        from psycopg import sql

        with psycopg.connect(PG_DSN, autocommit=True, connect_timeout=10) as conn:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(self.pg_name)))
        self.pg_created = True

    def cleanup(self) -> None:
        for proc in list(self.running):
            proc.kill()
            proc.wait()
        if self.pg_created:
            import psycopg
            from psycopg import sql

            try:
                with psycopg.connect(PG_DSN, autocommit=True, connect_timeout=10) as conn:
                    conn.execute(
                        sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                            sql.Identifier(self.pg_name)
                        )
                    )
                self.pg_created = False
            except Exception as exc:
                print(f"warning: could not drop database {self.pg_name}: {exc}", file=sys.stderr)
        shutil.rmtree(self.tmp, ignore_errors=True)

    def run(self) -> dict:
        self.create_pg()
        print(f"temporary SQLite in {self.tmp}; PostgreSQL database {self.pg_name}", flush=True)
        t0 = time.perf_counter()
        preparing = {b: self.start("prepare", b) for b in ("sqlite", "pg")}
        prep = {b: self.wait(*p, f"prepare {b}") for b, p in preparing.items()}
        print(f"prepared both databases in {time.perf_counter() - t0:.1f} s (in parallel):")
        for backend, data in prep.items():
            steps = ", ".join(f"{k} {v:.1f} s" for k, v in data["steps_s"].items())
            print(f"  {backend:<6} {steps}")
        results = {}
        for role, backend in (("measure", "sqlite"), ("measure", "pg"), ("naive", "sqlite")):
            key = "naive" if role == "naive" else backend
            results[key] = self.wait(*self.start(role, backend), f"{role} {backend}")
        return results


def report(results: dict) -> None:
    sq, pg, nv = results["sqlite"], results["pg"], results["naive"]
    digests = {sq["queries_sha256"], pg["queries_sha256"], nv["queries_sha256"]}
    if len(digests) != 1:
        raise RuntimeError("the backends generated different query sets")
    st = sq["query_stats"]
    print(
        f"queries: {st['total']} (seed {SEED}): {st['diacritics']} with diacritics, "
        f"{st['folded']} without, {st['upper']} upper-case, {st['empty']} empty, "
        f"{st['long']} of {LONG_QUERY_CHARS} characters"
    )
    for label, data in (("sqlite", sq), ("pg", pg)):
        ok = "OK" if data["sanity_first"] == SANITY_CODE else f"FAIL (got {data['sanity_first']})"
        print(f'sanity {label:<6} "{SANITY_QUERY}" -> {SANITY_CODE} first: {ok}')

    stats = {k: summary(results[k]["ms"]) for k in ("sqlite", "pg", "naive")}
    print(f"\n{'':<26}{'p50':>9}{'p95':>9}{'max':>9}{'mean':>9}{'total':>10}   (ms)")
    for key, label in (
        ("sqlite", f"sqlite     ({sq['procedures']} procs)"),
        ("pg", f"postgresql ({pg['procedures']} procs)"),
        ("naive", f"naive scan ({nv['procedures']} procs)"),
    ):
        s = stats[key]
        print(
            f"{label:<26}{s['p50']:>9.2f}{s['p95']:>9.2f}{s['max']:>9.2f}"
            f"{s['mean']:>9.2f}{s['total']:>10.1f}"
        )
    print(
        f"index build (once per process, not in the timings): "
        f"sqlite {sq['build_ms']:.1f} ms, postgresql {pg['build_ms']:.1f} ms"
    )
    for label, data in (("sqlite", sq), ("postgresql", pg)):
        s = summary(data["index_ms"])
        print(
            f"  of which in-memory index lookup alone ({label}): "
            f"p50 {s['p50']:.2f} ms, p95 {s['p95']:.2f} ms"
        )

    same_pages = sum(a == b for a, b in zip(sq["pages"], pg["pages"], strict=True))
    top1 = sum(
        bool(a) and bool(b) and a[0] == b[0] for a, b in zip(sq["pages"], nv["pages"], strict=True)
    )
    answered = [(a, b) for a, b in zip(sq["pages"], nv["pages"], strict=True) if a]
    overlap = sum(len(set(a) & set(b)) / len(a) for a, b in answered) / max(len(answered), 1)
    print(
        f"sqlite and postgresql return the same first page for {same_pages}/{st['total']} queries"
    )
    print(
        f"naive scan vs ours: same first hit for {top1}/{len(answered)} queries with results, "
        f"first pages share {overlap:.0%} of their procedures on average"
    )

    ratio_sq = stats["naive"]["total"] / stats["sqlite"]["total"]
    ratio_pg = stats["naive"]["total"] / stats["pg"]["total"]
    ratio = min(ratio_sq, ratio_pg)
    print(
        f"naive ÷ ours (total time, same {st['total']} queries): sqlite {ratio_sq:.1f}x, "
        f"postgresql {ratio_pg:.1f}x; ratio = the slower backend's = {ratio:.1f}x (target ≥ 10)"
    )
    values = {
        "sqlite_p50_ms": stats["sqlite"]["p50"],
        "sqlite_p95_ms": stats["sqlite"]["p95"],
        "pg_p50_ms": stats["pg"]["p50"],
        "pg_p95_ms": stats["pg"]["p95"],
        "naive_p50_ms": stats["naive"]["p50"],
        "naive_p95_ms": stats["naive"]["p95"],
        "sqlite_build_ms": sq["build_ms"],
        "pg_build_ms": pg["build_ms"],
        "ratio_sqlite": ratio_sq,
        "ratio_pg": ratio_pg,
        "ratio": ratio,
    }
    print("RESULT " + " ".join(f"{k}={v:.2f}" for k, v in values.items()), flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--child", choices=sorted(CHILDREN), help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        data = CHILDREN[args.child]()
        Path(args.out).write_text(json.dumps(data, ensure_ascii=False))
        return 0

    # SIGTERM unwinds like Ctrl-C, so the finally below drops the database.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    started = time.perf_counter()
    bench = Bench()
    try:
        results = bench.run()
    finally:
        bench.cleanup()
    print(f"(total run time {time.perf_counter() - started:.0f} s)\n")
    report(results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
