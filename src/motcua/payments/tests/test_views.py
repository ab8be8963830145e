"""The browser walk: dossier page → simulator (MÔ PHỎNG) → IPN + return → paid on the page;
and the counter: fee collected, receipt numbered and shown."""

from urllib.parse import urlsplit

import pytest
from django.urls import reverse

from motcua.dossiers.constants import Channel
from motcua.payments import simulator
from motcua.payments.constants import Method, Outcome, Status
from motcua.payments.models import Payment, PaymentCallback
from motcua.payments.services import payment_record_counter
from motcua.payments.tests.factories import citizen_dossier

pytestmark = pytest.mark.django_db


def test_online_payment_through_the_simulator(client, monkeypatch):
    dossier, users = citizen_dossier(75_000)
    client.force_login(users["citizen"])
    page = client.get(reverse("portal:my_detail", args=[dossier.pk])).content.decode()
    assert "75.000" in page and reverse("payments:pay_online", args=[dossier.pk]) in page

    start = client.post(reverse("payments:pay_online", args=[dossier.pk]))
    assert start.status_code == 302 and start.url.startswith("/sim/payments/pay?")
    sim = client.get(start.url)
    assert "MÔ PHỎNG" in sim.content.decode() and "75.000" in sim.content.decode()

    ipns = []
    monkeypatch.setattr(simulator, "deliver_ipn", lambda url, params: ipns.append((url, params)))
    order = {k: v for k, v in sim.context["params"].items()}
    paid = client.post("/sim/payments/pay", {**order, "action": "pay"})
    assert paid.status_code == 302
    ((ipn_url, ipn_params),) = ipns
    assert urlsplit(ipn_url).path == reverse("payments:ipn")

    answer = client.post(reverse("payments:ipn"), ipn_params)  # server to server, no CSRF
    assert answer.json() == {"code": "00", "message": "Confirm Success"}
    back = client.get(paid.url)  # the browser returns: the same transaction, a replay
    assert back.status_code == 302 and back.url == reverse("portal:my_detail", args=[dossier.pk])

    payment = Payment.objects.get(dossier=dossier)
    assert payment.status == Status.PAID and payment.method == Method.ONLINE_GATEWAY
    assert list(PaymentCallback.objects.order_by("id").values_list("outcome", flat=True)) == [
        Outcome.ACCEPTED, Outcome.REPLAY,
    ]  # fmt: skip
    body = client.get(back.url).content.decode()
    assert payment.receipt_number in body and "Đã thanh toán" in body
    assert reverse("payments:pay_online", args=[dossier.pk]) not in body  # nothing left to pay
    staff = client.get(reverse("payments:receipt", args=[payment.pk]))
    assert staff.status_code == 200 and payment.receipt_number in staff.content.decode()


def test_forged_ipn_over_http_is_refused(client):
    dossier, users = citizen_dossier(75_000)
    client.force_login(users["citizen"])
    client.post(reverse("payments:pay_online", args=[dossier.pk]))
    payment = Payment.objects.get()
    forged = {"merchant": "MOTCUA", "order_id": payment.order_id, "amount": "75000",
              "status": "paid", "transaction_id": "X", "timestamp": "1", "signature": "ab"}  # fmt: skip
    assert client.post(reverse("payments:ipn"), forged).json()["code"] == "97"
    back = client.get(reverse("payments:return"), forged)
    assert back.url == reverse("portal:my")
    payment.refresh_from_db()
    assert payment.status == Status.PENDING
    assert PaymentCallback.objects.filter(outcome=Outcome.BAD_SIGNATURE).count() == 2


def test_counter_payment_and_receipt(client):
    dossier, users = citizen_dossier(30_000, channel=Channel.COUNTER)
    client.force_login(users["clerk"])
    page = client.get(reverse("dossiers:detail", args=[dossier.pk])).content.decode()
    assert "Thu phí tại quầy" in page
    done = client.post(reverse("payments:counter", args=[dossier.pk]),
                       {"method": Method.COUNTER_CASH})  # fmt: skip
    payment = Payment.objects.get(dossier=dossier)
    assert done.url == reverse("payments:receipt", args=[payment.pk])
    assert payment.amount == 30_000 and payment.status == Status.PAID
    prefix = dossier.receiving_agency.code if dossier.receiving_agency_id else "00004"
    assert payment.receipt_number.startswith(f"BL-{prefix}-")
    assert payment.receipt_number.endswith("-0001")
    assert "30.000" in client.get(done.url).content.decode()
    # Fully paid: a second collection is refused.
    with pytest.raises(Exception, match="đủ"):
        payment_record_counter(dossier_id=dossier.pk, actor=users["clerk"],
                               method=Method.COUNTER_CARD)  # fmt: skip


def test_counter_numbers_follow_each_other_and_unknown_fee_needs_an_amount():
    dossier, users = citizen_dossier(None, channel=Channel.COUNTER)
    with pytest.raises(Exception, match="nhập số tiền"):
        payment_record_counter(dossier_id=dossier.pk, actor=users["clerk"],
                               method=Method.COUNTER_CASH)  # fmt: skip
    a = payment_record_counter(dossier_id=dossier.pk, actor=users["clerk"],
                               method=Method.COUNTER_CASH, amount=10_000)  # fmt: skip
    b = payment_record_counter(dossier_id=dossier.pk, actor=users["clerk"],
                               method=Method.COUNTER_CARD, amount=5_000)  # fmt: skip
    assert int(b.receipt_number.rsplit("-", 1)[1]) == int(a.receipt_number.rsplit("-", 1)[1]) + 1


def test_exempt_and_outsiders(client):
    dossier, users = citizen_dossier(0, channel=Channel.COUNTER)
    with pytest.raises(Exception, match="không thu"):
        payment_record_counter(dossier_id=dossier.pk, actor=users["clerk"],
                               method=Method.COUNTER_CASH)  # fmt: skip
    client.force_login(users["citizen"])
    assert client.post(reverse("payments:counter", args=[dossier.pk]),
                       {"method": "counter_cash", "amount": "1000"}).status_code == 404  # fmt: skip
    assert not Payment.objects.exists()


def test_receipt_hidden_from_others(client):
    from motcua.core.models import User

    dossier, users = citizen_dossier(30_000, channel=Channel.COUNTER)
    payment = payment_record_counter(dossier_id=dossier.pk, actor=users["clerk"],
                                     method=Method.COUNTER_CASH)  # fmt: skip
    client.force_login(User.objects.create_user("stranger"))
    assert client.get(reverse("payments:receipt", args=[payment.pk])).status_code == 404
    client.force_login(users["citizen"])
    assert client.get(reverse("payments:receipt", args=[payment.pk])).status_code == 200


def test_simulator_off(client, settings):
    settings.MOTCUA_PAYMENT_SIMULATOR = False
    assert client.get("/sim/payments/pay").status_code == 404
