"""The alerts page: the user's units only, three lists, a bounded number of queries."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from motcua.alerts.tests.factories import extended, received
from motcua.dossiers.tests.factories import setup_hanoi, staff
from motcua.org.constants import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    return setup_hanoi()


@pytest.fixture
def world(people, settings):
    """Against the real clock: one dossier due within 5 working days, one late for weeks,
    one late after its apology."""
    settings.MOTCUA_ALERTS_DUE_SOON_WORKING_DAYS = 5
    now = timezone.now()
    soon = received(people, now - dt.timedelta(minutes=5))
    late = received(people, now - dt.timedelta(days=30))
    start = now - dt.timedelta(days=40)
    apologised = received(people, start)
    apologised = extended(people, apologised, start + dt.timedelta(hours=2), days=1)
    return {"soon": soon, "late": late, "apologised": apologised}


def test_login_required(client):
    response = client.get(reverse("alerts:page"))
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_the_three_lists_of_the_users_units(client, people, world):
    client.force_login(people["clerk"])
    assert reverse("alerts:page") == "/vi/alerts/"
    response = client.get("/vi/alerts/")
    html = response.content.decode()
    assert response.status_code == 200
    assert world["soon"].code in html and world["late"].code not in html
    assert reverse("dossiers:detail", args=[world["soon"].pk]) in html
    assert timezone.localtime(world["soon"].due_at).strftime("%d/%m/%Y %H:%M") in html
    assert [t[2] for t in response.context["tabs"]] == [1, 2, 1]

    html = client.get("/vi/alerts/?tab=overdue").content.decode()
    assert world["late"].code in html and world["apologised"].code in html
    assert world["soon"].code not in html
    html = client.get("/vi/alerts/?tab=no_apology&unit=00004").content.decode()
    assert world["late"].code in html and world["apologised"].code not in html


def test_another_units_staff_sees_none_of_them(client, people, world):
    other = staff("ngoc_ha", Role.CLERK, "00008")
    client.force_login(other)
    for tab in ("due_soon", "overdue", "no_apology"):
        html = client.get(f"/vi/alerts/?tab={tab}").content.decode()
        assert not any(d.code in html for d in world.values())
    response = client.get("/vi/alerts/?tab=overdue&unit=00004")
    html = response.content.decode()
    assert response.status_code == 404
    assert "Không có đơn vị mã “00004”" in html and world["late"].code not in html


def test_query_count_is_bounded(client, people, world, django_assert_max_num_queries):
    for _ in range(5):
        received(people, timezone.now() - dt.timedelta(days=20))
    client.force_login(people["clerk"])
    client.get("/vi/alerts/?tab=overdue")
    with django_assert_max_num_queries(9):
        response = client.get("/vi/alerts/?tab=overdue")
    assert len(response.context["page"]) == 7
