import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from motcua.workdays.services import calendar_import
from motcua.workdays.tests.factories import SHIPPED

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command("deadline", *args, stdout=out)
    return out.getvalue().strip()


@pytest.fixture(autouse=True)
def calendar():
    calendar_import(SHIPPED)


def test_prints_the_due_time_in_iso_8601():
    assert run("--received", "2026-02-13 10:00", "--limit", "3", "--unit", "working_days") == (
        "2026-02-25T17:00:00+07:00"
    )


def test_json_has_the_contract_keys():
    args = ["--received", "2026-08-28 10:00", "--limit", "1", "--unit", "working_days",
            "--extend", "2", "--json"]  # fmt: skip
    assert json.loads(run(*args)) == {
        "due_at": "2026-09-07T17:00:00+07:00",
        "due_date": "2026-09-07",
        "due_at_original": "2026-09-03T17:00:00+07:00",
        "working_days_counted": 3,
        "paused_days": 0,
    }


def test_every_option():
    args = ["--received", "2026-08-20 16:00", "--limit", "2", "--unit", "working_days",
            "--channel", "online", "--cutoff", "15:00", "--extend", "1",
            "--pause", "2026-08-21 08:00..2026-08-24 08:00",
            "--pause", "2026-08-25 09:00..2026-08-25 10:00", "--json"]  # fmt: skip
    data = json.loads(run(*args))
    assert data["due_at_original"] == "2026-08-26T17:00:00+07:00"
    assert data["due_at"] == "2026-08-27T17:00:00+07:00"
    assert data["paused_days"] == 2


def test_limit_zero_is_a_same_day_procedure():
    assert run("--received", "2026-04-29 16:00", "--limit", "0", "--unit", "working_days") == (
        "2026-04-29T17:00:00+07:00"
    )
    assert run(
        "--received", "2026-04-29 16:00", "--limit", "0", "--unit", "working_days",
        "--cutoff", "15:00",
    ) == "2026-05-04T17:00:00+07:00"  # fmt: skip


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--received", "29/04/2026", "--limit", "1", "--unit", "days"], "YYYY-MM-DD HH:MM"),
        (["--received", "2026-04-29 09:00", "--limit", "-1", "--unit", "days"], "Thời hạn"),
        (["--received", "2026-04-29 09:00", "--limit", "1", "--unit", "weeks"], "Đơn vị"),
        (["--received", "2026-04-29 09:00", "--limit", "1", "--unit", "days",
          "--pause", "2026-05-05 09:00..2026-05-04 09:00"], "tạm dừng"),
    ],
)  # fmt: skip
def test_bad_input_is_a_command_error(args, words):
    with pytest.raises(CommandError, match=words):
        run(*args)
