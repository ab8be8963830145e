from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import CommandError, CommandParser

from motcua.catalog.services import catalogue_import, normalisation_coverage
from motcua.core.management.base import MotcuaCommand


class Command(MotcuaCommand):
    help = "Import a procedure catalogue file (JSON lines; plain, .xz or .gz)."

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument(
            "path", nargs="?", help="Catalogue file (default: the shipped catalogue)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(
            options["path"] or settings.MOTCUA_DATA_DIR / "catalogue" / "procedures.jsonl.xz"
        )
        if not path.is_file():
            raise CommandError(f"Không tìm thấy tệp {path}")
        report = catalogue_import(path, dry_run=options["dry_run"], progress=self.progress(options))
        self.print_report(report, options)
        if not options["dry_run"]:
            coverage = normalisation_coverage()
            total = coverage.pop("procedures")
            self.stdout.write(f"Structured values (of {total} procedures):")
            for key, value in coverage.items():
                self.stdout.write(f"  {key}: {value}")
