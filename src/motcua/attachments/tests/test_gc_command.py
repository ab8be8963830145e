import os
import time
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from motcua.attachments.constants import How
from motcua.attachments.services import Entry, components_record
from motcua.attachments.tests import factories as f
from motcua.dossiers.constants import Channel
from motcua.dossiers.tests.factories import setup_hanoi, submit

pytestmark = pytest.mark.django_db


def _orphan(media_root, name, *, age):
    now = timezone.localtime()
    path = media_root / "dossiers" / f"{now:%Y}" / f"{now:%m}" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"%PDF-orphan")
    old = time.time() - age
    os.utime(path, (old, old))
    return path


def _age(media_root, name, seconds):
    old = time.time() - seconds
    os.utime(media_root / name, (old, old))


def test_gc_deletes_old_orphans_and_keeps_referenced_and_recent_files(media_root):
    clerk = setup_hanoi()["clerk"]
    dossier = submit(clerk)
    component = dossier.procedure.components.order_by("position").first()
    (row,) = components_record(
        dossier=dossier, actor=clerk, channel=Channel.COUNTER,
        entries=[Entry(component, How.SCANNED_AT_DESK, file=f.upload("a.pdf", f.pdf_bytes()))],
    )  # fmt: skip
    _age(media_root, row.file.name, 7200)
    orphan = _orphan(media_root, "0" * 32 + ".pdf", age=7200)
    recent = _orphan(media_root, "1" * 32 + ".pdf", age=60)

    out = StringIO()
    call_command("attachments_gc", "--dry-run", stdout=out)
    assert "would delete" in out.getvalue() and orphan.exists()

    out = StringIO()
    call_command("attachments_gc", stdout=out)
    assert not orphan.exists()
    assert recent.exists()
    assert (media_root / row.file.name).exists()
    assert "2 old files checked, 1 orphans deleted" in out.getvalue()


def test_gc_walks_older_months_only_with_all(media_root):
    path = media_root / "dossiers" / "2020" / "01" / ("2" * 32 + ".png")
    path.parent.mkdir(parents=True)
    path.write_bytes(b"x")
    os.utime(path, (0, 0))
    call_command("attachments_gc", stdout=StringIO())
    assert path.exists()
    call_command("attachments_gc", "--all", stdout=StringIO())
    assert not path.exists()
