"""motcua demo-pki [--province CODE]: the demo root CA, the local TSA's certificate, one
organisation certificate per agency of the province and one personal certificate per staff
member (all marked DEMO — KHÔNG DÙNG THẬT)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db.models import Q

from motcua.signing.services import demo_pki_ensure


class Command(BaseCommand):
    help = "Create the demo PKI (idempotent): root CA, TSA, agency and staff certificates."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--province", help="Province code whose agencies and staff get certificates"
        )
        parser.add_argument("--limit", type=int, default=500, help="At most this many agencies")

    def handle(self, *args: Any, **options: Any) -> None:
        from motcua.core.models import User
        from motcua.org.models import Agency

        agencies, users = [], []
        if code := options["province"]:
            where = Q(unit__code=code) | Q(unit__parent__code=code)
            agencies = list(Agency.objects.filter(where).order_by("pk")[: options["limit"]])
            users = list(
                User.objects.filter(
                    Q(memberships__unit__code=code) | Q(memberships__unit__parent__code=code)
                ).distinct().order_by("pk")[: options["limit"]]
            )  # fmt: skip
        rows = demo_pki_ensure(agencies=agencies, users=users)
        self.stdout.write(
            f"{len(rows)} chứng thư minh họa ({len(agencies)} cơ quan, {len(users)} cá nhân)."
        )
