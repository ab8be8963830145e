import datetime as dt

import pytest

from motcua.workdays.calendar import WorkCalendar
from motcua.workdays.tests.factories import shipped_calendar

D = dt.date


@pytest.fixture
def cal():
    return shipped_calendar()


@pytest.mark.parametrize(
    "day",
    [D(2026, 2, 16), D(2026, 2, 17), D(2026, 2, 18), D(2026, 2, 19), D(2026, 2, 20),
     D(2026, 4, 27), D(2026, 4, 30), D(2026, 5, 1), D(2026, 8, 31), D(2026, 9, 1),
     D(2026, 9, 2), D(2026, 1, 1), D(2025, 5, 2), D(2025, 9, 1), D(2025, 9, 2)],
)  # fmt: skip
def test_holidays_and_announced_days_off_are_not_working_days(cal, day):
    assert cal.is_working_day(day) is False


def test_make_up_saturdays_are_working_days(cal):
    assert cal.is_working_day(D(2025, 4, 26)) is True
    assert cal.is_working_day(D(2026, 8, 22)) is True
    assert WorkCalendar().is_working_day(D(2026, 8, 22)) is False  # the package alone


def test_weekends_are_off_and_an_override_wins_both_ways():
    cal = WorkCalendar({D(2026, 3, 7): "working_day", D(2026, 3, 10): "day_off"})
    assert cal.is_working_day(D(2026, 3, 8)) is False  # Sunday
    assert cal.is_working_day(D(2026, 3, 7)) is True  # a Saturday made a working day
    assert cal.is_working_day(D(2026, 3, 10)) is False  # a Tuesday made a day off


def test_unknown_override_kind_is_refused():
    with pytest.raises(ValueError, match="holiday"):
        WorkCalendar({D(2026, 3, 7): "holiday"})


def test_next_working_day_jumps_over_tet_2026(cal):
    assert cal.next_working_day(D(2026, 2, 13)) == D(2026, 2, 23)
    assert cal.working_day_on_or_after(D(2026, 2, 18)) == D(2026, 2, 23)
    assert cal.working_day_on_or_after(D(2026, 2, 13)) == D(2026, 2, 13)


def test_add_working_days_around_30_4_and_2_9(cal):
    assert cal.add_working_days(D(2026, 4, 29), 1) == D(2026, 5, 4)
    assert cal.add_working_days(D(2026, 8, 21), 1) == D(2026, 8, 22)  # make-up Saturday
    assert cal.add_working_days(D(2026, 8, 28), 1) == D(2026, 9, 3)
    assert cal.add_working_days(D(2026, 9, 3), -1) == D(2026, 8, 28)
    assert cal.add_working_days(D(2026, 2, 14), 0) == D(2026, 2, 14)


def test_working_days_between_counts_the_end_not_the_start(cal):
    assert cal.working_days_between(D(2026, 2, 13), D(2026, 2, 25)) == 3
    assert cal.working_days_between(D(2026, 2, 25), D(2026, 2, 13)) == -3
    assert cal.working_days_between(D(2026, 8, 21), D(2026, 8, 31)) == 6  # incl. Sat 22/8
