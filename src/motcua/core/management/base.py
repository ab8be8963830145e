"""Base for import commands: --dry-run, a progress bar, and a file/line/reason report."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from motcua.core.imports import ImportReport


class MotcuaCommand(BaseCommand):
    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="Check and count, change nothing"
        )
        parser.add_argument("--report", help="Write the problem report to this CSV file")
        parser.add_argument("--no-progress", action="store_true", help="Hide the progress bar")

    def progress_enabled(self, options: dict[str, Any]) -> bool:
        return not options.get("no_progress") and options.get("verbosity", 1) >= 1

    def print_report(self, report: ImportReport, options: dict[str, Any]) -> None:
        for problem in report.problems[:200]:
            style = self.style.ERROR if problem.severity == "rejected" else self.style.WARNING
            self.stderr.write(style(str(problem)))
        if len(report.problems) > 200:
            self.stderr.write(f"… and {len(report.problems) - 200} more (use --report FILE.csv)")
        if options.get("report"):
            report.write_csv(options["report"])
            self.stdout.write(f"Report written to {options['report']}")
        self.stdout.write(self.style.SUCCESS(report.summary()))

    def progress(self, options: dict[str, Any]):
        """A progress wrapper for services: tqdm with counts, or a no-op."""
        if not self.progress_enabled(options):
            return lambda items, label, total: items
        from tqdm import tqdm

        def wrap(items, label: str, total: int):
            return tqdm(items, desc=label, total=total, unit="rows", file=self.stderr._out)

        return wrap
