import pytest

from motcua.core.models import User
from motcua.org.constants import Role
from motcua.org.models import AdministrativeUnit
from motcua.org.selectors import unit_codes_for, user_can_act_for
from motcua.org.services import membership_grant

pytestmark = pytest.mark.django_db


@pytest.fixture
def clerk():
    user = User.objects.create_user("clerk", password="x")
    membership_grant(user=user, role=Role.CLERK, unit=AdministrativeUnit.objects.get(code="00004"))
    return user


def test_membership_limits_the_units_a_staff_member_acts_for(clerk):
    assert user_can_act_for(clerk, "00004", Role.CLERK)
    assert not user_can_act_for(clerk, "00008", Role.CLERK)
    assert not user_can_act_for(clerk, "01", Role.CLERK)


def test_role_is_part_of_the_rule(clerk):
    assert not user_can_act_for(clerk, "00004", Role.LEADER)


def test_province_supervisor_covers_its_communes_only_when_granted():
    user = User.objects.create_user("sup", password="x")
    quang_ngai = AdministrativeUnit.objects.get(code="51")
    membership_grant(user=user, role=Role.SUPERVISOR, unit=quang_ngai)
    assert unit_codes_for(user, Role.SUPERVISOR) == {"51"}
    membership_grant(user=user, role=Role.SUPERVISOR, unit=quang_ngai, includes_communes=True)
    codes = unit_codes_for(user, Role.SUPERVISOR)
    assert len(codes) == 1 + 96
    assert "00004" not in codes


def test_anonymous_users_act_for_nothing():
    from django.contrib.auth.models import AnonymousUser

    assert not user_can_act_for(AnonymousUser(), "00004")


def test_commune_membership_cannot_include_communes():
    from motcua.core.errors import InvalidInput

    user = User.objects.create_user("x", password="x")
    with pytest.raises(InvalidInput):
        membership_grant(
            user=user,
            role=Role.CLERK,
            unit=AdministrativeUnit.objects.get(code="00004"),
            includes_communes=True,
        )
