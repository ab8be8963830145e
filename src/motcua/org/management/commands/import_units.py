from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _

from motcua.core.management.base import MotcuaCommand
from motcua.org.services import units_import


class Command(MotcuaCommand):
    help = (
        "Import the 34 provinces, 3,321 communes, pre-merger units and dated changes, and bring "
        "each unit's kind and name up to date with the change in force today. Idempotent: run "
        "it daily (cron) so that a change dated in the future takes effect on its date."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument("path", nargs="?", help="Directory with provinces.csv, communes.csv…")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["path"] or settings.MOTCUA_DATA_DIR / "units")
        if not path.is_dir():
            raise CommandError(_("Không tìm thấy thư mục %(path)s") % {"path": path})
        report = units_import(path, dry_run=options["dry_run"], progress=self.progress(options))
        self.print_report(report, options)
        if report.created == report.updated == report.unchanged == 0 and report.rejected:
            raise CommandError(_("Không nhập được đơn vị hành chính (xem báo cáo ở trên)."))
