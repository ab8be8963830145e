from __future__ import annotations

from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from motcua.org import selectors
from motcua.org.constants import Level
from motcua.org.models import AdministrativeUnit


def provinces(request: HttpRequest) -> HttpResponse:
    units = (
        AdministrativeUnit.objects.filter(level=Level.PROVINCE)
        .annotate(commune_count=Count("children"))
        .order_by("code")
    )
    return render(request, "org/provinces.html", {"provinces": units})


def province_detail(request: HttpRequest, code: str) -> HttpResponse:
    resolution = selectors.unit_resolve(code)
    province = resolution.unit
    if province is None or province.level != Level.PROVINCE:
        if resolution.successors:
            return render(request, "org/former.html", {"resolution": resolution}, status=200)
        raise Http404
    q = request.GET.get("q", "")[:100]
    communes = selectors.unit_list(level=Level.COMMUNE, province=province.code, q=q)
    return render(
        request,
        "org/province.html",
        {"province": province, "communes": communes, "q": q},
    )
