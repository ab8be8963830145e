"""Reads of results and of the citizen data store. Callers check access to the dossier
(or that the holder is the reader) first."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from motcua.attachments.selectors import counts_by_how
from motcua.core.errors import NotFound
from motcua.dossiers.models import Dossier
from motcua.results.constants import STORE_CHOICES_MAX
from motcua.results.models import Result, StoredDocument


def results_for(dossier: Dossier | int) -> list[Result]:
    """The results of one dossier, in order (one query)."""
    dossier_id = dossier if isinstance(dossier, int) else dossier.pk
    return list(Result.objects.filter(dossier_id=dossier_id).select_related("stored").order_by("n"))


def store_for(id_number: str | Iterable[str]) -> QuerySet[StoredDocument]:
    """The data store of one person (or of several ID numbers), newest first: a queryset
    on the (holder, created_at) index, to be paginated or sliced."""
    ids = [id_number] if isinstance(id_number, str) else list(id_number)
    ids = [i for i in ids if i]
    return StoredDocument.objects.filter(holder_id_number__in=ids).order_by("-created_at", "-id")


def store_get(code: str, holder_id_number: str) -> StoredDocument:
    """One document of ``holder_id_number``'s store by its code; a code of someone else's
    store is as unknown as a code that does not exist."""
    code = (code or "").strip()
    doc = (
        StoredDocument.objects.filter(code=code, holder_id_number=holder_id_number).first()
        if code and holder_id_number
        else None
    )
    if doc is None:
        raise NotFound(
            _("Không có giấy tờ mã “%(code)s” trong kho dữ liệu của người nộp.") % {"code": code}
        )
    return doc


def store_choices(id_numbers: Iterable[str]) -> list[tuple[str, str]]:
    """(code, label) of the newest stored documents of these ID numbers, for a checklist
    (one query, at most ``STORE_CHOICES_MAX``)."""
    rows = store_for(id_numbers).values_list("code", "title")[:STORE_CHOICES_MAX]
    return [(code, f"{code} — {title[:80]}") for code, title in rows]


def holder_ids_for_user(user: Any) -> list[str]:
    """The personal ID numbers a citizen account filed its own dossiers under: whose store
    the account may see (one query on the citizen index; a handful of values)."""
    if not getattr(user, "is_authenticated", False):
        return []
    return sorted(
        set(
            Dossier.objects.filter(citizen=user)
            .exclude(applicant_id_number="")
            .values_list("applicant_id_number", flat=True)
            .distinct()
        )
    )


def store_document_for(user: Any, pk: int) -> StoredDocument:
    """A stored document its holder's account may open; anything else is ``NotFound``."""
    doc = StoredDocument.objects.filter(
        pk=pk, holder_id_number__in=holder_ids_for_user(user)
    ).first()
    if doc is None:
        raise NotFound(_("Không tìm thấy giấy tờ."))
    return doc


def digitisation_counts(dossiers: Iterable[int] | QuerySet[Dossier]) -> dict[str, Any]:
    """For indicators 4.1–4.4: current components by how they arrived, and results
    electronic / signed / total, over some dossiers. Two queries whatever their number
    (pass a queryset of dossiers to keep it a subquery)."""
    if not isinstance(dossiers, QuerySet):
        dossiers = list(dossiers)
    totals = Result.objects.filter(dossier__in=dossiers).aggregate(
        total=Count("id"),
        electronic=Count("id", filter=Q(electronic=True)),
        signed=Count("id", filter=Q(signed=True)),
    )
    return {"components": counts_by_how(dossiers), "results": totals}
