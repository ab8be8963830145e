"""Choices and the [I] defaults of internal processes (each default can be overridden by the
Django setting named next to it)."""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _


class Stage(models.TextChoices):
    """Where a step sits in the dossier's life; ordered. Events open stages (``EVENT_STEPS``
    in ``services``); ``approval`` has no event of its own (see ``services.step_forward``)."""

    RECEPTION = "reception", _("Tiếp nhận hồ sơ")
    TRANSFER = "transfer", _("Chuyển hồ sơ liên thông")
    PROCESSING = "processing", _("Thẩm định, xử lý")
    APPROVAL = "approval", _("Phê duyệt")
    HAND_BACK = "hand_back", _("Chuyển trả kết quả")
    RETURN = "return", _("Trả kết quả")


STAGE_ORDER = {stage: i for i, stage in enumerate(Stage.values)}
END = "end"  # not a stage: the dossier's last step closes and nothing opens


class StepUnit(models.TextChoices):
    RECEIVING = "receiving", _("Bộ phận một cửa của đơn vị tiếp nhận")
    COMPETENT = "competent", _("Cơ quan có thẩm quyền giải quyết")


class StepRole(models.TextChoices):
    CLERK = "clerk", _("Cán bộ một cửa")
    SPECIALIST = "specialist", _("Chuyên viên xử lý")
    LEADER = "leader", _("Lãnh đạo")


class Verdict(models.TextChoices):
    """Mẫu 06 "Kết quả": trước hạn / đúng hạn / quá hạn."""

    EARLY = "early", _("Trước hạn")
    ON_TIME = "on_time", _("Đúng hạn")
    LATE = "late", _("Quá hạn")


class Slip(models.TextChoices):
    """How an open step stands against its own budget (the queue)."""

    ON_TRACK = "on_track", _("Trong hạn")
    AT_RISK = "at_risk", _("Sắp hết thời gian")
    LATE = "late", _("Quá hạn bước")


# [I] Shares of the legal time limit given to the steps of a generated default process
# (MOTCUA_PROCESS_SHARES, same shape). Each entry: stage, unit, role, share (sum 1).
# A commune procedure is received and decided at the same commune; a provincial procedure
# received at a commune adds the hand-over legs (to the department and back).
DEFAULT_SHARES: dict[str, list[tuple[str, str, str, Decimal]]] = {
    "same_unit": [
        (Stage.RECEPTION, StepUnit.RECEIVING, StepRole.CLERK, Decimal("0.05")),
        (Stage.PROCESSING, StepUnit.COMPETENT, StepRole.SPECIALIST, Decimal("0.70")),
        (Stage.APPROVAL, StepUnit.COMPETENT, StepRole.LEADER, Decimal("0.15")),
        (Stage.HAND_BACK, StepUnit.COMPETENT, StepRole.SPECIALIST, Decimal("0.05")),
        (Stage.RETURN, StepUnit.RECEIVING, StepRole.CLERK, Decimal("0.05")),
    ],
    "hand_over": [
        (Stage.RECEPTION, StepUnit.RECEIVING, StepRole.CLERK, Decimal("0.05")),
        (Stage.TRANSFER, StepUnit.COMPETENT, StepRole.SPECIALIST, Decimal("0.05")),
        (Stage.PROCESSING, StepUnit.COMPETENT, StepRole.SPECIALIST, Decimal("0.65")),
        (Stage.APPROVAL, StepUnit.COMPETENT, StepRole.LEADER, Decimal("0.15")),
        (Stage.HAND_BACK, StepUnit.COMPETENT, StepRole.SPECIALIST, Decimal("0.05")),
        (Stage.RETURN, StepUnit.RECEIVING, StepRole.CLERK, Decimal("0.05")),
    ],
}

# Names of the generated steps (Vietnamese source strings).
STEP_NAMES = {
    Stage.RECEPTION: _("Tiếp nhận, kiểm tra và chuyển hồ sơ"),
    Stage.TRANSFER: _("Chuyển hồ sơ đến cơ quan có thẩm quyền"),
    Stage.PROCESSING: _("Thẩm định, xử lý hồ sơ"),
    Stage.APPROVAL: _("Phê duyệt kết quả"),
    Stage.HAND_BACK: _("Chuyển kết quả về bộ phận một cửa"),
    Stage.RETURN: _("Trả kết quả cho người nộp"),
}

# [I] A step's budget is rounded to this many hours (0.01 h = 36 s, the field's precision);
# the processing step takes the remainder so the budgets sum exactly to the limit.
BUDGET_QUANTUM = Decimal("0.01")

# [I] A limit in calendar days counts as floor(N × 5/7) working days, at least one
# (weekends removed; holidays ignored), for budgeting only: the dossier's own due time
# still follows the calendar-day rule of ``dossiers.deadlines``.
WORKING_DAYS_PER_WEEK = 5

# [I] An open step is "at risk" when less than this share of its budget remains
# (MOTCUA_STEP_AT_RISK_SHARE).
DEFAULT_AT_RISK_SHARE = Decimal("0.25")
