"""The forms as PDF: for staff of the dossier's units and for the applicant who filed it
online (another unit's or another person's dossier is a 404), Mẫu 01 for whoever holds
a dossier's code and lookup key (rate-limited like the status lookup), and the Mẫu 07
logbook of a unit for its staff."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from motcua.core.errors import InvalidInput, NotFound
from motcua.documents import forms118, logbook
from motcua.dossiers.models import Dossier
from motcua.dossiers.selectors import dossier_get_by_key, dossier_get_for
from motcua.org.models import AdministrativeUnit
from motcua.org.selectors import unit_codes_for, user_can_act_for


def _pdf(dossier: Dossier, form_no: str, **kwargs: object) -> HttpResponse:
    try:
        content = forms118.render(form_no, dossier, **kwargs)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{forms118.filename(dossier, form_no)}"'
    return response


def is_staff_for(user: object, dossier: Dossier) -> bool:
    """Whether ``user`` sees ``dossier`` through one of their units (not as its applicant)."""
    units = {dossier.receiving_unit_id, dossier.current_unit_id, dossier.competent_unit_id}
    return bool(unit_codes_for(user) & units)


@never_cache  # personal data: no shared or browser cache
@login_required
def form(request: HttpRequest, pk: int, no: str, seq: int | None = None) -> HttpResponse:
    try:
        dossier = dossier_get_for(request.user, pk=pk)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    spec = forms118.FORMS.get(no)
    staff = is_staff_for(request.user, dossier)
    if spec is None or not (staff or spec.for_applicant):
        raise Http404(_("Không có biểu mẫu này."))
    # The plain lookup key exists only in the session of the clerk who just received it.
    key = request.session.get(f"lookup_key:{dossier.pk}", "") if staff and no == "01" else ""
    return _pdf(dossier, no, seq=seq, lookup_key=key)


@never_cache
@require_POST
def receipt_by_key(request: HttpRequest) -> HttpResponse:
    """Mẫu 01 for a dossier's code and lookup key, posted from the status page. Counts
    against the same per-IP limit as the status lookup; a wrong pair is a 404."""
    from motcua.portal import throttle
    from motcua.portal.forms import StatusLookupForm

    limit, window = throttle.lookup_limit()
    if not throttle.hit(request, "lookup", limit=limit, window=window):
        return HttpResponse(_("Bạn đã tra cứu quá nhiều lần. Vui lòng thử lại sau."), status=429)
    lookup = StatusLookupForm(request.POST)
    if not lookup.is_valid():
        raise Http404(_("Không tìm thấy hồ sơ."))
    try:
        dossier = dossier_get_by_key(lookup.cleaned_data["code"], lookup.cleaned_data["key"])
    except NotFound as exc:
        raise Http404(exc.message) from exc
    return _pdf(dossier, "01")


def _day(value: str) -> dt.date:
    """A day as the date field sends it (yyyy-mm-dd) or as people write it (dd/mm/yyyy)."""
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(value.strip(), fmt).date()
        except ValueError:
            continue
    raise InvalidInput(_("Ngày “%(value)s” không hợp lệ (dd/mm/yyyy).") % {"value": value})


@never_cache
@login_required
def logbook_pdf(request: HttpRequest) -> HttpResponse:
    """Mẫu 07 of one of the user's units for ``?unit=&from=&to=``; without them, the form
    that asks for them. A unit the user may not act for is a 404."""
    codes = unit_codes_for(request.user)
    if not codes:
        raise Http404(_("Bạn không thuộc đơn vị nào."))
    chosen = {k: request.GET.get(k, "").strip() for k in ("unit", "from", "to")}
    page = {"units": AdministrativeUnit.objects.filter(code__in=codes).order_by("code"),
            "chosen": chosen, "max_rows": f"{logbook.MAX_ROWS:,}".replace(",", ".")}  # fmt: skip
    if not all(chosen.values()):
        return render(request, "documents/logbook.html", page)
    if not user_can_act_for(request.user, chosen["unit"]):
        raise Http404(_("Không tìm thấy đơn vị."))
    unit = AdministrativeUnit.objects.get(code=chosen["unit"])
    try:
        start, end = _day(chosen["from"]), _day(chosen["to"])
        content = logbook.render(unit, start, end)
    except InvalidInput as exc:
        return render(request, "documents/logbook.html", {**page, "error": exc.message},
                      status=400)  # fmt: skip
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{logbook.filename(unit, start, end)}"'
    return response
