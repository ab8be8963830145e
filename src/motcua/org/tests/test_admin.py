"""The org admin: a province administrator sees and grants only within their province."""

import pytest
from django.contrib.auth.models import Permission
from django.db.models import Q
from django.urls import reverse

from motcua.core.models import User
from motcua.org.constants import PROVINCE_ADMIN_PERMISSIONS, Role
from motcua.org.models import AdministrativeUnit, Agency, Membership
from motcua.org.services import membership_grant, province_provision

pytestmark = pytest.mark.django_db


@pytest.fixture
def province_admin(client):
    province_provision("51")
    province_provision("96")
    user = User.objects.create_user("qtv51", password="x", is_staff=True)
    codenames = [p.split(".")[1] for p in PROVINCE_ADMIN_PERMISSIONS]
    user.user_permissions.add(
        *Permission.objects.filter(content_type__app_label="org", codename__in=codenames)
    )
    membership_grant(
        user=user,
        role=Role.ADMINISTRATOR,
        unit=AdministrativeUnit.objects.get(code="51"),
        includes_communes=True,
    )
    client.force_login(user)
    return user


def _in_51():
    return Q(unit_id="51") | Q(unit__parent_id="51")


def test_province_admin_sees_only_their_provinces_agencies(client, province_admin):
    response = client.get(reverse("admin:org_agency_changelist"))
    assert response.status_code == 200
    assert response.context["cl"].result_count == Agency.objects.filter(_in_51()).count() > 0
    other = Agency.objects.filter(unit_id="96").first()
    change = client.get(reverse("admin:org_agency_change", args=[other.pk]))
    assert change.status_code == 302  # "does not exist", back to the index


def test_province_admin_sees_only_memberships_of_their_units(client, province_admin):
    stranger = User.objects.create_user("other", password="x")
    membership_grant(user=stranger, role=Role.CLERK, unit=AdministrativeUnit.objects.get(code="96"))
    response = client.get(reverse("admin:org_membership_changelist"))
    assert {m.unit_id for m in response.context["cl"].result_list} == {"51"}


def _grant(client, unit_code: str, username: str = "canbo"):
    return client.post(
        reverse("admin:org_membership_add"),
        {
            "user": username,
            "role": Role.CLERK,
            "unit": unit_code,
            "valid_from": "2026-01-01",
        },
    )


def test_province_admin_cannot_grant_a_membership_outside_their_units(client, province_admin):
    User.objects.create_user("canbo", password="x")
    response = _grant(client, "96")
    assert response.status_code == 200  # the form again, with the error
    assert "unit" in response.context["adminform"].form.errors
    assert not Membership.objects.filter(user__username="canbo").exists()


def test_province_admin_grants_a_membership_for_a_commune_of_their_province(client, province_admin):
    User.objects.create_user("canbo", password="x")
    commune = AdministrativeUnit.objects.filter(parent_id="51").order_by("code").first()
    response = _grant(client, commune.code)
    assert response.status_code == 302
    assert Membership.objects.get(user__username="canbo").unit_id == commune.code


def test_an_unknown_user_name_is_a_form_error(client, province_admin):
    response = _grant(client, "51", username="khong-co")
    assert "user" in response.context["adminform"].form.errors


def test_unit_autocomplete_offers_only_their_units(client, province_admin):
    url = reverse("admin:autocomplete")
    params = {"app_label": "org", "model_name": "membership", "field_name": "unit"}
    scope = {
        "51",
        *AdministrativeUnit.objects.filter(parent_id="51").values_list("code", flat=True),
    }
    mine = {r["id"] for r in client.get(url, {**params, "term": "51"}).json()["results"]}
    assert "51" in mine and mine <= scope
    assert client.get(url, {**params, "term": "Cà Mau"}).json()["results"] == []
    ca_mau_commune = AdministrativeUnit.objects.filter(parent_id="96").first()
    assert client.get(url, {**params, "term": ca_mau_commune.code}).json()["results"] == []
    # The units' own list stays public reference data.
    assert client.get(reverse("admin:org_administrativeunit_changelist")).status_code == 200


def test_a_superuser_sees_every_agency(client):
    province_provision("51")
    province_provision("96")
    client.force_login(User.objects.create_superuser("root", password="x"))
    response = client.get(reverse("admin:org_agency_changelist"))
    assert response.context["cl"].result_count == Agency.objects.count()


def test_kind_and_names_of_a_unit_are_read_only_even_for_a_superuser(client):
    client.force_login(User.objects.create_superuser("root", password="x"))
    response = client.get(reverse("admin:org_administrativeunit_change", args=["25270"]))
    form = response.context["adminform"].form
    assert not {"kind", "name", "full_name"} & set(form.fields)
    assert "Phường Lộc Ninh" in response.text


def test_province_admin_forms_open(client, province_admin):
    assert client.get(reverse("admin:org_membership_add")).status_code == 200
    assert client.get(reverse("admin:org_agency_add")).status_code == 200
    membership = Membership.objects.get(user=province_admin)
    response = client.get(reverse("admin:org_membership_change", args=[membership.pk]))
    assert response.status_code == 200
    assert "user" not in response.context["adminform"].form.fields  # read-only on change
