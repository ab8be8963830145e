import pytest

from motcua.authority.models import DecentralisedTask


@pytest.mark.django_db
def test_admin_lists_filters_and_searches_tasks(admin_client):
    url = "/vi/admin/authority/decentralisedtask/"
    response = admin_client.get(url, {"mode__exact": "delegation", "q": "43"})
    assert response.status_code == 200
    assert "ND133-D43-01" in response.content.decode()


@pytest.mark.django_db
def test_admin_refuses_a_verified_task_without_article(admin_client):
    data = {
        "code": "ADM-1",
        "name": "Nhiệm vụ thêm từ trang quản trị",
        "field_name": "Sở hữu trí tuệ",
        "status": "in_force",
        "from_level": "central",
        "to_level": "province",
        "mode": "delegation",
        "instrument": "Nghị định 133/2025/NĐ-CP",
        "article": "",
        "article_verified": "on",
        "source": "nguồn",
    }
    response = admin_client.post("/vi/admin/authority/decentralisedtask/add/", data)
    assert response.status_code == 200
    assert not DecentralisedTask.objects.filter(code="ADM-1").exists()
    response = admin_client.post(
        "/vi/admin/authority/decentralisedtask/add/", {**data, "article": "Điều 40"}
    )
    assert response.status_code == 302
    assert DecentralisedTask.objects.get(code="ADM-1").citation == (
        "Nghị định 133/2025/NĐ-CP, Điều 40"
    )
