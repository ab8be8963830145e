"""Reads: the fee a dossier owes and its payments."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet, Sum
from django.utils.translation import gettext as _

from motcua.catalog.models import Procedure
from motcua.core.errors import NotFound
from motcua.dossiers.models import Dossier
from motcua.dossiers.selectors import dossier_scope
from motcua.payments.constants import Status
from motcua.payments.fees import Fee, FeeLine, fee_from_catalogue
from motcua.payments.models import Payment

__all__ = ["Fee", "FeeLine", "fee_for", "paid_total", "payment_get_for", "payments_for_dossier"]

MAX_PAYMENTS_SHOWN = 50


def fee_for(procedure: Procedure, channel: str) -> Fee | None:
    """The fee of ``procedure`` filed through ``channel`` (a dossier channel such as "online",
    or a catalogue channel name). ``Fee.amount`` is in VND, 0 when exempt, None when the
    catalogue gives no amount (``Fee.text`` holds its words); None if it lists no fee."""
    return fee_from_catalogue(procedure.submission_methods, procedure.fees, channel)


def payments_for_dossier(dossier: Dossier | int) -> QuerySet[Payment]:
    dossier_id = dossier if isinstance(dossier, int) else dossier.pk
    return Payment.objects.filter(dossier_id=dossier_id).order_by("-created_at", "-id")[
        :MAX_PAYMENTS_SHOWN
    ]


def paid_total(dossier: Dossier | int) -> int:
    dossier_id = dossier if isinstance(dossier, int) else dossier.pk
    total = Payment.objects.filter(dossier_id=dossier_id, status=Status.PAID).aggregate(
        s=Sum("amount")
    )["s"]
    return int(total or 0)


def payment_get_for(user: Any, pk: int) -> Payment:
    """A payment of a dossier the user may see; anything else is the same 404."""
    payment = (
        Payment.objects.select_related(
            "dossier", "dossier__procedure", "dossier__receiving_unit", "dossier__receiving_agency"
        )
        .filter(pk=pk, dossier__in=Dossier.objects.filter(dossier_scope(user)).values("pk"))
        .first()
    )
    if payment is None:
        raise NotFound(_("Không tìm thấy khoản thanh toán."))
    return payment
