import datetime as dt
from types import SimpleNamespace

from hypothesis import given
from hypothesis import strategies as st

from motcua.documents import control

T0 = dt.datetime(2025, 9, 8, 2, 0, tzinfo=dt.UTC)  # 09:00 in Hà Nội


def event(kind, minutes, unit, actor, **payload):
    return SimpleNamespace(kind=kind, at=T0 + dt.timedelta(minutes=minutes), unit_id=unit,
                           actor_label=actor, payload=payload)  # fmt: skip


def test_a_transfer_is_received_by_whoever_accepts_it():
    events = [
        event("receive", 0, "00004", "Clerk"),
        event("transfer", 10, "00004", "Clerk", from_unit="00004", to_unit="01"),
        event("accept", 95, "01", "Dept"),
        event("hand_back", 900, "01", "Dept", from_unit="01", to_unit="00004"),
    ]
    rows = control.handover_rows(events, receiving_unit="00004")
    assert [(r.kind, r.from_unit, r.to_unit, r.giver, r.receiver) for r in rows] == [
        ("transfer", "00004", "01", "Clerk", "Dept"),
        ("hand_back", "01", "00004", "Dept", ""),
    ]
    assert rows[0].at == T0 + dt.timedelta(minutes=10)
    assert rows[0].received_at == T0 + dt.timedelta(minutes=95)


def test_a_dossier_processed_where_it_was_received_goes_from_desk_to_specialist():
    events = [event("receive", 0, "00004", "Clerk"),
              event("start_processing", 30, "00004", "Specialist")]  # fmt: skip
    (row,) = control.handover_rows(events, receiving_unit="00004")
    assert (row.from_unit, row.to_unit, row.giver, row.receiver) == (
        "00004", "00004", "Clerk", "Specialist"
    )  # fmt: skip


def test_only_the_hand_back_is_judged_against_the_appointment_by_default():
    events = [
        event("transfer", 10, "00004", "Clerk", from_unit="00004", to_unit="01"),
        event("hand_back", 60, "01", "Dept", from_unit="01", to_unit="00004"),
    ]
    rows = control.with_verdicts(
        control.handover_rows(events, receiving_unit="00004"), T0 + dt.timedelta(days=3)
    )
    assert [r.verdict for r in rows] == ["", control.EARLY]


def test_verdict_boundaries():
    due = dt.datetime(2025, 9, 10, 10, 0, tzinfo=dt.UTC)  # 17:00 in Hà Nội
    assert control.verdict(due - dt.timedelta(days=1), due) == control.EARLY
    assert control.verdict(due - dt.timedelta(hours=8), due) == control.ON_TIME  # 09:00 that day
    assert control.verdict(due, due) == control.ON_TIME
    assert control.verdict(due + dt.timedelta(minutes=1), due) == control.LATE


ORDER = {control.EARLY: 0, control.ON_TIME: 1, control.LATE: 2}


@given(st.integers(-20_000, 20_000), st.integers(0, 20_000))
def test_a_later_hand_over_never_gets_a_better_verdict(minutes, later_by):
    due = dt.datetime(2025, 9, 10, 10, 0, tzinfo=dt.UTC)
    a = due + dt.timedelta(minutes=minutes)
    b = a + dt.timedelta(minutes=later_by)
    assert ORDER[control.verdict(a, due)] <= ORDER[control.verdict(b, due)]
