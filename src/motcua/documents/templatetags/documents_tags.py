from django import template

from motcua.documents.forms118 import AvailableForm, available_forms
from motcua.dossiers.models import Dossier

register = template.Library()


@register.simple_tag
def dossier_forms(dossier: Dossier, for_applicant: bool = False) -> list[AvailableForm]:
    """The PDFs a dossier's events have issued (one query)."""
    return available_forms(dossier, for_applicant=for_applicant)
