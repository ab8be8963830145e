import pytest

pytestmark = pytest.mark.django_db


def test_list_shape_and_total(client):
    data = client.get("/api/v1/units", {"level": "province", "limit": 5}).json()
    assert data["count"] == 34
    assert len(data["items"]) == 5
    assert {"code", "name"} <= set(data["items"][0])


def test_filter_communes_of_a_province(client):
    data = client.get("/api/v1/units", {"level": "commune", "province": "51", "limit": 500}).json()
    assert data["count"] == 96
    assert all(item["province_code"] == "51" for item in data["items"])


def test_unknown_level_is_a_422_with_the_error_shape(client):
    response = client.get("/api/v1/units", {"level": "district"})
    assert response.status_code == 422
    assert response.json()["code"] == "invalid_input"


def test_current_code(client):
    data = client.get("/api/v1/units/00004").json()
    assert data["status"] == "current"
    assert data["unit"]["name"] == "Ba Đình"


def test_old_code_answers_with_its_successors(client):
    data = client.get("/api/v1/units/00013").json()
    assert data["status"] == "former"
    assert [s["code"] for s in data["successors"]] == ["00004"]


def test_unknown_code_is_404_with_a_vietnamese_message(client):
    response = client.get("/api/v1/units/77777")
    assert response.status_code == 404
    body = response.json()
    assert body["code"] == "not_found"
    assert "Không tìm thấy" in body["message"]


def test_list_query_with_an_old_code_finds_the_successor(client):
    data = client.get("/api/v1/units", {"q": "00013"}).json()
    assert [item["code"] for item in data["items"]] == ["00004"]


def test_as_of_answers_the_kind_and_names_in_force_on_that_date(client):
    # Lộc Ninh (Đồng Nai) became a phường on 30/4/2026.
    before = client.get("/api/v1/units/25270", {"as_of": "2025-08-01"}).json()["unit"]
    assert (before["kind"], before["full_name"]) == ("xa", "Xã Lộc Ninh")
    for params in ({}, {"as_of": "2026-11-25"}):
        now = client.get("/api/v1/units/25270", params).json()["unit"]
        assert (now["kind"], now["full_name"]) == ("phuong", "Phường Lộc Ninh")


def test_as_of_does_not_change_the_stored_unit(client):
    client.get("/api/v1/units/25270", {"as_of": "2025-08-01"})
    assert client.get("/api/v1/units/25270").json()["unit"]["kind"] == "phuong"


def test_a_pre_merger_province_code_lists_the_communes_of_its_successor(client):
    # Hà Giang (02) merged into Tuyên Quang (08).
    merged = client.get("/api/v1/units", {"province": "02", "limit": 500}).json()
    current = client.get("/api/v1/units", {"province": "08", "limit": 500}).json()
    assert merged["count"] == current["count"] > 0
    assert {item["province_code"] for item in merged["items"]} == {"08"}


def test_a_commune_code_is_no_province_filter(client):
    assert client.get("/api/v1/units", {"province": "00004"}).json()["count"] == 0
