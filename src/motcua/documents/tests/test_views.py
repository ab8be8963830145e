"""Who may download which form: staff of the dossier's units and its applicant (not the
internal Mẫu 06); anyone else gets a 404, never a 403."""

import re

import pytest
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse

from motcua.core.models import User
from motcua.documents.forms118 import available_forms
from motcua.documents.tests.factories import pdf_text
from motcua.dossiers.constants import Channel
from motcua.dossiers.tests.factories import staff
from motcua.org.constants import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(world):
    p = world.people
    p["other_commune_clerk"] = staff("clerk_ngoc_ha", Role.CLERK, "00008")
    p["citizen"] = User.objects.create_user("citizen", password="x")
    p["other_citizen"] = User.objects.create_user("citizen2", password="x")
    return p


@pytest.fixture
def online(world, people):
    d = world.submit(channel=Channel.ONLINE, actor=people["citizen"])
    return world.act(d, "receive", "clerk", 10)


def url(d, no, seq=None):
    if seq is None:
        return reverse("documents:form", args=[d.pk, no])
    return reverse("documents:form_at", args=[d.pk, no, seq])


# person → (form → expected status) for a dossier the citizen filed online at the commune
MATRIX = {
    "clerk": {"01": 200, "06": 200, "03": 404},
    "specialist": {"01": 200, "06": 200},
    "province_specialist": {"01": 404, "06": 404},  # a commune dossier, never transferred
    "other_commune_clerk": {"01": 404, "06": 404},
    "citizen": {"01": 200, "06": 404, "03": 404},
    "other_citizen": {"01": 404, "06": 404},
}


@pytest.mark.parametrize("person", sorted(MATRIX))
def test_permission_matrix(client, people, online, person):
    client.force_login(people[person])
    for no, expected in MATRIX[person].items():
        response = client.get(url(online, no))
        assert response.status_code == expected, (person, no, response.status_code)
        if expected == 200:
            assert response["Content-Type"] == "application/pdf"
            assert response["Content-Disposition"] == (
                f'inline; filename="{online.code}-mau-{no}.pdf"'
            )
            assert "no-store" in response["Cache-Control"]
            assert online.code in pdf_text(response.content)


def test_anonymous_users_are_sent_to_login(client, online):
    response = client.get(url(online, "01"))
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_unknown_form_and_unknown_event_are_404(client, people, online):
    client.force_login(people["clerk"])
    assert client.get(url(online, "99")).status_code == 404
    assert client.get(url(online, "01", seq=1)).status_code == 404  # seq 1 is the filing


def test_the_clerk_who_just_received_prints_the_lookup_key(client, people, world):
    d = world.submit()
    client.force_login(people["clerk"])
    response = client.post(reverse("dossiers:detail", args=[d.pk]),
                           {"name": "receive", "version": d.version})  # fmt: skip
    assert response.status_code == 302
    key = client.session[f"lookup_key:{d.pk}"]
    assert f"Mã tra cứu: {key}" in pdf_text(client.get(url(d, "01")).content)
    receipt = client.get(reverse("dossiers:receipt", args=[d.pk])).content.decode()
    assert url(d, "01") in receipt and "In phiếu (PDF)" in receipt


def test_pages_link_the_forms_that_exist(client, people, world, online):
    d = world.stopped()
    client.force_login(people["clerk"])
    page = client.get(reverse("dossiers:detail", args=[d.pk])).content.decode()
    for form in available_forms(d):
        assert url(d, form.no, form.seq) in page
    assert 'data-form="03"' not in page
    client.force_login(people["citizen"])
    mine = client.get(reverse("portal:my_detail", args=[online.pk])).content.decode()
    assert 'data-form="01"' in mine and 'data-form="06"' not in mine


@pytest.fixture
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


def test_receipt_by_code_and_key(client, world, fresh_cache):
    d = world.received()
    key = world.keys[d.pk]
    endpoint = reverse("documents:receipt_by_key")
    response = client.post(endpoint, {"code": d.code, "key": key.lower()})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "Trần Thị Ánh Tuyết" in pdf_text(response.content)
    assert client.post(endpoint, {"code": d.code, "key": "WRONG123"}).status_code == 404
    assert client.get(endpoint).status_code == 405


@override_settings(MOTCUA_PORTAL_LOOKUP_LIMIT=2)
def test_receipt_by_key_is_rate_limited(client, world, fresh_cache):
    d = world.received()
    endpoint = reverse("documents:receipt_by_key")
    statuses = [client.post(endpoint, {"code": d.code, "key": "WRONG123"}).status_code
                for _ in range(3)]  # fmt: skip
    assert statuses == [404, 404, 429]
    right = client.post(endpoint, {"code": d.code, "key": world.keys[d.pk]})
    assert right.status_code == 429  # the limit holds even for the right key


def test_the_status_page_offers_the_receipt_only_after_a_lookup(client, world, fresh_cache):
    d = world.received()
    status = reverse("portal:status")
    endpoint = reverse("documents:receipt_by_key")
    assert endpoint not in client.get(status).content.decode()
    wrong = client.post(status, {"code": d.code, "key": "WRONG123"}).content.decode()
    assert endpoint not in wrong
    page = client.post(status, {"code": d.code, "key": world.keys[d.pk].lower()}).content.decode()
    assert endpoint in page and "In giấy tiếp nhận hồ sơ (PDF)" in page
    key = re.search(r'name="key" value="([^"]+)"', page).group(1)
    response = client.post(endpoint, {"code": d.code, "key": key})
    assert response.status_code == 200 and d.code in pdf_text(response.content)
