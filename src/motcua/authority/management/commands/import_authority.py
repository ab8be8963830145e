"""motcua import-authority [FILE.csv]: load the decentralisation registry."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import CommandError, CommandParser

from motcua.authority.services import task_import_csv
from motcua.core.management.base import MotcuaCommand


class Command(MotcuaCommand):
    help = (
        "Import decentralised tasks from a UTF-8 CSV file (default: the shipped "
        "data/authority/tasks.csv). Upserts by code; rejects bad lines with file, line and reason."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument("path", nargs="?", help="CSV file (see data/authority/SOURCE.md)")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["path"] or Path(settings.MOTCUA_DATA_DIR) / "authority" / "tasks.csv")
        if not path.is_file():
            raise CommandError(f"Không tìm thấy tệp {path}")
        report = task_import_csv(path, dry_run=options["dry_run"])
        self.print_report(report, options)
        if report.created == report.updated == report.unchanged == 0 and report.rejected:
            raise CommandError("Không nhập được nhiệm vụ nào (xem báo cáo ở trên).")
