"""The e-form on a page (counter intake, online filing): which version, bound or not."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from motcua.catalog.models import Procedure
from motcua.eforms.schema import EForm, form_class, initial_from
from motcua.eforms.selectors import form_version_for, form_version_get

# The hidden input that carries the version a page was rendered with.
VERSION_FIELD = "ef-version"


def eform_build(
    procedure: Procedure | None, data: Mapping[str, Any] | None = None, *, validate: bool = False
) -> EForm | None:
    """The procedure's e-form for a page, or None (no procedure, or no published form).

    Without data: the latest version, empty. With data: the version the page was rendered
    with (so a dossier keeps the version its applicant saw), bound when ``validate``, else
    unbound showing what was typed. A posted page that did not show this procedure's e-form
    is validated against the latest version (``stale`` is set, so the page can say why).
    """
    if procedure is None:
        return None
    posted = form_version_get(procedure, data.get(VERSION_FIELD)) if data is not None else None
    version = posted or form_version_for(procedure)
    if version is None:
        return None
    cls = form_class(version.schema, version_id=version.pk)
    if data is not None and validate:
        form = cls(data)
    else:
        form = cls(initial=initial_from(data, cls) if data is not None and posted else None)
    form.version = version
    form.stale = data is not None and validate and posted is None
    return form
