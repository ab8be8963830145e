import datetime as dt
import os
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from motcua.attachments.models import DossierComponent
from motcua.attachments.storage import dossier_storage

BATCH = 1000


class Command(BaseCommand):
    help = (
        "Delete dossier files that no row refers to (left by a rollback or a crash), "
        "older than --min-age seconds. Looks at this month and the previous one unless --all."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--min-age", type=int, default=3600, help="Seconds (default 3600)")
        parser.add_argument("--all", action="store_true", help="Walk every month")
        parser.add_argument("--dry-run", action="store_true", help="List, delete nothing")

    def handle(self, *args: Any, **options: Any) -> None:
        storage = dossier_storage()
        root = os.path.join(storage.location, "dossiers")
        cutoff = time.time() - options["min_age"]
        found = deleted = 0
        for names in _batches(_candidates(root, cutoff, every_month=options["all"])):
            found += len(names)
            kept = set(
                DossierComponent.objects.filter(file__in=names).values_list("file", flat=True)
            )
            for name in names:
                if name in kept:
                    continue
                # Check again: a row may have been committed since the query.
                if DossierComponent.objects.filter(file=name).exists():
                    continue
                if options["dry_run"]:
                    self.stdout.write(f"would delete {name}")
                else:
                    storage.delete(name)
                deleted += 1
        verb = "would delete" if options["dry_run"] else "deleted"
        self.stdout.write(f"{found} old files checked, {deleted} orphans {verb}")


def _month_dirs(root: str, every_month: bool) -> list[str]:
    if every_month:
        return [root]
    today = timezone.localdate()
    previous = today.replace(day=1) - dt.timedelta(days=1)
    return [os.path.join(root, f"{d:%Y}", f"{d:%m}") for d in (previous, today)]


def _candidates(root: str, cutoff: float, *, every_month: bool):
    """Storage names (``dossiers/…``) of files last modified before ``cutoff``."""
    base = os.path.dirname(root)
    for top in _month_dirs(root, every_month):
        for dirpath, _dirs, files in os.walk(top):
            for filename in files:
                path = os.path.join(dirpath, filename)
                try:
                    if os.stat(path).st_mtime >= cutoff:
                        continue
                except FileNotFoundError:
                    continue
                yield os.path.relpath(path, base).replace(os.sep, "/")


def _batches(items, size: int = BATCH):
    batch = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch
