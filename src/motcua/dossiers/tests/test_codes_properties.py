"""Dossier codes, by property: every style round-trips and parsing never raises."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from motcua.core.errors import InvalidInput
from motcua.dossiers.codes import (
    KNOWN_MINISTRY_AA,
    MAX_AGENCY_LENGTH,
    STYLE_CENTRALISED,
    STYLE_CIRCULAR01,
    STYLE_DECISION20,
    STYLES,
    ParsedCode,
    format_code,
    parse_code,
    qcvn102_agency_code,
)

# The one agency shape read as Circular 01 without a hint (see the codes module docstring).
QCVN102_SHAPE = re.compile(r"[0-9A-Z]{3}\.[0-9A-Z]{2}\.[0-9A-Z]{2}\.[A-Y][0-9]{2}")

level1 = st.from_regex(r"[A-Y][0-9]{2}", fullmatch=True)
group = st.from_regex(r"[0-9A-Z]{1,5}", fullmatch=True)
days = st.dates(dt.date(2000, 1, 1), dt.date(2099, 12, 31))
digits = st.integers(4, 8)


@st.composite
def decision20_agencies(draw: st.DrawFn) -> str:
    """Left-to-right agency codes of up to 35 characters, level 1 first."""
    code = draw(level1)
    for part in draw(st.lists(group, max_size=10)):
        if len(code) + 1 + len(part) > MAX_AGENCY_LENGTH:
            break
        code = f"{code}.{part}"
    return code


ltr_agencies = decision20_agencies().filter(lambda code: not QCVN102_SHAPE.fullmatch(code))
qcvn102_agencies = st.from_regex(QCVN102_SHAPE, fullmatch=True)
# Decision 20 codes whose levels fit QCVN 102 (2, 2 and 3 characters for levels 2–4).
convertible_agencies = st.builds(
    lambda first, l2, l3, l4, levels: ".".join([first, l2, l3, l4][:levels]),
    level1,
    st.from_regex(r"[0-9]{1,2}", fullmatch=True),
    st.from_regex(r"[0-9]{1,2}", fullmatch=True),
    st.from_regex(r"[0-9]{1,3}", fullmatch=True),
    st.integers(1, 4),
)


@given(ltr_agencies, days, st.integers(1, 99_999), st.integers(4, 5))
def test_decision20_round_trips(agency, day, sequence, width):
    code = format_code(agency, day, sequence, style=STYLE_DECISION20, digits=width)
    assert parse_code(code) == ParsedCode(
        valid=True,
        agency_code=agency,
        receipt_date=day,
        sequence=sequence,
        format=STYLE_DECISION20,
    )


@given(ltr_agencies, days, st.integers(1, 10**8 - 1), digits)
def test_decision20_round_trips_or_refuses_a_number_read_as_centralised(
    agency, day, sequence, width
):
    number = f"{sequence:0{width}d}"
    misread = len(number) >= 6 and number[:2] in KNOWN_MINISTRY_AA
    if misread:
        with pytest.raises(InvalidInput):
            format_code(agency, day, sequence, digits=width)
        code = f"{agency}-{day:%y%m%d}-{number}"
        assert parse_code(code, hint=STYLE_DECISION20).sequence == sequence
    else:
        parsed = parse_code(format_code(agency, day, sequence, digits=width))
        assert (parsed.format, parsed.sequence) == (STYLE_DECISION20, sequence)


@given(qcvn102_agencies, days, st.integers(1, 10**8 - 1), digits)
def test_circular01_round_trips(agency, day, sequence, width):
    code = format_code(agency, day, sequence, style=STYLE_CIRCULAR01, digits=width)
    assert parse_code(code) == ParsedCode(
        valid=True,
        agency_code=agency,
        receipt_date=day,
        sequence=sequence,
        format=STYLE_CIRCULAR01,
    )


@given(convertible_agencies, days, st.integers(1, 9999))
def test_circular01_turns_decision20_agency_codes_right_to_left(agency, day, sequence):
    code = format_code(agency, day, sequence, style=STYLE_CIRCULAR01)
    parsed = parse_code(code)
    assert parsed.format == STYLE_CIRCULAR01
    assert parsed.agency_code == qcvn102_agency_code(agency)
    assert parsed.agency_code.endswith("." + agency.split(".")[0])
    assert parsed.sequence == sequence


@given(
    ltr_agencies,
    days,
    st.integers(1, 10**8 - 1),
    digits,
    st.sampled_from(sorted(KNOWN_MINISTRY_AA)),
)
def test_centralised_round_trips_for_known_ministries(agency, day, sequence, width, aa):
    code = format_code(agency, day, sequence, style=STYLE_CENTRALISED, ministry_aa=aa, digits=width)
    assert parse_code(code) == ParsedCode(
        valid=True,
        agency_code=agency,
        receipt_date=day,
        sequence=sequence,
        ministry_aa=aa,
        format=STYLE_CENTRALISED,
    )


@given(
    ltr_agencies,
    days,
    st.integers(1, 10**8 - 1),
    digits,
    st.from_regex(r"[0-9]{2}", fullmatch=True),
)
def test_centralised_round_trips_for_any_ministry_with_the_hint(agency, day, sequence, width, aa):
    code = format_code(agency, day, sequence, style=STYLE_CENTRALISED, ministry_aa=aa, digits=width)
    parsed = parse_code(code, hint=STYLE_CENTRALISED)
    assert (parsed.agency_code, parsed.receipt_date) == (agency, day)
    assert (parsed.sequence, parsed.ministry_aa) == (sequence, aa)


def _check(parsed: ParsedCode, text: str) -> None:
    assert isinstance(parsed, ParsedCode)
    if not parsed.valid:
        assert parsed.reason
        assert parsed.agency_code is parsed.receipt_date is parsed.sequence is None
        return
    assert parsed.reason is None
    assert parsed.sequence >= 1
    assert len(parsed.agency_code) <= MAX_AGENCY_LENGTH
    # A valid code is exactly what format_code writes for its parts.
    number = text.strip().rsplit("-", 1)[1]
    width = len(number) - (2 if parsed.ministry_aa else 0)
    rewritten = format_code(
        parsed.agency_code,
        parsed.receipt_date,
        parsed.sequence,
        style=parsed.format,
        ministry_aa=parsed.ministry_aa,
        digits=width,
    )
    assert rewritten == text.strip()


codeish = st.text(alphabet="0123456789ABHYZ.-ah \n", max_size=40)
numbers = st.one_of(
    st.from_regex(r"[0-9]{4,8}", fullmatch=True),
    st.builds(
        str.__add__,
        st.sampled_from(sorted(KNOWN_MINISTRY_AA)),
        st.from_regex(r"[0-9]{3,9}", fullmatch=True),
    ),
    st.from_regex(r"[0-9]{1,11}", fullmatch=True),
)
near_codes = st.builds(
    lambda agency, day, number, sep1, sep2: f"{agency}{sep1}{day}{sep2}{number}",
    st.one_of(ltr_agencies, qcvn102_agencies, st.from_regex(r"[0-9A-Za-z.]{0,12}", fullmatch=True)),
    st.one_of(days.map(lambda d: f"{d:%y%m%d}"), st.from_regex(r"[0-9]{5,7}", fullmatch=True)),
    numbers,
    st.sampled_from(["-"] * 6 + ["", "--", " "]),
    st.sampled_from(["-"] * 6 + ["", "."]),
)


@given(st.text(max_size=200))
def test_parse_never_raises_on_any_text(text):
    _check(parse_code(text), text)


@given(codeish)
def test_parse_never_raises_on_code_like_text(text):
    _check(parse_code(text), text)


@given(near_codes, st.sampled_from([None, *STYLES]))
def test_parse_never_raises_on_near_codes_and_valid_ones_rewrite_exactly(text, hint):
    parsed = parse_code(text, hint=hint)
    if hint is None or not parsed.valid:
        _check(parsed, text)
    else:
        assert parsed.format == hint
