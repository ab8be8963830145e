"""Field definitions → JSON Schema → Django form → JSON, and Vietnamese messages."""

import datetime as dt

import pytest
from django.utils import translation

from motcua.eforms.schema import (
    FieldSpec,
    FormDataInvalid,
    build_schema,
    display_rows,
    errors_for,
    field_specs,
    form_class,
    normalise,
    validate,
)
from motcua.eforms.tests.factories import FIELDS, VALID

SCHEMA = build_schema("Tờ khai thử", FIELDS, procedure="1.001193")


def test_schema_is_draft_2020_12_with_order_kinds_and_sections():
    assert SCHEMA["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert SCHEMA["x-order"] == [f.key for f in FIELDS]
    assert SCHEMA["required"] == ["ho_ten", "ngay_sinh", "gioi_tinh", "cam_doan"]
    assert SCHEMA["additionalProperties"] is False
    assert SCHEMA["properties"]["ngay_sinh"] == {
        "title": "Ngày sinh", "x-kind": "date", "x-section": "Người được khai sinh",
        "type": "string", "format": "date",
    }  # fmt: skip
    assert SCHEMA["properties"]["cam_doan"]["const"] is True
    assert SCHEMA["properties"]["so_ban_sao"] == {
        "title": "Số bản sao", "x-kind": "integer", "type": "integer", "minimum": 0, "maximum": 20
    }  # fmt: skip


def test_schema_round_trips_through_field_specs():
    assert build_schema("Tờ khai thử", field_specs(SCHEMA), procedure="1.001193") == SCHEMA


def test_valid_data_is_normalised():
    data = {**VALID, "ho_ten": "  Nguyễn Văn An ", "so_ban_sao": 2, "me_so_dinh_danh": ""}
    assert validate(SCHEMA, data) == {**VALID, "so_ban_sao": 2}


def test_decomposed_vietnamese_is_stored_composed():
    import unicodedata

    nfd = unicodedata.normalize("NFD", "Nguyễn Văn An")
    assert validate(SCHEMA, {**VALID, "ho_ten": nfd})["ho_ten"] == "Nguyễn Văn An"


@pytest.mark.parametrize(
    ("change", "key", "message"),
    [
        ({"ho_ten": ""}, "ho_ten", "Vui lòng nhập Họ, chữ đệm, tên."),
        ({"ho_ten": "A" * 101}, "ho_ten", "Họ, chữ đệm, tên dài tối đa 100 ký tự."),
        ({"ngay_sinh": "2025-02-30"}, "ngay_sinh", "Ngày sinh phải là một ngày có thật"),
        ({"ngay_sinh": "01/10/2025"}, "ngay_sinh", "Ngày sinh phải là một ngày có thật"),
        ({"gioi_tinh": "Khác"}, "gioi_tinh", "“Khác” không phải là lựa chọn của Giới tính."),
        ({"so_ban_sao": 21}, "so_ban_sao", "Số bản sao không được lớn hơn 20."),
        ({"so_ban_sao": "2"}, "so_ban_sao", "Số bản sao phải là số nguyên."),
        ({"cam_doan": False}, "cam_doan", "Vui lòng đánh dấu: Tôi cam đoan"),
        ({"me_so_dinh_danh": "12345"}, "me_so_dinh_danh", "phải gồm đúng 12 chữ số"),
        ({"me_so_dinh_danh": "999203004567"}, "me_so_dinh_danh", "không phải mã tỉnh"),
        ({"la": 1}, "__all__", "Tờ khai có trường không có trong mẫu: la."),
    ],
)
def test_each_rule_has_a_vietnamese_message_on_its_field(change, key, message):
    with pytest.raises(FormDataInvalid) as exc:
        validate(SCHEMA, {**VALID, **change})
    assert any(message in m for m in exc.value.extra["fields"][key])
    assert message in exc.value.message or "lỗi" in exc.value.message


def test_every_error_is_reported_at_once():
    errors = errors_for(SCHEMA, normalise({"gioi_tinh": "X"}))
    assert set(errors) == {"ho_ten", "ngay_sinh", "gioi_tinh", "cam_doan"}


def test_not_an_object_is_a_clear_error():
    with pytest.raises(FormDataInvalid) as exc:
        validate(SCHEMA, ["a"])
    assert "Dữ liệu tờ khai" in exc.value.message


def test_messages_follow_the_active_language_machinery():
    # English strings are translated later; the message is built in the active language.
    with translation.override("en"):
        errors = errors_for(SCHEMA, {})
    assert errors["ho_ten"] and "required" not in errors["ho_ten"][0]


def test_patterns_match_the_whole_value_and_emails_are_checked():
    schema = build_schema("T", [
        FieldSpec("ma", "Mã hồ sơ cũ", pattern=r"\d{5}"),
        FieldSpec("email", "Thư điện tử", kind="email"),
        FieldSpec("dt", "Điện thoại", kind="phone"),
    ])  # fmt: skip
    assert validate(schema, {"ma": "12345", "email": "an@example.vn", "dt": "0912345678"})
    errors = errors_for(schema, {"ma": "123456", "email": "an@", "dt": "12"})
    assert errors["ma"] == ["Mã hồ sơ cũ không đúng định dạng."]
    assert "thư điện tử hợp lệ" in errors["email"][0]
    assert "số điện thoại không hợp lệ" in errors["dt"][0]


def test_bad_definitions_are_refused():
    with pytest.raises(FormDataInvalid) as exc:
        build_schema("T", [FieldSpec("a", "A", kind="choice"), FieldSpec("a", "B"),
                           FieldSpec("Bad Key", "C"), FieldSpec("p", "P", pattern="(")])  # fmt: skip
    text = exc.value.message
    assert "cần ít nhất một lựa chọn" in text and "bị trùng" in text
    assert "không hợp lệ" in text and "Mẫu kiểm tra" in text


def test_django_form_parses_dd_mm_yyyy_and_gives_json():
    cls = form_class(SCHEMA)
    form = cls({"ef-ho_ten": "Nguyễn Văn An", "ef-ngay_sinh": "01/10/2025", "ef-gioi_tinh": "Nam",
                "ef-so_ban_sao": "2", "ef-cam_doan": "on"})  # fmt: skip
    assert form.is_valid(), form.errors
    assert form.json_data == {**VALID, "so_ban_sao": 2}
    html = form.as_div()
    assert 'placeholder="dd/mm/yyyy"' in html and 'name="ef-ho_ten"' in html
    assert [s for s, _fields in form.sections()][:2] == ["Người được khai sinh", ""]


def test_django_form_shows_the_schema_messages():
    form = form_class(SCHEMA)({"ef-ho_ten": "", "ef-ngay_sinh": "31/02/2025",
                               "ef-me_so_dinh_danh": "999203004567"})  # fmt: skip
    assert not form.is_valid()
    assert form.errors["ho_ten"] == ["Vui lòng nhập Họ, chữ đệm, tên."]
    assert "ngày/tháng/năm" in form.errors["ngay_sinh"][0]
    assert "không phải mã tỉnh" in form.errors["me_so_dinh_danh"][0]
    assert form.errors["cam_doan"] == ["Vui lòng đánh dấu: Tôi cam đoan"]


def test_filed_data_is_shown_with_the_labels_of_its_version():
    rows = display_rows(SCHEMA, {**VALID, "me_so_dinh_danh": "001203004567", "cu": "x"})
    assert rows[0] == {"section": "Người được khai sinh", "label": "Họ, chữ đệm, tên", "value": "Nguyễn Văn An"}  # fmt: skip
    shown = {r["label"]: r["value"] for r in rows}
    assert shown["Ngày sinh"] == "01/10/2025" and shown["Tôi cam đoan"] == "Có"
    assert shown["Số định danh của mẹ"] == "001******567" and shown["cu"] == "x"


def test_today_is_a_valid_date():
    assert validate(SCHEMA, {**VALID, "ngay_sinh": dt.date.today().isoformat()})
