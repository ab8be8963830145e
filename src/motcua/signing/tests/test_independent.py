"""Done-when checks with tools other than our verifier: poppler's pdfsig, and signing through
a real PKCS#11 token (softhsm2)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess

import pytest
from cryptography.hazmat.primitives import serialization

from motcua.signing import keystore, services
from motcua.signing.constants import HolderKind, TokenKind, Verdict
from motcua.signing.models import Certificate
from motcua.signing.tests.test_sign_verify import flip_byte

pytestmark = pytest.mark.django_db

PDFSIG = shutil.which("pdfsig")
SOFTHSM = shutil.which("softhsm2-util")
PKCS11_TOOL = shutil.which("pkcs11-tool")
SOFTHSM_LIB = "/usr/lib/softhsm/libsofthsm2.so"


def pdfsig(tmp_path, data: bytes, name: str) -> list[dict[str, str]]:
    """pdfsig's report, one dict per signature ("Signature Validation", "Signer …")."""
    path = tmp_path / name
    path.write_bytes(data)
    done = subprocess.run([PDFSIG, "-nocert", str(path)], capture_output=True, text=True,
                          timeout=60, env={**os.environ, "HOME": str(tmp_path)})  # fmt: skip
    signatures: list[dict[str, str]] = []
    for line in done.stdout.splitlines():
        if re.match(r"^Signature #\d+:", line):
            signatures.append({})
        elif (match := re.match(r"^\s+- ([^:]+): (.*)$", line)) and signatures:
            signatures[-1][match[1]] = match[2]
    return signatures


@pytest.mark.skipif(PDFSIG is None, reason="pdfsig (poppler-utils) is not installed")
def test_pdfsig_agrees_valid_then_modified(pki, pdf, tmp_path):
    first = services.sign_pdf(pdf, certificate=pki["person"], reason="Thẩm định", location="VN")
    both = services.sign_pdf(first, certificate=pki["agency"], reason="Phê duyệt", location="VN")
    ours = services.verify_pdf(both)
    theirs = pdfsig(tmp_path, both, "ky.pdf")
    assert ours.verdict == Verdict.VALID
    assert [s["Signature Validation"] for s in theirs] == ["Signature is Valid."] * 2
    assert theirs[1]["Signer Certificate Common Name"] == "Ủy ban nhân dân xã Minh Họa"

    tampered = flip_byte(both)
    assert services.verify_pdf(tampered).verdict == Verdict.MODIFIED
    theirs = pdfsig(tmp_path, tampered, "sua.pdf")
    assert len(theirs) == 2
    assert all(s["Signature Validation"] == "Digest Mismatch." for s in theirs), theirs


@pytest.mark.skipif(SOFTHSM is None or PKCS11_TOOL is None or not os.path.exists(SOFTHSM_LIB),
                    reason="softhsm2-util / pkcs11-tool (softhsm2, opensc) are not installed")  # fmt: skip
def test_sign_through_pkcs11_softhsm(pki, pdf, tmp_path, settings, monkeypatch):
    conf = tmp_path / "softhsm2.conf"
    (tmp_path / "tokens").mkdir()
    conf.write_text(f"directories.tokendir = {tmp_path / 'tokens'}\nobjectstore.backend = file\n")
    monkeypatch.setenv("SOFTHSM2_CONF", str(conf))
    pin = "246810"

    def run(*cmd: str) -> None:
        subprocess.run(cmd, check=True, capture_output=True, timeout=60)

    run(SOFTHSM, "--init-token", "--free", "--label", "motcua-token", "--pin", pin,
        "--so-pin", "13579111")  # fmt: skip
    # the agency's key moves onto the token; the register row points at the token
    key, cert = keystore.load_pkcs12(pki["agency"])
    key_pem = tmp_path / "key.pem"
    key_pem.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                        serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))  # fmt: skip
    run(SOFTHSM, "--import", str(key_pem), "--token", "motcua-token", "--label", "ubnd",
        "--id", "01", "--pin", pin)  # fmt: skip
    key_pem.unlink()
    cert_der = tmp_path / "cert.der"
    cert_der.write_bytes(cert.public_bytes(serialization.Encoding.DER))
    run(PKCS11_TOOL, "--module", SOFTHSM_LIB, "--token-label", "motcua-token", "--login",
        "--pin", pin, "--write-object", str(cert_der), "--type", "cert", "--label", "ubnd",
        "--id", "01")  # fmt: skip
    settings.MOTCUA_PKCS11_LIB, settings.MOTCUA_PKCS11_PIN = SOFTHSM_LIB, pin
    Certificate.objects.filter(pk=pki["agency"].pk).update(
        token_kind=TokenKind.PKCS11, token_label="motcua-token", key_label="ubnd", file_path=""
    )
    on_token = Certificate.objects.get(pk=pki["agency"].pk)

    first = services.sign_pdf(pdf, certificate=pki["person"], reason="Thẩm định", location="VN")
    signed = services.sign_pdf(first, certificate=on_token, reason="Phê duyệt", location="VN")
    report = services.verify_pdf(signed)
    assert [s.verdict for s in report.signatures] == [Verdict.VALID, Verdict.VALID], report
    assert report.signatures[1].holder_kind == HolderKind.AGENCY
    assert report.signatures[1].timestamped
    assert services.verify_pdf(flip_byte(signed)).verdict == Verdict.MODIFIED
