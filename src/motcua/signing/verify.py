"""Verification of signed PDFs for anyone: one verdict per signature and for the document."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import asdict, dataclass, field

from asn1crypto import crl as asn1_crl
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from django.utils import timezone
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import ModificationLevel, SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

from .constants import Verdict

# When several signatures disagree, the document takes the most serious verdict.
SEVERITY = [Verdict.MODIFIED, Verdict.REVOKED, Verdict.EXPIRED, Verdict.UNTRUSTED, Verdict.VALID]
ACCEPTED_CHANGES = {None, ModificationLevel.NONE, ModificationLevel.LTA_UPDATES,
                    ModificationLevel.FORM_FILLING}  # fmt: skip


@dataclass
class SignatureReport:
    field_name: str
    verdict: str
    message: str
    signer: str = ""
    organisation: str = ""
    holder_kind: str = ""
    serial: str = ""
    signing_time: dt.datetime | None = None
    timestamped: bool = False

    def as_dict(self) -> dict:
        data = asdict(self)
        data["signing_time"] = self.signing_time.isoformat() if self.signing_time else None
        return data


@dataclass
class Report:
    verdict: str
    message: str
    signatures: list[SignatureReport] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        return self.verdict == Verdict.VALID

    def as_dict(self) -> dict:
        return {
            "verdict": self.verdict,
            "message": str(self.message),
            "signatures": [s.as_dict() for s in self.signatures],
        }


def _message(verdict: str) -> str:
    return str(Verdict(verdict).label)


def _to_crypto(cert: asn1_x509.Certificate) -> x509.Certificate:
    return x509.load_der_x509_certificate(cert.dump())


def _to_asn1(cert: x509.Certificate) -> asn1_x509.Certificate:
    return asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))


def _chains_to_root(
    cert: x509.Certificate, roots: list[x509.Certificate], others: list[x509.Certificate]
) -> bool:
    """Whether the issuer chain of ``cert`` (through embedded certificates) ends at a root,
    whatever the dates: dates and revocation get their own verdicts."""
    current = cert
    for _ in range(8):
        if current in roots:
            return True
        issuers = [c for c in roots + others if c.subject == current.issuer and c != current]
        for issuer in issuers:
            try:
                current.verify_directly_issued_by(issuer)
            except Exception:
                continue
            if issuer in roots:
                return True
            current = issuer
            break
        else:
            return False
    return False


def _revoked_at(
    cert: x509.Certificate, crls: list[x509.CertificateRevocationList]
) -> dt.datetime | None:
    for crl in crls:
        if crl.issuer != cert.issuer:
            continue
        entry = crl.get_revoked_certificate_by_serial_number(cert.serial_number)
        if entry is not None:
            return entry.revocation_date_utc
    return None


def _organisation(cert: x509.Certificate) -> str:
    values = cert.subject.get_attributes_for_oid(x509.NameOID.ORGANIZATION_NAME)
    return str(values[0].value) if values else ""


def _common_name(cert: x509.Certificate) -> str:
    values = cert.subject.get_attributes_for_oid(x509.NameOID.COMMON_NAME)
    return str(values[0].value) if values else cert.subject.rfc4514_string()


def context(roots, crls, moment=None) -> ValidationContext:
    return ValidationContext(
        trust_roots=[_to_asn1(r) for r in roots],
        crls=[asn1_crl.CertificateList.load(c.public_bytes(serialization.Encoding.DER))
              for c in crls],
        allow_fetching=False, revocation_mode="soft-fail", moment=moment,
    )  # fmt: skip


def verify_signature(embedded, roots, crls) -> SignatureReport:
    report = SignatureReport(field_name=embedded.field_name, verdict=Verdict.MODIFIED,
                             message=_message(Verdict.MODIFIED))  # fmt: skip
    try:
        status = validate_pdf_signature(embedded, context(roots, crls), context(roots, crls))
    except Exception:
        return report  # a signature that cannot even be read was not made over this file
    cert = _to_crypto(status.signing_cert)
    report.signer, report.organisation = _common_name(cert), _organisation(cert)
    report.serial = format(cert.serial_number, "x")
    from .selectors import certificate_by_serial

    row = certificate_by_serial(cert.issuer.rfc4514_string(), report.serial)
    if row is not None:
        report.holder_kind = row.holder_kind
        if row.agency is not None:
            report.organisation = row.agency.name
    ts = status.timestamp_validity
    if ts is not None and ts.intact and ts.valid and ts.trusted:
        report.signing_time, report.timestamped = ts.timestamp, True
    else:
        report.signing_time = status.signer_reported_dt
    intact = status.intact and status.valid
    covered = status.coverage == SignatureCoverageLevel.ENTIRE_FILE or (
        status.coverage == SignatureCoverageLevel.ENTIRE_REVISION
        and status.docmdp_ok is not False
        and status.modification_level in ACCEPTED_CHANGES
    )
    verdict = _classify(status, cert, embedded, roots, crls, report.signing_time)
    report.verdict = Verdict.MODIFIED if not (intact and covered) else verdict
    report.message = _message(report.verdict)
    return report


def _classify(status, cert, embedded, roots, crls, when) -> str:
    others = [_to_crypto(c.chosen) for c in embedded.signed_data["certificates"]
              if c.name == "certificate"]  # fmt: skip
    if not _chains_to_root(cert, roots, others):
        return Verdict.UNTRUSTED
    when = when or timezone.now()
    if not cert.not_valid_before_utc <= when <= cert.not_valid_after_utc:
        return Verdict.EXPIRED
    revoked_at = _revoked_at(cert, crls)
    if revoked_at is not None and revoked_at <= when:
        return Verdict.REVOKED
    if status.trusted:
        return Verdict.VALID
    # Not trusted today, yet fine at signing time (expired or revoked since): check then.
    again = validate_pdf_signature(embedded, context(roots, [], moment=when), skip_diff=True)
    return Verdict.VALID if again.trusted else Verdict.UNTRUSTED


def verify_pdf(data: bytes) -> Report:
    """Verdicts for ``data``: ``not_pdf``, ``no_signature``, or per signature ``valid``,
    ``modified``, ``untrusted``, ``revoked``, ``expired`` (the document takes the worst)."""
    if b"%PDF-" not in data[:1024]:
        return Report(Verdict.NOT_PDF, _message(Verdict.NOT_PDF))
    try:
        signatures = PdfFileReader(io.BytesIO(data), strict=False).embedded_signatures
    except Exception:
        return Report(Verdict.NOT_PDF, _message(Verdict.NOT_PDF))
    if not signatures:
        return Report(Verdict.NO_SIGNATURE, _message(Verdict.NO_SIGNATURE))
    from .selectors import ca_certificates, trust_roots
    from .services import crl_for

    roots = trust_roots()
    crls = [crl_for(ca) for ca in ca_certificates()]
    reports = [verify_signature(sig, roots, crls) for sig in signatures]
    worst = min(reports, key=lambda r: SEVERITY.index(r.verdict)).verdict
    return Report(worst, _message(worst), reports)
