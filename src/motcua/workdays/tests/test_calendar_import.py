import datetime as dt

import pytest
from django.core.management import CommandError, call_command

from motcua.workdays.models import CalendarDay
from motcua.workdays.services import calendar_import
from motcua.workdays.tests.factories import SHIPPED

pytestmark = pytest.mark.django_db


def write(tmp_path, text: str | bytes):
    path = tmp_path / "calendar.csv"
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return path


def test_shipped_file_loads_the_make_up_saturdays_and_is_idempotent():
    first = calendar_import(SHIPPED)
    assert (first.created, first.rejected) == (4, [])
    assert CalendarDay.objects.get(date=dt.date(2026, 8, 22)).kind == "working_day"
    again = calendar_import(SHIPPED)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 4)
    assert CalendarDay.objects.count() == 4


def test_bad_rows_are_reported_with_their_line_and_good_rows_still_load(tmp_path):
    path = write(
        tmp_path,
        "date,kind,reason\n"
        "2027-02-13,working_day,làm bù Tết\n"
        "13/02/2027,day_off,not ISO\n"
        "2027-02-15,holiday,unknown kind\n"
        "2027-02-13,day_off,duplicate\n"
        "2027-02-16,day_off\n",
    )
    report = calendar_import(path)
    assert report.created == 1
    assert [(p.file, p.line) for p in report.rejected] == [
        ("calendar.csv", 3), ("calendar.csv", 4), ("calendar.csv", 5), ("calendar.csv", 6),
    ]  # fmt: skip
    assert "YYYY-MM-DD" in report.rejected[0].reason
    assert "holiday" in report.rejected[1].reason
    assert "line 2" in report.rejected[2].reason
    assert list(CalendarDay.objects.values_list("date", "kind")) == [
        (dt.date(2027, 2, 13), "working_day")
    ]


def test_broken_utf8_is_rejected_by_line(tmp_path):
    path = write(
        tmp_path, b"date,kind,reason\n2027-02-13,working_day,l\xe0m\n2027-02-15,day_off,ok\n"
    )
    report = calendar_import(path)
    assert [p.line for p in report.rejected] == [2]
    assert report.created == 1


def test_a_changed_row_updates_the_day(tmp_path):
    calendar_import(write(tmp_path, "date,kind,reason\n2027-02-13,working_day,a\n"))
    report = calendar_import(write(tmp_path, "date,kind,reason\n2027-02-13,day_off,b\n"))
    assert report.updated == 1
    assert CalendarDay.objects.get(date=dt.date(2027, 2, 13)).kind == "day_off"


def test_a_make_up_day_on_a_weekday_is_loaded_with_a_warning(tmp_path):
    report = calendar_import(write(tmp_path, "date,kind,reason\n2027-03-10,working_day,typo?\n"))
    assert report.created == 1
    assert "working day anyway" in report.warnings[0].reason


def test_dry_run_changes_nothing():
    report = calendar_import(SHIPPED, dry_run=True)
    assert report.created == 4
    assert not CalendarDay.objects.exists()


def test_command_imports_and_reports(tmp_path, capsys):
    path = write(tmp_path, "date,kind,reason\n2027-02-13,working_day,x\nbad,day_off,y\n")
    call_command("calendar", "import", str(path), no_progress=True)
    captured = capsys.readouterr()
    assert "1 created" in captured.out
    assert "calendar.csv:3: [rejected]" in captured.err


def test_command_default_file_is_the_shipped_calendar(capsys):
    call_command("calendar", "import", no_progress=True)
    assert "4 created" in capsys.readouterr().out


def test_command_fails_when_nothing_loads(tmp_path):
    with pytest.raises(CommandError):
        call_command("calendar", "import", str(write(tmp_path, "day,kind\n1,2\n")))
    with pytest.raises(CommandError, match="Không tìm thấy"):
        call_command("calendar", "import", str(tmp_path / "missing.csv"))
