import datetime as dt

import pytest

from motcua.workdays.models import CalendarDay
from motcua.workdays.selectors import calendar_get

pytestmark = pytest.mark.django_db

SAT = dt.date(2026, 8, 22)


def test_calendar_follows_every_change_of_the_overrides():
    assert calendar_get().is_working_day(SAT) is False
    day = CalendarDay.objects.create(date=SAT, kind="working_day", reason="làm bù")
    assert calendar_get().is_working_day(SAT) is True
    day.kind = "day_off"
    day.save()
    assert calendar_get().is_working_day(SAT) is False
    day.delete()
    assert calendar_get().is_working_day(SAT) is False


def test_calendar_is_cached_while_nothing_changes(django_assert_num_queries):
    calendar_get()
    with django_assert_num_queries(1):
        first = calendar_get()
    assert calendar_get() is first
