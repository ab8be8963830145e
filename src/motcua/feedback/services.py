"""Writes: ratings of finished dossiers and the PAKN (feedback/complaint) workflow.

A refusal for lack of rights is recorded (``RefusedAttempt``) outside the write's transaction,
so the record survives the refusal; the refusal itself changes nothing else."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.core.errors import InvalidInput, NotFound
from motcua.dossiers.models import Dossier
from motcua.feedback.constants import (
    HANDLE_WORKING_DAYS,
    RATABLE_STATES,
    REFUSE_WORKING_DAYS,
    SUPPLEMENT_WORKING_DAYS,
    AttemptKind,
    FeedbackState,
    Satisfaction,
)  # fmt: skip
from motcua.feedback.models import Feedback, Rating, RefusedAttempt
from motcua.org.models import AdministrativeUnit
from motcua.org.selectors import user_can_act_for
from motcua.workdays.selectors import calendar_get

MAX_TEXT = 5000


def _refused(kind: str, user: Any, target: str, reason: str) -> None:
    RefusedAttempt.objects.create(
        kind=kind, target=target[:60], reason=reason[:255],
        user=user if getattr(user, "is_authenticated", False) else None,
    )  # fmt: skip


def _text(value: str, label: str, *, required: bool = True, limit: int = MAX_TEXT) -> str:
    value = (value or "").strip()
    if required and not value:
        raise InvalidInput(_("Vui lòng nhập %(f)s.") % {"f": label})
    if len(value) > limit:
        raise InvalidInput(_("%(f)s dài quá %(n)s ký tự.") % {"f": label, "n": limit})
    return value


# --------------------------------------------------------------------------- ratings


def rating_submit(
    *, dossier_id: int, user: Any, level: str, comment: str = "", at: dt.datetime | None = None
) -> Rating:
    """The applicant's one rating of a finished dossier. Anyone else gets the same 404 as for
    a dossier that does not exist, and the attempt is recorded."""
    dossier = (
        Dossier.objects.filter(pk=dossier_id)
        .only("pk", "state", "citizen", "competent_unit")
        .first()
    )
    if (
        dossier is None
        or not getattr(user, "is_authenticated", False)
        or (dossier.citizen_id != user.pk)
    ):
        reason = "không có hồ sơ" if dossier is None else "không phải người nộp hồ sơ"
        _refused(AttemptKind.RATING, user, f"dossier:{dossier_id}", reason)
        raise NotFound(_("Không tìm thấy hồ sơ."))
    if dossier.state not in RATABLE_STATES:
        raise InvalidInput(_("Hồ sơ chưa giải quyết xong nên chưa thể đánh giá."))
    if level not in Satisfaction.values:
        raise InvalidInput(_("Vui lòng chọn mức độ hài lòng."))
    comment = _text(comment, _("ý kiến"), required=False, limit=2000)
    try:
        with transaction.atomic():
            rating = Rating.objects.create(
                dossier=dossier, user=user, level=level, comment=comment,
                unit_id=dossier.competent_unit_id, created_at=at or timezone.now(),
            )  # fmt: skip
            _touch(dossier.pk)
            return rating
    except IntegrityError as exc:
        raise InvalidInput(_("Hồ sơ này đã được đánh giá.")) from exc


# --------------------------------------------------------------------------- feedback (PAKN)


def due_dates(received_at: dt.datetime) -> tuple[dt.date, dt.date, dt.date]:
    """Refuse, supplement and handle deadlines: the 2nd, 5th and 15th working day after the
    day of receipt (the day itself not counted, as for dossiers)."""
    calendar = calendar_get()
    day = timezone.localtime(received_at).date()
    return (
        calendar.add_working_days(day, REFUSE_WORKING_DAYS),
        calendar.add_working_days(day, SUPPLEMENT_WORKING_DAYS),
        calendar.add_working_days(day, HANDLE_WORKING_DAYS),
    )


def feedback_submit(
    *, content: str, user: Any = None, dossier_id: int | None = None, unit_code: str = "",
    name: str = "", contact: str = "", at: dt.datetime | None = None,
) -> Feedback:  # fmt: skip
    """Receive a feedback or complaint, about one of the user's dossiers (sent to its competent
    unit) or to a unit; without an account the sender gives a name and a contact."""
    signed_in = getattr(user, "is_authenticated", False)
    content = _text(content, _("nội dung phản ánh, kiến nghị"))
    if signed_in:
        name = name.strip() or user.get_full_name() or user.get_username()
        contact = contact.strip() or user.email or user.get_username()
    name = _text(name, _("họ và tên"), limit=200)
    contact = _text(contact, _("điện thoại hoặc thư điện tử"), limit=200)
    dossier = None
    if dossier_id is not None:
        dossier = Dossier.objects.filter(pk=dossier_id, citizen__isnull=False).first()
        if dossier is None or not signed_in or dossier.citizen_id != user.pk:
            raise NotFound(_("Không tìm thấy hồ sơ."))
        unit_id = dossier.competent_unit_id
    else:
        unit = AdministrativeUnit.objects.filter(code=(unit_code or "").strip()).first()
        if unit is None:
            raise InvalidInput(_("Vui lòng chọn đơn vị nhận phản ánh, kiến nghị."))
        unit_id = unit.pk
    at = at or timezone.now()
    refuse_due, supplement_due, handle_due = due_dates(at)
    with transaction.atomic():
        feedback = Feedback.objects.create(
            dossier=dossier, unit_id=unit_id, submitter=user if signed_in else None,
            submitter_name=name, submitter_contact=contact, content=content, received_at=at,
            refuse_due=refuse_due, supplement_due=supplement_due, handle_due=handle_due,
        )  # fmt: skip
        if dossier is not None:
            _touch(dossier.pk)
    return feedback


def _touch(dossier_id: int) -> None:
    """The Decision 766 roll-ups count rated and complained-about dossiers."""
    from motcua.indicators.rollup import touch

    touch(dossier_id)


# Transition name → (states it starts from, target state).
TRANSITIONS = {
    "refuse": ({FeedbackState.RECEIVED}, FeedbackState.REFUSED),
    "request_supplement": ({FeedbackState.RECEIVED}, FeedbackState.SUPPLEMENT_REQUESTED),
    "start": ({FeedbackState.RECEIVED}, FeedbackState.IN_HANDLING),
    "answer": ({FeedbackState.RECEIVED, FeedbackState.IN_HANDLING}, FeedbackState.ANSWERED),
}


def _local_date(at: dt.datetime) -> dt.date:
    return timezone.localtime(at).date()


def feedback_act(
    *, feedback_id: int, actor: Any, name: str, text: str = "",
    expected_version: int | None = None, at: dt.datetime | None = None,
) -> Feedback:  # fmt: skip
    """A staff member of the feedback's unit moves it on: ``refuse`` (with a reason),
    ``request_supplement`` (saying what is missing), ``start`` or ``answer`` (with the answer).
    Whether the step met its deadline is stored for indicator 5.2."""
    target = f"feedback:{feedback_id}"
    unit_id = Feedback.objects.filter(pk=feedback_id).values_list("unit_id", flat=True).first()
    if unit_id is None or not user_can_act_for(actor, unit_id):
        _refused(
            AttemptKind.FEEDBACK_ACTION,
            actor,
            target,
            "không có phản ánh hoặc không thuộc đơn vị của người thao tác",
        )
        raise NotFound(_("Không tìm thấy phản ánh, kiến nghị."))
    if name not in TRANSITIONS:
        raise InvalidInput(_("Thao tác không hợp lệ."))
    sources, state = TRANSITIONS[name]
    if name == "refuse":
        text = _text(text, _("lý do từ chối"))
    elif name == "request_supplement":
        text = _text(text, _("nội dung cần bổ sung"))
    elif name == "answer":
        text = _text(text, _("nội dung trả lời"))
    at = at or timezone.now()
    with transaction.atomic():
        fb = Feedback.objects.select_for_update().get(pk=feedback_id)
        if expected_version is not None and fb.version != expected_version:
            raise InvalidInput(_("Phản ánh đã được người khác cập nhật; vui lòng tải lại trang."))
        if fb.state not in sources:
            raise InvalidInput(
                _("Không thể thực hiện thao tác này khi phản ánh ở trạng thái “%(s)s”.")
                % {"s": fb.get_state_display()}
            )
        day = _local_date(at)
        if name == "refuse":
            fb.note, fb.on_time, fb.decided_at = text, day <= fb.refuse_due, at
        elif name == "request_supplement":
            fb.note, fb.on_time = text, day <= fb.supplement_due
        elif name == "answer":
            fb.answer, fb.on_time, fb.decided_at = text, day <= fb.handle_due, at
        fb.state = state
        fb.handled_by = actor
        fb.version += 1
        fb.save()
    return fb


@transaction.atomic
def feedback_supplement(
    *, feedback_id: int, user: Any, text: str, at: dt.datetime | None = None
) -> Feedback:
    """The sender adds what was asked for; handling starts again with a new 15-day term."""
    fb = Feedback.objects.select_for_update().filter(pk=feedback_id).first()
    if fb is None or not getattr(user, "is_authenticated", False) or fb.submitter_id != user.pk:
        raise NotFound(_("Không tìm thấy phản ánh, kiến nghị."))
    if fb.state != FeedbackState.SUPPLEMENT_REQUESTED:
        raise InvalidInput(_("Phản ánh này không cần bổ sung."))
    fb.supplement = _text(text, _("nội dung bổ sung"))
    at = at or timezone.now()
    fb.handle_due = calendar_get().add_working_days(_local_date(at), HANDLE_WORKING_DAYS)
    fb.state, fb.on_time = FeedbackState.IN_HANDLING, None
    fb.version += 1
    fb.save()
    return fb
