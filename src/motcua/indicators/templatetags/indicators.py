from __future__ import annotations

from typing import Any

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def get_item(mapping: Any, key: str) -> Any:
    return mapping.get(key) if hasattr(mapping, "get") else None


@register.filter
def percent(share: float | None) -> str:
    """0.808 → "80,8%" (localised decimal separator); None → "—"."""
    if share is None:
        return "—"
    return f"{number_format(share * 100, 1)}%"


@register.filter
def split_commas(value: str) -> list[str]:
    return value.split(",")
