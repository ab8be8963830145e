from __future__ import annotations

import io
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pyhanko.pdf_utils.reader import PdfFileReader

from motcua.core.errors import InvalidInput
from motcua.signing import services
from motcua.signing.constants import Verdict
from motcua.signing.models import Certificate

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed(pki, pdf) -> bytes:
    return services.sign_pdf(pdf, certificate=pki["agency"], reason="x", location="VN")


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_any_damage_to_signed_bytes_is_never_valid(signed, data):
    """A byte changed anywhere the signature covers (its /ByteRange): a verdict, never an
    exception, never ``valid``. (The B-LT validation data appended afterwards is not signed,
    by design of PAdES.)"""
    a, b, c, d = map(int, re.findall(rb"/ByteRange \[(\d+) (\d+) (\d+) (\d+)\]", signed)[-1])
    at = data.draw(st.one_of(st.integers(a, a + b - 1), st.integers(c, c + d - 1)))
    value = data.draw(st.integers(0, 255).filter(lambda v: v != signed[at]))
    report = services.verify_pdf(signed[:at] + bytes([value]) + signed[at + 1 :])
    assert report.verdict in Verdict.values
    assert report.verdict != Verdict.VALID, (at, value)


def test_signatures_are_b_lt(signed):
    """The chain and the CA's CRL are in the document's DSS (long-term validation)."""
    dss = PdfFileReader(io.BytesIO(signed)).root["/DSS"]
    assert len(dss["/Certs"]) >= 3 and len(dss["/CRLs"]) == 1


@settings(max_examples=50, deadline=None)
@given(st.binary(max_size=2000))
def test_arbitrary_bytes_are_refused_with_a_reason(blob):
    report = services.verify_pdf(b"%PDF-1.7\n" + blob)
    assert report.verdict in {Verdict.NOT_PDF, Verdict.NO_SIGNATURE}
    assert report.message


@settings(max_examples=50)
@given(st.ip_addresses())
def test_masked_ip_hides_the_host(ip):
    masked = services.mask_ip(str(ip))
    assert masked.endswith("x") and masked != str(ip)


def test_missing_key_file_is_a_clear_error(pki, pdf):
    Certificate.objects.filter(pk=pki["agency"].pk).update(file_path="/khong/co.p12")
    with pytest.raises(InvalidInput, match="Không tìm thấy tệp khóa"):
        services.sign_pdf(pdf, certificate=Certificate.objects.get(pk=pki["agency"].pk),
                          reason="x", location="VN")  # fmt: skip
