"""Properties: any field list an administrator can define compiles, round-trips, and the
demo's example data always validates against it."""

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from motcua.eforms.constants import Kind
from motcua.eforms.examples import example_data, regex_example
from motcua.eforms.schema import FieldSpec, build_schema, errors_for, field_specs, validate

PATTERNS = [r"\d{5}", r"^[A-Z]{2}\d{6}$", r"\d{1,3}/\d{4}", r"([01]\d|2[0-3]):[0-5]\d",
            r"(HS|GT)-[0-9]{3,6}", r"[a-z]+(-[a-z]+)*", r"[^\s]{4,8}"]  # fmt: skip
KEYS = st.from_regex(r"\A[a-z][a-z0-9_]{0,20}\Z")
WORDS = st.sampled_from(["Họ, chữ đệm, tên", "Ngày sinh", "Nơi cư trú", "Dân tộc", "Số bản",
                         "Mục đích", "Giới tính", "Ghi chú", "Quốc tịch"])  # fmt: skip
CHOICES = st.lists(st.sampled_from(["Nam", "Nữ", "Khác", "Có", "Không", "Kinh", "Hoa", "Song ngữ"]),
                   min_size=1, max_size=5, unique=True).map(tuple)  # fmt: skip


@st.composite
def field(draw, key: str) -> FieldSpec:
    kind = draw(st.sampled_from(Kind.values))
    extra: dict = {}
    if kind in (Kind.CHOICE, Kind.MULTICHOICE):
        extra["choices"] = draw(CHOICES)
    if kind in (Kind.TEXT, Kind.TEXTAREA):
        if draw(st.booleans()) and kind == Kind.TEXT:
            extra["pattern"] = draw(st.sampled_from(PATTERNS))
        else:
            low = draw(st.none() | st.integers(1, 40))
            extra["min_length"] = low
            extra["max_length"] = draw(st.none() | st.integers(max(low or 1, 1), 300))
    if kind == Kind.EMAIL:
        extra["max_length"] = draw(st.none() | st.integers(20, 254))
    if kind in (Kind.INTEGER, Kind.NUMBER):
        low = draw(st.none() | st.integers(-1000, 1000))
        high = draw(st.none() | st.integers(low if low is not None else -1000, 2000))
        extra.update(min_value=low, max_value=high)
    return FieldSpec(key=key, label=draw(WORDS), kind=kind, required=draw(st.booleans()),
                     section=draw(st.sampled_from(["", "Người yêu cầu", "Nội dung"])), **extra)  # fmt: skip


@st.composite
def fields(draw) -> list[FieldSpec]:
    keys = draw(st.lists(KEYS, min_size=1, max_size=12, unique=True))
    return [draw(field(k)) for k in keys]


@settings(max_examples=150, deadline=None)
@given(fields(), st.integers(0, 2**32))
def test_example_data_always_validates(specs, seed):
    schema = build_schema("Tờ khai", specs)
    data = example_data(schema, random.Random(seed))
    assert errors_for(schema, data) == {}
    assert validate(schema, data) == data  # already normalised
    assert set(schema["required"]) <= set(data)


@settings(max_examples=100, deadline=None)
@given(fields())
def test_schema_round_trip_is_stable(specs):
    schema = build_schema("Tờ khai", specs)
    assert build_schema("Tờ khai", field_specs(schema)) == schema


@given(st.sampled_from(PATTERNS), st.integers(0, 2**32))
def test_regex_examples_match(pattern, seed):
    import re

    assert re.fullmatch(pattern.strip("^$"), regex_example(pattern, random.Random(seed)))
