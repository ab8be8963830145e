import datetime as dt
import re

from hypothesis import given
from hypothesis import strategies as st

from motcua.documents.formatting import (
    BLANK,
    VN,
    date,
    date_in_words,
    place_and_date,
    time_and_date,
)


def test_time_and_date_is_in_vietnam_time_to_the_minute():
    at = dt.datetime(2025, 9, 8, 2, 5, tzinfo=dt.UTC)  # 09:05 in Hà Nội
    assert time_and_date(at) == "09 giờ 05 phút, ngày 08/09/2025"


def test_a_utc_evening_is_the_next_day_in_vietnam():
    assert date(dt.datetime(2025, 12, 31, 18, 0, tzinfo=dt.UTC)) == "01/01/2026"


def test_missing_values_leave_a_blank_to_fill_by_hand():
    assert time_and_date(None) == BLANK and date(None) == BLANK


def test_dates_in_words_follow_decree_30():
    assert date_in_words(dt.date(2026, 2, 3)) == "ngày 03 tháng 02 năm 2026"
    assert date_in_words(dt.date(2026, 3, 15)) == "ngày 15 tháng 3 năm 2026"
    assert date_in_words(dt.date(2026, 11, 5)) == "ngày 05 tháng 11 năm 2026"


def test_place_and_date():
    assert place_and_date("Ba Đình", dt.date(2026, 1, 9)) == "Ba Đình, ngày 09 tháng 01 năm 2026"
    assert place_and_date("", dt.date(2026, 1, 9)) == "Ngày 09 tháng 01 năm 2026"


@given(st.datetimes(min_value=dt.datetime(2000, 1, 1), max_value=dt.datetime(2099, 12, 31),
                    timezones=st.just(dt.UTC)))  # fmt: skip
def test_time_and_date_reads_back_as_the_same_local_minute(at):
    match = re.fullmatch(r"(\d\d) giờ (\d\d) phút, ngày (\d\d)/(\d\d)/(\d{4})", time_and_date(at))
    assert match
    hh, mm, d, m, y = map(int, match.groups())
    assert dt.datetime(y, m, d, hh, mm, tzinfo=VN) == at.astimezone(VN).replace(
        second=0, microsecond=0
    )
