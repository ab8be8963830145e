"""The demo: real units, catalogue and registry, two provisioned provinces and their staff."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import Permission
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from motcua.core.models import User
from motcua.org.constants import PROVINCE_ADMIN_PERMISSIONS, AgencyKind, Level, Role
from motcua.org.models import AdministrativeUnit, Agency
from motcua.org.services import membership_grant, province_provision

# Quảng Ngãi (opened 96 commune centres on one day) and Cà Mau (ranked 04/34).
DEMO_PROVINCES = ["51", "96"]
# The one national superuser; the provinces' administrators are staff limited to their units.
NATIONAL_ADMIN = "admin"


@dataclass(frozen=True)
class DemoLogin:
    username: str
    password: str
    role: str
    unit: str


def _password_file() -> Path:
    return Path(settings.VAR_DIR) / "demo-logins.txt"


def _stored_passwords() -> dict[str, str]:
    path = _password_file()
    if not path.exists():
        return {}
    pairs = (
        line.split("\t") for line in path.read_text(encoding="utf-8").splitlines() if "\t" in line
    )
    return {user: password for user, password, *_ in pairs}


def _staff(province: AdministrativeUnit) -> list[tuple[str, str, AdministrativeUnit, str, bool]]:
    """(username, role, unit, agency kind, includes communes) for one demo province."""
    first_commune = AdministrativeUnit.objects.filter(parent=province).order_by("code").first()
    assert first_commune is not None
    p = province.code
    return [
        (f"admin{p}", Role.ADMINISTRATOR, province, AgencyKind.PROVINCE_CENTRE, True),
        (f"giamsat{p}", Role.SUPERVISOR, province, AgencyKind.PROVINCE_CENTRE, True),
        (f"motcua{p}", Role.CLERK, province, AgencyKind.PROVINCE_CENTRE, False),
        (f"chuyenvien{p}", Role.SPECIALIST, province, AgencyKind.PROVINCE_DEPARTMENT, False),
        (f"lanhdao{p}", Role.LEADER, province, AgencyKind.PROVINCE_COMMITTEE, False),
        (f"motcua{first_commune.code}", Role.CLERK, first_commune, AgencyKind.COMMUNE_CENTRE, False),
        (f"lanhdao{first_commune.code}", Role.LEADER, first_commune, AgencyKind.COMMUNE_COMMITTEE, False),
    ]  # fmt: skip


def _province_admin_permissions() -> list[Permission]:
    match = Q()
    for name in PROVINCE_ADMIN_PERMISSIONS:
        app_label, codename = name.split(".")
        match |= Q(content_type__app_label=app_label, codename=codename)
    permissions = list(Permission.objects.filter(match))
    if len(permissions) != len(PROVINCE_ADMIN_PERMISSIONS):
        raise RuntimeError("org permissions are missing: run `motcua migrate` first")
    return permissions


def _user(username: str, password: str, full_name: str) -> User:
    user, created = User.objects.get_or_create(username=username, defaults={"full_name": full_name})
    if created or not user.check_password(password):
        user.set_password(password)
    return user


def _write_logins(logins: list[DemoLogin]) -> None:
    """Write the logins to var/demo-logins.txt, readable by its owner only from the start."""
    text = "".join(f"{x.username}\t{x.password}\t{x.role}\t{x.unit}\n" for x in logins)
    fd = os.open(_password_file(), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(fd, 0o600)  # an older file keeps its mode through O_CREAT
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)


@transaction.atomic
def demo_staff_create() -> list[DemoLogin]:
    """Provision the demo provinces and create their staff and one national superuser;
    passwords are random per installation, kept in var/demo-logins.txt (mode 600) and reused
    on later runs.

    Each province's administrator is staff, not superuser: model permissions for the org
    admin, which shows them only their province's agencies and memberships."""
    stored = _stored_passwords()
    password = stored.get(NATIONAL_ADMIN) or secrets.token_urlsafe(9)
    national = _user(NATIONAL_ADMIN, password, _("Quản trị hệ thống"))
    national.is_staff = national.is_superuser = True
    national.save()
    logins = [DemoLogin(NATIONAL_ADMIN, password, _("Quản trị hệ thống"), _("Toàn quốc"))]
    admin_permissions = _province_admin_permissions()
    for code in DEMO_PROVINCES:
        province_provision(code)
        province = AdministrativeUnit.objects.get(code=code, level=Level.PROVINCE)
        for username, role, unit, agency_kind, includes in _staff(province):
            password = stored.get(username) or secrets.token_urlsafe(9)
            user = _user(username, password, f"{Role(role).label} — {unit.name}")
            user.is_staff = role == Role.ADMINISTRATOR
            user.is_superuser = False
            user.save()
            if role == Role.ADMINISTRATOR:
                user.user_permissions.add(*admin_permissions)
            agency = Agency.objects.filter(unit=unit, kind=agency_kind).first()
            membership_grant(
                user=user, role=role, unit=unit, agency=agency, includes_communes=includes
            )
            logins.append(DemoLogin(username, password, str(Role(role).label), unit.full_name))
    _write_logins(logins)
    return logins
