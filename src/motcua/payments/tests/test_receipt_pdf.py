"""The receipt PDF (biên lai thu phí, lệ phí): Vietnamese fields, who may download it, unpaid
is a 404, sealed with the receiving unit's agency certificate when it holds one."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from motcua.core.models import User
from motcua.dossiers.constants import Channel
from motcua.dossiers.tests.factories import act
from motcua.org.models import Agency
from motcua.payments import receipt
from motcua.payments.constants import Method, Status
from motcua.payments.models import Payment
from motcua.payments.services import payment_record_counter
from motcua.payments.tests.factories import citizen_dossier

pytestmark = pytest.mark.django_db

PAID_AT = dt.datetime(2026, 2, 3, 2, 5, tzinfo=dt.UTC)  # 09:05 in Hà Nội


@pytest.fixture(autouse=True)
def pki_dir(settings, tmp_path):
    from motcua.signing import keystore

    settings.MOTCUA_PKI_DIR = tmp_path / "pki"
    settings.MOTCUA_TSA_URL = ""
    settings.MOTCUA_TRUST_ROOTS = []
    keystore._load.cache_clear()


def text_of(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def paid_at_counter(amount: int = 1_250_000):
    dossier, users = citizen_dossier(amount, channel=Channel.COUNTER)
    dossier = act(dossier, "receive", users["clerk"])  # gives the dossier its code
    payment = payment_record_counter(
        dossier_id=dossier.pk, actor=users["clerk"], method=Method.COUNTER_CASH, at=PAID_AT
    )
    return payment, dossier, users


def test_receipt_shows_the_vietnamese_fields_and_the_amount(client):
    payment, dossier, users = paid_at_counter(1_250_000)
    client.force_login(users["clerk"])
    response = client.get(reverse("payments:receipt_pdf", args=[payment.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    text = text_of(response.content)
    for expected in (
        "BIÊN LAI THU PHÍ, LỆ PHÍ", payment.receipt_number, "Nguyễn Văn An", dossier.code,
        dossier.procedure.name[:30], "1.250.000 đồng", "Tiền mặt tại quầy", "03/02/2026 09:05",
        "ỦY BAN NHÂN DÂN PHƯỜNG BA", "Tổng cộng",
    ):  # fmt: skip
        assert expected in " ".join(text.split()), expected


def test_online_receipt_names_the_gateway_reference(client):
    payment, _dossier, users = paid_at_counter(50_000)
    Payment.objects.filter(pk=payment.pk).update(
        method=Method.ONLINE_GATEWAY, gateway="sim", gateway_reference="TXN123456"
    )
    client.force_login(users["citizen"])  # the applicant may download it too
    response = client.get(reverse("payments:receipt_pdf", args=[payment.pk]))
    assert response.status_code == 200
    text = " ".join(text_of(response.content).split())
    assert "50.000 đồng" in text and "Thanh toán trực tuyến" in text and "TXN123456" in text


def test_receipt_is_refused_to_a_stranger(client):
    payment, _dossier, _users = paid_at_counter()
    client.force_login(User.objects.create_user("stranger", password="pw"))
    assert client.get(reverse("payments:receipt_pdf", args=[payment.pk])).status_code == 404
    client.logout()
    anonymous = client.get(reverse("payments:receipt_pdf", args=[payment.pk]))
    assert anonymous.status_code == 302 and "login" in anonymous.url


def test_unpaid_payment_has_no_receipt(client):
    payment, _dossier, users = paid_at_counter()
    Payment.objects.filter(pk=payment.pk).update(
        status=Status.PENDING, receipt_number=None, paid_at=None
    )
    client.force_login(users["clerk"])
    response = client.get(reverse("payments:receipt_pdf", args=[payment.pk]))
    assert response.status_code == 404
    assert "chưa có biên lai" in response.content.decode()


def test_receipt_is_unsigned_without_a_certificate(client):
    payment, _dossier, _users = paid_at_counter()
    data, signed = receipt.receipt_pdf(Payment.objects.get(pk=payment.pk))
    assert not signed and b"/ByteRange" not in data


def test_receipt_is_sealed_when_the_agency_holds_a_certificate(client):
    from motcua.signing import services as signing
    from motcua.signing.constants import HolderKind, Verdict

    payment, dossier, users = paid_at_counter()
    committee = Agency.objects.get(unit_id=dossier.receiving_unit_id, kind="commune_committee")
    signing.demo_pki_ensure(agencies=[committee])
    client.force_login(users["clerk"])
    response = client.get(reverse("payments:receipt_pdf", args=[payment.pk]))
    assert response.status_code == 200
    report = signing.verify_pdf(response.content)
    assert report.verdict == Verdict.VALID, report
    [sig] = report.signatures
    assert sig.holder_kind == HolderKind.AGENCY and sig.organisation == committee.name
    assert "1.250.000 đồng" in " ".join(text_of(response.content).split())


def test_dossier_page_links_the_receipt_pdf(client):
    payment, dossier, users = paid_at_counter()
    client.force_login(users["clerk"])
    page = client.get(reverse("dossiers:detail", args=[dossier.pk])).content.decode()
    assert reverse("payments:receipt_pdf", args=[payment.pk]) in page


def test_vnd_groups_thousands_with_dots():
    assert receipt.vnd(50_000) == "50.000 đồng"
    assert receipt.vnd(1_250_000) == "1.250.000 đồng"
    assert receipt.vnd(500) == "500 đồng"
