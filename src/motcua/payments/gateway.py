"""The payment gateway interface and the signed redirect-and-callback protocol.

Protocol spoken by ``HmacGateway`` (and served by the simulator, ``simulator.py``):

1. motcua sends the browser to ``{MOTCUA_PAYMENT_GATEWAY_URL}/pay?<order>`` where the order is
   ``merchant, order_id, amount (VND), description, return_url, ipn_url, expires (Unix time)``
   plus ``signature``.
2. When the payer pays or cancels, the gateway (a) POSTs the result to ``ipn_url``, server to
   server, and (b) sends the browser to ``return_url`` with the same parameters:
   ``merchant, order_id, amount, status (paid|cancelled|failed), transaction_id, timestamp``
   plus ``signature``. The IPN is answered with JSON ``{"code": "00"|..., "message"}``.

``signature`` is the hex HMAC-SHA256, keyed by the shared secret, of the canonical string: the
other parameters sorted by name, ``name=value`` joined by ``&``, values unescaped UTF-8.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import hmac
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable
from urllib.parse import urlencode

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from motcua.payments.constants import Outcome

DEFAULT_GATEWAY = "motcua.payments.gateway.HmacGateway"
CALLBACK_FIELDS = ("merchant", "order_id", "amount", "status", "transaction_id", "timestamp")


@dataclass(frozen=True)
class Order:
    order_id: str
    amount: int
    description: str
    return_url: str
    ipn_url: str
    expires_at: dt.datetime


@dataclass(frozen=True)
class CallbackData:
    """A callback whose signature checked out; the business checks come after."""

    order_id: str
    amount: int
    status: str  # paid | cancelled | failed
    transaction_id: str
    timestamp: dt.datetime


class CallbackRefused(Exception):
    def __init__(self, outcome: str, reason: str) -> None:
        super().__init__(reason)
        self.outcome = outcome
        self.reason = reason


@runtime_checkable
class PaymentGateway(Protocol):
    name: str

    def create_order(self, order: Order) -> str:
        """The address to send the payer's browser to."""

    def verify_callback(self, params: Mapping[str, str]) -> CallbackData:
        """The callback's content if its signature is valid; CallbackRefused otherwise."""


def canonical(params: Mapping[str, Any]) -> str:
    return "&".join(f"{k}={params[k]}" for k in sorted(params) if k != "signature")


def sign(params: Mapping[str, Any], secret: str) -> str:
    return hmac.new(secret.encode(), canonical(params).encode(), hashlib.sha256).hexdigest()


def signature_valid(params: Mapping[str, Any], secret: str) -> bool:
    given = str(params.get("signature", ""))
    return hmac.compare_digest(given.encode(), sign(params, secret).encode())


class HmacGateway:
    """The HMAC protocol above, against ``MOTCUA_PAYMENT_GATEWAY_URL`` (the local simulator by
    default). A provider with another protocol is a class with the same two methods, named by
    ``MOTCUA_PAYMENT_GATEWAY``."""

    name = "hmac"

    def __init__(
        self, base_url: str | None = None, secret: str | None = None, merchant: str | None = None
    ) -> None:
        self.base_url = (base_url or settings.MOTCUA_PAYMENT_GATEWAY_URL).rstrip("/")
        self.secret = secret if secret is not None else settings.MOTCUA_PAYMENT_SECRET
        self.merchant = merchant or settings.MOTCUA_PAYMENT_MERCHANT
        if not self.secret:
            raise ImproperlyConfigured("MOTCUA_PAYMENT_SECRET is empty")

    def create_order(self, order: Order) -> str:
        params = {
            "merchant": self.merchant,
            "order_id": order.order_id,
            "amount": str(order.amount),
            "description": order.description,
            "return_url": order.return_url,
            "ipn_url": order.ipn_url,
            "expires": str(int(order.expires_at.timestamp())),
        }
        params["signature"] = sign(params, self.secret)
        return f"{self.base_url}/pay?{urlencode(params)}"

    def verify_callback(self, params: Mapping[str, str]) -> CallbackData:
        expected = set(CALLBACK_FIELDS) | {"signature"}
        if set(params) != expected or not all(params[k] for k in expected):
            raise CallbackRefused(Outcome.MALFORMED, _("Thiếu tham số hoặc có tham số lạ."))
        if not signature_valid(params, self.secret):
            raise CallbackRefused(Outcome.BAD_SIGNATURE, _("Chữ ký không khớp."))
        if params["merchant"] != self.merchant:
            raise CallbackRefused(Outcome.MALFORMED, _("Mã đơn vị bán hàng không đúng."))
        try:
            amount = int(params["amount"])
            at = dt.datetime.fromtimestamp(int(params["timestamp"]), tz=dt.UTC)
        except (ValueError, OverflowError, OSError) as exc:
            raise CallbackRefused(
                Outcome.MALFORMED, _("Số tiền hoặc thời điểm không phải là số.")
            ) from exc
        if params["status"] not in {"paid", "cancelled", "failed"}:
            raise CallbackRefused(Outcome.MALFORMED, _("Trạng thái giao dịch không xác định."))
        return CallbackData(
            params["order_id"], amount, params["status"], params["transaction_id"][:64], at
        )


@functools.cache
def get_gateway() -> PaymentGateway:
    path = settings.MOTCUA_PAYMENT_GATEWAY or DEFAULT_GATEWAY
    try:
        cls = import_string(path)
    except ImportError as exc:
        raise ImproperlyConfigured(f"MOTCUA_PAYMENT_GATEWAY: cannot import {path!r}") from exc
    gateway = cls()
    if not isinstance(gateway, PaymentGateway):
        raise ImproperlyConfigured(f"MOTCUA_PAYMENT_GATEWAY: {path!r} is no PaymentGateway")
    return gateway


@receiver(setting_changed)
def _reset_gateway(*, setting: str, **kwargs: Any) -> None:
    if setting.startswith("MOTCUA_PAYMENT_"):
        get_gateway.cache_clear()
