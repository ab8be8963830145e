"""Pure budget arithmetic: a procedure's legal time limit in working hours and the default
steps generated from it. No database access."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal

from motcua.processes.constants import (
    BUDGET_QUANTUM,
    DEFAULT_SHARES,
    STAGE_ORDER,
    STEP_NAMES,
    WORKING_DAYS_PER_WEEK,
    Stage,
)


@dataclass(frozen=True)
class StepSpec:
    position: int
    name: str
    stage: str
    unit: str
    role: str
    budget_hours: Decimal


def limit_hours(value: Decimal | int | None, unit: str, hours_per_day: Decimal) -> Decimal | None:
    """The legal time limit in working hours; None if unknown.

    working_days × hours per day; working_hours as is; N calendar ``days`` [I] count as
    floor(5N/7) working days, at least one (0 stays 0); a limit of 0 (same-day) is 0.
    """
    if value is None or not unit:
        return None
    value = Decimal(value)
    if unit == "working_hours":
        hours = value
    elif unit == "working_days":
        hours = value * hours_per_day
    elif unit == "days":
        days = 0 if value == 0 else max(1, math.floor(value * WORKING_DAYS_PER_WEEK / 7))
        hours = days * hours_per_day
    else:
        return None
    return hours.quantize(BUDGET_QUANTUM)


def split(total: Decimal, shares: Sequence[Decimal], main: int) -> list[Decimal]:
    """``total`` in shares rounded down to the quantum; the ``main`` one takes the remainder,
    so the parts are never negative and sum exactly to ``total``."""
    parts = [(total * share).quantize(BUDGET_QUANTUM, rounding=ROUND_DOWN) for share in shares]
    parts[main] = total - (sum(parts) - parts[main])
    return parts


def default_steps(
    hours: Decimal | None,
    *,
    hand_over: bool,
    shares: dict[str, list[tuple[str, str, str, Decimal]]] | None = None,
) -> list[StepSpec]:
    """The generated process: ``hand_over`` adds the legs to the province and back."""
    template = (shares or DEFAULT_SHARES)["hand_over" if hand_over else "same_unit"]
    main = next(i for i, row in enumerate(template) if row[0] == Stage.PROCESSING)
    budgets = split(hours or Decimal(0), [row[3] for row in template], main)
    return [
        StepSpec(i + 1, str(STEP_NAMES[stage]), stage, unit, role, budget)
        for i, ((stage, unit, role, _share), budget) in enumerate(
            zip(template, budgets, strict=True)
        )
    ]


def steps_problems(steps: Sequence[StepSpec], hours: Decimal | None) -> list[str]:
    """What is wrong with a list of steps (Vietnamese messages); empty when valid."""
    from django.utils.translation import gettext as _

    problems = []
    if not steps:
        return [_("Quy trình phải có ít nhất một bước.")]
    if steps[0].stage != Stage.RECEPTION:
        problems.append(_("Bước đầu tiên phải là bước tiếp nhận."))
    if any(s.budget_hours < 0 for s in steps):
        problems.append(_("Thời gian của một bước không được âm."))
    orders = [STAGE_ORDER[s.stage] for s in steps]
    if orders != sorted(orders):
        problems.append(_("Các bước phải theo đúng thứ tự các giai đoạn giải quyết."))
    total = sum((s.budget_hours for s in steps), Decimal(0))
    if hours is not None and total != hours:
        problems.append(
            _(
                "Tổng thời gian các bước (%(total)s giờ) phải bằng thời hạn giải quyết (%(limit)s giờ làm việc)."
            )
            % {"total": total, "limit": hours}
        )
    return problems
