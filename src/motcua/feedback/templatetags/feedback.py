from __future__ import annotations

from typing import Any

from django import template

from motcua.feedback.constants import RATABLE_STATES
from motcua.feedback.forms import RatingForm
from motcua.feedback.selectors import rating_for

register = template.Library()


@register.inclusion_tag("feedback/_section.html", takes_context=True)
def rating_section(context: Any, dossier: Any) -> dict[str, Any]:
    """The dossier's rating; for its applicant, the form while the dossier is unrated."""
    user = context["request"].user
    rating = rating_for(dossier)
    is_applicant = bool(dossier.citizen_id) and dossier.citizen_id == user.pk
    return {
        "d": dossier, "rating": rating, "is_applicant": is_applicant,
        "form": RatingForm() if is_applicant and rating is None
        and dossier.state in RATABLE_STATES else None,
        "csrf_token": context.get("csrf_token"),
    }  # fmt: skip
