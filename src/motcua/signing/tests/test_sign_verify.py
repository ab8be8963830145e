from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from motcua.core.errors import InvalidInput
from motcua.signing import services
from motcua.signing.constants import HolderKind, Verdict
from motcua.signing.samples import sample_pdf
from motcua.signing.tsa import LocalTimeStamper

pytestmark = pytest.mark.django_db


def flip_byte(data: bytes, marker: bytes = b"noi dung ket qua") -> bytes:
    """Change one letter of the page's visible text (inside the signed byte range)."""
    at = data.index(marker)
    return data[:at] + b"N" + data[at + 1 :]


def test_signed_result_is_valid_with_agency_and_timestamp(pki, pdf):
    signed = services.sign_pdf(pdf, certificate=pki["agency"], reason="Phê duyệt", location="VN")
    report = services.verify_pdf(signed)
    assert report.verdict == Verdict.VALID, report
    [sig] = report.signatures
    assert sig.organisation == "Ủy ban nhân dân xã Minh Họa"
    assert sig.holder_kind == HolderKind.AGENCY
    assert sig.timestamped and abs(sig.signing_time - timezone.now()) < dt.timedelta(minutes=1)


def test_flipped_byte_is_modified(pki, pdf):
    signed = services.sign_pdf(pdf, certificate=pki["agency"], reason="Phê duyệt", location="VN")
    report = services.verify_pdf(flip_byte(signed))
    assert report.verdict == Verdict.MODIFIED
    assert report.signatures[0].verdict == Verdict.MODIFIED


def test_specialist_then_leader_both_valid(pki, pdf):
    first = services.sign_pdf(pdf, certificate=pki["person"], reason="Thẩm định", location="VN")
    both = services.sign_pdf(first, certificate=pki["agency"], reason="Phê duyệt", location="VN")
    report = services.verify_pdf(both)
    assert [s.verdict for s in report.signatures] == [Verdict.VALID, Verdict.VALID]
    assert [s.holder_kind for s in report.signatures] == [HolderKind.PERSON, HolderKind.AGENCY]
    assert report.signatures[0].signer == "Trần Thị Lãnh Đạo"
    assert report.verdict == Verdict.VALID
    # appending anything after the second signature breaks coverage of both
    assert services.verify_pdf(flip_byte(both)).verdict == Verdict.MODIFIED


def test_not_pdf_and_no_signature(pki, pdf):
    assert services.verify_pdf(b"hello, not a pdf").verdict == Verdict.NOT_PDF
    assert services.verify_pdf(b"%PDF-1.7\n garbage").verdict == Verdict.NOT_PDF
    assert services.verify_pdf(pdf).verdict == Verdict.NO_SIGNATURE


def test_untrusted_certificate(pki, pdf, settings, tmp_path):
    signed = services.sign_pdf(pdf, certificate=pki["agency"], reason="x", location="VN")
    # another installation's root: ours is no longer known
    from motcua.signing.models import Certificate

    Certificate.objects.filter(pk=pki["root"].pk).update(holder_kind=HolderKind.PERSON)
    assert services.verify_pdf(signed).verdict == Verdict.UNTRUSTED


def test_revoked_at_signing_time_vs_revoked_later(pki, pdf):
    now = timezone.now()
    signer, _ = services._signer(pki["person"])
    before = services.sign_bytes(
        pdf, signer=signer, reason="x", location="VN", field_name=None,
        timestamper=LocalTimeStamper(fixed_time=now - dt.timedelta(minutes=2)),
    )  # fmt: skip
    services.certificate_revoke(pki["person"], when=now - dt.timedelta(minutes=1))
    # signed before the revocation: still valid (the timestamp proves when)
    assert services.verify_pdf(before).verdict == Verdict.VALID
    with pytest.raises(InvalidInput):
        services.sign_pdf(pdf, certificate=pki["person"], reason="x", location="VN")
    # a signature made after the revocation (bypassing the register's guard)
    after = services.sign_bytes(pdf, signer=signer, reason="x", location="VN", field_name=None,
                                timestamper=LocalTimeStamper())  # fmt: skip
    report = services.verify_pdf(after)
    assert report.verdict == Verdict.REVOKED, report
    assert report.message == "Chứng thư số đã bị thu hồi tại thời điểm ký"


def test_expired_at_signing_time(pki, pdf):
    now = timezone.now()
    old = services.certificate_issue(
        ca=pki["root"], label="het-han", holder_kind=HolderKind.PERSON, common_name="Cũ",
        not_before=now - dt.timedelta(days=800), not_after=now - dt.timedelta(days=70),
    )  # fmt: skip
    with pytest.raises(InvalidInput):
        services.sign_pdf(pdf, certificate=old, reason="x", location="VN")
    signer, _ = services._signer(old)
    signed = services.sign_bytes(pdf, signer=signer, reason="x", location="VN", field_name=None,
                                 timestamper=LocalTimeStamper())  # fmt: skip
    assert services.verify_pdf(signed).verdict == Verdict.EXPIRED


def test_expired_since_but_valid_when_signed(pki, pdf):
    """Signed (timestamp) inside the validity; verified after it ended: still valid."""
    now = timezone.now()
    short = services.certificate_issue(
        ca=pki["root"], label="ngan-han", holder_kind=HolderKind.PERSON, common_name="Ngắn",
        not_before=now - dt.timedelta(days=10), not_after=now - dt.timedelta(days=5),
    )  # fmt: skip
    signer, _ = services._signer(short)
    signed = services.sign_bytes(
        pdf, signer=signer, reason="x", location="VN", field_name=None,
        timestamper=LocalTimeStamper(fixed_time=now - dt.timedelta(days=7)),
    )  # fmt: skip
    report = services.verify_pdf(signed)
    assert report.verdict == Verdict.VALID, report
    assert report.signatures[0].signing_time.date() == (now - dt.timedelta(days=7)).date()


def test_twenty_pages(pki):
    signed = services.sign_pdf(sample_pdf(20), certificate=pki["agency"], reason="x", location="VN")
    assert services.verify_pdf(signed).valid


def test_bad_input_to_sign_changes_nothing(pki):
    with pytest.raises(InvalidInput):
        services.sign_pdf(b"not a pdf", certificate=pki["agency"], reason="x", location="VN")
