import pytest
from django.core.management import call_command

from motcua.core.demo import DEMO_PROVINCES, demo_staff_create
from motcua.org.constants import AgencyKind, Role
from motcua.org.models import Agency, Membership
from motcua.org.selectors import user_can_act_for

pytestmark = pytest.mark.django_db


def test_demo_staff_for_two_provinces_with_working_logins(client, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    logins = demo_staff_create()
    assert {login.username for login in logins} >= {"admin51", "motcua51", "admin96"}
    assert Agency.objects.filter(kind=AgencyKind.COMMUNE_CENTRE, unit__parent_id="51").count() == 96
    for login in logins:
        assert client.login(username=login.username, password=login.password), login.username
    # The same passwords on a second run (kept in var/demo-logins.txt).
    again = {x.username: x.password for x in demo_staff_create()}
    assert again == {x.username: x.password for x in logins}
    assert len(DEMO_PROVINCES) == 2


def test_demo_clerk_acts_only_for_its_province():
    demo_staff_create()
    clerk = Membership.objects.get(user__username="motcua51", role=Role.CLERK).user
    assert user_can_act_for(clerk, "51", Role.CLERK)
    assert not user_can_act_for(clerk, "96", Role.CLERK)


def test_demo_command_sets_up_without_serving(capsys):
    call_command("demo", no_serve=True)
    out = capsys.readouterr().out
    assert "admin51" in out and "5/5" in out
