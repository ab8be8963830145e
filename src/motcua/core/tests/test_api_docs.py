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


def test_unknown_api_path_answers_in_the_error_shape(client):
    response = client.get("/api/v2/nothing")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_page_404_is_in_vietnamese(client):
    response = client.get("/vi/khong-co-trang-nay/")
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.content.decode()


@pytest.mark.parametrize(
    "url",
    ["/api/v1/units/%00", "/api/v1/units?q=%00", "/vi/procedures/%00/", "/vi/units/%00/",
     "/api/v1/procedures?field=99999999999999999999", "/vi/procedures/?field=99999999999999999999",
     "/api/v1/units?offset=99999999999999999999", "/api/v1/procedures?level=x",
     "/vi/procedures/?q=dang&page=500"],
)  # fmt: skip
def test_bad_parameters_never_give_a_server_error(client, url):
    response = client.get(url)
    assert response.status_code in (200, 400, 404, 422), (url, response.status_code)
    if url.startswith("/api/") and response.status_code != 200:
        assert "code" in response.json()
