"""The public summary page of the registry and the staff monitoring page per province."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from motcua.authority import selectors
from motcua.authority.constants import GovLevel, Mode, ObstacleKind, ObstacleStatus, Status
from motcua.authority.forms import (
    DATE_FORMATS,
    AnswerForm,
    EscalateForm,
    InspectionForm,
    ObstacleForm,
    first_error,
)
from motcua.authority.services import (
    obstacle_answer,
    obstacle_escalate,
    obstacle_raise,
    post_inspection_record,
)
from motcua.core.errors import InvalidInput, MotcuaError, NotFound
from motcua.org.models import Membership
from motcua.org.selectors import province_list


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


# --- Monitoring of decentralised tasks per province ------------------------------------------


def _parse_day(raw: str, label: str) -> dt.date | None:
    raw = (raw or "").strip()[:20]
    if not raw:
        return None
    for fmt in DATE_FORMATS:
        try:
            return dt.datetime.strptime(raw, fmt).date()
        except ValueError:
            continue
    raise InvalidInput(
        _("%(label)s “%(value)s” không phải ngày dạng dd/mm/yyyy.") % {"label": label, "value": raw}
    )


def _own_province(user: Any) -> str:
    """The province of the user's memberships when there is exactly one."""
    codes = {
        unit if parent is None else parent
        for unit, parent in Membership.objects.filter(user=user).values_list(
            "unit_id", "unit__parent_id"
        )
    }
    return codes.pop() if len(codes) == 1 else ""


def _monitoring_url(province: str, start: str, end: str) -> str:
    query = urlencode(
        {k: v for k, v in (("province", province), ("from", start), ("to", end)) if v}
    )
    return reverse("authority:monitoring") + (f"?{query}" if query else "")


def _back(request: HttpRequest) -> HttpResponse:
    """Back to the monitoring page the form was posted from (its province and period)."""
    post = request.POST
    return redirect(
        _monitoring_url(
            post.get("province", "")[:10], post.get("from", "")[:10], post.get("to", "")[:10]
        )
    )


@login_required
def monitoring(request: HttpRequest) -> HttpResponse:
    """Tasks a province received, the volume and on-time rate of their procedures' dossiers,
    post-inspections and obstacles, with the forms the user's role allows."""
    user = request.user
    code = request.GET.get("province", "").strip()[:10] or _own_province(user)
    context: dict[str, Any] = {
        "provinces": province_list(),
        "province_code": code,
        "from_text": request.GET.get("from", "").strip()[:10],
        "to_text": request.GET.get("to", "").strip()[:10],
    }
    if not code:
        return render(request, "authority/monitoring.html", context)
    try:
        province = selectors.province_get(code)
    except NotFound as exc:
        context["error"] = exc.message
        return render(request, "authority/monitoring_error.html", context, status=404)
    if not selectors.can_view_province(user, province.code):
        context["error"] = _("Bạn không có quyền xem số liệu của %(p)s.") % {
            "p": province.full_name
        }
        return render(request, "authority/monitoring_error.html", context, status=403)
    default_start, default_end = selectors.default_period()
    try:
        start = _parse_day(context["from_text"], _("Từ ngày")) or default_start
        end = _parse_day(context["to_text"], _("Đến ngày")) or default_end
        data = selectors.monitoring_for(province.code, start=start, end=end)
    except InvalidInput as exc:
        context["error"] = exc.message
        return render(request, "authority/monitoring.html", context, status=400)
    context.update(
        {
            "province_code": province.code,
            "from_text": f"{start:%d/%m/%Y}",
            "to_text": f"{end:%d/%m/%Y}",
            "data": data,
            "task_choices": [(t["code"], t["name"]) for t in data["tasks"]],
            "kind_choices": ObstacleKind.choices,
            "can_raise": selectors.can_raise_for(user, province.code),
            "can_inspect": selectors.can_record_inspection(user, province.code),
            "can_answer": selectors.is_ministry_staff(user),
            "Status": ObstacleStatus,
        }
    )
    return render(request, "authority/monitoring.html", context)


def _run(request: HttpRequest, form: Any, action: Any, success: str) -> HttpResponse:
    """Validate ``form``, call ``action(data)``; report the outcome as a message and go back."""
    if not form.is_valid():
        messages.error(request, first_error(form))
        return _back(request)
    try:
        action(form.cleaned_data)
    except MotcuaError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, success)
    return _back(request)


@login_required
@require_POST
def inspection_add(request: HttpRequest) -> HttpResponse:
    return _run(
        request,
        InspectionForm(request.POST),
        lambda d: post_inspection_record(
            actor=request.user,
            province_code=request.POST.get("province", "")[:10],
            task_code=d["task"],
            visited_on=d["visited_on"],
            inspecting_body=d["inspecting_body"],
            findings=d["findings"],
        ),
        _("Đã ghi kết quả hậu kiểm."),
    )


@login_required
@require_POST
def obstacle_add(request: HttpRequest) -> HttpResponse:
    return _run(
        request,
        ObstacleForm(request.POST),
        lambda d: obstacle_raise(
            actor=request.user,
            province_code=request.POST.get("province", "")[:10],
            kind=d["kind"],
            task_code=d["task"],
            content=d["content"],
        ),
        _("Đã gửi khó khăn, vướng mắc, kiến nghị lên Bộ."),
    )


@login_required
@require_POST
def obstacle_answer_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _run(
        request,
        AnswerForm(request.POST),
        lambda d: obstacle_answer(actor=request.user, obstacle_id=pk, answer=d["answer"]),
        _("Đã ghi nội dung trả lời."),
    )


@login_required
@require_POST
def obstacle_escalate_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _run(
        request,
        EscalateForm(request.POST),
        lambda d: obstacle_escalate(actor=request.user, obstacle_id=pk, note=d["note"]),
        _("Đã ghi việc báo cáo Chính phủ."),
    )
