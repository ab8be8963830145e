import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from motcua.core.errors import InvalidInput
from motcua.dossiers.identity import PROVINCE_PREFIXES, parse_chip_qr, parse_personal_id


def test_valid_id():
    parsed = parse_personal_id("001303004567")
    assert (parsed.province_prefix, parsed.sex, parsed.birth_year) == ("001", "female", 2003)


@pytest.mark.parametrize(
    "number", ["", "12345678901", "0012030045678", "00120300456a", "003203004567", "001299004567"]
)
def test_invalid_ids_are_refused_with_a_reason(number):
    with pytest.raises(InvalidInput):
        parse_personal_id(number)


def test_birth_year_must_match():
    with pytest.raises(InvalidInput, match="không khớp"):
        parse_personal_id("001203004567", birth_date=dt.date(1990, 1, 1))


@given(
    st.sampled_from(sorted(PROVINCE_PREFIXES)), st.integers(0, 3), st.integers(0, 99),
    st.integers(0, 999999),
)  # fmt: skip
def test_every_well_formed_past_id_parses(prefix, century_sex, yy, tail):
    year = 1900 + 100 * (century_sex // 2) + yy
    number = f"{prefix}{century_sex}{yy:02d}{tail:06d}"
    if year > dt.date.today().year:
        with pytest.raises(InvalidInput):
            parse_personal_id(number)
    else:
        assert parse_personal_id(number).birth_year == year


def test_chip_card_qr():
    card = parse_chip_qr(
        "001303004567|123456789|Nguyễn Thị Bình|15032003|Nữ|Phường Ba Đình, Hà Nội|01022021"
    )
    assert card.name == "Nguyễn Thị Bình" and card.birth_date == dt.date(2003, 3, 15)
    assert card.issue_date == dt.date(2021, 2, 1)


@pytest.mark.parametrize(
    "text",
    ["001303004567|123456789|Nguyễn Thị Bình|15032003|Nữ|Hà Nội",  # 6 fields
     "001303004567|123456789|Nguyễn Thị Bình|15031990|Nữ|Hà Nội|01022021",  # year mismatch
     "001303004567|123456789|Nguyễn Thị Bình|15032003|Nam|Hà Nội|01022021",  # sex mismatch
     "001303004567|123456789|Nguyễn Thị Bình|31022003|Nữ|Hà Nội|01022021",  # no 31 Feb
     "001303004567|12345|Nguyễn Thị Bình|15032003|Nữ|Hà Nội|01022021"],  # old id
)  # fmt: skip
def test_bad_qr_is_refused(text):
    with pytest.raises(InvalidInput):
        parse_chip_qr(text)
