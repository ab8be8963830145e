"""The demo: real units, catalogue and registry, two provisioned provinces and their staff."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction

from motcua.core.models import User
from motcua.org.constants import AgencyKind, Level, Role
from motcua.org.models import AdministrativeUnit, Agency
from motcua.org.services import membership_grant, province_provision

# Quảng Ngãi (opened 96 commune centres on one day) and Cà Mau (ranked 04/34).
DEMO_PROVINCES = ["51", "96"]


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
    pairs = (line.split("\t") for line in path.read_text().splitlines() if "\t" in line)
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


@transaction.atomic
def demo_staff_create() -> list[DemoLogin]:
    """Provision the demo provinces and create their staff; passwords are random per
    installation, kept in var/demo-logins.txt (mode 600) and reused on later runs."""
    stored = _stored_passwords()
    logins: list[DemoLogin] = []
    for code in DEMO_PROVINCES:
        province_provision(code)
        province = AdministrativeUnit.objects.get(code=code, level=Level.PROVINCE)
        for username, role, unit, agency_kind, includes in _staff(province):
            password = stored.get(username) or secrets.token_urlsafe(9)
            user, created = User.objects.get_or_create(
                username=username, defaults={"full_name": f"{Role(role).label} — {unit.name}"}
            )
            if created or not user.check_password(password):
                user.set_password(password)
            user.is_staff = role == Role.ADMINISTRATOR
            user.is_superuser = role == Role.ADMINISTRATOR
            user.save()
            agency = Agency.objects.filter(unit=unit, kind=agency_kind).first()
            membership_grant(
                user=user, role=role, unit=unit, agency=agency, includes_communes=includes
            )
            logins.append(DemoLogin(username, password, str(Role(role).label), unit.full_name))
    path = _password_file()
    path.write_text("".join(f"{x.username}\t{x.password}\t{x.role}\t{x.unit}\n" for x in logins))
    path.chmod(0o600)
    return logins
