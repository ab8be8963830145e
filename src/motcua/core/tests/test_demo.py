import os
import re
import stat
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db.models import Q
from django.urls import reverse

from motcua.core.demo import DEMO_PROVINCES, demo_staff_create
from motcua.core.models import User
from motcua.org.constants import AgencyKind, Role
from motcua.org.models import Agency, Membership
from motcua.org.selectors import user_can_act_for

pytestmark = pytest.mark.django_db


def test_demo_staff_for_two_provinces_with_working_logins(client, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    logins = demo_staff_create()
    assert {login.username for login in logins} >= {"admin", "admin51", "motcua51", "admin96"}
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
    call_command("demo", no_serve=True, history=25)
    out = capsys.readouterr().out
    assert "admin51" in out
    assert re.search(r"\b(\d)/\1 ", out)  # the last step ran
    assert "\n  admin " in out  # the national superuser is printed with the others
    assert "dossiers filed and processed" in out


def test_province_admins_are_staff_not_superusers_and_one_national_admin_is(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    logins = {x.username: x for x in demo_staff_create()}
    assert "admin" in logins
    national = User.objects.get(username="admin")
    assert national.is_superuser and national.is_staff
    for username in ("admin51", "admin96"):
        user = User.objects.get(username=username)
        assert user.is_staff and not user.is_superuser
        assert user.has_perms(["org.change_agency", "org.add_membership", "org.view_succession"])
        assert not user.has_perm("org.change_administrativeunit")
        assert not user.has_perm("org.delete_membership")
    assert not User.objects.get(username="motcua51").is_staff


def test_demo_province_admin_sees_only_their_province_in_the_admin(client, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    logins = {x.username: x for x in demo_staff_create()}
    assert client.login(username="admin51", password=logins["admin51"].password)
    response = client.get(reverse("admin:org_agency_changelist"))
    assert response.status_code == 200
    in_51 = Agency.objects.filter(Q(unit_id="51") | Q(unit__parent_id="51")).count()
    assert response.context["cl"].result_count == in_51


def test_logins_file_is_never_readable_by_others(settings, tmp_path, monkeypatch):
    settings.VAR_DIR = tmp_path
    # No chmod after the fact: the file must be created private.
    monkeypatch.setattr(Path, "chmod", lambda self, mode: None)
    demo_staff_create()
    path = tmp_path / "demo-logins.txt"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    # An older, readable file is made private too.
    os.chmod(path, 0o644)
    demo_staff_create()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
