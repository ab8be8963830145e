"""Reads of dossiers, always scoped to who asks: another unit's dossier is a 404."""

from __future__ import annotations

import datetime as dt
import hmac
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.core.errors import NotFound
from motcua.dossiers.constants import State
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import lookup_key_hash
from motcua.org.selectors import unit_codes_for
from motcua.workdays.selectors import calendar_get


def dossier_scope(user: Any) -> Q:
    """Staff see dossiers their units received, hold or are competent for; citizens their own."""
    if not getattr(user, "is_authenticated", False):
        return Q(pk__in=[])
    codes = unit_codes_for(user)
    scope = Q(citizen=user)
    if codes:
        scope |= (
            Q(receiving_unit__in=codes) | Q(current_unit__in=codes) | Q(competent_unit__in=codes)
        )
    return scope


def dossier_list_for(user: Any) -> QuerySet[Dossier]:
    return Dossier.objects.filter(dossier_scope(user)).select_related(
        "procedure", "receiving_unit", "current_unit", "competent_unit"
    )


def dossier_get_for(user: Any, *, pk: int | None = None, code: str | None = None) -> Dossier:
    """One dossier the user may see; missing and forbidden give the same 404."""
    lookup = Q(pk=pk) if pk is not None else Q(code=code)
    dossier = dossier_list_for(user).filter(lookup).first()
    if dossier is None:
        raise NotFound(_("Không tìm thấy hồ sơ."))
    return dossier


def dossier_get_by_key(code: str, key: str) -> Dossier:
    """A dossier by its code and the lookup key printed on the receipt (for citizens)."""
    code, key = code.strip(), key.strip().upper()
    dossier = Dossier.objects.select_related("procedure").filter(code=code).first()
    if (
        dossier is None
        or not dossier.lookup_key_hash
        or not hmac.compare_digest(dossier.lookup_key_hash, lookup_key_hash(code, key))
    ):
        raise NotFound(_("Không tìm thấy hồ sơ với mã và mã tra cứu này."))
    return dossier


# States in which the clock runs against the agency (no result yet).
OPEN_STATES = [
    State.RECEIVED, State.TRANSFERRED, State.IN_PROCESS, State.CONSULTING,
    State.SUPPLEMENT_REQUESTED,
]  # fmt: skip


def _end_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.max))


def queue_filter(
    qs: QuerySet[Dossier], *, state: str = "", due: str = "", procedure: str = "",
    field: str = "", channel: str = "", now: Any = None,
) -> QuerySet[Dossier]:  # fmt: skip
    """Filter a queue: state, due (today | soon: ≤ 2 working days | overdue), procedure
    code, field id, channel. Every filter is an indexed column."""
    now = now or timezone.now()
    if state:
        qs = qs.filter(state=state)
    if procedure:
        qs = qs.filter(procedure__code=procedure)
    if field.isdigit():
        qs = qs.filter(procedure__field_id=int(field))
    if channel:
        qs = qs.filter(channel=channel)
    if due:
        today = timezone.localdate(now)
        open_ = qs.filter(state__in=OPEN_STATES, paused_at__isnull=True)
        if due == "overdue":
            qs = open_.filter(due_at__lt=now)
        elif due == "today":
            qs = open_.filter(due_at__gte=now, due_at__lte=_end_of(today))
        elif due == "soon":
            limit = calendar_get().add_working_days(today, 2)
            qs = open_.filter(due_at__gte=now, due_at__lte=_end_of(limit))
    return qs


def queue_counts(qs: QuerySet[Dossier], *, now: Any = None) -> dict[str, int]:
    """How many dossiers per due bucket (one query each, on the queue's index)."""
    return {
        bucket: queue_filter(qs, due=bucket, now=now).count()
        for bucket in ("today", "soon", "overdue")
    }
