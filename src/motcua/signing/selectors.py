from __future__ import annotations

import datetime as dt
from functools import lru_cache
from pathlib import Path

from cryptography import x509
from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from .constants import EXPIRY_WARNING_DAYS, CertificateStatus, HolderKind
from .models import Certificate
from .pki import load_pem


def _active(now: dt.datetime) -> Q:
    return Q(status=CertificateStatus.ACTIVE, not_before__lte=now, not_after__gt=now)


def certificate_counts_by_unit(*, now: dt.datetime | None = None, limit: int = 500) -> list[dict]:
    """Active signing certificates (agency and personal) per unit, largest first:
    ``[{"unit__code", "unit__name", "active"}]``."""
    now = now or timezone.now()
    return list(
        Certificate.objects.filter(_active(now), unit__isnull=False)
        .exclude(holder_kind__in=[HolderKind.CA, HolderKind.TSA])
        .values("unit__code", "unit__name")
        .annotate(active=Count("id"))
        .order_by("-active", "unit__code")[:limit]
    )


def certificate_active_count(unit_id: int, *, now: dt.datetime | None = None) -> int:
    return Certificate.objects.filter(_active(now or timezone.now()), unit_id=unit_id).count()


def certificates_expiring(
    *, unit_id: int | None = None, days: int = EXPIRY_WARNING_DAYS,
    now: dt.datetime | None = None, limit: int = 200,
) -> QuerySet[Certificate]:  # fmt: skip
    """Active certificates whose validity ends within ``days`` (soonest first)."""
    now = now or timezone.now()
    rows = Certificate.objects.filter(_active(now), not_after__lte=now + dt.timedelta(days=days))
    if unit_id is not None:
        rows = rows.filter(unit_id=unit_id)
    return rows.select_related("agency", "user", "unit").order_by("not_after")[:limit]


def ca_certificates() -> QuerySet[Certificate]:
    return Certificate.objects.filter(holder_kind=HolderKind.CA)


@lru_cache(maxsize=16)
def _pem_file(path: str, mtime: float) -> list[x509.Certificate]:
    return x509.load_pem_x509_certificates(Path(path).read_bytes())


def trust_roots() -> list[x509.Certificate]:
    """The demo root(s) of the register plus the PEM files of MOTCUA_TRUST_ROOTS."""
    roots = [load_pem(row.pem) for row in ca_certificates().filter(issued_by__isnull=True)]
    for path in settings.MOTCUA_TRUST_ROOTS:
        roots.extend(_pem_file(path, Path(path).stat().st_mtime))
    return roots


def certificate_by_serial(issuer: str, serial: str) -> Certificate | None:
    return (
        Certificate.objects.select_related("agency", "user", "unit")
        .filter(issuer=issuer, serial=serial)
        .first()
    )


def agency_certificate_for_unit(
    unit_code: str, *, now: dt.datetime | None = None
) -> Certificate | None:
    """The organisation certificate a unit's decisions are signed with: an active, valid
    certificate of the unit's People's Committee, else of another agency of the unit."""
    from motcua.org.constants import AgencyKind

    now = now or timezone.now()
    committees = (AgencyKind.COMMUNE_COMMITTEE, AgencyKind.PROVINCE_COMMITTEE)
    rows = (
        Certificate.objects.select_related("agency")
        .filter(
            holder_kind=HolderKind.AGENCY, agency__unit_id=unit_code,
            status=CertificateStatus.ACTIVE, not_before__lte=now, not_after__gt=now,
        )
        .order_by("-not_after")
    )  # fmt: skip
    return next((c for c in rows[:10] if c.agency.kind in committees), None) or rows.first()


def personal_certificate_for(
    user_id: int | None, *, now: dt.datetime | None = None
) -> Certificate | None:
    """An official's own active, valid certificate (the newest), or None."""
    if not user_id:
        return None
    now = now or timezone.now()
    return (
        Certificate.objects.filter(
            holder_kind=HolderKind.PERSON, user_id=user_id, status=CertificateStatus.ACTIVE,
            not_before__lte=now, not_after__gt=now,
        )
        .order_by("-not_after")
        .first()
    )  # fmt: skip
