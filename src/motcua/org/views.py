from __future__ import annotations

from urllib.parse import urlencode

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from motcua.org import selectors
from motcua.org.constants import Level


def provinces(request: HttpRequest) -> HttpResponse:
    return render(request, "org/provinces.html", {"provinces": selectors.province_list()})


def province_detail(request: HttpRequest, code: str) -> HttpResponse:
    """A province and its communes. A commune code opens its province with the commune
    filtered and highlighted; a pre-merger code lists its successors."""
    resolution = selectors.unit_resolve(code)
    unit = resolution.unit
    if unit is not None and unit.level == Level.COMMUNE:
        url = reverse("org:province", args=[unit.parent_id])
        return redirect(f"{url}?{urlencode({'q': unit.code})}")
    if unit is None:
        if resolution.successors:
            return render(request, "org/former.html", {"resolution": resolution}, status=200)
        raise Http404
    q = request.GET.get("q", "")[:100]
    communes = selectors.unit_list(level=Level.COMMUNE, province=unit.code, q=q)
    return render(
        request,
        "org/province.html",
        {"province": unit, "communes": communes, "q": q, "highlight": q.strip()},
    )
