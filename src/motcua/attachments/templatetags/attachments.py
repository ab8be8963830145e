from django import template

from motcua.attachments.selectors import components_for

register = template.Library()


@register.inclusion_tag("attachments/_list.html")
def dossier_components(dossier) -> dict:
    """``{% load attachments %}{% dossier_components d %}``: the list, one query. Only for
    a dossier the page already checked access to."""
    return {"components": components_for(dossier)}
