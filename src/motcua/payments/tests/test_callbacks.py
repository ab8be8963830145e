"""The signed callback protocol: every refusal is recorded and changes nothing."""

import datetime as dt
from urllib.parse import parse_qs, urlsplit

import pytest
from django.utils import timezone

from motcua.core.errors import InvalidInput, NotFound
from motcua.payments import simulator
from motcua.payments.constants import CallbackKind, Outcome, Status
from motcua.payments.gateway import HmacGateway, sign
from motcua.payments.models import Payment, PaymentCallback
from motcua.payments.services import callback_process, payment_start_online
from motcua.payments.tests.factories import citizen_dossier

pytestmark = pytest.mark.django_db
RETURN, IPN = "http://testserver/payments/return/", "http://testserver/payments/ipn/"


def _start(amount=50_000, at=None):
    dossier, users = citizen_dossier(amount)
    payment, url = payment_start_online(
        dossier_id=dossier.pk, user=users["citizen"], return_url=RETURN, ipn_url=IPN, at=at
    )
    return payment, url, users


def _order(url):
    return {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}


def _callback(payment, status="paid", txn="T1", now=None, **override):
    order = simulator.order_parse(_order(payment._url), now=now and now - dt.timedelta(minutes=1))
    params = simulator.callback_params(order, status, now=now, transaction_id=txn)
    if override:
        params.update(override)
        params["signature"] = sign(params, "simulated-payment-secret")
    return params


@pytest.fixture
def started():
    payment, url, _users = _start()
    payment._url = url
    return payment


def test_order_is_signed_and_the_simulator_checks_it(started):
    order = _order(started._url)
    assert started._url.startswith("/sim/payments/pay?")
    assert order["amount"] == "50000" and order["order_id"] == started.order_id
    assert simulator.order_parse(order).amount == 50_000
    with pytest.raises(InvalidInput):
        simulator.order_parse({**order, "amount": "1"})


def test_happy_path_marks_paid_with_receipt(started):
    result = callback_process(_callback(started), kind=CallbackKind.IPN)
    assert result.outcome == Outcome.ACCEPTED and result.ack["code"] == "00"
    started.refresh_from_db()
    assert started.status == Status.PAID and started.gateway_reference == "T1"
    assert started.receipt_number.startswith("BL-") and started.raw_callback["amount"] == 50_000


def test_forged_signature_refused_and_recorded(started):
    params = _callback(started)
    params["signature"] = "0" * 64
    result = callback_process(params, kind=CallbackKind.IPN, remote_addr="203.0.113.9")
    assert result.outcome == Outcome.BAD_SIGNATURE and result.ack["code"] == "97"
    started.refresh_from_db()
    assert started.status == Status.PENDING
    recorded = PaymentCallback.objects.get()
    assert recorded.outcome == Outcome.BAD_SIGNATURE and recorded.reason
    assert recorded.remote_addr == "203.0.113.9" and recorded.params["signature"] == "0" * 64


def test_tampered_amount_breaks_the_signature(started):
    params = _callback(started)
    params["amount"] = "1"
    assert callback_process(params, kind=CallbackKind.IPN).outcome == Outcome.BAD_SIGNATURE


def test_amount_mismatch_refused(started):
    params = _callback(started, amount="40000")  # re-signed: a gateway-side mismatch
    result = callback_process(params, kind=CallbackKind.IPN)
    assert result.outcome == Outcome.AMOUNT_MISMATCH and "40000" in result.reason
    started.refresh_from_db()
    assert started.status == Status.PENDING


def test_replay_answers_the_same_and_changes_nothing(started):
    params = _callback(started)
    first = callback_process(params, kind=CallbackKind.IPN)
    started.refresh_from_db()
    receipt, updated = started.receipt_number, started.updated_at
    again = callback_process(params, kind=CallbackKind.IPN)
    assert again.outcome == Outcome.REPLAY and again.ack == first.ack
    started.refresh_from_db()
    assert (started.receipt_number, started.updated_at) == (receipt, updated)
    assert list(PaymentCallback.objects.order_by("id").values_list("outcome", flat=True)) == [
        Outcome.ACCEPTED, Outcome.REPLAY,
    ]  # fmt: skip
    # A cancellation with another transaction id does not undo the payment either.
    late = callback_process(_callback(started, status="cancelled", txn="T2"), kind="ipn")
    assert late.outcome == Outcome.NOT_PENDING
    started.refresh_from_db()
    assert started.status == Status.PAID


def test_expired_order_refused():
    at = timezone.now() - dt.timedelta(hours=1)
    payment, url, _users = _start(at=at)
    payment._url = url
    order = simulator.order_parse(_order(url), now=at)
    params = simulator.callback_params(order, "paid", transaction_id="T9")  # paid now: too late
    result = callback_process(params, kind=CallbackKind.IPN)
    assert result.outcome == Outcome.EXPIRED
    payment.refresh_from_db()
    assert payment.status == Status.PENDING
    with pytest.raises(InvalidInput):  # the simulator refuses to show it too
        simulator.order_parse(_order(url))


def test_stale_timestamp_and_unknown_order_refused(started):
    old = timezone.now() - dt.timedelta(hours=2)
    assert callback_process(_callback(started, now=old), kind="ipn").outcome == Outcome.STALE
    unknown = _callback(started, order_id="MCNOPE")
    assert callback_process(unknown, kind="ipn").outcome == Outcome.UNKNOWN_ORDER
    assert callback_process({"order_id": "x"}, kind="ipn").outcome == Outcome.MALFORMED
    assert PaymentCallback.objects.count() == 3
    assert not PaymentCallback.objects.filter(outcome=Outcome.ACCEPTED).exists()


def test_cancelled_payment(started):
    callback_process(_callback(started, status="cancelled"), kind=CallbackKind.RETURN)
    started.refresh_from_db()
    assert started.status == Status.CANCELLED and started.receipt_number is None


def test_only_the_applicant_pays_online():
    dossier, users = citizen_dossier(50_000)
    with pytest.raises(NotFound):
        payment_start_online(dossier_id=dossier.pk, user=users["clerk"], return_url=RETURN,
                             ipn_url=IPN)  # fmt: skip
    assert not Payment.objects.exists()


def test_gateway_verify_rejects_another_merchant():
    gateway = HmacGateway(base_url="http://gw", secret="s", merchant="A")
    params = {"merchant": "B", "order_id": "1", "amount": "1", "status": "paid",
              "transaction_id": "t", "timestamp": "1"}  # fmt: skip
    params["signature"] = sign(params, "s")
    with pytest.raises(Exception, match="đơn vị"):
        gateway.verify_callback(params)
