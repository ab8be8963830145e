"""``motcua score --counts FILE.json [--json] [--level commune]``: score raw counts, no database."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from motcua.indicators import scoring


class Command(BaseCommand):
    help = "Tính điểm chỉ số 766 từ một tệp JSON số liệu (không cần cơ sở dữ liệu)."
    requires_system_checks: list[str] = []
    requires_migrations_checks = False

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--counts", required=True, help="Tệp JSON: mã chỉ số → tử số, mẫu số.")
        parser.add_argument("--json", action="store_true", help="In kết quả dạng JSON.")
        parser.add_argument("--level", default="", choices=["", "commune", "province", "agency"])

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["counts"])
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except OSError as exc:
            raise CommandError(_("Không đọc được tệp %(path)s.") % {"path": path}) from exc
        except ValueError as exc:
            raise CommandError(_("Tệp %(path)s không phải JSON hợp lệ.") % {"path": path}) from exc
        try:
            result = scoring.simulate(data, level=options["level"])
        except scoring.CountsError as exc:
            raise CommandError(str(exc)) from exc
        if options["json"]:
            self.stdout.write(json.dumps(result, ensure_ascii=False))
            return
        table = scoring.configured()
        for key, points in result["indicators"].items():
            shown = "—" if points is None else f"{points:.2f}"
            self.stdout.write(f"{key:>16}  {shown:>6} / {table[key].max:<3} {table[key].name}")
        for key, points in result["groups"].items():
            shown = "—" if points is None else f"{points:.2f}"
            self.stdout.write(f"{key:>30}  {shown:>6} / {scoring.GROUPS[key]}")
        total = result["total"]
        self.stdout.write(_("Tổng điểm: %(t)s") % {"t": "—" if total is None else f"{total:.2f}"})
