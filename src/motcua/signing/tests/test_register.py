from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from motcua.core.errors import InvalidInput
from motcua.signing import selectors, services
from motcua.signing.constants import HolderKind

pytestmark = pytest.mark.django_db


def test_demo_pki_is_idempotent_and_marked_demo(pki, agency, pki_dir):
    again = services.demo_pki_ensure(agencies=[agency])
    assert again["demo-root"].pk == pki["root"].pk
    assert again[f"agency-{agency.pk}"].pk == pki["agency"].pk
    assert "KHÔNG DÙNG THẬT" in pki["root"].common_name
    assert "KHÔNG DÙNG THẬT" in pki["agency"].subject
    assert all(row.is_demo for row in pki.values())
    assert (pki_dir / "demo-root.p12").stat().st_mode & 0o777 == 0o600


def test_counts_and_expiry_warning(pki, agency):
    from motcua.org.models import AdministrativeUnit

    unit = AdministrativeUnit.objects.filter(parent__isnull=False).first()
    now = timezone.now()
    soon = services.certificate_issue(
        ca=pki["root"], label="sap-het", holder_kind=HolderKind.PERSON, common_name="Sắp hết",
        unit=unit, not_after=now + dt.timedelta(days=20),
    )  # fmt: skip
    services.certificate_issue(ca=pki["root"], label="con-lau", holder_kind=HolderKind.AGENCY,
                               common_name="Còn lâu", unit=unit)  # fmt: skip
    revoked = services.certificate_issue(ca=pki["root"], label="thu-hoi",
                                         holder_kind=HolderKind.AGENCY, common_name="X", unit=unit)  # fmt: skip
    services.certificate_revoke(revoked)
    assert selectors.certificate_active_count(unit.pk) == 2
    counts = {r["unit__code"]: r["active"] for r in selectors.certificate_counts_by_unit()}
    assert counts[unit.code] == 2
    assert [c.label for c in selectors.certificates_expiring(unit_id=unit.pk)] == [soon.label]
    assert (
        list(selectors.certificates_expiring(unit_id=unit.pk, now=now + dt.timedelta(days=25)))
        == []
    )


def test_bad_register_input(pki):
    with pytest.raises(InvalidInput):
        services.certificate_issue(ca=pki["root"], label="demo-root", holder_kind="person",
                                   common_name="x")  # fmt: skip
    with pytest.raises(InvalidInput):
        services.certificate_revoke(pki["root"])
    services.certificate_revoke(pki["person"])
    with pytest.raises(InvalidInput):
        services.certificate_revoke(pki["person"])


def test_admin_register_lists_and_filters_expiring(pki, admin_client):
    page = admin_client.get("/vi/admin/signing/certificate/", {"expiring": "30"})
    assert page.status_code == 200
    assert admin_client.get("/vi/admin/signing/certificate/").status_code == 200
    assert admin_client.get("/vi/admin/signing/verificationlog/").status_code == 200


def test_demo_pki_command(pki_dir, capsys):
    from django.core.management import call_command

    from motcua.org.models import AdministrativeUnit, Agency
    from motcua.signing.models import Certificate

    province = AdministrativeUnit.objects.get(code="51")
    commune = AdministrativeUnit.objects.filter(parent=province).first()
    Agency.objects.create(name="Sở A", kind="province_department", unit=province)
    Agency.objects.create(name="UBND xã B", kind="commune_committee", unit=commune)
    call_command("demo_pki", province="51")
    call_command("demo_pki", province="51")  # idempotent
    assert Certificate.objects.filter(holder_kind=HolderKind.AGENCY).count() == 2
    assert Certificate.objects.filter(agency__unit=commune).get().unit == commune
    assert "cơ quan" in capsys.readouterr().out
