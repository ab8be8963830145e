"""Properties of the calculator (hypothesis), on the shipped calendar."""

import datetime as dt
from decimal import Decimal

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from motcua.dossiers.deadlines import VN_TZ, compute_deadline
from motcua.workdays.tests.factories import shipped_calendar

CAL = shipped_calendar()
fast = settings(max_examples=200, deadline=None)

moments = st.datetimes(min_value=dt.datetime(2025, 1, 1), max_value=dt.datetime(2027, 12, 31)).map(
    lambda d: d.replace(second=0, microsecond=0, tzinfo=VN_TZ)
)
units = st.sampled_from(["working_days", "days", "working_hours"])
limits = st.integers(min_value=0, max_value=40)
channels = st.sampled_from(["counter", "online"])
cutoffs = st.none() | st.sampled_from([dt.time(15, 0), dt.time(11, 0)])


def compute(received, limit, unit, **kwargs):
    return compute_deadline(received_at=received, limit=limit, unit=unit, calendar=CAL, **kwargs)


@fast
@given(moments, limits, units, channels, cutoffs)
def test_due_is_never_before_the_receipt_and_falls_on_a_working_day(
    received, limit, unit, channel, cutoff
):
    deadline = compute(received, limit, unit, channel=channel, cutoff=cutoff)
    assert deadline.due_at >= received
    assert CAL.is_working_day(deadline.due_date)
    assert deadline.due_at.utcoffset() == dt.timedelta(hours=7)


@fast
@given(moments, st.integers(min_value=1, max_value=40), channels)
def test_days_unit_is_at_least_n_days_after_the_receipt(received, limit, channel):
    deadline = compute(received, limit, "days", channel=channel)
    assert deadline.due_date >= received.date() + dt.timedelta(days=limit)


@fast
@given(moments, st.integers(min_value=1, max_value=40))
def test_working_days_unit_counts_exactly_n(received, limit):
    deadline = compute(received, limit, "working_days")
    assert deadline.working_days_counted == limit
    assert CAL.working_days_between(received.date(), deadline.due_date) == limit


@fast
@given(moments, limits, limits, units, channels)
def test_due_is_monotonic_in_the_limit(received, a, b, unit, channel):
    assume(a <= b)
    assert (
        compute(received, a, unit, channel=channel).due_at
        <= compute(received, b, unit, channel=channel).due_at
    )


@fast
@given(moments, limits, units, st.integers(min_value=1, max_value=15))
def test_extension_only_moves_later_and_keeps_the_original(received, limit, unit, extend):
    plain = compute(received, limit, unit)
    extended = compute(received, limit, unit, extend_working_days=extend)
    assert extended.due_at_original == plain.due_at
    assert extended.due_at > plain.due_at
    assert CAL.working_days_between(plain.due_date, extended.due_date) == extend


@fast
@given(
    moments, limits, units,
    st.integers(min_value=0, max_value=20 * 24 * 60),
    st.integers(min_value=0, max_value=20 * 24 * 60),
)  # fmt: skip
def test_a_pause_never_makes_it_earlier(received, limit, unit, offset, length):
    start = received + dt.timedelta(minutes=offset)
    pause = (start, start + dt.timedelta(minutes=length))
    plain = compute(received, limit, unit)
    paused = compute(received, limit, unit, pauses=[pause])
    assert paused.due_at >= plain.due_at
    assert paused.paused_days >= 0


@fast
@given(moments, st.decimals(min_value=Decimal("0.25"), max_value=Decimal(30), places=2))
def test_fractional_limits_are_monotonic_too(received, limit):
    hours = compute(received, limit, "working_hours").due_at
    more = compute(received, limit + Decimal("0.25"), "working_hours").due_at
    assert received <= hours < more


def test_zero_working_hours_is_not_later_than_one_working_hour():
    """Found by hypothesis: 0 h was due at 17:00 while 1 h was due at 08:30 the same day."""
    received = dt.datetime(2025, 1, 1, 0, 0, tzinfo=VN_TZ)
    zero = compute(received, 0, "working_hours", channel="counter").due_at
    one = compute(received, 1, "working_hours", channel="counter").due_at
    assert zero <= one
