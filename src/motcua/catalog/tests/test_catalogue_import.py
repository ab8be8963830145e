import json
import lzma
import unicodedata

import pytest

from motcua.catalog.constants import OnlineLevel, ValueSource
from motcua.catalog.models import Field, Procedure, ProcedureRevision
from motcua.catalog.services import catalogue_import

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def shipped_codes(django_db_blocker):
    from django.conf import settings

    path = settings.MOTCUA_DATA_DIR / "catalogue" / "procedures.jsonl.xz"
    with lzma.open(path, "rt", encoding="utf-8") as fh:
        return {json.loads(line)["code"] for line in fh if line.strip()}


@pytest.fixture
def birth():
    from django.conf import settings

    path = settings.MOTCUA_DATA_DIR / "catalogue" / "procedures.jsonl.xz"
    with lzma.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            if '"1.001193"' in line:
                return json.loads(line)
    raise AssertionError("1.001193 missing from the shipped catalogue")


def _write(tmp_path, lines: list[bytes | str | dict]):
    path = tmp_path / "catalogue.jsonl"
    with path.open("wb") as fh:
        for line in lines:
            if isinstance(line, dict):
                line = json.dumps(line, ensure_ascii=False)
            if isinstance(line, str):
                line = line.encode("utf-8")
            fh.write(line + b"\n")
    return path


def test_every_shipped_procedure_is_imported(shipped_codes):
    assert len(shipped_codes) == 2627
    assert set(Procedure.objects.values_list("code", flat=True)) == shipped_codes


def test_second_import_changes_nothing(data_dir):
    report = catalogue_import(data_dir / "catalogue" / "procedures.jsonl.xz")
    assert (report.created, report.updated, report.unchanged) == (0, 0, 2627)
    assert not report.rejected
    assert not ProcedureRevision.objects.exists()


def test_structured_values_of_the_birth_registration():
    p = Procedure.objects.get(code="1.001193")
    assert p.name == "Thủ tục đăng ký khai sinh"
    assert p.field.name == "Hộ tịch"
    assert p.level_commune and not p.level_province
    assert p.has_fee is False
    assert p.online_filing_offered is True
    assert p.online_filing_source == ValueSource.DERIVED
    assert p.online_level == OnlineLevel.UNKNOWN  # the source does not carry it
    assert p.result == "Giấy khai sinh"
    assert p.components.count() > 3
    assert p.issuing_body.name == "Bộ Tư pháp"


def test_science_and_technology_fields_exist_without_procedures():
    fields = Field.objects.filter(is_science_technology=True)
    assert fields.count() == 7
    # The shipped catalogue has no procedure of the Ministry of Science and Technology;
    # "Khoa học và công nghệ" holds two procedures of other bodies.
    assert not Procedure.objects.filter(issuing_body__name="Bộ Khoa học và Công nghệ").exists()
    assert fields.filter(procedure_count=0).count() == 6


def test_district_wording_is_flagged_for_review_never_relevelled():
    flagged = Procedure.objects.filter(needs_review=True)
    assert flagged.count() >= 79
    sample = next(
        p for p in flagged if "cấp huyện" in p.review_findings.get("district_mentions", [])
    )
    assert any("01/07/2025" in reason for reason in sample.review_reasons)


def test_review_reasons_follow_the_reader_language(client):
    p = Procedure.objects.filter(needs_review=True).exclude(review_findings={}).first()
    vi = client.get(f"/vi/procedures/{p.code}/").content.decode()
    assert "Cần rà soát" in vi and "Nghị quyết 202/2025/QH15" in vi
    en = client.get(f"/en/procedures/{p.code}/").content.decode()
    assert "Cấp huyện đã bị bãi bỏ" not in en


def test_missing_code_is_rejected_and_valid_rows_load(tmp_path, birth):
    no_code = {**birth, "code": ""}
    other = {**birth, "code": "9.999991", "name": "Thủ tục thử nghiệm nhập"}
    report = catalogue_import(_write(tmp_path, [no_code, other]))
    assert [(p.line, p.reason) for p in report.rejected] == [(1, "missing procedure code")]
    assert Procedure.objects.filter(code="9.999991").exists()


def test_duplicate_code_with_different_content_is_rejected(tmp_path, birth):
    first = {**birth, "code": "9.999992"}
    second = {**birth, "code": "9.999992", "name": "Tên khác"}
    report = catalogue_import(_write(tmp_path, [first, second]))
    assert len(report.rejected) == 1
    problem = report.rejected[0]
    assert problem.line == 2 and "duplicate code" in problem.reason and "line 1" in problem.reason
    assert Procedure.objects.get(code="9.999992").name == birth["name"]


def test_time_limit_that_cannot_be_parsed_is_reported_and_the_row_loads(tmp_path, birth):
    methods = [
        {
            "hinh_thuc_nop": "Trực tiếp",
            "thoi_han": "khi nào xong",
            "phi_le_phi_va_mo_ta": "Miễn phí",
        }
    ]
    row = {**birth, "code": "9.999993", "submission_methods": methods,
           "submission_methods_text": "Hình thức nộpThời gianPhí, lệ phíMô tảTrực tiếpkhi nào xongMiễn phí",
           "steps_text": "Nộp hồ sơ.", "requirements": None}  # fmt: skip
    report = catalogue_import(_write(tmp_path, [row]))
    assert any(p.line == 1 and "khi nào xong" in p.reason for p in report.problems)
    p = Procedure.objects.get(code="9.999993")
    assert p.time_limit_value is None


def test_broken_utf8_is_rejected_with_its_line(tmp_path, birth):
    good = {**birth, "code": "9.999994"}
    report = catalogue_import(_write(tmp_path, [b'{"code": "9.999995", "name": "\xff\xfe"}', good]))
    assert [(p.line, "UTF-8" in p.reason) for p in report.rejected] == [(1, True)]
    assert Procedure.objects.filter(code="9.999994").exists()


def test_decomposed_vietnamese_is_normalised_and_found(tmp_path, birth, client):
    name = unicodedata.normalize("NFD", "Thủ tục cấp giấy phép nuôi chim yến")
    row = {**birth, "code": "9.999996", "name": name}
    report = catalogue_import(_write(tmp_path, [row]))
    assert any("NFC" in p.reason for p in report.warnings)
    stored = Procedure.objects.get(code="9.999996").name
    assert stored == unicodedata.normalize("NFC", name)
    data = client.get("/api/v1/procedures", {"q": "nuôi chim yến"}).json()
    assert data["items"][0]["code"] == "9.999996"


def test_unknown_agency_is_rejected(tmp_path, birth):
    row = {**birth, "code": "9.999997", "issuing_body": "Bộ Không Tồn Tại"}
    report = catalogue_import(_write(tmp_path, [row]))
    assert "unknown issuing body" in report.rejected[0].reason
    assert not Procedure.objects.filter(code="9.999997").exists()


def test_unknown_key_is_a_warning(tmp_path, birth):
    row = {**birth, "code": "9.999998", "mystery": 1}
    report = catalogue_import(_write(tmp_path, [row]))
    assert any("mystery" in p.reason for p in report.warnings)
    assert Procedure.objects.filter(code="9.999998").exists()


def test_invalid_json_is_rejected(tmp_path, birth):
    report = catalogue_import(_write(tmp_path, ["{not json", {**birth, "code": "9.999990"}]))
    assert report.rejected[0].line == 1 and "invalid JSON" in report.rejected[0].reason
    assert report.created == 1


def test_a_file_from_another_ministry_lands_in_the_science_fields(tmp_path, birth):
    row = {**birth, "code": "1.012345", "name": "Thủ tục cấp giấy phép tiến hành công việc bức xạ",
           "field": "An toàn bức xạ và hạt nhân", "issuing_body": "Bộ Khoa học và Công nghệ"}  # fmt: skip
    catalogue_import(_write(tmp_path, [row]))
    p = Procedure.objects.get(code="1.012345")
    assert p.field.is_science_technology
    assert Field.objects.get(pk=p.field_id).procedure_count == 1


def test_changed_content_keeps_the_previous_version(tmp_path, birth):
    changed = {**birth, "name": "Thủ tục đăng ký khai sinh (sửa đổi)"}
    report = catalogue_import(_write(tmp_path, [changed]))
    assert report.updated == 1
    p = Procedure.objects.get(code="1.001193")
    revision = p.revisions.get()
    assert revision.content["name"] == "Thủ tục đăng ký khai sinh"


def test_dry_run_changes_nothing(tmp_path, birth):
    report = catalogue_import(_write(tmp_path, [{**birth, "code": "9.999989"}]), dry_run=True)
    assert report.created == 1
    assert not Procedure.objects.filter(code="9.999989").exists()


def test_admin_set_online_level_survives_a_reimport(data_dir):
    from motcua.catalog.services import procedure_set_online_level

    p = Procedure.objects.get(code="1.001193")
    procedure_set_online_level(procedure=p, level=OnlineLevel.END_TO_END)
    catalogue_import(data_dir / "catalogue" / "procedures.jsonl.xz")
    p.refresh_from_db()
    assert p.online_level == OnlineLevel.END_TO_END


@pytest.mark.parametrize(
    "broken",
    [{"subjects": [1]}, {"agency_executing_list": [{}]}, {"submission_methods": "x"},
     {"submission_methods": [None]}, {"documents": ["x"]}, {"legal_basis": "x"},
     {"effective_from": 20250701}, {"implementing_level": "Cấp xã"}, {"name": ["x"]},
     {"effective_from": "2025-13-45"}],
)  # fmt: skip
def test_a_malformed_record_is_rejected_and_the_rest_still_loads(tmp_path, birth, broken):
    bad = {**birth, "code": "9.999981", **broken}
    good = {**birth, "code": "9.999982"}
    report = catalogue_import(_write(tmp_path, [bad, good]))
    assert [p.line for p in report.rejected] == [1]
    assert not Procedure.objects.filter(code="9.999981").exists()
    assert Procedure.objects.filter(code="9.999982").exists()


def test_an_absurd_time_limit_is_reported_and_left_empty(tmp_path, birth, client):
    methods = [
        {
            "hinh_thuc_nop": "Trực tiếp",
            "thoi_han": "99999999999 Ngày làm việc",
            "phi_le_phi_va_mo_ta": "Miễn phí",
        }
    ]
    row = {**birth, "code": "9.999983", "submission_methods": methods}
    report = catalogue_import(_write(tmp_path, [row]))
    assert any("out of range" in p.reason for p in report.warnings) or report.rejected
    assert client.get("/vi/procedures/", {"q": "khai sinh"}).status_code == 200


def test_a_new_field_is_reported(tmp_path, birth):
    report = catalogue_import(
        _write(tmp_path, [{**birth, "code": "9.999984", "field": "Lĩnh vực thử"}])
    )
    assert any(p.line == 1 and "new field" in p.reason for p in report.warnings)
    again = catalogue_import(
        _write(tmp_path, [{**birth, "code": "9.999985", "field": "LĨNH VỰC THỬ"}])
    )
    assert not any("new field" in p.reason for p in again.warnings)
