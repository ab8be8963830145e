"""Writes of the signing app: the demo PKI, the register, revocation, signing, verification logs."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import logging
import os
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric.padding import PKCS1v15
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import fields, signers
from pyhanko.sign.timestamps.api import TimeStamper
from pyhanko_certvalidator.registry import SimpleCertificateStore
from pyhanko_certvalidator.util import get_pyca_cryptography_hash

from motcua.core.errors import InvalidInput

from . import keystore, pki
from .constants import DEMO_MARK, CertificateStatus, HolderKind, TokenKind, Verdict
from .models import Certificate, VerificationLog
from .verify import Report, verify_pdf

ROOT_LABEL, TSA_LABEL = "demo-root", "demo-tsa"


class _NoOfflineWarning(logging.Filter):
    """B-LT here embeds the register's own CRLs with fetching off on purpose."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "fetching is not allowed" not in record.getMessage()


logging.getLogger("pyhanko.sign.signers.pdf_signer").addFilter(_NoOfflineWarning())
ROOT_NAME = "motcua DEMO Root CA — KHÔNG DÙNG THẬT"


def crl_url(label: str) -> str:
    return f"{settings.MOTCUA_PKI_BASE_URL.rstrip('/')}/pki/crl/{label}.crl"


def _register(
    cert: x509.Certificate, *, label: str, holder_kind: str, path: str, issued_by=None, **extra
) -> Certificate:
    common_name = cert.subject.get_attributes_for_oid(x509.NameOID.COMMON_NAME)[0].value
    return Certificate.objects.create(
        label=label, holder_kind=holder_kind, issued_by=issued_by,
        subject=cert.subject.rfc4514_string(), common_name=common_name,
        serial=format(cert.serial_number, "x"), issuer=cert.issuer.rfc4514_string(),
        not_before=cert.not_valid_before_utc, not_after=cert.not_valid_after_utc,
        token_kind=TokenKind.PKCS12, file_path=path, pem=pki.pem(cert), **extra,
    )  # fmt: skip


@transaction.atomic
def certificate_issue(
    *, ca: Certificate, label: str, holder_kind: str, common_name: str, organisation: str = "",
    agency=None, user=None, unit=None, not_before: dt.datetime | None = None,
    not_after: dt.datetime | None = None, demo: bool = True,
) -> Certificate:  # fmt: skip
    """Issue a key and certificate from ``ca`` (a CA row of the register), store the key as
    PKCS#12 and register it. Validity defaults to 2 years from now."""
    if Certificate.objects.filter(label=label).exists():
        raise InvalidInput(_("Nhãn chứng thư số đã tồn tại."), label=label)
    now = timezone.now()
    not_before = not_before or now - dt.timedelta(minutes=5)
    not_after = not_after or now + dt.timedelta(days=730)
    if not_after <= not_before:
        raise InvalidInput(_("Thời hạn hiệu lực của chứng thư số không hợp lệ."))
    ca_key, ca_cert = keystore.load_pkcs12(ca)
    key = pki.new_key()
    kind = "tsa" if holder_kind == HolderKind.TSA else "signer"
    subject = pki.name(common_name, organisation, DEMO_MARK if demo else "")
    cert = pki.issue(
        subject=subject, key=key, issuer_cert=ca_cert, issuer_key=ca_key,
        not_before=not_before, not_after=not_after, kind=kind, crl_url=crl_url(ca.label),
    )  # fmt: skip
    path = keystore.save(label, key, cert, [ca_cert])
    return _register(
        cert, label=label, holder_kind=holder_kind, path=path, issued_by=ca,
        agency=agency, user=user, unit=unit or getattr(agency, "unit", None), is_demo=demo,
    )  # fmt: skip


@transaction.atomic
def demo_pki_ensure(*, agencies: Iterable = (), users: Iterable = ()) -> dict[str, Certificate]:
    """The demo root CA, the demo TSA certificate, one organisation certificate per agency and
    one personal certificate per user (their first membership's agency as organisation).
    Idempotent: existing rows are kept. Returns the rows by label."""
    out: dict[str, Certificate] = {}
    root = Certificate.objects.filter(label=ROOT_LABEL).first()
    if root is None:
        key = pki.new_key()
        now = timezone.now()
        cert = pki.issue(
            subject=pki.name(ROOT_NAME, "motcua (demo)", DEMO_MARK), key=key, issuer_cert=None,
            issuer_key=key, not_before=now - dt.timedelta(days=3650),
            not_after=now + dt.timedelta(days=3650), kind="ca",
        )  # fmt: skip
        root = _register(
            cert, label=ROOT_LABEL, holder_kind=HolderKind.CA, is_demo=True,
            path=keystore.save(ROOT_LABEL, key, cert, []),
        )  # fmt: skip
    out[ROOT_LABEL] = root
    out[TSA_LABEL] = Certificate.objects.filter(label=TSA_LABEL).first() or certificate_issue(
        ca=root, label=TSA_LABEL, holder_kind=HolderKind.TSA,
        common_name="motcua DEMO TSA", organisation="motcua (demo)",
    )  # fmt: skip
    for agency in agencies:
        label = f"agency-{agency.pk}"
        out[label] = Certificate.objects.filter(label=label).first() or certificate_issue(
            ca=root, label=label, holder_kind=HolderKind.AGENCY, common_name=agency.name,
            organisation=agency.name, agency=agency,
        )  # fmt: skip
    for user in users:
        label = f"user-{user.pk}"
        if (row := Certificate.objects.filter(label=label).first()) is None:
            member = user.memberships.select_related("agency", "unit").first()
            agency = member.agency if member else None
            row = certificate_issue(
                ca=root, label=label, holder_kind=HolderKind.PERSON,
                common_name=user.full_name or user.username,
                organisation=agency.name if agency else "", user=user, agency=agency,
                unit=member.unit if member else None,
            )  # fmt: skip
        out[label] = row
    return out


@transaction.atomic
def certificate_revoke(certificate: Certificate, *, when: dt.datetime | None = None) -> Certificate:
    """Revoke: the next CRL of its CA lists it from ``when`` (default now)."""
    if certificate.holder_kind == HolderKind.CA:
        raise InvalidInput(_("Không thể thu hồi chứng thư của tổ chức chứng thực gốc tại đây."))
    if certificate.status == CertificateStatus.REVOKED:
        raise InvalidInput(_("Chứng thư số đã bị thu hồi trước đó."))
    certificate.status = CertificateStatus.REVOKED
    certificate.revoked_at = when or timezone.now()
    certificate.save(update_fields=["status", "revoked_at"])
    return certificate


def crl_for(ca: Certificate, *, now: dt.datetime | None = None) -> x509.CertificateRevocationList:
    """A fresh CRL of ``ca``: every revoked certificate it issued."""
    key, cert = keystore.load_pkcs12(ca)
    revoked = ca.issued.filter(status=CertificateStatus.REVOKED).values_list("serial", "revoked_at")
    return pki.crl(
        issuer_cert=cert, issuer_key=key, now=now or timezone.now(),
        revoked=[(int(serial, 16), when) for serial, when in revoked.iterator()],
    )  # fmt: skip


# ---------------------------------------------------------------------------- signing


def _signer(certificate: Certificate):
    if certificate.token_kind == TokenKind.PKCS11:
        from pyhanko.config.pkcs11 import TokenCriteria
        from pyhanko.sign.pkcs11 import PKCS11Signer, open_pkcs11_session

        session = open_pkcs11_session(
            settings.MOTCUA_PKCS11_LIB, token_criteria=TokenCriteria(label=certificate.token_label),
            user_pin=settings.MOTCUA_PKCS11_PIN,
        )  # fmt: skip
        label = certificate.key_label or certificate.label
        return PKCS11Signer(session, cert_label=label, key_label=label), session
    path = certificate.file_path
    if not path or not os.path.exists(path):
        raise InvalidInput(_("Không tìm thấy tệp khóa của chứng thư số."), label=certificate.label)
    issuer_pem = certificate.issued_by.pem if certificate.issued_by_id else ""
    signer = _pkcs12_signer(path, os.path.getmtime(path), keystore.password(), issuer_pem)
    return signer, None


class KeptKeySigner(signers.SimpleSigner):
    """pyHanko's SimpleSigner re-parses (and checks) the private key for every signature
    (~37 ms for RSA-2048); this one keeps the parsed key."""

    def __init__(self, *, key, **kwargs) -> None:
        super().__init__(**kwargs)
        self._key = key

    def sign_raw(self, data: bytes, digest_algorithm: str) -> bytes:
        mechanism = self.get_signature_mechanism_for_digest(digest_algorithm)
        if isinstance(self._key, RSAPrivateKey) and mechanism.signature_algo == "rsassa_pkcs1v15":
            return self._key.sign(data, PKCS1v15(), get_pyca_cryptography_hash(digest_algorithm))
        return super().sign_raw(data, digest_algorithm)


@lru_cache(maxsize=64)
def _pkcs12_signer(path: str, mtime: float, secret: bytes, issuer_pem: str) -> KeptKeySigner:
    from asn1crypto import keys as asn1_keys
    from asn1crypto import x509 as asn1_x509
    from cryptography.hazmat.primitives import serialization as ser

    key, cert = pki.from_pkcs12(Path(path).read_bytes(), secret)
    chain = []
    if issuer_pem:
        chain = [
            asn1_x509.Certificate.load(pki.load_pem(issuer_pem).public_bytes(ser.Encoding.DER))
        ]
    der = key.private_bytes(ser.Encoding.DER, ser.PrivateFormat.PKCS8, ser.NoEncryption())
    return KeptKeySigner(
        key=key,
        signing_cert=asn1_x509.Certificate.load(cert.public_bytes(ser.Encoding.DER)),
        signing_key=asn1_keys.PrivateKeyInfo.load(der),
        cert_registry=SimpleCertificateStore.from_certs(chain),
    )


def sign_bytes(
    pdf: bytes, *, signer, reason: str, location: str, field_name: str | None,
    timestamper: TimeStamper | None, validation_context=None,
) -> bytes:  # fmt: skip
    """PAdES signature as an incremental update (earlier signatures stay valid). No checks:
    callers use :func:`sign_pdf`."""
    try:
        writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    except Exception as exc:
        raise InvalidInput(str(Verdict.NOT_PDF.label)) from exc  # the verifier's own words
    if field_name is None:
        existing = {name for name, *_rest in fields.enumerate_sig_fields(writer)}
        field_name = next(f"ChuKy{n}" for n in range(1, 1000) if f"ChuKy{n}" not in existing)
    meta = signers.PdfSignatureMetadata(
        field_name=field_name, reason=reason, location=location,
        subfilter=fields.SigSeedSubFilter.PADES, md_algorithm="sha256",
        embed_validation_info=validation_context is not None,
        validation_context=validation_context,
    )  # fmt: skip
    out = signers.PdfSigner(meta, signer=signer, timestamper=timestamper).sign_pdf(writer)
    return out.getvalue()


def sign_pdf(
    pdf: bytes, *, certificate: Certificate, reason: str, location: str,
    field_name: str | None = None, timestamp: bool = True,
) -> bytes:  # fmt: skip
    """Sign ``pdf`` with a certificate of the register: PAdES B-LT (an RFC 3161 timestamp from
    MOTCUA_TSA_URL or the local service, plus the chain and the CRLs of the register's CAs in
    the document's DSS, gathered offline); B-B with ``timestamp=False``. Refuses a revoked or
    expired certificate; the input is never changed."""
    now = timezone.now()
    if certificate.status == CertificateStatus.REVOKED:
        raise InvalidInput(_("Chứng thư số đã bị thu hồi, không thể dùng để ký."))
    if not certificate.not_before <= now < certificate.not_after:
        raise InvalidInput(
            _("Chứng thư số đã hết hạn hoặc chưa có hiệu lực, không thể dùng để ký.")
        )
    from .tsa import timestamper as make_timestamper

    signer, session = _signer(certificate)
    try:
        return sign_bytes(
            pdf, signer=signer, reason=reason, location=location, field_name=field_name,
            timestamper=make_timestamper() if timestamp else None,
            validation_context=_offline_context() if timestamp else None,
        )  # fmt: skip
    finally:
        if session is not None:
            session.close()


def _offline_context():
    """Trust roots and fresh CRLs of the register's CAs, no fetching: what B-LT embeds."""
    from .selectors import ca_certificates, trust_roots
    from .verify import context

    return context(trust_roots(), [crl_for(ca) for ca in ca_certificates()])


# ---------------------------------------------------------------------------- verification


def mask_ip(ip: str | None) -> str:
    """IPv4 → last octet hidden (203.0.113.x); IPv6 → first 3 groups kept."""
    if not ip:
        return ""
    if ":" in ip:
        return ":".join(ip.split(":")[:3]) + "::x"
    parts = ip.split(".")
    return ".".join([*parts[:3], "x"]) if len(parts) == 4 else ""


def verification_record(data: bytes, *, client_ip: str | None, channel: str = "web") -> Report:
    """Verify ``data`` and log the verification (verdict, hash, masked IP)."""
    report = verify_pdf(data)
    VerificationLog.objects.create(
        verdict=report.verdict, sha256=hashlib.sha256(data).hexdigest(),
        signatures=len(report.signatures), client_ip=mask_ip(client_ip), channel=channel,
    )  # fmt: skip
    return report


def verify_dossier_code(code: str) -> Report | None:
    """The verification of the latest signed result of dossier ``code``; None when the
    dossier has no signed electronic result."""
    from motcua.results.models import Result

    result = (
        Result.objects.filter(dossier__code=code.strip(), signed=True, electronic=True)
        .order_by("-n")
        .first()
    )
    if result is None:
        return None
    with result.file.open("rb") as handle:
        return verify_pdf(handle.read())
