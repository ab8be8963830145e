from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import CommandError, CommandParser

from motcua.core.management.base import MotcuaCommand
from motcua.workdays.services import calendar_import


class Command(MotcuaCommand):
    help = (
        "Working-day calendar. `calendar import [FILE.csv]` loads the days off and make-up "
        "working days announced by the Government (columns date,kind,reason; kind = day_off "
        "or working_day; default: data/calendar/vietnam.csv)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument("action", choices=["import"], help="import")
        parser.add_argument("path", nargs="?", help="CSV file (date,kind,reason)")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["path"] or settings.MOTCUA_DATA_DIR / "calendar" / "vietnam.csv")
        if not path.is_file():
            raise CommandError(f"Không tìm thấy tệp {path}")
        report = calendar_import(path, dry_run=options["dry_run"])
        self.print_report(report, options)
        if report.created == report.updated == report.unchanged == 0 and report.rejected:
            raise CommandError("Không nhập được dòng nào của lịch (xem báo cáo ở trên).")
