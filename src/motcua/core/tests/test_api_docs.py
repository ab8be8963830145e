import pytest

pytestmark = pytest.mark.django_db


def test_openapi_document_lists_the_v1_endpoints(client):
    doc = client.get("/api/openapi.json").json()
    assert doc["openapi"].startswith("3.1")
    for path in ["/api/v1/units", "/api/v1/units/{code}", "/api/v1/procedures",
                 "/api/v1/procedures/{code}", "/api/v1/authority/tasks"]:  # fmt: skip
        assert path in doc["paths"], path


def test_interactive_docs_load_from_our_own_static_files(client):
    html = client.get("/api/docs").content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in html
    assert "cdn" not in html.lower()


def test_json_keeps_vietnamese_readable(client):
    body = client.get("/api/v1/procedures/1.001193").content.decode("utf-8")
    assert "Thủ tục đăng ký khai sinh" in body
