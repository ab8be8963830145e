import pytest

from motcua.authority.models import DecentralisedTask


@pytest.mark.django_db
def test_summary_page_shows_the_published_totals_and_each_citation(client):
    response = client.get("/vi/authority/")
    assert response.status_code == 200
    html = response.content.decode()
    for number in ("229", "117", "78", "39"):
        assert f'<td class="num">{number}</td>' in html
    assert "ND132-D4-01" in html
    assert "Nghị định 132/2025/NĐ-CP, Điều 4" in html
    assert "chưa kiểm chứng điều khoản" in html
    assert "<caption>" in html and 'scope="col"' in html


@pytest.mark.django_db
def test_summary_page_filters_without_javascript(client):
    html = client.get("/vi/authority/?level=commune&mode=bogus").content.decode()
    assert "ND132-D4-01" in html
    assert 'id="ND133-D43-01"' not in html


@pytest.mark.django_db
def test_summary_page_renders_an_empty_registry(client):
    DecentralisedTask.objects.all().delete()
    html = client.get("/vi/authority/").content.decode()
    assert "229" in html
    assert "Không có nhiệm vụ nào khớp bộ lọc." in html


@pytest.mark.django_db
def test_summary_page_query_count_does_not_grow_with_rows(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        client.get("/vi/authority/")
