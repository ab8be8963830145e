"""Reads: feedback lists for staff and citizens, and the counts behind indicators 5.2–5.4."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db.models import BooleanField, Case, Count, Q, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.core.errors import NotFound
from motcua.feedback.constants import FeedbackState, Satisfaction
from motcua.feedback.models import Feedback, Rating
from motcua.org.selectors import unit_codes_for

OPEN_CLOCK_STATES = (FeedbackState.RECEIVED, FeedbackState.IN_HANDLING)


def _with_overdue(qs: QuerySet[Feedback], today: dt.date | None = None) -> QuerySet[Feedback]:
    """``overdue``: still open with the clock running and past its answer date;
    ``refuse_overdue``: still only received and past the 2-day refusal window."""
    today = today or timezone.localdate()
    return qs.annotate(
        overdue=Case(
            When(state__in=OPEN_CLOCK_STATES, handle_due__lt=today, then=Value(True)),
            default=Value(False), output_field=BooleanField(),
        ),
        refuse_overdue=Case(
            When(state=FeedbackState.RECEIVED, refuse_due__lt=today, then=Value(True)),
            default=Value(False), output_field=BooleanField(),
        ),
    )  # fmt: skip


def feedback_queue_for(
    user: Any, *, state: str = "", overdue_only: bool = False, today: dt.date | None = None
) -> QuerySet[Feedback]:
    """The feedback of the units the user acts for, oldest answer date first."""
    qs = Feedback.objects.filter(unit__in=unit_codes_for(user)).select_related("unit", "dossier")
    if state:
        qs = qs.filter(state=state)
    qs = _with_overdue(qs, today)
    if overdue_only:
        qs = qs.filter(overdue=True)
    return qs.order_by("handle_due", "id")


def feedback_get_for_staff(user: Any, pk: int) -> Feedback:
    fb = feedback_queue_for(user).filter(pk=pk).first()
    if fb is None:
        raise NotFound(_("Không tìm thấy phản ánh, kiến nghị."))
    return fb


def feedback_list_for_citizen(user: Any) -> QuerySet[Feedback]:
    if not getattr(user, "is_authenticated", False):
        return Feedback.objects.none()
    return _with_overdue(
        Feedback.objects.filter(submitter=user).select_related("unit", "dossier")
    ).order_by("-received_at", "-id")


def feedback_get_for_citizen(user: Any, pk: int) -> Feedback:
    fb = feedback_list_for_citizen(user).filter(pk=pk).first()
    if fb is None:
        raise NotFound(_("Không tìm thấy phản ánh, kiến nghị."))
    return fb


def _scoped(qs: QuerySet, field: str, units: Iterable[str] | None, since, until) -> QuerySet:
    if units is not None:
        qs = qs.filter(unit__in=list(units))
    if since is not None:
        qs = qs.filter(**{f"{field}__gte": since})
    if until is not None:
        qs = qs.filter(**{f"{field}__lt": until})
    return qs


def feedback_counts(
    units: Iterable[str] | None = None,
    *,
    since: dt.datetime | None = None,
    until: dt.datetime | None = None,
    today: dt.date | None = None,
) -> dict[str, int]:
    """Counts per state of the feedback received in [since, until) by ``units`` (all if None),
    plus ``on_time``/``late`` (decided steps against their deadline, indicator 5.2) and
    ``overdue`` (open and past the answer date). One aggregate query."""
    today = today or timezone.localdate()
    qs = _scoped(Feedback.objects.all(), "received_at", units, since, until)
    # Aliases carry a prefix: an aggregate may not share a model field's name (on_time).
    aggs = {f"n_{s}": Count("id", filter=Q(state=s)) for s in FeedbackState.values}
    aggs |= {
        "n_total": Count("id"),
        "n_on_time": Count("id", filter=Q(on_time=True)),
        "n_late": Count("id", filter=Q(on_time=False)),
        "n_overdue": Count("id", filter=Q(state__in=OPEN_CLOCK_STATES, handle_due__lt=today)),
    }
    return {k.removeprefix("n_"): v for k, v in qs.aggregate(**aggs).items()}


def rating_counts(
    units: Iterable[str] | None = None,
    *,
    since: dt.datetime | None = None,
    until: dt.datetime | None = None,
) -> dict[str, int]:
    """Ratings per satisfaction level (and ``total``) given in [since, until) (5.3–5.4)."""
    qs = _scoped(Rating.objects.all(), "created_at", units, since, until)
    aggs = {lv: Count("id", filter=Q(level=lv)) for lv in Satisfaction.values}
    return qs.aggregate(total=Count("id"), **aggs)


def rating_for(dossier: Any) -> Rating | None:
    return Rating.objects.filter(dossier_id=getattr(dossier, "pk", dossier)).first()
