"""The public summary page of the decentralisation registry."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from motcua.authority import selectors
from motcua.authority.constants import GovLevel, Mode, Status


def _choice(request: HttpRequest, name: str, allowed: set[str]) -> str:
    """A GET parameter if it is one of ``allowed``, else "" (no filter)."""
    value = request.GET.get(name, "")[:40]
    return value if value in allowed else ""


def summary(request: HttpRequest) -> HttpResponse:
    """Counts, coverage against the ministry's totals, and the rows with their citations."""
    mode_choices = [(m.value or selectors.MODE_UNSPECIFIED, m.label) for m in Mode]
    level_choices = [(lv.value, lv.label) for lv in GovLevel if lv != GovLevel.DISTRICT]
    filters = {
        "mode": _choice(request, "mode", {v for v, _ in mode_choices}),
        "level": _choice(request, "level", {v for v, _ in level_choices}),
        "status": _choice(request, "status", set(Status.values)),
    }
    context = {
        "summary": selectors.task_summary(),
        "tasks": selectors.task_list(filters=filters),
        "filters": filters,
        "filtered": any(filters.values()),
        "mode_choices": mode_choices,
        "level_choices": level_choices,
        "status_choices": Status.choices,
    }
    return render(request, "authority/summary.html", context)
