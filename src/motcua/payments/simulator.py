"""SimulatedGateway: a local stand-in for a payment gateway (MÔ PHỎNG).

It speaks the protocol of ``gateway.HmacGateway`` from the gateway's side: it checks the
signed order, shows it, and when the payer pays or cancels it signs the result, POSTs it to the
order's ``ipn_url`` (server to server, in a background thread so a one-process server does not
wait on itself) and sends the browser to ``return_url``. No money moves; nothing is stored.
"""

from __future__ import annotations

import datetime as dt
import logging
import secrets
import threading
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.core.errors import InvalidInput
from motcua.payments.gateway import sign, signature_valid

log = logging.getLogger(__name__)
ORDER_FIELDS = ("merchant", "order_id", "amount", "description", "return_url", "ipn_url",
                "expires")  # fmt: skip


@dataclass(frozen=True)
class SimOrder:
    merchant: str
    order_id: str
    amount: int
    description: str
    return_url: str
    ipn_url: str
    expires_at: dt.datetime


def _secret() -> str:
    return settings.MOTCUA_PAYMENT_SECRET


def order_parse(params: Mapping[str, str], *, now: dt.datetime | None = None) -> SimOrder:
    """The order in a pay-page request; InvalidInput if unsigned, forged or expired."""
    if set(params) != {*ORDER_FIELDS, "signature"}:
        raise InvalidInput(_("Yêu cầu thanh toán thiếu tham số."))
    if not signature_valid(params, _secret()):
        raise InvalidInput(_("Chữ ký của yêu cầu thanh toán không hợp lệ."))
    try:
        amount = int(params["amount"])
        expires_at = dt.datetime.fromtimestamp(int(params["expires"]), tz=dt.UTC)
    except (ValueError, OverflowError, OSError) as exc:
        raise InvalidInput(_("Yêu cầu thanh toán sai định dạng.")) from exc
    if expires_at < (now or timezone.now()):
        raise InvalidInput(_("Yêu cầu thanh toán đã hết hạn."))
    return SimOrder(
        params["merchant"], params["order_id"], amount, params["description"],
        params["return_url"], params["ipn_url"], expires_at,
    )  # fmt: skip


def callback_params(
    order: SimOrder, status: str, *, now: dt.datetime | None = None, transaction_id: str = ""
) -> dict[str, str]:
    """The signed result the gateway sends back for ``order``."""
    params = {
        "merchant": order.merchant,
        "order_id": order.order_id,
        "amount": str(order.amount),
        "status": status,
        "transaction_id": transaction_id or "SIM" + secrets.token_hex(8).upper(),
        "timestamp": str(int((now or timezone.now()).timestamp())),
    }
    params["signature"] = sign(params, _secret())
    return params


def _post(url: str, params: Mapping[str, str]) -> None:
    request = urllib.request.Request(url, data=urlencode(params).encode(), method="POST")
    request.add_header("Content-Type", "application/x-www-form-urlencoded")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            log.info("payment simulator IPN %s answered %s", params["order_id"], response.status)
    except OSError as exc:  # the return redirect still carries the result
        log.warning("payment simulator IPN %s failed: %s", params["order_id"], exc)


def deliver_ipn(url: str, params: Mapping[str, str]) -> None:
    """POST the IPN in the background (tests replace this function)."""
    if url.startswith(("http://", "https://")):
        threading.Thread(target=_post, args=(url, dict(params)), daemon=True).start()


def return_url_with(order: SimOrder, params: Mapping[str, str]) -> str:
    glue = "&" if "?" in order.return_url else "?"
    return f"{order.return_url}{glue}{urlencode(params)}"
