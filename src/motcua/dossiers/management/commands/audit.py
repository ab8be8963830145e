import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from motcua.dossiers.events import anchor_create, verify


class Command(BaseCommand):
    help = "Verify the dossier event log (`audit verify`) or seal it (`audit anchor`)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["verify", "anchor"])

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "anchor":
            anchor = anchor_create()
            self.stdout.write(f"anchor {anchor.pk}: {anchor.dossier_count} dossiers, "
                              f"{anchor.event_count} events, {anchor.hash}")  # fmt: skip
            return
        findings = verify()
        if not findings:
            self.stdout.write(self.style.SUCCESS("OK: the event log is intact"))
            return
        for finding in findings:
            self.stderr.write(self.style.ERROR(str(finding)))
        self.stderr.write(f"{len(findings)} problem(s) found")
        sys.exit(1)
