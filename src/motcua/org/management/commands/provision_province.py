from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from motcua.core.errors import MotcuaError
from motcua.org.constants import Level
from motcua.org.selectors import unit_resolve
from motcua.org.services import province_provision


class Command(BaseCommand):
    help = (
        "Create the People's Committee and service centre of every commune of a province, "
        "and the province's own centre and departments, in one step."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "code", help="Province code, e.g. 51 (Quảng Ngãi); a pre-merger code is translated"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        code = options["code"]
        resolution = unit_resolve(code)
        successors = resolution.successors
        if (
            resolution.unit is None
            and len(successors) == 1
            and successors[0].level == Level.PROVINCE
        ):
            successor = successors[0]
            message = _(
                "Mã %(code)s là %(former)s (trước 01/07/2025), nay thuộc %(name)s: "
                "cấp cơ quan cho mã %(new)s."
            ) % {
                "code": code,
                "former": resolution.former[0].name,
                "name": successor.full_name,
                "new": successor.code,
            }
            self.stdout.write(self.style.WARNING(message))
        try:
            created = province_provision(code)
        except MotcuaError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(self.style.SUCCESS(_("Đã tạo %(n)d cơ quan.") % {"n": len(created)}))
