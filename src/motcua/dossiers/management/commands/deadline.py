import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError

from motcua.dossiers.deadlines import DeadlineInputError, deadline_from_input
from motcua.workdays.calendar import WorkCalendar


class Command(BaseCommand):
    help = (
        "Due time of a dossier (ISO 8601, +07:00): working days, calendar days or working "
        "hours on the working-day calendar (holidays, days off and make-up Saturdays)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--received", required=True, help="'YYYY-MM-DD HH:MM' (Vietnam time)")
        parser.add_argument("--limit", required=True, help="N; 0 = same-day procedure")
        parser.add_argument("--unit", required=True, help="working_days | days | working_hours")
        parser.add_argument("--channel", default="counter", help="counter (default) | online")
        parser.add_argument(
            "--pause", action="append", default=[],
            help="Supplement time 'YYYY-MM-DD HH:MM..YYYY-MM-DD HH:MM' (repeatable)",
        )  # fmt: skip
        parser.add_argument("--extend", default="0", help="Extension, in working days")
        parser.add_argument("--cutoff", help="Same-day cut-off HH:MM (none unless given)")
        parser.add_argument("--json", action="store_true", help="Print the result as JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            from motcua.workdays.selectors import calendar_get

            calendar = calendar_get()
        except DatabaseError:
            self.stderr.write(
                "Chưa có bảng lịch làm việc (chạy `motcua migrate`); chỉ dùng ngày lễ theo luật."
            )
            calendar = WorkCalendar()
        try:
            deadline = deadline_from_input(
                calendar=calendar,
                received=options["received"],
                limit=options["limit"],
                unit=options["unit"],
                channel=options["channel"],
                pauses=options["pause"],
                extend=options["extend"],
                cutoff=options["cutoff"],
            )
        except DeadlineInputError as exc:
            raise CommandError(exc.message) from exc
        if options["json"]:
            self.stdout.write(json.dumps(deadline.to_json(), ensure_ascii=False))
        else:
            self.stdout.write(deadline.due_at.isoformat())
