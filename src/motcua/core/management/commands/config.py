from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from motcua.conf.env import REGISTRY


class Command(BaseCommand):
    help = "List the configuration variables (motcua config list)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["list"])

    def handle(self, *args: Any, **options: Any) -> None:
        for var in sorted(REGISTRY.values(), key=lambda v: v.name):
            self.stdout.write(f"{var.name:<30} default={var.default!r:<40} {var.help}")
