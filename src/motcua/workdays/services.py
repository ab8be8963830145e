"""Writes: importing the Government's yearly announcements of days off and make-up days."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.db import transaction

from motcua.core.imports import DryRunRollback, ImportReport, read_csv_rows
from motcua.workdays.calendar import DAY_KINDS, WORKING_DAY, WorkCalendar
from motcua.workdays.models import CalendarDay

COLUMNS = ["date", "kind", "reason"]
REASON_MAX = CalendarDay._meta.get_field("reason").max_length


def calendar_import(path: Path, *, dry_run: bool = False) -> ImportReport:
    """Load ``date,kind,reason`` rows (ISO dates; kind ``day_off`` or ``working_day``).

    A row replaces the override of its date; bad rows are reported with their line and the
    valid ones still load; importing the same file again changes nothing.
    """
    report = ImportReport(dry_run=dry_run)
    file = Path(path).name
    law = WorkCalendar()  # the package's calendar alone, to spot misdated make-up days
    seen: dict[dt.date, int] = {}
    try:
        with transaction.atomic():
            for line, row in read_csv_rows(Path(path), report, COLUMNS):
                try:
                    day = dt.date.fromisoformat(row["date"])
                except ValueError:
                    report.reject(file, line, f"date '{row['date']}' is not YYYY-MM-DD")
                    continue
                kind = row["kind"].lower()
                if kind not in DAY_KINDS:
                    report.reject(file, line, f"kind '{row['kind']}' is not day_off or working_day")
                    continue
                if day in seen:
                    report.reject(file, line, f"{day} already given on line {seen[day]}")
                    continue
                seen[day] = line
                reason = row["reason"]
                if len(reason) > REASON_MAX:
                    report.reject(file, line, f"reason longer than {REASON_MAX} characters")
                    continue
                if kind == WORKING_DAY and law.is_working_day(day):
                    report.warn(file, line, f"{day} is a working day anyway (wrong date?)")
                current = CalendarDay.objects.filter(date=day).first()
                if current is None:
                    CalendarDay.objects.create(date=day, kind=kind, reason=reason)
                    report.created += 1
                elif (current.kind, current.reason) != (kind, reason):
                    current.kind, current.reason = kind, reason
                    current.save(update_fields=["kind", "reason", "updated_at"])
                    report.updated += 1
                else:
                    report.unchanged += 1
            if dry_run:
                raise DryRunRollback
    except DryRunRollback:
        pass
    return report
