from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from functools import lru_cache
from pathlib import Path
from typing import Any

from cryptography import x509
from django.conf import settings
from django.db.models import Case, CharField, Count, F, Q, QuerySet, Value, When
from django.utils import timezone

from .constants import EXPIRY_WARNING_DAYS, CertificateStatus, HolderKind
from .models import Certificate
from .pki import load_pem


def _active(now: dt.datetime) -> Q:
    return Q(status=CertificateStatus.ACTIVE, not_before__lte=now, not_after__gt=now)


def certificate_counts_by_unit(
    *, now: dt.datetime | None = None, limit: int = 500, units: Collection[str] | None = None
) -> list[dict]:
    """Active signing certificates (agency and personal) per unit, largest first:
    ``[{"unit__code", "unit__name", "active"}]``; only ``units`` when given."""
    now = now or timezone.now()
    rows = Certificate.objects.filter(_active(now), unit__isnull=False)
    if units is not None:
        rows = rows.filter(unit_id__in=units)
    return list(
        rows.exclude(holder_kind__in=[HolderKind.CA, HolderKind.TSA])
        .values("unit__code", "unit__name")
        .annotate(active=Count("id"))
        .order_by("-active", "unit__code")[:limit]
    )


def certificate_active_count(unit_id: int, *, now: dt.datetime | None = None) -> int:
    return Certificate.objects.filter(_active(now or timezone.now()), unit_id=unit_id).count()


def certificates_expiring(
    *, unit_id: int | None = None, days: int = EXPIRY_WARNING_DAYS,
    now: dt.datetime | None = None, limit: int = 200, units: Collection[str] | None = None,
) -> QuerySet[Certificate]:  # fmt: skip
    """Active certificates whose validity ends within ``days`` (soonest first); of one unit,
    or of ``units``, when given."""
    now = now or timezone.now()
    rows = Certificate.objects.filter(_active(now), not_after__lte=now + dt.timedelta(days=days))
    if unit_id is not None:
        rows = rows.filter(unit_id=unit_id)
    if units is not None:
        rows = rows.filter(unit_id__in=units)
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


# ------------------------------------------------------------------ the register, per unit

# The statuses the register filters by; an "active" row past its end date counts as expired.
REGISTER_STATUSES = (CertificateStatus.ACTIVE, CertificateStatus.EXPIRED, CertificateStatus.REVOKED)


def certificate_units_for(user: Any) -> set[str] | None:
    """The unit codes whose certificates ``user`` may see in the register: those of their
    memberships (a province membership that includes its communes adds the communes); None
    for a superuser (every unit)."""
    from motcua.org.selectors import unit_codes_for

    if getattr(user, "is_superuser", False) and user.is_active:
        return None
    return unit_codes_for(user)


def certificate_register(
    *, units: Collection[str] | None, unit: str = "", status: str = "",
    now: dt.datetime | None = None,
) -> QuerySet[Certificate]:  # fmt: skip
    """Signing certificates (agency and personal) of ``units`` (None: all), optionally of one
    ``unit`` and one register status, with ``shown_status``: an active certificate past its
    end date is shown as expired. Holder, agency and unit are joined (no N+1)."""
    now = now or timezone.now()
    rows = Certificate.objects.filter(unit__isnull=False).exclude(
        holder_kind__in=[HolderKind.CA, HolderKind.TSA]
    )
    if units is not None:
        rows = rows.filter(unit_id__in=units)
    if unit:
        rows = rows.filter(unit_id=unit)
    if status == CertificateStatus.ACTIVE:
        rows = rows.filter(status=CertificateStatus.ACTIVE, not_after__gt=now)
    elif status == CertificateStatus.EXPIRED:
        rows = rows.filter(
            Q(status=CertificateStatus.EXPIRED)
            | Q(status=CertificateStatus.ACTIVE, not_after__lte=now)
        )
    elif status == CertificateStatus.REVOKED:
        rows = rows.filter(status=CertificateStatus.REVOKED)
    return (
        rows.annotate(
            shown_status=Case(
                When(status=CertificateStatus.ACTIVE, not_after__lte=now,
                     then=Value(CertificateStatus.EXPIRED.value)),
                default=F("status"), output_field=CharField(),
            )
        )
        .select_related("agency", "user", "unit")
        .order_by("unit_id", "not_after", "id")
    )  # fmt: skip


def certificate_register_units(units: Collection[str] | None) -> QuerySet:
    """The units (of ``units``; None: all) that hold at least one signing certificate, for
    the register's unit filter."""
    from motcua.org.models import AdministrativeUnit

    held = Certificate.objects.filter(unit__isnull=False).exclude(
        holder_kind__in=[HolderKind.CA, HolderKind.TSA]
    )
    if units is not None:
        held = held.filter(unit_id__in=units)
    return AdministrativeUnit.objects.filter(code__in=held.values("unit_id")).order_by("code")
