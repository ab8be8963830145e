from __future__ import annotations

from typing import Any

from django import template

from motcua.org.selectors import user_can_act_for
from motcua.payments.constants import COUNTER_METHODS, Method
from motcua.payments.selectors import fee_for, paid_total, payments_for_dossier
from motcua.payments.services import COUNTER_ROLES

register = template.Library()


@register.inclusion_tag("payments/_section.html", takes_context=True)
def payment_section(context: Any, dossier: Any) -> dict[str, Any]:
    """Fee, payments and the payment actions the viewer may take on one dossier."""
    user = context["request"].user
    fee = fee_for(dossier.procedure, dossier.channel)
    paid = paid_total(dossier)
    due = None if fee is None or fee.amount is None else max(fee.amount - paid, 0)
    is_applicant = bool(dossier.citizen_id) and dossier.citizen_id == user.pk
    can_collect = not is_applicant and (
        user_can_act_for(user, dossier.receiving_unit_id, COUNTER_ROLES)
        or user_can_act_for(user, dossier.current_unit_id, COUNTER_ROLES)
    )
    return {
        "d": dossier, "fee": fee, "paid": paid, "due": due,
        "payments": list(payments_for_dossier(dossier)),
        "can_pay_online": is_applicant and bool(due),
        "can_collect": can_collect and (due is None or due > 0) and not (fee and fee.exempt),
        "counter_methods": [(m, Method(m).label) for m in COUNTER_METHODS],
        "csrf_token": context.get("csrf_token"),
    }  # fmt: skip


@register.filter
def vnd(value: Any) -> str:
    """12345678 → "12.345.678" (Vietnamese digit grouping)."""
    try:
        return f"{int(value):,}".replace(",", ".")
    except (TypeError, ValueError):
        return ""
