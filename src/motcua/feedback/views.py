"""Rating a finished dossier; PAKN: the citizen's form and list, the staff inbox."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from motcua.core.errors import MotcuaError, NotFound
from motcua.dossiers.models import Dossier
from motcua.feedback import selectors
from motcua.feedback.constants import FeedbackState
from motcua.feedback.forms import ActionForm, FeedbackForm, RatingForm, SupplementForm
from motcua.feedback.services import (
    feedback_act,
    feedback_submit,
    feedback_supplement,
    rating_submit,
)

PAGE_SIZE = 30


@login_required
@require_POST
def rate(request: HttpRequest, pk: int) -> HttpResponse:
    form = RatingForm(request.POST)
    level = form.data.get("level", "")
    try:
        rating_submit(dossier_id=pk, user=request.user, level=level,
                      comment=form.data.get("comment", ""))  # fmt: skip
    except NotFound as exc:
        raise Http404(exc.message) from exc
    except MotcuaError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Cảm ơn ông/bà đã đánh giá."))
    return redirect("portal:my_detail", pk=pk)


def _own_dossiers(user) -> list:
    if not user.is_authenticated:
        return []
    return list(Dossier.objects.filter(citizen=user).select_related("procedure")
                .order_by("-created_at")[:50])  # fmt: skip


def new(request: HttpRequest) -> HttpResponse:
    """Anyone may send feedback; with an account it can name one of their dossiers."""
    dossiers = _own_dossiers(request.user)
    form = FeedbackForm(request.POST or None, dossiers=dossiers,
                        initial={"dossier": request.GET.get("dossier")})  # fmt: skip
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            fb = feedback_submit(
                content=data["content"], user=request.user, dossier_id=data["dossier"],
                unit_code=data["unit"], name=data["name"], contact=data["contact"],
            )  # fmt: skip
        except MotcuaError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request, _("Đã tiếp nhận phản ánh, kiến nghị số %(n)s.") % {"n": fb.pk}
            )
            if request.user.is_authenticated:
                return redirect("feedback:mine_detail", pk=fb.pk)
            return redirect("feedback:new")
    return render(request, "feedback/new.html", {"form": form})


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.feedback_list_for_citizen(request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "feedback/mine.html", {"page": page})


@login_required
def mine_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        fb = selectors.feedback_get_for_citizen(request.user, pk)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    form = SupplementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            feedback_supplement(
                feedback_id=fb.pk, user=request.user, text=form.cleaned_data["text"]
            )
        except MotcuaError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Đã gửi nội dung bổ sung."))
        return redirect("feedback:mine_detail", pk=fb.pk)
    return render(request, "feedback/mine_detail.html", {"fb": fb, "form": form})


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    state = request.GET.get("state", "")
    state = state if state in FeedbackState.values else ""
    overdue = request.GET.get("overdue") == "1"
    qs = selectors.feedback_queue_for(request.user, state=state, overdue_only=overdue)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "feedback/inbox.html", {
        "page": page, "state": state, "overdue": overdue, "states": FeedbackState.choices,
    })  # fmt: skip


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        fb = selectors.feedback_get_for_staff(request.user, pk)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    if request.method == "POST":
        form = ActionForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                feedback_act(feedback_id=fb.pk, actor=request.user, name=data["name"],
                             text=data["text"], expected_version=data["version"])  # fmt: skip
            except NotFound as exc:
                raise Http404(exc.message) from exc
            except MotcuaError as exc:
                messages.error(request, exc.message)
            else:
                messages.success(request, _("Đã cập nhật phản ánh, kiến nghị."))
        return redirect("feedback:detail", pk=fb.pk)
    return render(request, "feedback/detail.html", {"fb": fb})
