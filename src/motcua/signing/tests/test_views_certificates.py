"""The staff register of certificates per unit: scoped to the user's units, expiring soon
warned about, active counts, expired-but-active rows shown as expired, bounded queries."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from django.urls import reverse
from django.utils import timezone

from motcua.core.models import User
from motcua.dossiers.tests.factories import COMMUNE, PROVINCE, staff
from motcua.org.constants import Role
from motcua.org.models import AdministrativeUnit, Agency
from motcua.org.services import province_provision
from motcua.signing.constants import CertificateStatus, HolderKind
from motcua.signing.models import Certificate

pytestmark = pytest.mark.django_db

URL = reverse("signing:certificates")
_serials = itertools.count(1)


def cert(label: str, unit: str, *, days_left: int = 400, status: str = CertificateStatus.ACTIVE,
         person: User | None = None) -> Certificate:  # fmt: skip
    """A register row (no key needed to list it): the unit's committee, or ``person``."""
    now = timezone.now()
    agency = Agency.objects.get(unit_id=unit, kind__in=["commune_committee", "province_committee"])
    return Certificate.objects.create(
        holder_kind=HolderKind.PERSON if person else HolderKind.AGENCY, label=label,
        agency=agency, user=person, unit_id=unit, subject=f"CN={label}", common_name=label,
        serial=f"{next(_serials):040x}", issuer="CN=motcua DEMO Root", pem="-",
        not_before=now - dt.timedelta(days=30), not_after=now + dt.timedelta(days=days_left),
        status=status,
    )  # fmt: skip


@pytest.fixture
def world(db):
    province_provision(PROVINCE)
    other = AdministrativeUnit.objects.filter(parent_id=PROVINCE).exclude(code=COMMUNE)
    other = other.order_by("code").first()
    return {
        "clerk": staff("clerk", Role.CLERK, COMMUNE),
        "other": other.code,
        "mine": cert("ba-dinh-ubnd", COMMUNE),
        "theirs": cert("other-ubnd", other.code),
    }


def labels(response) -> list[str]:
    return [c.label for c in response.context["page"]]


def test_clerk_sees_only_their_units_certificates(client, world):
    client.force_login(world["clerk"])
    response = client.get(URL)
    assert response.status_code == 200
    assert labels(response) == ["ba-dinh-ubnd"]
    body = response.content.decode()
    assert "ba-dinh-ubnd" in body and "other-ubnd" not in body
    assert [u.code for u in response.context["units"]] == [COMMUNE]


def test_filtering_by_a_unit_out_of_scope_is_a_404_with_a_message(client, world):
    client.force_login(world["clerk"])
    response = client.get(URL, {"unit": world["other"]})
    assert response.status_code == 404
    body = response.content.decode()
    assert "không thuộc phạm vi bạn được xem" in body and "other-ubnd" not in body


def test_someone_without_a_unit_gets_a_404(client, world):
    client.force_login(User.objects.create_user("citizen", password="pw"))
    assert client.get(URL).status_code == 404


def test_province_supervisor_with_communes_sees_every_commune(client, world):
    supervisor = User.objects.create_user("supervisor", password="pw")
    from motcua.org.services import membership_grant

    membership_grant(user=supervisor, role=Role.SUPERVISOR, includes_communes=True,
                     unit=AdministrativeUnit.objects.get(code=PROVINCE))  # fmt: skip
    client.force_login(supervisor)
    assert sorted(labels(client.get(URL))) == ["ba-dinh-ubnd", "other-ubnd"]
    only = client.get(URL, {"unit": world["other"]})
    assert only.status_code == 200 and labels(only) == ["other-ubnd"]


def test_superuser_sees_all_units(client, world):
    admin = User.objects.create_superuser("root", password="pw")
    client.force_login(admin)
    assert sorted(labels(client.get(URL))) == ["ba-dinh-ubnd", "other-ubnd"]


def test_warning_lists_a_certificate_expiring_in_10_days_not_one_in_60(client, world):
    cert("soon", COMMUNE, days_left=10)
    cert("later", COMMUNE, days_left=60)
    cert("soon-elsewhere", world["other"], days_left=5)
    client.force_login(world["clerk"])
    response = client.get(URL)
    assert [c.label for c in response.context["expiring"]] == ["soon"]
    body = response.content.decode()
    warning = body[
        body.index('id="expiring"') : body.index("</section>", body.index('id="expiring"'))
    ]
    assert "soon" in warning and "later" not in warning and "soon-elsewhere" not in warning


def test_no_warning_when_nothing_expires_soon(client, world):
    client.force_login(world["clerk"])
    response = client.get(URL)
    assert response.context["expiring"] == [] and 'id="expiring"' not in response.content.decode()


def test_active_count_per_unit(client, world):
    clerk = world["clerk"]
    cert("person", COMMUNE, person=clerk)
    cert("revoked", COMMUNE, status=CertificateStatus.REVOKED)
    cert("past-end", COMMUNE, days_left=-1)  # still "active" in the table, but expired
    cert("other-2", world["other"])
    client.force_login(clerk)
    counts = client.get(URL).context["counts"]
    assert [(row["unit__code"], row["active"]) for row in counts] == [(COMMUNE, 2)]


def test_expired_but_still_active_row_is_shown_as_expired(client, world):
    cert("past-end", COMMUNE, days_left=-1)
    client.force_login(world["clerk"])
    rows = {c.label: c.shown_status for c in client.get(URL).context["page"]}
    assert rows == {"ba-dinh-ubnd": "active", "past-end": "expired"}
    assert labels(client.get(URL, {"status": "expired"})) == ["past-end"]
    assert labels(client.get(URL, {"status": "active"})) == ["ba-dinh-ubnd"]


def test_status_filter_revoked(client, world):
    cert("revoked", COMMUNE, status=CertificateStatus.REVOKED)
    client.force_login(world["clerk"])
    assert labels(client.get(URL, {"status": "revoked"})) == ["revoked"]


def test_query_count_is_bounded_and_pages_hold_50(client, world, django_assert_max_num_queries):
    clerk = world["clerk"]
    people = [User.objects.create_user(f"cb{i}", full_name=f"Cán bộ {i}") for i in range(5)]
    for i in range(70):
        cert(f"c{i:03d}", COMMUNE, person=people[i % 5] if i % 2 else None, days_left=5 + i)
    client.force_login(clerk)
    client.get(URL)  # warm the session
    with django_assert_max_num_queries(10):
        response = client.get(URL)
    page = response.context["page"]
    assert len(page) == 50 and page.paginator.count == 71
    assert "Cán bộ 1" in response.content.decode()
    with django_assert_max_num_queries(10):
        second = client.get(URL, {"page": 2})
    assert len(second.context["page"]) == 21


def test_staff_navigation_links_the_register(client, world):
    client.force_login(world["clerk"])
    assert URL in client.get(reverse("dossiers:queue")).content.decode()
