"""``motcua indicators-rebuild``: recompute the Decision 766 roll-ups from the dossiers."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from motcua.indicators import rollup


class Command(BaseCommand):
    help = "Recompute the Decision 766 facts and roll-ups from the dossiers (one transaction)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--batch", type=int, default=rollup.BATCH, help="Dossiers per batch")
        parser.add_argument(
            "--sql", action="store_true",
            help="Compute the facts in the database (one statement; for millions of dossiers)",
        )  # fmt: skip

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        count = rollup.rebuild(batch=options["batch"], sql=options["sql"])
        self.stdout.write(
            _("Đã tính lại chỉ số của %(n)s hồ sơ trong %(s).1f giây.")
            % {"n": count, "s": time.monotonic() - started}
        )
