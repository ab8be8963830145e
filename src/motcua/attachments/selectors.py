"""Reads of dossier components. Callers check access to the dossier first."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Count, F, QuerySet

from motcua.attachments.constants import How
from motcua.attachments.models import DossierComponent
from motcua.dossiers.models import Dossier


def components_for(dossier: Dossier | int) -> list[DossierComponent]:
    """The current (not superseded) components of a dossier, in catalogue order, extra
    documents last: one query."""
    dossier_id = dossier if isinstance(dossier, int) else dossier.pk
    return list(
        DossierComponent.objects.filter(dossier_id=dossier_id, superseded_at__isnull=True)
        .select_related("added_by")
        .order_by(F("position").asc(nulls_last=True), "added_at", "id")
    )


def component_history(dossier: Dossier | int) -> QuerySet[DossierComponent]:
    """Every row of a dossier, superseded ones included (newest first)."""
    dossier_id = dossier if isinstance(dossier, int) else dossier.pk
    return DossierComponent.objects.filter(dossier_id=dossier_id).order_by("-added_at", "-id")


def counts_by_how(dossiers: Iterable[int] | QuerySet[Dossier]) -> dict[str, int]:
    """How many current components arrived each way, over some dossiers (one query; pass
    a queryset of dossiers to keep it a subquery)."""
    rows = (
        DossierComponent.objects.filter(dossier__in=dossiers, superseded_at__isnull=True)
        .values("how")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {row["how"]: row["n"] for row in rows}


def scans_signed_counts(dossiers: Iterable[int] | QuerySet[Dossier]) -> dict[bool, int]:
    """Current desk scans over some dossiers, by whether the receiving unit signed them
    (``{True: n, False: m}``, one query): the "scanned and signed" of indicator 4.2."""
    rows = (
        DossierComponent.objects.filter(
            dossier__in=dossiers, superseded_at__isnull=True, how=How.SCANNED_AT_DESK
        )
        .values("signed")
        .annotate(n=Count("id"))
        .order_by()
    )
    counts = {True: 0, False: 0}
    counts.update({row["signed"]: row["n"] for row in rows})
    return counts
