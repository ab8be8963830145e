import pytest
from django.test import override_settings
from django.urls import reverse

from motcua.dossiers.services import dossier_act
from motcua.dossiers.tests.factories import submit

pytestmark = pytest.mark.django_db

URL = reverse("portal:status")
NOT_FOUND = "Không tìm thấy hồ sơ với mã hồ sơ và mã tra cứu này"


@pytest.fixture
def received(people):
    d = submit(people["clerk"])
    receipt = dossier_act(dossier_id=d.pk, name="receive", actor=people["clerk"])
    return receipt.dossier, receipt.lookup_key


def test_the_right_code_and_key_show_the_status(client, received):
    d, key = received
    response = client.post(URL, {"code": d.code, "key": key})
    html = response.content.decode()
    assert response.status_code == 200 and NOT_FOUND not in html
    assert d.code in html and 'data-state="received"' in html
    assert "no-cache" in response["Cache-Control"]


def test_the_key_may_be_typed_in_lower_case(client, received):
    d, key = received
    html = client.post(URL, {"code": f" {d.code} ", "key": key.lower()}).content.decode()
    assert 'data-state="received"' in html


@pytest.mark.parametrize("wrong", ["key", "code"])
def test_a_wrong_code_or_key_answers_the_same_not_found(client, received, wrong):
    d, key = received
    data = {"code": d.code, "key": key}
    data[wrong] = "H01.000-250101-9999" if wrong == "code" else "00000000"
    response = client.post(URL, data)
    html = response.content.decode()
    assert response.status_code == 200 and NOT_FOUND in html
    assert d.procedure.name not in html


def test_a_dossier_not_yet_received_cannot_be_looked_up(client, people):
    d = submit(people["clerk"])
    html = client.post(URL, {"code": str(d.pk), "key": ""}).content.decode()
    assert 'data-state="submitted"' not in html


def test_the_lookup_form_needs_no_login(client, db):
    response = client.get(URL)
    assert response.status_code == 200 and 'name="key"' in response.content.decode()


@override_settings(MOTCUA_PORTAL_LOOKUP_LIMIT=3, MOTCUA_PORTAL_LOOKUP_WINDOW=600)
def test_lookups_are_rate_limited_per_ip(client, received):
    d, key = received
    for _ in range(3):
        assert client.post(URL, {"code": d.code, "key": "WRONG"}).status_code == 200
    response = client.post(URL, {"code": d.code, "key": key})
    assert response.status_code == 429
    html = response.content.decode()
    assert "tra cứu quá nhiều lần" in html and "10 phút" in html
    assert 'data-state="received"' not in html
    # Another address is counted on its own.
    other = client.post(URL, {"code": d.code, "key": key}, REMOTE_ADDR="10.0.0.7")
    assert other.status_code == 200
