"""The default process and the budget rules (pure)."""

import datetime as dt
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from motcua.dossiers.deadlines import VN_TZ
from motcua.processes.budgets import StepSpec, default_steps, limit_hours, steps_problems
from motcua.processes.constants import Stage, Verdict
from motcua.processes.timing import step_due, verdict_for
from motcua.workdays.calendar import WorkCalendar

EIGHT = Decimal(8)


@given(
    unit=st.sampled_from(["working_days", "working_hours", "days"]),
    value=st.decimals(min_value=0, max_value=365, places=2),
    hand_over=st.booleans(),
)
def test_default_steps_sum_exactly_to_the_limit(unit, value, hand_over):
    hours = limit_hours(value, unit, EIGHT)
    steps = default_steps(hours, hand_over=hand_over)
    assert sum(s.budget_hours for s in steps) == hours
    assert all(s.budget_hours >= 0 for s in steps)
    assert [s.position for s in steps] == list(range(1, len(steps) + 1))
    assert steps_problems(steps, hours) == []
    assert (Stage.TRANSFER in {s.stage for s in steps}) is hand_over


def test_limits_in_working_hours():
    assert limit_hours(Decimal(3), "working_days", EIGHT) == Decimal(24)
    assert limit_hours(Decimal("0.5"), "working_days", EIGHT) == Decimal(4)
    assert limit_hours(Decimal(4), "working_hours", EIGHT) == Decimal(4)
    assert limit_hours(Decimal(30), "days", EIGHT) == Decimal(21 * 8)  # floor(150/7) = 21
    assert limit_hours(Decimal(1), "days", EIGHT) == Decimal(8)  # at least one working day
    assert limit_hours(Decimal(0), "days", EIGHT) == 0
    assert limit_hours(None, "working_days", EIGHT) is None


def test_same_day_limit_gives_every_step_a_zero_budget():
    steps = default_steps(Decimal(0), hand_over=True)
    assert {s.budget_hours for s in steps} == {Decimal(0)}


def test_bad_steps_are_explained():
    ok = default_steps(Decimal(24), hand_over=False)
    assert steps_problems(ok, Decimal(25)) and "24" in steps_problems(ok, Decimal(25))[0]
    swapped = [ok[1], ok[0], *ok[2:]]
    assert steps_problems(swapped, Decimal(24))
    negative = [*ok[:-1], StepSpec(5, "x", Stage.RETURN, "receiving", "clerk", Decimal(-1))]
    assert steps_problems(negative, None)
    assert steps_problems([], None)


CAL = WorkCalendar({})
MONDAY = dt.date(2026, 3, 2)


def at(day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2026, 3, day, hour, minute, tzinfo=VN_TZ)


def test_step_due_counts_office_hours_and_zero_means_end_of_day():
    assert step_due(at(2, 9), Decimal(8), CAL) == at(3, 9)  # 2.5 + 4 + 1.5 hours
    assert step_due(at(2, 9), Decimal(0), CAL) == at(2, 17)
    assert step_due(at(2, 17, 30), Decimal(0), CAL) == at(3, 17)  # after closing
    assert step_due(at(7, 9), Decimal(0), CAL) == at(9, 17)  # Saturday → Monday


def test_verdicts():
    due = at(3, 9)
    assert verdict_for(at(2, 16), due) == Verdict.EARLY  # an earlier day
    assert verdict_for(at(3, 8), due) == Verdict.ON_TIME  # the due day
    assert verdict_for(due, due) == Verdict.ON_TIME
    assert verdict_for(at(3, 9, 1), due) == Verdict.LATE
    assert verdict_for(at(3, 9, 1), None) == ""
