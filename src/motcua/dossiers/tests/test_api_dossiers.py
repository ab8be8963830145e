import pytest

from motcua.dossiers.models import Dossier
from motcua.dossiers.tests.factories import COMMUNE, COMMUNE_PROCEDURE, setup_hanoi, staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def clerk_client(client):
    people = setup_hanoi()
    client.force_login(people["clerk"])
    return client, people


BODY = {"procedure": COMMUNE_PROCEDURE, "receiving_unit": COMMUNE, "channel": "counter",
        "applicant_name": "Nguyễn Văn An", "applicant_id_number": "001203004567"}  # fmt: skip


def test_file_receive_and_read_the_log(clerk_client):
    client, _ = clerk_client
    created = client.post("/api/v1/dossiers", BODY, content_type="application/json",
                          HTTP_IDEMPOTENCY_KEY="k-1")  # fmt: skip
    assert created.status_code == 201, created.content
    dossier_id = created.json()["id"]
    again = client.post(
        "/api/v1/dossiers", BODY, content_type="application/json", HTTP_IDEMPOTENCY_KEY="k-1"
    )
    assert again.json()["id"] == dossier_id and Dossier.objects.count() == 1
    received = client.post(
        f"/api/v1/dossiers/{dossier_id}/transitions/receive", {}, content_type="application/json"
    )
    assert received.status_code == 200
    body = received.json()
    assert body["dossier"]["state"] == "received" and body["dossier"]["code"] and body["lookup_key"]
    events = client.get(f"/api/v1/dossiers/{dossier_id}/events").json()
    assert [e["kind"] for e in events] == ["submitted", "receive"]
    assert events[1]["prev_hash"] == events[0]["hash"]


def test_refused_transition_is_409_in_the_error_shape(clerk_client):
    client, _ = clerk_client
    dossier_id = client.post("/api/v1/dossiers", BODY, content_type="application/json").json()["id"]
    response = client.post(
        f"/api/v1/dossiers/{dossier_id}/transitions/return_result",
        {},
        content_type="application/json",
    )
    assert response.status_code == 409
    assert response.json()["code"] == "transition_not_allowed"


def test_bad_personal_id_is_refused_and_nothing_is_written(clerk_client):
    client, _ = clerk_client
    response = client.post(
        "/api/v1/dossiers", {**BODY, "applicant_id_number": "123"}, content_type="application/json"
    )
    assert response.status_code in (400, 422)
    assert Dossier.objects.count() == 0


def test_another_units_dossier_is_404(clerk_client):
    client, _ = clerk_client
    dossier_id = client.post("/api/v1/dossiers", BODY, content_type="application/json").json()["id"]
    client.force_login(staff("elsewhere", "clerk", "00008"))
    assert client.get(f"/api/v1/dossiers/{dossier_id}").status_code == 404


def test_anonymous_is_401(client):
    assert client.get("/api/v1/dossiers").status_code == 401
