import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from motcua.alerts.services import digest_send


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--date must be YYYY-MM-DD, got {value!r}") from None


class Command(BaseCommand):
    help = (
        "Send each unit's daily digest of dossiers due soon, overdue and late without an "
        "apology (Mẫu 04) to its staff; a unit gets it at most once a day. Run daily."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", help="The digest's day, YYYY-MM-DD (default: today)")

    def handle(self, *args: Any, **options: Any) -> None:
        on = _date(options["date"]) if options.get("date") else None
        sent = digest_send(on=on)
        self.stdout.write(f"{sent} digest e-mails sent")
