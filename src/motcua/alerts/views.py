"""The alerts page: dossiers of the user's units due soon, overdue, late without an apology."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from motcua.alerts import selectors
from motcua.org.models import AdministrativeUnit
from motcua.org.selectors import unit_codes_for

PAGE_SIZE = 50
TABS = (
    (selectors.DUE_SOON, gettext_lazy("Sắp đến hạn")),
    (selectors.OVERDUE, gettext_lazy("Quá hạn")),
    (selectors.NO_APOLOGY, gettext_lazy("Quá hạn chưa có Mẫu 04")),
)


@login_required
def page(request: HttpRequest) -> HttpResponse:
    codes = unit_codes_for(request.user)
    tab = request.GET.get("tab", "")
    if tab not in selectors.KINDS:
        tab = selectors.DUE_SOON
    unit = request.GET.get("unit", "").strip()[:10]
    error, status = "", 200
    if unit and unit not in codes:
        # Unknown and foreign units get the same answer.
        error = _("Không có đơn vị mã “%(code)s” trong phạm vi bạn được theo dõi.") % {"code": unit}
        status, selected = 404, []
    else:
        selected = [unit] if unit else sorted(codes)
    now = timezone.now()
    until = selectors.due_soon_until(now)
    counts = selectors.alert_counts(units=selected, now=now, until=until) if selected else {}
    units = {
        u.code: u
        for u in AdministrativeUnit.objects.filter(code__in=codes).only("code", "name", "full_name")
    }
    rows = selectors.alert_list(units=selected, kind=tab, now=now, until=until)
    page_obj = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    selectors.annotate_days(page_obj, now=now)
    totals = selectors.alert_totals(counts)
    by_unit = [(units.get(code), code, c) for code, c in sorted(counts.items()) if any(c.values())]
    return render(
        request,
        "alerts/page.html",
        {
            "tabs": [(kind, label, totals[kind]) for kind, label in TABS],
            "tab": tab,
            "unit": unit,
            "units": sorted(units.values(), key=lambda u: (len(u.code), u.code)),
            "by_unit": by_unit if len(selected) > 1 else [],
            "page": page_obj,
            "error": error,
            "days": selectors.due_soon_working_days(),
        },
        status=status,
    )
