"""Back office: the queue, a dossier with its timeline and actions, counter intake."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import F
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from motcua.attachments.forms import ChecklistForm
from motcua.attachments.services import components_record, uploads_guard
from motcua.core.errors import MotcuaError, NotFound
from motcua.dossiers import lifecycle, selectors
from motcua.dossiers.constants import END_STATES, Channel, State
from motcua.dossiers.forms import ActionForm, CounterIntakeForm
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import Applicant, dossier_act, dossier_submit
from motcua.org.models import AdministrativeUnit
from motcua.org.selectors import unit_codes_for, user_can_act_for


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    filters = {
        k: request.GET.get(k, "")[:40] for k in ("state", "due", "procedure", "field", "channel")
    }
    base = selectors.dossier_list_for(request.user)
    if not filters["state"]:
        base_open = base.exclude(state__in=END_STATES)
    else:
        base_open = base
    qs = selectors.queue_filter(base_open, **filters).order_by(
        F("due_at").asc(nulls_last=True), "id"
    )
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    from motcua.processes.selectors import open_steps

    steps = open_steps(d.pk for d in page)  # one query for the page
    for d in page:
        d.step = steps.get(d.pk)
    return render(request, "dossiers/queue.html", {
        "page": page, "filters": filters, "counts": selectors.queue_counts(base),
        "states": State.choices, "channels": Channel.choices,
    })  # fmt: skip


def _allowed_actions(user, dossier: Dossier) -> list[lifecycle.Transition]:
    allowed = []
    for transition in lifecycle.available(dossier.state):
        unit = lifecycle.acting_unit(
            transition,
            receiving_unit=dossier.receiving_unit_id,
            current_unit=dossier.current_unit_id,
        )
        if user_can_act_for(user, unit, transition.roles):
            allowed.append(transition)
    return allowed


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        dossier = selectors.dossier_get_for(request.user, pk=pk)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    if request.method == "POST":
        form = ActionForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                result = dossier_act(
                    dossier_id=dossier.pk, name=data["name"], actor=request.user,
                    reason=data["reason"] or "", expected_version=data["version"],
                    payload={"days": data["days"]} if data.get("days") else None,
                )  # fmt: skip
            except MotcuaError as exc:
                messages.error(request, exc.message)
            else:
                messages.success(request, _("Đã cập nhật hồ sơ."))
                if result.lookup_key:  # reception: the key is shown once, on the receipt
                    request.session[f"lookup_key:{dossier.pk}"] = result.lookup_key
                    return redirect("dossiers:receipt", pk=dossier.pk)
        return redirect("dossiers:detail", pk=dossier.pk)
    from motcua.processes.selectors import mau06_rows

    events = list(dossier.events.order_by("seq"))
    for event in events:  # labels in the reader's language
        transition = lifecycle.TRANSITIONS.get(event.kind)
        event.label = (
            transition.label if transition else lifecycle.EVENT_LABELS.get(event.kind, event.kind)
        )
        event.state_label = State(event.to_state).label if event.to_state in State.values else ""
    return render(request, "dossiers/detail.html", {
        "d": dossier, "events": events, "actions": _allowed_actions(request.user, dossier),
        "mau06": mau06_rows(dossier),
        "reason_required": lifecycle.REASON_REQUIRED,
    })  # fmt: skip


@login_required
def intake(request: HttpRequest) -> HttpResponse:
    """Counter intake without JavaScript: the clerk picks the procedure (``?procedure=CODE``
    or the "choose" button) and the page shows its e-form under the applicant's fields."""
    units = sorted(unit_codes_for(request.user, "clerk"))
    if not units:
        raise Http404(_("Bạn không phải cán bộ một cửa của đơn vị nào."))
    from django.core.exceptions import ImproperlyConfigured

    from motcua.catalog.models import Procedure
    from motcua.eforms.schema import FormDataInvalid
    from motcua.eforms.web import eform_build
    from motcua.population.adapters import get_registry
    from motcua.population.service import lookup_person, registry_confirms

    try:
        simulated = get_registry().is_simulated
    except ImproperlyConfigured:
        simulated = False
    posted = request.POST if request.method == "POST" else None
    code = ((posted or request.GET).get("procedure") or "").strip()[:20]
    procedure = Procedure.objects.filter(code=code).first() if code else None
    submitting = posted is not None and "lookup" not in posted and "choose" not in posted
    eform = eform_build(procedure, posted, validate=submitting)
    checklist = (
        ChecklistForm(
            procedure, channel=Channel.COUNTER, data=posted if submitting else None,
            files=request.FILES if submitting else None,
            # The applicant's stored results, offered for reuse once the ID is typed.
            holder_id_numbers=[(posted or {}).get("id_number", "").strip()],
        )
        if procedure is not None
        else None
    )  # fmt: skip
    form = CounterIntakeForm(posted, initial={"procedure": code} if posted is None else None)
    if posted is not None and "choose" in posted:
        # Show the chosen procedure's e-form, keeping everything typed so far.
        if code and procedure is None:
            messages.error(request, _("Không có thủ tục mã %(code)s.") % {"code": code})
        form = CounterIntakeForm(
            initial={k: v for k, v in posted.dict().items() if k in CounterIntakeForm.base_fields}
        )
    elif posted is not None and "lookup" in posted:
        # Prefill from the population registry; the clerk checks, completes and submits.
        person = None
        try:
            person = lookup_person(request.POST.get("id_number", "").strip())
        except MotcuaError as exc:  # an invalid ID (never sent) or the registry cannot answer
            messages.error(request, exc.message)
        except ImproperlyConfigured:
            messages.error(request, _("Chưa cấu hình đúng kết nối CSDL quốc gia về dân cư."))
        else:
            if person is None:
                messages.warning(
                    request, _("Không tìm thấy số định danh này trong CSDL quốc gia về dân cư.")
                )
            elif simulated:
                messages.success(
                    request, _("Đã lấy thông tin từ CSDL quốc gia về dân cư (mô phỏng).")
                )
            else:
                messages.success(request, _("Đã lấy thông tin từ CSDL quốc gia về dân cư."))
        if person is None:
            messages.info(request, _("Vui lòng nhập thông tin người nộp bằng tay."))
        form = CounterIntakeForm.prefilled(request.POST.dict(), person)
    elif posted is not None:
        applicant_ok = form.is_valid()  # both forms are checked, so every error shows at once
        eform_ok = eform is None or eform.is_valid()
        checklist_ok = checklist is None or checklist.is_valid()
        if not eform_ok and eform.stale:
            form.add_error(None, _("Vui lòng điền tờ khai của thủ tục đã chọn rồi tiếp nhận."))
        if applicant_ok and eform_ok and checklist_ok:
            data = form.cleaned_data
            # Registry data counts only if the registry, asked again now, confirms the ID
            # and name.
            registry_used = bool(data.get("from_chip")) or bool(
                data.get("registry_id")
                and data["registry_id"] == data.get("id_number")
                and registry_confirms(data["id_number"], data["name"], data.get("birth_date"))
            )
            unit = AdministrativeUnit.objects.get(
                code=request.POST.get("unit") if request.POST.get("unit") in units else units[0]
            )
            try:
                with uploads_guard(), transaction.atomic():
                    dossier, lookup_key = _counter_intake(
                        request, data, unit, registry_used, eform, checklist
                    )
                if lookup_key:
                    request.session[f"lookup_key:{dossier.pk}"] = lookup_key
                return redirect("dossiers:receipt", pk=dossier.pk)
            except FormDataInvalid as exc:
                eform.add_errors(exc.extra.get("fields", {}))
                form.add_error(None, exc.message)
            except MotcuaError as exc:
                form.add_error(None, exc.message)
    return render(
        request,
        "dossiers/intake.html",
        {"form": form, "units": AdministrativeUnit.objects.filter(code__in=units),
         "selected_unit": request.POST.get("unit", ""), "registry_simulated": simulated,
         "eform": eform, "procedure": procedure, "checklist": checklist},
    )  # fmt: skip


def _counter_intake(request, data, unit, registry_used, eform, checklist) -> tuple[Dossier, str]:
    """File, record the components and receive, in the caller's transaction: all or
    nothing. A resubmission with the same key returns the dossier filed the first time."""
    dossier = dossier_submit(
                    procedure=data["procedure"], channel=Channel.COUNTER, receiving_unit=unit,
                    applicant=Applicant(name=data["name"], id_number=data.get("id_number", ""),
                                        birth_date=data.get("birth_date"), address=data.get("address", ""),
                                        phone=data.get("phone", "")),
                    actor=request.user, idempotency_key=data["idempotency_key"],
                    registry_used=registry_used,
                    form_version=eform.version if eform else None,
                    form_data=eform.json_data if eform else None,
                )  # fmt: skip
    if dossier.state != State.SUBMITTED:  # filed and received before: nothing more to write
        return dossier, ""
    if checklist is not None:
        components_record(
            dossier=dossier, entries=checklist.cleaned_entries(), actor=request.user,
            channel=Channel.COUNTER,
        )  # fmt: skip
    receipt = dossier_act(dossier_id=dossier.pk, name="receive", actor=request.user)
    return receipt.dossier, receipt.lookup_key


@login_required
def receipt(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        dossier = selectors.dossier_get_for(request.user, pk=pk)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    key = request.session.get(f"lookup_key:{dossier.pk}", "")
    components = dossier.procedure.components.order_by("position")
    return render(
        request,
        "dossiers/receipt.html",
        {"d": dossier, "lookup_key": key, "components": components},
    )
