import pytest

from motcua.org.selectors import province_list

pytestmark = pytest.mark.django_db


def test_provinces_page_lists_34_provinces_with_their_commune_counts(client):
    response = client.get("/vi/units/")
    assert response.status_code == 200
    assert len(response.context["provinces"]) == 34
    assert "Thành phố Hà Nội" in response.text


def test_province_list_counts_communes():
    counts = {p.code: p.commune_count for p in province_list()}
    assert len(counts) == 34 and counts["51"] == 96
    assert sum(counts.values()) == 3321


def test_a_commune_code_opens_its_province_with_the_commune_highlighted(client):
    response = client.get("/vi/units/00004/")
    assert response.status_code == 302
    assert response["Location"] == "/vi/units/01/?q=00004"
    page = client.get(response["Location"])
    assert [c.code for c in page.context["communes"]] == ["00004"]
    assert 'aria-current="true"' in page.text


def test_a_gso_1027_commune_code_opens_the_current_commune(client):
    response = client.get("/vi/units/06970/")
    assert response.status_code == 302
    assert response["Location"].endswith("?q=06978")


def test_a_pre_merger_province_code_shows_its_successor(client):
    response = client.get("/vi/units/02/")
    assert response.status_code == 200
    assert "/vi/units/08/" in response.text


def test_an_unknown_code_is_404(client):
    assert client.get("/vi/units/77777/").status_code == 404
