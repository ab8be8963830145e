"""The incremental roll-ups, a rebuild and the from-scratch SQL agree exactly."""

import datetime as dt
import threading
import time

import pytest
from django.core.management import call_command
from django.db import connection, connections, transaction
from django.db.models import Max

from motcua.dossiers.constants import Channel
from motcua.dossiers.models import DossierEvent
from motcua.dossiers.tests.factories import act
from motcua.indicators import rollup
from motcua.indicators.models import COUNTERS, DailyRollup, DirtyDossier, RollupCursor
from motcua.indicators.rollup import BY, rebuild, refresh, rollup_totals
from motcua.indicators.scan import scan_totals
from motcua.indicators.tests.factories import at, pay_online, scenario, submit, world

pytestmark = pytest.mark.django_db

PERIODS = [
    (dt.date(2026, 3, 1), dt.date(2026, 3, 31), None),
    (dt.date(2026, 3, 2), dt.date(2026, 3, 2), None),  # one day
    (dt.date(2026, 3, 1), dt.date(2026, 3, 31), dt.date(2026, 3, 6)),  # as of a past day
    (dt.date(2026, 1, 1), dt.date(2026, 12, 31), dt.date(2026, 3, 11)),
    (dt.date(2026, 3, 4), dt.date(2026, 3, 9), None),
    (dt.date(2026, 3, 10), dt.date(2026, 3, 1), None),  # empty range
    (dt.date(2025, 1, 1), dt.date(2025, 12, 31), None),  # no dossiers
]


def _all(source, periods=PERIODS) -> dict:
    return {
        (by, period): source(by=by, start=period[0], end=period[1], as_of=period[2])
        for by in BY
        for period in periods
    }


def _from_rollups(**kwargs):
    return rollup_totals(refresh=False, **kwargs)


def _agree(step: str, periods=PERIODS[:3]) -> dict:
    expected = _all(scan_totals, periods)
    got = _all(_from_rollups, periods)
    for key, totals in expected.items():
        assert got[key] == totals, (step, key)
    return expected


def test_incremental_rebuilt_and_scanned_agree_after_every_step():
    w = world()
    refresh()
    assert _agree("start")[("unit", PERIODS[0])] == {}
    for step in scenario(w):
        refresh()
        _agree(step)
    expected = _agree("end", PERIODS)
    march = expected[("unit", PERIODS[0])]
    assert march["00004"]["n"] == 8 and march["01"]["n"] == 1
    assert march["00004"]["late"] == 3  # A (2 supplements), C (open, overdue), G (late)
    # As of 6/3: C (due 10/3) and G (due 11/3) were not late yet; P not received yet.
    as_of = expected[("unit", PERIODS[2])]
    assert as_of["00004"]["late"] == 1 and "01" not in as_of
    assert expected[("province", PERIODS[0])]["01"]["n"] == 9
    assert expected[("unit", PERIODS[5])] == {} and expected[("unit", PERIODS[6])] == {}
    assert set(march["00004"]) == {*COUNTERS, "n", "late"}
    assert all(isinstance(v, int) for v in march["00004"].values())

    rebuilt_count = rebuild()
    assert rebuilt_count == 9
    assert _all(_from_rollups) == expected
    assert refresh() == 0  # nothing new: nothing changes (and no lock is taken)
    assert _all(_from_rollups) == expected
    call_command("indicators_rebuild", verbosity=0)
    assert _all(_from_rollups) == expected
    assert rebuild(sql=True) == 9  # the facts computed by the database
    assert _all(_from_rollups) == expected
    call_command("indicators_rebuild", sql=True, verbosity=0)
    assert _all(_from_rollups) == expected


def test_a_payment_without_an_event_reaches_the_rollups_through_touch(monkeypatch):
    w = world()
    b = w.dossiers["B"] = submit(w.citizen, at=at(), channel=Channel.ONLINE, citizen=w.citizen)
    act(b, "receive", w.people["clerk"], at=at())
    refresh()
    period = dict(by="unit", start=dt.date(2026, 3, 2), end=dt.date(2026, 3, 2))
    events = DossierEvent.objects.count()
    pay_online(w, b)
    assert DossierEvent.objects.count() == events  # paying writes no dossier event
    assert rollup_totals(**period)["00004"]["paid_online"] == 1
    assert scan_totals(**period)["00004"]["paid_online"] == 1
    assert not DirtyDossier.objects.exists()


def test_without_the_touch_the_rollups_would_miss_it(monkeypatch):
    """The agreement check can fail: with ``touch`` switched off, a payment is missed."""
    w = world()
    b = w.dossiers["B"] = submit(w.citizen, at=at(), channel=Channel.ONLINE, citizen=w.citizen)
    act(b, "receive", w.people["clerk"], at=at())
    refresh()
    monkeypatch.setattr(rollup, "touch", lambda dossier_id: None)
    pay_online(w, b)
    period = dict(by="unit", start=dt.date(2026, 3, 2), end=dt.date(2026, 3, 2))
    assert rollup_totals(**period)["00004"]["paid_online"] == 0
    assert scan_totals(**period)["00004"]["paid_online"] == 1


def test_a_touch_made_while_refreshing_is_kept():
    DirtyDossier.objects.create(dossier_id=123_456, touches=1)
    real_apply = rollup.apply

    def apply_and_touch_again(ids):
        real_apply(ids)
        rollup.touch(123_456)  # another transaction touches it again meanwhile

    rollup.apply = apply_and_touch_again
    try:
        refresh()
    finally:
        rollup.apply = real_apply
    assert DirtyDossier.objects.get(dossier_id=123_456).touches == 2
    refresh()
    assert not DirtyDossier.objects.exists()


def test_an_event_not_visible_yet_is_applied_when_it_appears():
    w = world()
    d = submit(w.people["clerk"], at=at())
    act(d, "receive", w.people["clerk"], at=at())
    last = DossierEvent.objects.aggregate(m=Max("id"))["m"]
    # As if the receive event had been committed after a later event was applied.
    RollupCursor.objects.update_or_create(pk=1, defaults={
        "last_event_id": last + 5, "gaps": [[last, time.time()], [last - 100_000, 0]],
    })  # fmt: skip
    refresh()
    cursor = RollupCursor.objects.get(pk=1)
    assert cursor.gaps == []  # found, and the expired one forgotten
    assert DailyRollup.objects.filter(day=dt.date(2026, 3, 2)).get().n == 1


def test_gaps_are_remembered():
    w = world()
    d = submit(w.people["clerk"], at=at())
    first = DossierEvent.objects.aggregate(m=Max("id"))["m"]
    RollupCursor.objects.update_or_create(pk=1, defaults={"last_event_id": first - 3})
    act(d, "receive", w.people["clerk"], at=at())
    refresh()
    cursor = RollupCursor.objects.get(pk=1)
    assert [gap for gap, _seen in cursor.gaps] == [first - 2, first - 1]
    assert cursor.last_event_id == first + 1


def test_rollup_totals_refuses_an_unknown_grouping():
    with pytest.raises(ValueError):
        rollup_totals(by="district", start=dt.date(2026, 1, 1), end=dt.date(2026, 1, 2))
    with pytest.raises(ValueError):
        scan_totals(by="district", start=dt.date(2026, 1, 1), end=dt.date(2026, 1, 2))


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL: concurrent transactions on separate connections",
)
def test_refreshers_take_turns_on_the_cursor_row():
    """A second refresher waits for the first one's transaction (the cursor row lock), so
    the same events are never applied twice. Threads have their own connections, outside
    the test's rolled-back transaction; the cursor row they commit is removed afterwards."""
    locked, release = threading.Event(), threading.Event()
    order: list[str] = []

    def first() -> None:
        try:
            with transaction.atomic():
                rollup._cursor_locked()
                locked.set()
                release.wait(10)
                order.append("first commits")
        finally:
            connections.close_all()

    def second() -> None:
        try:
            locked.wait(10)
            refresh()
            order.append("second done")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    try:
        for thread in threads:
            thread.start()
        assert locked.wait(10)
        time.sleep(0.5)
        assert order == []  # the second refresher is waiting
        release.set()
        for thread in threads:
            thread.join(20)
        assert order == ["first commits", "second done"]
    finally:
        release.set()
        cleanup = threading.Thread(target=_delete_cursor_row)
        cleanup.start()
        cleanup.join(20)


def _delete_cursor_row() -> None:
    try:
        RollupCursor.objects.all().delete()
    finally:
        connections.close_all()
