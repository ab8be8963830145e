"""Concrete cases around Tết 2026, 30/4–1/5 and 2/9 (2026), on the shipped calendar."""

import datetime as dt

import pytest

from motcua.dossiers.deadlines import (
    VN_TZ,
    DeadlineInputError,
    ExtensionNotAllowed,
    OfficeHours,
    compute_deadline,
    extension_allowed,
    extension_check,
    extension_notice_deadline,
    same_day_cutoff_default,
)
from motcua.workdays.tests.factories import shipped_calendar

CAL = shipped_calendar()


def at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=VN_TZ)


def due(received, limit, unit="working_days", **kwargs) -> str:
    deadline = compute_deadline(
        received_at=at(received), limit=limit, unit=unit, calendar=CAL, **kwargs
    )
    return deadline.due_at.isoformat()


@pytest.mark.parametrize(
    ("received", "limit", "unit", "expected"),
    [
        # Tết 2026: 16–20/02 off
        ("2026-02-13 10:00", 3, "working_days", "2026-02-25T17:00:00+07:00"),
        ("2026-02-13 10:00", 1, "working_days", "2026-02-23T17:00:00+07:00"),
        ("2026-02-13 10:00", 5, "days", "2026-02-23T17:00:00+07:00"),  # 18/02 → next working day
        ("2026-02-13 15:00", 4, "working_hours", "2026-02-23T09:30:00+07:00"),
        # 30/4–1/5 (2026): Thu and Fri off; Mon 27/4 off (Hùng Kings' day observed)
        ("2026-04-29 09:00", 2, "working_days", "2026-05-05T17:00:00+07:00"),
        ("2026-04-24 10:00", 3, "working_days", "2026-05-04T17:00:00+07:00"),
        # 2/9 (2026): Sat 22/8 is a make-up working day for Mon 31/8; 1/9 and 2/9 off
        ("2026-08-21 10:00", 1, "working_days", "2026-08-22T17:00:00+07:00"),
        ("2026-08-28 10:00", 1, "working_days", "2026-09-03T17:00:00+07:00"),
        ("2026-08-28 10:00", 4, "days", "2026-09-03T17:00:00+07:00"),  # Tue 1/9 → Thu 3/9
        # a calendar-days deadline on a Sunday moves to Monday
        ("2026-03-02 09:00", 6, "days", "2026-03-09T17:00:00+07:00"),
        # working hours across lunch and a weekend
        ("2026-03-06 11:00", 2, "working_hours", "2026-03-06T14:30:00+07:00"),
        ("2026-03-06 10:00", 8, "working_hours", "2026-03-09T10:00:00+07:00"),
        ("2026-03-06 10:00", 5.5, "working_hours", "2026-03-06T17:00:00+07:00"),
        ("2026-03-06 09:30", 2, "working_hours", "2026-03-06T11:30:00+07:00"),
        ("2026-03-09 10:00", "0.5", "working_days", "2026-03-09T15:30:00+07:00"),  # = 4 h
        # --limit 0: same day, or the next working day
        ("2026-03-02 09:00", 0, "working_days", "2026-03-02T17:00:00+07:00"),
        ("2026-03-07 09:00", 0, "working_days", "2026-03-09T17:00:00+07:00"),  # Saturday
        ("2026-03-02 17:30", 0, "working_days", "2026-03-03T17:00:00+07:00"),  # after closing
        ("2026-02-13 16:00", 0, "days", "2026-02-13T17:00:00+07:00"),
    ],
)
def test_due_time(received, limit, unit, expected):
    assert due(received, limit, unit) == expected


def test_online_filing_after_hours_starts_the_next_working_day():
    assert due("2026-03-06 18:00", 1) == "2026-03-09T17:00:00+07:00"  # counter: as is
    assert due("2026-03-06 18:00", 1, channel="online") == "2026-03-10T17:00:00+07:00"
    assert due("2026-03-07 10:00", 1, channel="online") == "2026-03-10T17:00:00+07:00"  # Sat
    assert due("2026-03-09 06:00", 1, channel="online") == "2026-03-10T17:00:00+07:00"
    assert due("2026-03-09 12:00", 1, channel="online") == "2026-03-10T17:00:00+07:00"
    assert due("2026-03-06 18:00", 2, "working_hours", channel="online") == (
        "2026-03-09T09:30:00+07:00"
    )
    assert due("2026-02-13 17:05", 0, channel="online") == "2026-02-23T17:00:00+07:00"


def test_cutoff_applies_only_when_given():
    cutoff = dt.time(15, 0)
    assert due("2026-03-09 15:30", 0) == "2026-03-09T17:00:00+07:00"
    assert due("2026-03-09 15:30", 0, cutoff=cutoff) == "2026-03-10T17:00:00+07:00"
    assert due("2026-03-09 15:00", 0, cutoff=cutoff) == "2026-03-09T17:00:00+07:00"
    assert due("2026-03-09 14:30", 0, cutoff=cutoff) == "2026-03-09T17:00:00+07:00"
    assert due("2026-03-09 15:30", 2, cutoff=cutoff) == "2026-03-12T17:00:00+07:00"
    assert due("2026-02-13 15:30", 0, cutoff=cutoff) == "2026-02-23T17:00:00+07:00"  # Tết
    assert same_day_cutoff_default() == cutoff


def test_pause_gives_back_the_paused_working_days():
    deadline = compute_deadline(
        received_at=at("2026-03-02 09:00"), limit=5, unit="working_days", calendar=CAL,
        pauses=[(at("2026-03-03 10:00"), at("2026-03-05 14:00"))],
    )  # fmt: skip
    # without the pause: Mon 09/03; Wed 4 and Thu 5 paused → Wed 11/03
    assert deadline.due_at.isoformat() == "2026-03-11T17:00:00+07:00"
    assert deadline.due_at_original == deadline.due_at
    assert (deadline.paused_days, deadline.working_days_counted) == (2, 5)


def test_pauses_within_one_day_cost_no_day_but_cost_hours():
    pause = [(at("2026-03-06 13:00"), at("2026-03-06 15:00"))]
    assert due("2026-03-06 09:00", 1, pauses=pause) == "2026-03-09T17:00:00+07:00"
    # 4 h end at 15:30 without the pause; 2 paused hours push past closing → Mon 08:00
    assert due("2026-03-06 10:00", 4, "working_hours", pauses=pause) == (
        "2026-03-09T08:00:00+07:00"
    )


def test_overlapping_pauses_count_once_and_days_unit_counts_calendar_days():
    pauses = [
        (at("2026-03-03 10:00"), at("2026-03-05 10:00")),
        (at("2026-03-04 10:00"), at("2026-03-05 16:00")),
    ]
    assert due("2026-03-02 09:00", 5, pauses=pauses) == "2026-03-11T17:00:00+07:00"
    deadline = compute_deadline(
        received_at=at("2026-03-02 09:00"), limit=3, unit="days", calendar=CAL, pauses=pauses
    )
    assert deadline.paused_days == 2
    assert deadline.due_at.isoformat() == "2026-03-09T17:00:00+07:00"  # 7/3 Sat → Mon 9/3


def test_pause_across_tet_gives_back_only_working_days():
    pause = [(at("2026-02-13 14:00"), at("2026-02-23 09:00"))]
    deadline = compute_deadline(
        received_at=at("2026-02-12 10:00"), limit=2, unit="working_days", calendar=CAL,
        pauses=pause,
    )  # fmt: skip
    assert deadline.paused_days == 1  # Mon 23/02 only
    assert deadline.due_at.isoformat() == "2026-02-24T17:00:00+07:00"


def test_extension_adds_working_days_and_keeps_the_original():
    deadline = compute_deadline(
        received_at=at("2026-03-02 09:00"), limit=5, unit="working_days", calendar=CAL,
        extend_working_days=3,
    )  # fmt: skip
    assert deadline.due_at_original.isoformat() == "2026-03-09T17:00:00+07:00"
    assert deadline.due_at.isoformat() == "2026-03-12T17:00:00+07:00"
    assert deadline.working_days_counted == 8
    over_tet = compute_deadline(
        received_at=at("2026-02-10 09:00"), limit=2, unit="working_hours", calendar=CAL,
        extend_working_days=1,
    )  # fmt: skip
    assert over_tet.due_at_original.isoformat() == "2026-02-10T11:00:00+07:00"
    assert over_tet.due_at.isoformat() == "2026-02-11T17:00:00+07:00"


def test_json_has_exactly_the_contract_keys():
    deadline = compute_deadline(
        received_at=at("2026-02-13 10:00"), limit=3, unit="working_days", calendar=CAL
    )
    assert deadline.to_json() == {
        "due_at": "2026-02-25T17:00:00+07:00",
        "due_date": "2026-02-25",
        "due_at_original": "2026-02-25T17:00:00+07:00",
        "working_days_counted": 3,
        "paused_days": 0,
    }


def test_received_in_another_time_zone_is_read_in_vietnam_time():
    received = dt.datetime(2026, 2, 13, 9, 30, tzinfo=dt.UTC)  # 16:30 in Hà Nội
    deadline = compute_deadline(received_at=received, limit=1, unit="working_hours", calendar=CAL)
    assert deadline.due_at.isoformat() == "2026-02-23T08:00:00+07:00"


def test_office_hours_are_a_parameter():
    hours = OfficeHours.parse("08:00-12:00,13:30-17:30")
    deadline = compute_deadline(
        received_at=at("2026-03-02 09:00"), limit=1, unit="working_days", calendar=CAL,
        office_hours=hours,
    )  # fmt: skip
    assert deadline.due_at.isoformat() == "2026-03-03T17:30:00+07:00"


@pytest.mark.parametrize(
    ("kwargs", "words"),
    [
        ({"limit": -1}, "Thời hạn"),
        ({"unit": "weeks"}, "Đơn vị"),
        ({"channel": "fax"}, "Kênh"),
        ({"extend_working_days": -1}, "gia hạn"),
        ({"pauses": [(at("2026-03-05 10:00"), at("2026-03-04 10:00"))]}, "kết thúc"),
        ({"pauses": [(at("2026-03-01 10:00"), at("2026-03-04 10:00"))]}, "trước khi tiếp nhận"),
    ],
)
def test_bad_input_is_refused(kwargs, words):
    args = {"received_at": at("2026-03-02 09:00"), "limit": 1, "unit": "working_days"}
    with pytest.raises(DeadlineInputError, match=words):
        compute_deadline(calendar=CAL, **{**args, **kwargs})


def test_apology_must_come_one_working_day_before_the_due_time():
    due_at = at("2026-03-09 17:00")  # Monday
    assert extension_notice_deadline(due_at, CAL) == at("2026-03-06 17:00")  # Friday
    assert extension_allowed(due_at, at("2026-03-06 16:59"), CAL)
    assert not extension_allowed(due_at, at("2026-03-06 17:01"), CAL)
    assert not extension_allowed(due_at, at("2026-03-09 08:00"), CAL)
    assert extension_notice_deadline(at("2026-02-23 17:00"), CAL) == at("2026-02-13 17:00")


def test_second_extension_is_refused():
    extension_check(
        due_at=at("2026-03-09 17:00"), now=at("2026-03-05 10:00"), calendar=CAL,
        extensions_so_far=0, new_due_at=at("2026-03-12 17:00"),
    )  # fmt: skip
    with pytest.raises(ExtensionNotAllowed, match="gia hạn 1 lần"):
        extension_check(
            due_at=at("2026-03-12 17:00"), now=at("2026-03-05 10:00"), calendar=CAL,
            extensions_so_far=1,
        )  # fmt: skip


def test_late_apology_is_refused_with_the_last_moment():
    with pytest.raises(ExtensionNotAllowed, match="17:00 06/03/2026"):
        extension_check(
            due_at=at("2026-03-09 17:00"), now=at("2026-03-08 10:00"), calendar=CAL,
            extensions_so_far=0,
        )  # fmt: skip
    with pytest.raises(ExtensionNotAllowed, match="sau thời hạn"):
        extension_check(
            due_at=at("2026-03-09 17:00"), now=at("2026-03-05 10:00"), calendar=CAL,
            extensions_so_far=0, new_due_at=at("2026-03-09 11:00"),
        )  # fmt: skip
