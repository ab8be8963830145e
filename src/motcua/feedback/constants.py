from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.dossiers.constants import State


class Satisfaction(models.TextChoices):
    """The national portal's satisfaction levels (indicator 5.4 counts the dissatisfied)."""

    VERY_SATISFIED = "very_satisfied", _("Rất hài lòng")
    SATISFIED = "satisfied", _("Hài lòng")
    DISSATISFIED = "dissatisfied", _("Không hài lòng")


# A dossier the agency has finished with, whatever the outcome, may be rated.
RATABLE_STATES = frozenset({
    State.RESULT_ISSUED, State.AWAITING_PICKUP, State.RETURNED, State.NOT_ELIGIBLE,
    State.REFUSED, State.STOPPED,
})  # fmt: skip


class FeedbackState(models.TextChoices):
    RECEIVED = "received", _("Đã tiếp nhận")
    REFUSED = "refused", _("Từ chối tiếp nhận")
    SUPPLEMENT_REQUESTED = "supplement_requested", _("Yêu cầu bổ sung")
    IN_HANDLING = "in_handling", _("Đang xử lý")
    ANSWERED = "answered", _("Đã trả lời")


CLOSED_STATES = frozenset({FeedbackState.REFUSED, FeedbackState.ANSWERED})

# Working days from receipt (indicator 5.2): refuse, ask for more, answer.
REFUSE_WORKING_DAYS = 2
SUPPLEMENT_WORKING_DAYS = 5
HANDLE_WORKING_DAYS = 15


class AttemptKind(models.TextChoices):
    RATING = "rating", _("Đánh giá hồ sơ")
    FEEDBACK_ACTION = "feedback_action", _("Xử lý phản ánh, kiến nghị")
