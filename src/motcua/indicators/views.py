"""Pages of the 766 scorecard: rankings (public: aggregates only), one unit's scorecard, the
dossiers behind a figure (staff of the unit or its province), and the what-if page."""

from __future__ import annotations

import json
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from motcua.core.errors import InvalidInput
from motcua.org.constants import Level
from motcua.org.models import AdministrativeUnit

from . import drill, forecast, reports, scoring, selectors, trends
from .periods import Period, period_from

PERIOD_KEYS = ("week", "month", "quarter", "year", "from", "to", "as_of")


def _period(request: HttpRequest) -> tuple[Period | None, str]:
    try:
        return period_from(request.GET), ""
    except InvalidInput as exc:
        return None, exc.message


def _unit(code: str) -> AdministrativeUnit:
    unit = AdministrativeUnit.objects.filter(code=code.strip()).first() if len(code) <= 5 else None
    if unit is None:
        raise Http404(_("Không có đơn vị hành chính mã %(code)s.") % {"code": code[:20]})
    return unit


def _query(request: HttpRequest) -> str:
    """The period part of the query string, kept on every link."""
    from urllib.parse import urlencode

    return urlencode({k: request.GET[k] for k in PERIOD_KEYS if request.GET.get(k)})


def _group_rows(card: selectors.Scorecard) -> list[dict[str, Any]]:
    table = scoring.configured()
    rows = []
    for key, maximum in scoring.GROUPS.items():
        members = [
            {
                "indicator": table[i],
                "counts": card.counts.get(i),
                "points": card.result["indicators"].get(i),
                "drillable": i in drill.PREDICATES,
                "drill_numerator": drill.PREDICATES.get(i, (None,))[0] is not None,
            }
            for i in table
            if table[i].group == key and i in card.counts
        ]
        rows.append({"key": key, "name": scoring.GROUP_NAMES[key], "max": maximum,
                     "points": card.result["groups"].get(key), "members": members})  # fmt: skip
    return rows


def _peers(unit: AdministrativeUnit) -> QuerySet[AdministrativeUnit]:
    """The units a unit is ranked among: the communes of its province, or the provinces."""
    if unit.level == Level.COMMUNE:
        return AdministrativeUnit.objects.filter(parent_id=unit.parent_id, level=Level.COMMUNE)
    return AdministrativeUnit.objects.filter(level=Level.PROVINCE)


def dashboard(request: HttpRequest) -> HttpResponse:
    """Provinces ranked nationally, or (``?province=``) the communes of one province."""
    period, error = _period(request)
    province = _unit(request.GET["province"]) if request.GET.get("province") else None
    if province is not None and province.level != Level.PROVINCE:
        raise Http404(_("Mã %(code)s không phải một tỉnh, thành phố.") % {"code": province.code})
    units = (
        AdministrativeUnit.objects.filter(parent=province, level=Level.COMMUNE)
        if province
        else AdministrativeUnit.objects.filter(level=Level.PROVINCE)
    ).order_by("code")
    cards = selectors.scorecards(units=units, period=period) if period else []
    own = selectors.scorecards(units=[province], period=period)[0] if province and period else None
    paginator = Paginator(sorted(cards, key=lambda c: (c.rank == "", c.rank, c.key)), 100)
    page = paginator.get_page(request.GET.get("page"))
    context = {
        "period": period, "error": error, "province": province, "own": own, "page": page,
        "groups": scoring.GROUPS, "group_names": scoring.GROUP_NAMES, "query": _query(request),
        "target": selectors.online_target(), "params": request.GET,
    }  # fmt: skip
    return render(request, "indicators/dashboard.html", context)


def unit_scorecard(request: HttpRequest, code: str) -> HttpResponse:
    unit = _unit(code)
    period, error = _period(request)
    by = request.GET.get("by", "field")
    by = by if by in selectors.BREAKDOWN else "field"
    card = None
    if period:
        peers = (
            AdministrativeUnit.objects.filter(parent_id=unit.parent_id, level=unit.level)
            if unit.level == Level.COMMUNE
            else AdministrativeUnit.objects.filter(level=Level.PROVINCE)
        )
        card = next(
            c for c in selectors.scorecards(units=peers, period=period) if c.key == unit.code
        )
    context = {
        "unit": unit, "period": period, "error": error, "card": card,
        "groups": _group_rows(card) if card else [], "query": _query(request),
        "legal": [(name, maximum, card.result["legal_groups"].get(key))
                  for key, (name, maximum, _m) in scoring.LEGAL_GROUPS.items()] if card else [],
        "trend": trends.svg_for(unit, period) if period else "",
        "by": by, "breakdown": selectors.breakdown(by=by, period=period, unit=unit) if period else [],
        "target": selectors.online_target(), "params": request.GET,
    }  # fmt: skip
    return render(request, "indicators/unit.html", context)


@login_required
def dossiers_behind(request: HttpRequest, code: str) -> HttpResponse:
    """The dossiers behind one indicator's numerator or denominator for one unit."""
    unit = _unit(code)
    drill.check_access(request.user, unit)
    indicator = request.GET.get("indicator", "")
    part = request.GET.get("part", "denominator")
    period, error = _period(request)
    if indicator not in drill.PREDICATES or part not in ("numerator", "denominator"):
        raise Http404(_("Chỉ số này không có danh sách hồ sơ."))
    if part == "numerator" and drill.PREDICATES[indicator][0] is None:
        raise Http404(_("Chỉ số này không có danh sách hồ sơ."))
    rows = drill.dossiers(unit, indicator, part, period, request.user) if period else []
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    context = {
        "unit": unit, "period": period, "error": error, "page": page, "part": part,
        "indicator": scoring.configured()[indicator], "query": _query(request),
    }  # fmt: skip
    return render(request, "indicators/dossiers.html", context)


def simulate_page(request: HttpRequest) -> HttpResponse:
    """What-if: type counts (or start from a unit's), see the points and what full marks need."""
    table = scoring.configured()
    result, error, values = None, "", {}
    level = request.POST.get("level", request.GET.get("level", ""))
    if request.method == "GET" and request.GET.get("unit"):
        unit, (period, error) = _unit(request.GET["unit"]), _period(request)
        if period:
            card = selectors.scorecards(units=[unit], period=period)[0]
            values = {k: (str(v[0]), str(v[1])) for k, v in card.counts.items() if v}
            level = unit.level
    if request.method == "POST":
        data: dict[str, Any] = {}
        for key in table:
            num, den = (
                request.POST.get(f"n_{key}", "").strip(),
                request.POST.get(f"d_{key}", "").strip(),
            )
            values[key] = (num, den)
            if num or den:
                data[key] = {"numerator": _int(num), "denominator": _int(den)}
        try:
            result = scoring.simulate(data, level=level)
        except scoring.CountsError as exc:
            error = str(exc)
    rows = [{"indicator": ind, "values": values.get(key, ("", "")),
             "points": (result or {}).get("indicators", {}).get(key, "–"),
             "more": (result or {}).get("to_full_marks", {}).get(key)}
            for key, ind in table.items()]  # fmt: skip
    context = {
        "rows": rows, "result": result, "error": error, "level": level,
        "json": json.dumps(result, ensure_ascii=False, indent=1) if result else "",
        "group_names": scoring.GROUP_NAMES,
    }  # fmt: skip
    return render(request, "indicators/simulate.html", context)


def _int(value: str) -> Any:
    try:
        return int(value)
    except ValueError:
        return value or None  # the scoring rules refuse it with a message


def report(request: HttpRequest, code: str, fmt: str) -> HttpResponse:
    """The unit's scorecard as xlsx or PDF, with exactly the numbers of its page."""
    unit = _unit(code)
    period, error = _period(request)
    if period is None:
        raise Http404(error)
    peers = _peers(unit)
    cards = selectors.scorecards(units=peers, period=period)
    card = next(c for c in cards if c.key == unit.code)
    name = f"chi-so-766-{unit.code}-{period.start:%Y%m%d}-{period.end:%Y%m%d}.{fmt}"
    if fmt == "xlsx":
        data = reports.xlsx(card, period, cards)
        kind = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        data, kind = reports.pdf(card, period), "application/pdf"
    response = HttpResponse(data, content_type=kind)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def forecast_page(request: HttpRequest) -> HttpResponse:
    """Next month's on-time rate per unit, with the backtest of the method against the naive
    last-month baseline (and a plain warning when the method does not beat it)."""
    province = _unit(request.GET["province"]) if request.GET.get("province") else None
    wanted = (
        set(AdministrativeUnit.objects.filter(parent=province).values_list("code", flat=True))
        if province
        else None
    )
    rows = [f for f in forecast.forecasts() if wanted is None or f.unit in wanted]
    names = dict(
        AdministrativeUnit.objects.filter(code__in=[f.unit for f in rows]).values_list(
            "code", "full_name"
        )
    )
    page = Paginator(rows, 100).get_page(request.GET.get("page"))
    context = {"page": page, "names": names, "province": province, "test": forecast.backtest(),
               "alpha": forecast.ALPHA, "min_history": forecast.MIN_HISTORY}  # fmt: skip
    return render(request, "indicators/forecast.html", context)
