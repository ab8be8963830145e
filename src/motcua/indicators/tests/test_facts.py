"""Fact vectors of dossiers walked through the real services, checked by hand."""

import datetime as dt

import pytest
from django.utils import timezone

from motcua.catalog.models import Procedure
from motcua.indicators.facts import Fact, fact_for
from motcua.indicators.models import COUNTERS
from motcua.indicators.tests.factories import scenario, world

pytestmark = pytest.mark.django_db

ZERO = dict.fromkeys(COUNTERS, 0)


def _day(value: dt.datetime) -> dt.date:
    return timezone.localtime(value).date()


@pytest.fixture
def built():
    w = world()
    seen = {}
    for label in scenario(w):
        if label == "O received":  # before a result state, an online receipt counts
            seen["O before result"] = fact_for([w.dossiers["O"].pk])[w.dossiers["O"].pk]
    return w, seen


def _counters(fact: Fact) -> dict[str, int]:
    return {name: getattr(fact, name) for name in COUNTERS}


def test_hand_checked_vectors(built):
    w, seen = built
    d = {name: w.get(name) for name in w.dossiers}
    facts = fact_for(x.pk for x in d.values())
    agency = d["A"].receiving_agency_id
    assert agency is not None

    a = facts[d["A"].pk]
    assert (a.unit, a.province, a.agency, a.procedure) == ("00004", "01", agency,
                                                           d["A"].procedure_id)  # fmt: skip
    assert a.day == dt.date(2026, 3, 2)
    # Two supplement requests: late from the second one (Tuesday), although it ended
    # before its due time.
    assert d["A"].supplement_count == 2 and d["A"].finished_at < d["A"].due_at
    assert a.late_day == dt.date(2026, 3, 3)
    # "Đã xử lý xong" (Wednesday 15:00) is the end, not "Đã trả kết quả" (Thursday).
    assert d["A"].closed_at > d["A"].finished_at
    assert _counters(a) == ZERO | {
        "received": 1, "ended": 1, "duration_s": 2 * 86400 + 6 * 3600, "needs_result": 1,
        "result_state": 1, "fee_bearing": 1, "rated": 1, "disliked": 1, "complained": 1,
        "result_due": 1, "unhappy": 1,
    }  # fmt: skip

    b = facts[d["B"].pk]
    assert b.late_day is None and b.day == dt.date(2026, 3, 2)
    assert _counters(b) == ZERO | {
        "received": 1, "online": 1, "online_ok": 1, "ended": 1, "duration_s": 4 * 3600,
        "needs_result": 1, "result_state": 1, "e_result": 1, "fee_bearing": 1,
        "paid_online": 1, "digitised": 1, "store_linked": 1, "registry": 1, "rated": 1,
        "result_due": 1, "e_result_due": 1,
    }  # fmt: skip

    # Zero fee, no paper result, a component reused from the data store; open after its
    # due time: late from the due day.
    c = facts[d["C"].pk]
    assert c.late_day == _day(d["C"].due_at) == dt.date(2026, 3, 10)
    assert _counters(c) == ZERO | {
        "received": 1, "digitised": 1, "reused": 1, "store_linked": 1,
    }  # fmt: skip

    dd = facts[d["D"].pk]
    assert d["D"].due_at is None and dd.late_day is None
    assert _counters(dd) == ZERO | {
        "received": 1, "online": 1, "online_ok": 1, "ended": 1, "duration_s": 2 * 3600,
        "needs_result": 1, "result_state": 1, "e_result": 1, "store_linked": 1,
        "certified_copy": 1, "certified_copy_e": 1, "result_due": 1, "e_result_due": 1,
    }  # fmt: skip

    assert d["E"].pk not in facts  # never received

    f = facts[d["F"].pk]  # extended: finished after the original due time, on time
    assert d["F"].due_at_original < d["F"].finished_at < d["F"].due_at
    assert f.late_day is None and f.ended == 1 and f.fee_bearing == 1 and f.e_result == 0

    g = facts[d["G"].pk]  # finished a day after its due time
    assert g.late_day == _day(d["G"].due_at) and g.ended == 1

    h = facts[d["H"].pk]  # waiting for a supplement after its due time: not late
    assert d["H"].paused_at is not None and d["H"].due_at < timezone.now()
    assert h.late_day is None and h.ended == 0 and h.duration_s == 0

    o = facts[d["O"].pk]  # online, a paper result is due and none was issued
    assert (o.online, o.online_ok, o.result_state, o.e_result) == (1, 0, 1, 0)
    assert seen["O before result"].online_ok == 1

    pr = facts[d["P"].pk]
    procedure = Procedure.objects.get(pk=d["P"].procedure_id)
    assert (pr.unit, pr.province) == ("01", "01")
    assert pr.late_day == _day(d["P"].due_at)
    assert pr.needs_result == int(bool(procedure.result))

    # Every counter (but ``received``, 1 by definition) is 1 for some dossier, 0 for another.
    for name in COUNTERS[1:]:
        values = {getattr(fact, name) for fact in facts.values()}
        assert 0 in values and any(v > 0 for v in values), name


def test_few_queries_whatever_the_number(built, django_assert_max_num_queries):
    w, _seen = built
    ids = [x.pk for x in w.dossiers.values()]
    with django_assert_max_num_queries(10):
        assert len(fact_for(ids)) == len(ids) - 1
    assert fact_for([]) == {}


def test_a_dossier_paused_after_its_due_time_stays_late():
    from motcua.indicators.facts import _late_day

    tz = timezone.get_current_timezone()
    due = dt.datetime(2026, 3, 10, 17, 0, tzinfo=tz)
    row = {"due_at": due, "paused_at": due + dt.timedelta(days=2)}
    assert _late_day(row, None, None) == dt.date(2026, 3, 10)
    row["paused_at"] = due - dt.timedelta(days=2)  # paused in time: the clock stopped
    assert _late_day(row, None, None) is None
