from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import CommandError, CommandParser

from motcua.core.management.base import MotcuaCommand
from motcua.eforms.services import eforms_import


class Command(MotcuaCommand):
    help = "Import e-form definitions (a folder of *.json, or one file; default data/eforms)."

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument("path", nargs="?", help="Folder or file (default: the shipped forms)")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["path"] or settings.MOTCUA_DATA_DIR / "eforms")
        if not path.exists():
            raise CommandError(f"Không tìm thấy {path}")
        report = eforms_import(path, dry_run=options["dry_run"])
        self.print_report(report, options)
