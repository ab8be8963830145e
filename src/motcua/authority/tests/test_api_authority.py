import pytest

URL = "/api/v1/authority/tasks"


@pytest.mark.django_db
def test_list_answers_count_and_items_with_every_field(client):
    response = client.get(URL)
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 11
    assert len(body["items"]) == 11
    item = body["items"][0]
    assert item["code"] == "ND132-D4-01"
    assert item["name"].startswith("Kiểm tra nhà nước về đo lường")
    assert {
        "field": "Đo lường, chất lượng",
        "from_level": "district",
        "to_level": "commune",
        "mode": "allocation",
        "mode_label": "Phân định thẩm quyền",
        "instrument": "Nghị định 132/2025/NĐ-CP",
        "article": "Điều 4",
        "article_verified": True,
        "citation": "Nghị định 132/2025/NĐ-CP, Điều 4",
        "effective_from": "2025-07-01",
        "effective_to": "2027-03-01",
        "status": "in_force",
        "procedures": [],
    }.items() <= item.items()
    assert item["source"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "count"),
    [
        ("mode=delegation", 4),
        ("mode=unspecified", 1),
        ("level=commune", 5),
        ("level=province&from_level=central", 5),
        ("field=Sở hữu trí tuệ", 2),
        ("status=awaiting_text", 0),
        ("verified=false", 4),
    ],
)
def test_list_filters(client, query, count):
    assert client.get(f"{URL}?{query}").json()["count"] == count


@pytest.mark.django_db
def test_list_pages_with_limit_and_offset(client):
    body = client.get(f"{URL}?limit=2&offset=10").json()
    assert body["count"] == 11
    assert [i["code"] for i in body["items"]] == ["ND133-D55-56-02"]


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["mode=centralisation", "level=district_x", "status=repealed"])
def test_unknown_filter_value_is_refused(client, query):
    response = client.get(f"{URL}?{query}")
    assert response.status_code == 422
    assert response.json()["code"] == "invalid_input"


@pytest.mark.django_db
def test_one_task_by_code(client):
    body = client.get(f"{URL}/ND133-D43-01").json()
    assert (body["article"], body["mode"], body["to_level"]) == (
        "khoản 2 Điều 43",
        "delegation",
        "province",
    )
    missing = client.get(f"{URL}/NOPE")
    assert missing.status_code == 404
    assert missing.json()["code"] == "not_found"


@pytest.mark.django_db
def test_summary_endpoint_reports_the_gaps(client):
    body = client.get("/api/v1/authority/summary").json()
    assert body["total"] == 11
    coverage = {c["key"]: c for c in body["coverage"]}
    assert (coverage["reviewed"]["published"], coverage["reviewed"]["gap"]) == (229, 218)
    assert coverage["by_decree_133"]["published"] == 78
    assert body["published_totals"]["awaiting_later_texts"] == 39
