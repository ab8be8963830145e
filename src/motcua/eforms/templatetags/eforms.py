from __future__ import annotations

from typing import Any

from django import template

from motcua.eforms.schema import display_rows

register = template.Library()


@register.simple_tag
def eform_rows(dossier: Any) -> list[dict[str, Any]]:
    """The filed e-form data of a dossier, labelled by the version it was filed under."""
    if not dossier.form_data:
        return []
    version = dossier.form_version
    return display_rows(version.schema if version else None, dossier.form_data)
