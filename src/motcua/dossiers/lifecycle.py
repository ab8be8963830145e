"""THE state machine of a dossier (domain spec §1.2): which transition goes from which
states to which state, who may make it, and at which unit. Pure: no database access.

Services call ``check()`` before writing; views ask ``allowed()`` which buttons to show.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from motcua.dossiers.constants import State
from motcua.dossiers.errors import TransitionNotAllowed
from motcua.org.constants import Role

# Where the actor must hold the role: the unit that received the dossier (the one-stop
# desk), the unit that holds it now, or the applicant themself.
AT_RECEIVING = "receiving"
AT_CURRENT = "current"
APPLICANT = "applicant"


@dataclass(frozen=True)
class Transition:
    name: str
    sources: frozenset[str]
    target: str | None  # None: the state does not change (extension)
    roles: frozenset[str]
    where: str
    label: object  # lazy translation
    form: str = ""  # the Circular 03/2025 form issued with it (01–06)


BEFORE_DECISION = frozenset(
    {State.RECEIVED, State.TRANSFERRED, State.IN_PROCESS, State.CONSULTING,
     State.SUPPLEMENT_REQUESTED}
)  # fmt: skip
DESK = frozenset({Role.CLERK})
PROCESSING = frozenset({Role.SPECIALIST, Role.LEADER})
LEADERS = frozenset({Role.LEADER})
SPECIALISTS = frozenset({Role.SPECIALIST})


def _t(name, sources, target, roles, where, label, form=""):
    return Transition(name, frozenset(sources), target, frozenset(roles), where, label, form)


TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in [
        _t("submit", {State.DRAFT}, State.SUBMITTED, DESK, AT_RECEIVING,
           gettext_lazy("Nộp hồ sơ")),
        _t("receive", {State.SUBMITTED}, State.RECEIVED, DESK, AT_RECEIVING,
           gettext_lazy("Tiếp nhận"), "01"),
        _t("request_supplement_at_reception", {State.SUBMITTED},
           State.SUPPLEMENT_AT_RECEPTION, DESK, AT_RECEIVING,
           gettext_lazy("Yêu cầu bổ sung, hoàn thiện"), "02"),
        _t("resubmit", {State.SUPPLEMENT_AT_RECEPTION}, State.SUBMITTED, DESK, AT_RECEIVING,
           gettext_lazy("Nộp lại sau bổ sung")),
        _t("refuse", {State.SUBMITTED}, State.REFUSED, DESK, AT_RECEIVING,
           gettext_lazy("Từ chối tiếp nhận"), "03"),
        _t("transfer", {State.RECEIVED}, State.TRANSFERRED, DESK, AT_RECEIVING,
           gettext_lazy("Chuyển cơ quan có thẩm quyền"), "06"),
        _t("accept", {State.TRANSFERRED}, State.IN_PROCESS, PROCESSING, AT_CURRENT,
           gettext_lazy("Nhận hồ sơ để xử lý"), "06"),
        _t("start_processing", {State.RECEIVED}, State.IN_PROCESS, PROCESSING, AT_CURRENT,
           gettext_lazy("Bắt đầu xử lý")),
        _t("consult", {State.IN_PROCESS}, State.CONSULTING, PROCESSING, AT_CURRENT,
           gettext_lazy("Lấy ý kiến cơ quan khác")),
        _t("consultation_done", {State.CONSULTING}, State.IN_PROCESS, PROCESSING, AT_CURRENT,
           gettext_lazy("Đã có ý kiến")),
        _t("request_supplement", {State.IN_PROCESS}, State.SUPPLEMENT_REQUESTED, PROCESSING,
           AT_CURRENT, gettext_lazy("Yêu cầu bổ sung"), "02"),
        _t("supplement_received", {State.SUPPLEMENT_REQUESTED}, State.IN_PROCESS,
           DESK | PROCESSING, AT_CURRENT, gettext_lazy("Đã nhận hồ sơ bổ sung")),
        _t("extend", {State.IN_PROCESS, State.CONSULTING}, None, LEADERS, AT_CURRENT,
           gettext_lazy("Xin lỗi và gia hạn"), "04"),
        # The specialist hands the draft result to the leader who signs (a Mẫu 06 row; the
        # state does not change: the dossier is still being processed).
        _t("submit_for_approval", {State.IN_PROCESS}, None, SPECIALISTS, AT_CURRENT,
           gettext_lazy("Trình lãnh đạo phê duyệt")),
        _t("issue_result", {State.IN_PROCESS}, State.RESULT_ISSUED, LEADERS, AT_CURRENT,
           gettext_lazy("Phê duyệt kết quả")),
        _t("not_eligible", {State.IN_PROCESS}, State.NOT_ELIGIBLE, LEADERS, AT_CURRENT,
           gettext_lazy("Không đủ điều kiện giải quyết")),
        _t("hand_back", {State.RESULT_ISSUED, State.NOT_ELIGIBLE}, State.AWAITING_PICKUP,
           PROCESSING | DESK, AT_CURRENT, gettext_lazy("Chuyển kết quả về bộ phận một cửa"),
           "06"),
        _t("return_result", {State.AWAITING_PICKUP}, State.RETURNED, DESK, AT_RECEIVING,
           gettext_lazy("Trả kết quả")),
        _t("stop", BEFORE_DECISION, State.STOPPED, DESK, AT_RECEIVING,
           gettext_lazy("Dừng giải quyết theo yêu cầu"), "05"),
        _t("withdraw", {State.SUBMITTED, State.SUPPLEMENT_AT_RECEPTION} | BEFORE_DECISION,
           State.WITHDRAWN, DESK, AT_RECEIVING, gettext_lazy("Rút hồ sơ")),
    ]
}  # fmt: skip

# Events that are not transitions of the table.
EVENT_LABELS = {"submitted": gettext_lazy("Nộp hồ sơ")}

# Transitions an applicant may make on their own dossier (through the portal).
APPLICANT_TRANSITIONS = frozenset({"submit", "resubmit", "withdraw"})
# Transitions that require a written reason.
REASON_REQUIRED = frozenset(
    {"request_supplement_at_reception", "refuse", "request_supplement", "extend",
     "not_eligible", "stop", "withdraw"}
)  # fmt: skip


def get(name: str) -> Transition:
    try:
        return TRANSITIONS[name]
    except KeyError:
        raise TransitionNotAllowed(_("Không có thao tác “%(name)s”.") % {"name": name}) from None


def check(state: str, name: str) -> Transition:
    """The transition, or a clear error if it is not allowed from ``state``."""
    transition = get(name)
    if state not in transition.sources:
        raise TransitionNotAllowed(
            _("Không thể “%(action)s” khi hồ sơ đang ở trạng thái “%(state)s”.")
            % {"action": transition.label, "state": State(state).label},
            state=state,
            transition=name,
        )
    return transition


def acting_unit(transition: Transition, *, receiving_unit: str, current_unit: str) -> str:
    """The unit at which the actor must hold one of the transition's roles."""
    return receiving_unit if transition.where == AT_RECEIVING else current_unit


def available(state: str) -> list[Transition]:
    """Transitions allowed from ``state`` (before checking who asks)."""
    return [t for t in TRANSITIONS.values() if state in t.sources]
