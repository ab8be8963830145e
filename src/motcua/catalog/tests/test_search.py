import time

import pytest

from motcua.catalog.models import Field, Procedure
from motcua.catalog.search import invalidate_index
from motcua.catalog.selectors import procedure_search

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_index():
    invalidate_index()
    yield
    invalidate_index()


def _codes(q: str, **filters) -> list[str]:
    return [p.code for p in procedure_search(q=q, **filters).items]


def test_unaccented_query_puts_birth_registration_first():
    assert _codes("dang ky khai sinh")[0] == "1.001193"


def test_accented_and_upper_case_queries_agree():
    assert _codes("Đăng ký khai sinh")[0] == "1.001193"
    assert _codes("ĐĂNG KÝ KHAI SINH")[0] == "1.001193"


def test_exact_diacritics_rank_above_a_folded_match():
    field = Field.objects.first()
    Procedure.objects.create(code="9.000001", name="Thủ tục cấp phép bán cà", field=field)
    Procedure.objects.create(code="9.000002", name="Thủ tục cấp phép bán cá", field=field)
    invalidate_index()
    assert _codes("cấp phép bán cá")[:2] == ["9.000002", "9.000001"]
    assert _codes("cấp phép bán cà")[:2] == ["9.000001", "9.000002"]


def test_level_filter():
    codes = _codes("khai sinh", level="commune")
    assert codes and "1.001193" in codes
    assert all(Procedure.objects.get(code=c).level_commune for c in codes)


def test_field_filter_without_text():
    field = Procedure.objects.get(code="1.001193").field
    result = procedure_search(field_id=field.id, limit=500)
    assert result.count == Procedure.objects.filter(field=field).count()


@pytest.mark.parametrize("q", ["", "   ", "a" * 1000, "đăng ký " * 125, "%_'\"<script>", "🙂"])
def test_odd_queries_answer_quickly_and_never_error(q):
    start = time.perf_counter()
    result = procedure_search(q=q)
    assert time.perf_counter() - start < 2.0
    assert result.count >= 0


def test_search_page_and_api_give_the_same_first_hit(client):
    page = client.get("/vi/procedures/", {"q": "dang ky khai sinh"})
    assert page.status_code == 200
    api = client.get("/api/v1/procedures", {"q": "dang ky khai sinh"}).json()
    assert api["items"][0]["code"] == "1.001193"
    assert api["count"] > 1
    html = page.content.decode()
    assert html.index("1.001193") < html.index(api["items"][1]["code"])


def test_unprefixed_procedure_url_redirects_to_the_language_prefixed_one(client):
    response = client.get("/procedures/1.001193/")
    assert response.status_code in (301, 302)
    assert response["Location"].startswith("/vi/procedures/1.001193/")


def test_procedure_page_shows_every_published_field(client):
    html = client.get("/vi/procedures/1.001193/").content.decode()
    for label in ["Lĩnh vực", "Cấp thực hiện", "Thời hạn giải quyết", "Phí, lệ phí",
                  "Thành phần hồ sơ", "Trình tự thực hiện", "Căn cứ pháp lý", "Kết quả",
                  "Cơ quan thực hiện", "Đối tượng thực hiện", "Mức độ dịch vụ công trực tuyến"]:  # fmt: skip
        assert label in html, label
    assert "Giấy khai sinh" in html


def test_unknown_procedure_is_404(client):
    assert client.get("/vi/procedures/0.000000/").status_code == 404
    assert client.get("/api/v1/procedures/0.000000").status_code == 404


def test_list_pages_say_no_science_procedures_are_loaded(client):
    html = client.get("/vi/procedures/").content.decode()
    assert "chưa có thủ tục nào được nạp" in html
    assert "Tần số vô tuyến điện" in html


def test_search_page_runs_a_bounded_number_of_queries(client, django_assert_max_num_queries):
    client.get("/vi/procedures/", {"q": "khai sinh"})  # warm the index
    with django_assert_max_num_queries(8):
        client.get("/vi/procedures/", {"q": "dang ky"})


def test_a_procedure_code_typed_in_the_box_comes_first():
    assert _codes("1.001193")[0] == "1.001193"
    assert _codes("001193")[0] == "1.001193"


def test_procedures_no_longer_in_force_are_not_found():
    import datetime as dt

    Procedure.objects.filter(code="1.001193").update(effective_to=dt.date(2026, 1, 1))
    invalidate_index()
    assert "1.001193" not in _codes("dang ky khai sinh")
