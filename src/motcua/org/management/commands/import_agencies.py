from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _

from motcua.core.management.base import MotcuaCommand
from motcua.org.services import agencies_import


class Command(MotcuaCommand):
    help = "Import official agency electronic IDs (CSV: code, name, kind, unit_code)."

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument("path", help="CSV file")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["path"])
        if not path.is_file():
            raise CommandError(_("Không tìm thấy tệp %(path)s") % {"path": path})
        self.print_report(agencies_import(path, dry_run=options["dry_run"]), options)
