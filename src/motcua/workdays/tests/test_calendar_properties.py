import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from motcua.workdays.calendar import WorkCalendar
from motcua.workdays.tests.factories import shipped_calendar

CAL = shipped_calendar()
days = st.dates(min_value=dt.date(2024, 1, 1), max_value=dt.date(2028, 12, 31))
counts = st.integers(min_value=0, max_value=80)
fast = settings(max_examples=300, deadline=None)


@fast
@given(days, st.integers(min_value=1, max_value=80))
def test_adding_working_days_never_lands_on_a_weekend_or_holiday(day, n):
    result = CAL.add_working_days(day, n)
    assert CAL.is_working_day(result)
    if result not in CAL.overrides:
        assert result.weekday() < 5
        assert CAL.holiday_name(result) is None
    else:
        assert CAL.overrides[result] == "working_day"


@fast
@given(days, counts, counts)
def test_adding_working_days_is_monotonic_in_n(day, n, m):
    if n < m:
        assert CAL.add_working_days(day, n) < CAL.add_working_days(day, m)


@fast
@given(days, days, counts)
def test_adding_working_days_is_monotonic_in_the_start(a, b, n):
    if a <= b:
        assert CAL.add_working_days(a, n) <= CAL.add_working_days(b, n)


@fast
@given(days, counts)
def test_working_days_between_inverts_add_working_days(day, n):
    later = CAL.add_working_days(day, n)
    assert CAL.working_days_between(day, later) == n
    if CAL.is_working_day(day):
        assert CAL.add_working_days(later, -n) == day


@fast
@given(days, days)
def test_working_days_between_is_antisymmetric_and_bounded(a, b):
    n = CAL.working_days_between(a, b)
    assert n == -CAL.working_days_between(b, a)
    assert abs(n) <= abs((b - a).days)


@fast
@given(st.dictionaries(days, st.sampled_from(["day_off", "working_day"]), max_size=20), days)
def test_overrides_decide_the_day(overrides, day):
    cal = WorkCalendar(overrides)
    if day in overrides:
        assert cal.is_working_day(day) is (overrides[day] == "working_day")
    else:
        assert cal.is_working_day(day) is WorkCalendar().is_working_day(day)
