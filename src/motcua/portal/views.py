"""Citizen portal: file a dossier online, follow one's own dossiers, look one up by code
and key. Every page works without JavaScript."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from motcua.attachments.forms import ChecklistForm
from motcua.attachments.selectors import components_for
from motcua.attachments.services import components_record, uploads_guard
from motcua.catalog.selectors import procedure_get
from motcua.core.errors import MotcuaError, NotFound
from motcua.dossiers.constants import Channel
from motcua.dossiers.selectors import dossier_get_by_key
from motcua.dossiers.services import Applicant, dossier_submit
from motcua.eforms.schema import FormDataInvalid
from motcua.eforms.web import eform_build
from motcua.org.constants import Role
from motcua.org.selectors import unit_codes_for
from motcua.portal import selectors, throttle
from motcua.portal.forms import OnlineFilingForm, StatusLookupForm
from motcua.results.selectors import holder_ids_for_user


def _is_clerk(user) -> bool:
    """A one-stop clerk filing online files on a citizen's behalf (assisted filing)."""
    return bool(unit_codes_for(user, Role.CLERK))


@login_required
def file(request: HttpRequest, code: str) -> HttpResponse:
    """Online filing in two steps that need no script: pick the province (GET), then the
    commune, the applicant and the procedure's e-form (POST)."""
    try:
        procedure = procedure_get(code)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    assisted = _is_clerk(request.user)
    context = {"p": procedure, "assisted": assisted}
    if procedure.online_filing_offered is False:
        return render(request, "portal/file.html", {**context, "closed": True})
    provinces = selectors.online_province_list()
    chosen = (request.POST.get("province") or request.GET.get("province") or "")[:2]
    province = provinces.filter(code=chosen).first() if chosen else None
    if province is None and len(provinces) == 1:
        province = provinces[0]
    communes = selectors.online_commune_list(province) if province else None
    initial = {} if assisted else {"name": request.user.full_name, "email": request.user.email}
    form = OnlineFilingForm(
        request.POST if request.method == "POST" else None, communes=communes, initial=initial
    )
    # The procedure's e-form sits under the applicant's fields (step 2).
    eform = (
        eform_build(procedure, request.POST if request.method == "POST" else None, validate=True)
        if province
        else None
    )
    # The components checklist: each required paper uploaded or taken from the data store.
    checklist = (
        ChecklistForm(
            procedure, channel=Channel.ONLINE,
            data=request.POST if request.method == "POST" else None,
            files=request.FILES if request.method == "POST" else None,
            # The account's own stored results (never those of an ID typed into the form).
            holder_id_numbers=() if assisted else holder_ids_for_user(request.user),
        )
        if province
        else None
    )  # fmt: skip
    applicant_ok = request.method == "POST" and form.is_valid()
    eform_ok = eform is None or eform.is_valid()
    checklist_ok = checklist is None or checklist.is_valid()
    if request.method == "POST" and not eform_ok and eform.stale:
        form.add_error(None, _("Vui lòng điền tờ khai của thủ tục rồi nộp lại."))
    if applicant_ok and eform_ok and checklist_ok:
        data = form.cleaned_data
        try:
            with uploads_guard(), transaction.atomic():
                dossier = _file_online(request, procedure, data, assisted, eform, checklist)
        except FormDataInvalid as exc:
            eform.add_errors(exc.extra.get("fields", {}))
            form.add_error(None, exc.message)
        except MotcuaError as exc:
            form.add_error(None, exc.message)
        else:
            return redirect("portal:filed", pk=dossier.pk)
    return render(request, "portal/file.html", {
        **context, "form": form, "provinces": provinces, "province": province, "eform": eform,
        "checklist": checklist,
    })  # fmt: skip


def _file_online(request, procedure, data, assisted, eform, checklist) -> Any:
    """File the dossier and record its components, in the caller's transaction. A
    resubmission with the same key returns the dossier filed the first time."""
    dossier = dossier_submit(
                procedure=procedure, channel=Channel.ONLINE, receiving_unit=data["commune"],
                applicant=Applicant(
                    name=data["name"], id_number=data["id_number"], birth_date=data["birth_date"],
                    address=data["address"], phone=data["phone"], email=data["email"],
                ),
                actor=request.user, assisted_by=request.user if assisted else None,
                # Scoped to the account: one person's key can never reach another's dossier.
                idempotency_key=f"portal:{request.user.pk}:{data['idempotency_key']}",
                form_version=eform.version if eform else None,
                form_data=eform.json_data if eform else None,
            )  # fmt: skip
    if checklist is not None and not components_for(dossier):
        components_record(
            dossier=dossier, entries=checklist.cleaned_entries(), actor=request.user,
            channel=Channel.ONLINE,
        )  # fmt: skip
    return dossier


@login_required
def filed(request: HttpRequest, pk: int) -> HttpResponse:
    """The confirmation after filing: the reference until the desk gives it a code."""
    dossier = selectors.filed_dossier_get(request.user, pk)
    if dossier is None:
        raise Http404(_("Không tìm thấy hồ sơ."))
    return render(request, "portal/filed.html", {"d": dossier})


@login_required
def my_list(request: HttpRequest) -> HttpResponse:
    qs = selectors.citizen_dossier_list(request.user).order_by("-submitted_at", "-id")
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    return render(request, "portal/my_list.html", {"page": page})


@login_required
def my_detail(request: HttpRequest, pk: int) -> HttpResponse:
    dossier = selectors.citizen_dossier_list(request.user).filter(pk=pk).first()
    if dossier is None:
        raise Http404(_("Không tìm thấy hồ sơ."))
    return render(request, "portal/my_detail.html", {
        "d": dossier, "timeline": selectors.public_timeline(dossier),
    })  # fmt: skip


@never_cache
def status(request: HttpRequest) -> HttpResponse:
    """Anyone with a dossier's code and the lookup key printed on its receipt sees its
    status. A wrong code and a wrong key answer alike; lookups are rate-limited per IP."""
    if request.method != "POST":
        return render(request, "portal/status.html", {"form": StatusLookupForm()})
    form = StatusLookupForm(request.POST)
    limit, window = throttle.lookup_limit()
    if not throttle.hit(request, "lookup", limit=limit, window=window):
        return render(request, "portal/status.html", {
            "form": form, "throttled": True, "minutes": max(1, window // 60),
        }, status=429)  # fmt: skip
    context: dict[str, object] = {"form": form}
    if form.is_valid():
        try:
            dossier = dossier_get_by_key(form.cleaned_data["code"], form.cleaned_data["key"])
        except NotFound:
            context["not_found"] = True
        else:
            context.update(d=dossier, timeline=selectors.public_timeline(dossier))
    return render(request, "portal/status.html", context)
