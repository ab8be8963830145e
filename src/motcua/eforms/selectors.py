"""Reads for e-forms."""

from __future__ import annotations

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
    """A published version of the procedure's form by id (the one a page was rendered
    with), or None if the id is not one of them."""
    try:
        pk = int(version_id or 0)
    except (TypeError, ValueError):
        return None
    return FormVersion.objects.filter(pk=pk, form__procedure=procedure).first() if pk else None
