from django import template

from motcua.attachments.constants import How
from motcua.attachments.models import DossierComponent
from motcua.results.models import StoredDocument
from motcua.results.selectors import results_for

register = template.Library()


@register.inclusion_tag("results/_list.html")
def dossier_results(dossier) -> dict:
    """``{% load results_tags %}{% dossier_results d %}``: the dossier's results and the
    stored documents it reused (two queries). Only for a dossier the page already checked
    access to."""
    codes = DossierComponent.objects.filter(
        dossier_id=dossier.pk, how=How.FROM_STORE, superseded_at__isnull=True
    ).values("store_ref")
    reused = list(StoredDocument.objects.filter(code__in=codes).order_by("code"))
    return {"results": results_for(dossier), "reused": reused}
