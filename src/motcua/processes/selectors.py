"""Reads: the rows of Mẫu 06 and the open step of dossiers in a queue."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.utils import timezone

from motcua.processes import timing
from motcua.processes.models import DossierStep, ProcessVersion

if TYPE_CHECKING:
    from motcua.catalog.models import Procedure
    from motcua.dossiers.models import Dossier


def slipping(step: DossierStep, now: dt.datetime | None = None) -> str:
    """How an open step stands against its own budget: a ``Slip`` value, or "" when it has
    no due time or is finished."""
    if step.finished_at is not None:
        return ""
    return timing.slip_for(step.due_at, step.budget_hours, now or timezone.now(), timing.calendar())


def mau06_rows(dossier: Dossier, *, now: dt.datetime | None = None) -> list[DossierStep]:
    """The dossier's steps in order, each with ``slip`` (open step only). One query."""
    now = now or timezone.now()
    rows = list(
        DossierStep.objects.filter(dossier_id=dossier.pk)
        .select_related("unit")
        .order_by("position")
    )
    for row in rows:
        row.slip = slipping(row, now)
    return rows


def open_steps(
    dossier_ids: Iterable[int], *, now: dt.datetime | None = None
) -> dict[int, DossierStep]:
    """The open step of each dossier (with ``slip``), by dossier id. One query."""
    ids = list(dossier_ids)
    if not ids:
        return {}
    now = now or timezone.now()
    steps = {
        s.dossier_id: s
        for s in DossierStep.objects.filter(dossier_id__in=ids, finished_at__isnull=True)
        .select_related("unit")
        .only(
            "dossier_id", "position", "name", "role", "budget_hours", "started_at", "due_at",
            "finished_at", "taken_by", "handed_by", "unit__code", "unit__name",
            "unit__full_name",
        )
    }  # fmt: skip
    for step in steps.values():
        step.slip = slipping(step, now)
    return steps


def active_version(procedure: Procedure) -> ProcessVersion | None:
    """The version new dossiers of the procedure start with (None until one exists)."""
    return ProcessVersion.objects.filter(procedure=procedure).order_by("-number").first()
