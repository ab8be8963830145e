"""Pure X.509 helpers (keys, certificates, CRLs, PKCS#12) built with `cryptography`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID


def new_key() -> rsa.RSAPrivateKey:
    # RSA: pyHanko's RFC 3161 responder signs with RSA only, and pdfsig/NSS handle it everywhere.
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def name(common_name: str, organisation: str = "", unit: str = "") -> x509.Name:
    parts = [x509.NameAttribute(NameOID.COUNTRY_NAME, "VN")]
    if organisation:
        parts.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation[:64]))
    if unit:
        parts.append(x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, unit[:64]))
    parts.append(x509.NameAttribute(NameOID.COMMON_NAME, common_name[:64]))
    return x509.Name(parts)


def issue(
    *,
    subject: x509.Name,
    key: rsa.RSAPrivateKey,
    issuer_cert: x509.Certificate | None,
    issuer_key: rsa.RSAPrivateKey,
    not_before: dt.datetime,
    not_after: dt.datetime,
    kind: str,
    crl_url: str = "",
) -> x509.Certificate:
    """A certificate of ``kind`` ``ca``, ``tsa`` or ``signer`` (self-signed when no issuer)."""
    public = key.public_key()
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer_cert.subject if issuer_cert else subject)
        .public_key(public)
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before)
        .not_valid_after(not_after)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public), critical=False)
    )
    authority = issuer_cert.public_key() if issuer_cert else public
    builder = builder.add_extension(
        x509.AuthorityKeyIdentifier.from_issuer_public_key(authority), critical=False
    )
    is_ca = kind == "ca"
    builder = builder.add_extension(
        x509.BasicConstraints(ca=is_ca, path_length=None), critical=True
    )
    builder = builder.add_extension(
        x509.KeyUsage(
            digital_signature=not is_ca, content_commitment=kind == "signer",
            key_encipherment=False, data_encipherment=False, key_agreement=False,
            key_cert_sign=is_ca, crl_sign=is_ca, encipher_only=False, decipher_only=False,
        ),
        critical=True,
    )  # fmt: skip
    if kind == "tsa":
        builder = builder.add_extension(
            x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True
        )
    if crl_url and issuer_cert is not None:
        builder = builder.add_extension(
            x509.CRLDistributionPoints(
                [
                    x509.DistributionPoint(
                        [x509.UniformResourceIdentifier(crl_url)], None, None, None
                    )
                ]
            ),
            critical=False,
        )
    return builder.sign(issuer_key, hashes.SHA256())


def crl(
    *,
    issuer_cert: x509.Certificate,
    issuer_key: rsa.RSAPrivateKey,
    revoked: Iterable[tuple[int, dt.datetime]],
    now: dt.datetime,
    next_update: dt.timedelta = dt.timedelta(days=1),
) -> x509.CertificateRevocationList:
    builder = (
        x509.CertificateRevocationListBuilder()
        .issuer_name(issuer_cert.subject)
        .last_update(now)
        .next_update(now + next_update)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_cert.public_key()),
            critical=False,
        )
        .add_extension(x509.CRLNumber(int(now.timestamp())), critical=False)
    )
    for serial, when in revoked:
        builder = builder.add_revoked_certificate(
            x509.RevokedCertificateBuilder().serial_number(serial).revocation_date(when).build()
        )
    return builder.sign(issuer_key, hashes.SHA256())


def to_pkcs12(
    label: str, key: rsa.RSAPrivateKey, cert: x509.Certificate, chain: list[x509.Certificate],
    password: bytes,
) -> bytes:  # fmt: skip
    return pkcs12.serialize_key_and_certificates(
        label.encode(), key, cert, chain or None,
        serialization.BestAvailableEncryption(password),
    )  # fmt: skip


def from_pkcs12(data: bytes, password: bytes) -> tuple[rsa.RSAPrivateKey, x509.Certificate]:
    key, cert, _chain = pkcs12.load_key_and_certificates(data, password)
    return key, cert  # type: ignore[return-value]


def pem(cert: x509.Certificate) -> str:
    return cert.public_bytes(serialization.Encoding.PEM).decode()


def load_pem(text: str | bytes) -> x509.Certificate:
    return x509.load_pem_x509_certificate(text.encode() if isinstance(text, str) else text)
