from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from motcua.core.errors import MotcuaError
from motcua.org.services import province_provision


class Command(BaseCommand):
    help = (
        "Create the People's Committee and service centre of every commune of a province, "
        "and the province's own centre and departments, in one step."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("code", help="Province code, e.g. 51 (Quảng Ngãi)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            created = province_provision(options["code"])
        except MotcuaError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(self.style.SUCCESS(f"{len(created)} agencies created"))
