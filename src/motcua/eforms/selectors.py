"""Reads for e-forms."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone

from motcua.catalog.models import Procedure
from motcua.eforms.models import FormVersion


def form_version_for(procedure: Procedure) -> FormVersion | None:
    """The latest published version of the procedure's e-form. A procedure without a form
    gets the generic one, built and published on first use (once, even under concurrency).
    None only while an administrator drafts a form that was never published."""
    version = FormVersion.objects.filter(form__procedure=procedure).order_by("-number").first()
    if version is not None:
        return version
    from motcua.eforms.services import generic_form_ensure

    return generic_form_ensure(procedure)


def form_version_get(procedure: Procedure, version_id: int | str | None) -> FormVersion | None:
    """The version a page was rendered with, by id: the latest, or an older one while its
    successor is younger than ``MOTCUA_EFORM_GRACE_HOURS`` (a page opened just before an
    administrator published). Anything else is None: the page is stale and shows the latest
    form again, so a hand-edited id cannot dodge a field added since."""
    try:
        pk = int(version_id or 0)
    except (TypeError, ValueError):
        return None
    if not pk:
        return None
    version = FormVersion.objects.filter(pk=pk, form__procedure=procedure).first()
    if version is None:
        return None
    successor = (
        FormVersion.objects.filter(form_id=version.form_id, number__gt=version.number)
        .order_by("number")
        .values_list("published_at", flat=True)
        .first()
    )
    grace = dt.timedelta(hours=getattr(settings, "MOTCUA_EFORM_GRACE_HOURS", 12))
    if successor is not None and successor < timezone.now() - grace:
        return None
    return version
