"""Dossier code allocation under concurrency: many clerks of one agency in the same second.

Each clerk is a thread with its own connection, committing (or rolling back) real
transactions; the test's own connection stays in pytest-django's rolled-back transaction
and never touches the counter, so it cannot block the clerks. ``django_db(transaction=True)``
is not used: it flushes every table afterwards, wiping the reference data the root conftest
imports once per session for the tests that run later. The counter rows of the test agency
are deleted, through a connection of their own, before and after.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Iterator
from typing import TypeVar

import pytest
from django.db import connection, connections, transaction

from motcua.dossiers.codes import allocate_code, parse_code
from motcua.dossiers.models import DossierCodeSequence

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL: concurrent writers on separate connections (SQLite "
        "serialises every writer and its in-memory test database is shared-cache, which "
        "fails with 'table is locked' instead of waiting)",
    ),
    pytest.mark.django_db,
]

AGENCY = "Y99.001.01"  # not a real agency: the rows are deleted afterwards
DAY = dt.date(2026, 3, 2)
THREADS = 8
PER_THREAD = 25


class _Rollback(Exception):
    pass


T = TypeVar("T")


def _in_own_connection(work: Callable[[], T]) -> T:
    """Run ``work`` in a thread, so on a connection outside the test's transaction."""
    result: list[T] = []

    def run() -> None:
        try:
            result.append(work())
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(timeout=60)
    assert result, "the helper thread failed"
    return result[0]


def _delete_counter() -> int:
    return DossierCodeSequence.objects.filter(agency_code=AGENCY).delete()[0]


def _counter_value() -> int:
    return DossierCodeSequence.objects.get(agency_code=AGENCY, day=DAY).value


@pytest.fixture(autouse=True)
def clean_counter(db: None) -> Iterator[None]:
    _in_own_connection(_delete_counter)
    yield
    _in_own_connection(_delete_counter)


def _clerks(rollback_every: int = 0) -> list[str]:
    """Run THREADS clerks taking PER_THREAD codes each, all released at once."""
    barrier = threading.Barrier(THREADS)
    committed: list[str] = []
    errors: list[BaseException] = []

    def clerk() -> None:
        try:
            barrier.wait(timeout=30)
            for index in range(PER_THREAD):
                try:
                    with transaction.atomic():
                        code = allocate_code(AGENCY, DAY)
                        if rollback_every and index % rollback_every == rollback_every - 1:
                            raise _Rollback
                except _Rollback:
                    continue
                committed.append(code)
        except BaseException as error:  # reported by the main thread
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=clerk) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a clerk is stuck"
    assert not errors, errors
    return committed


def test_clerks_of_one_agency_never_get_the_same_code():
    codes = _clerks()
    assert len(codes) == THREADS * PER_THREAD
    assert len(set(codes)) == len(codes)
    sequences = sorted(parse_code(code).sequence for code in codes)
    assert sequences == list(range(1, THREADS * PER_THREAD + 1))
    assert _in_own_connection(_counter_value) == len(codes)


def test_rolled_back_intakes_leave_no_gap_under_concurrency():
    codes = _clerks(rollback_every=4)
    assert len(codes) == THREADS * (PER_THREAD - PER_THREAD // 4)
    assert len(set(codes)) == len(codes)
    sequences = sorted(parse_code(code).sequence for code in codes)
    assert sequences == list(range(1, len(codes) + 1))
