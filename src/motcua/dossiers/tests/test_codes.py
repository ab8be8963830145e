"""Dossier codes: concrete formats of domain spec §3, settings, allocation and the CLI."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from io import StringIO

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.test import override_settings

from motcua.core.errors import InvalidInput
from motcua.dossiers.codes import (
    STYLE_CENTRALISED,
    STYLE_CIRCULAR01,
    STYLE_DECISION20,
    ParsedCode,
    allocate_code,
    format_code,
    parse_code,
    qcvn102_agency_code,
)
from motcua.dossiers.models import DossierCodeSequence

JSON_KEYS = {"valid", "agency_code", "receipt_date", "sequence", "ministry_aa"}


# --- parse: the formats of §3 -------------------------------------------------------------


def test_provincial_code_from_the_spec_is_read():
    parsed = parse_code("H15.50.05.13-261008-0975")
    assert parsed == ParsedCode(
        valid=True,
        agency_code="H15.50.05.13",
        receipt_date=dt.date(2026, 10, 8),
        sequence=975,
        ministry_aa=None,
        format=STYLE_DECISION20,
    )


def test_circular01_code_keeps_its_right_to_left_agency_part():
    parsed = parse_code("000.00.00.H12-250101-0001")
    assert parsed.valid
    assert parsed.agency_code == "000.00.00.H12"
    assert parsed.receipt_date == dt.date(2025, 1, 1)
    assert parsed.sequence == 1
    assert parsed.format == STYLE_CIRCULAR01
    assert parsed.ministry_aa is None


def test_centralised_code_has_the_ministry_digits_apart_from_the_daily_number():
    parsed = parse_code("H15.50.05.13-261008-060123456")
    assert parsed.valid
    assert parsed.format == STYLE_CENTRALISED
    assert parsed.ministry_aa == "06"
    assert parsed.sequence == 123456
    assert parsed.agency_code == "H15.50.05.13"


@pytest.mark.parametrize("aa", ["02", "03", "06", "09", "10", "15", "16", "17", "18"])
def test_every_observed_ministry_prefix_marks_a_six_digit_number_as_centralised(aa):
    parsed = parse_code(f"H51.001.01-260301-{aa}0042")
    assert (parsed.format, parsed.ministry_aa, parsed.sequence) == (STYLE_CENTRALISED, aa, 42)


@pytest.mark.parametrize(
    ("number", "sequence"),
    [("0975", 975), ("12345", 12345), ("123456", 123456), ("000042", 42), ("99999999", 99999999)],
)
def test_numbers_without_a_known_ministry_prefix_are_local(number, sequence):
    parsed = parse_code(f"H15.50.05.13-261008-{number}")
    assert (parsed.valid, parsed.format, parsed.sequence) == (True, STYLE_DECISION20, sequence)
    assert parsed.ministry_aa is None


def test_five_digits_are_local_even_with_a_ministry_prefix():
    parsed = parse_code("H15.50.05.13-261008-09123")
    assert (parsed.format, parsed.sequence, parsed.ministry_aa) == (STYLE_DECISION20, 9123, None)


def test_circular01_numbers_are_never_centralised():
    parsed = parse_code("000.00.31.H56-200302-090001")
    assert (parsed.format, parsed.sequence, parsed.ministry_aa) == (STYLE_CIRCULAR01, 90001, None)


def test_hint_reads_a_ministry_looking_number_as_local():
    parsed = parse_code("H15.50.05.13-261008-090123", hint=STYLE_DECISION20)
    assert (parsed.format, parsed.sequence, parsed.ministry_aa) == (STYLE_DECISION20, 90123, None)


def test_hint_reads_an_unlisted_ministry_as_centralised():
    assert parse_code("H15.50.05.13-261008-120001").format == STYLE_DECISION20
    parsed = parse_code("H15.50.05.13-261008-120001", hint=STYLE_CENTRALISED)
    assert (parsed.format, parsed.ministry_aa, parsed.sequence) == (STYLE_CENTRALISED, "12", 1)


@override_settings(MOTCUA_DOSSIER_CODE_MINISTRY_AA="12")
def test_configured_ministry_digits_are_known_without_a_hint():
    parsed = parse_code("H15.50.05.13-261008-120001")
    assert (parsed.format, parsed.ministry_aa, parsed.sequence) == (STYLE_CENTRALISED, "12", 1)


def test_hint_that_does_not_fit_the_agency_part_is_invalid():
    assert not parse_code("000.00.00.H12-250101-0001", hint=STYLE_DECISION20).valid
    assert not parse_code("H15.50.05.13-261008-0975", hint=STYLE_CIRCULAR01).valid


def test_hint_decision20_reads_a_qcvn_shaped_code_left_to_right():
    """``H15.50.05.A12`` has the QCVN 102 shape and a level-1 first group: the hint decides."""
    assert parse_code("H15.50.05.A12-261008-0001").format == STYLE_CIRCULAR01
    parsed = parse_code("H15.50.05.A12-261008-0001", hint=STYLE_DECISION20)
    assert (parsed.valid, parsed.format) == (True, STYLE_DECISION20)


def test_surrounding_spaces_are_ignored():
    assert parse_code("  H15.50.05.13-261008-0975\n").agency_code == "H15.50.05.13"


def test_unknown_hint_is_a_programming_error():
    with pytest.raises(ValueError):
        parse_code("H15.50.05.13-261008-0975", hint="qcvn")


@pytest.mark.parametrize(
    "text",
    [
        "H15.50.05.13-260231-0975",  # 31 Feb
        "H15.50.05.13-250229-0975",  # 2025 is not a leap year
        "H15.50.05.13-261308-0975",  # month 13
        "H15.50.05.13-261000-0975",  # day 0
        "h15.50.05.13-261008-0975",  # lower case
        "H15.50.05.1a-261008-0975",
        "H15..05.13-261008-0975",  # empty group
        ".H15.50-261008-0975",
        "H15.50.-261008-0975",
        "H15 50-261008-0975",
        "Đ15.50-261008-0975",
        "15.50.05.13-261008-0975",  # no level-1 group
        "Z15.50.05.13-261008-0975",  # M is A–Y
        "H15.50.05.13-261008",  # missing parts
        "H15.50.05.13",
        "261008-0975",
        "H15.50.05.13-261008-0975-1",
        "H15.50.05.13--0975",
        "H15.50.05.13-2610080-0975",
        "H15.50.05.13-26100A-0975",
        "H15.50.05.13-261008-0000",  # sequence 0
        "H15.50.05.13-261008-975",  # fewer than 4 digits
        "H15.50.05.13-261008-123456789",  # more than 8 digits
        "H15.50.05.13-261008-09A975",
        "H15.50.05.13-261008-+0975",
        "H15.50.05.13-261008-090000",  # centralised, number 0
        "H15.50.05.13-261008-09123456789",
        "H15.50.05.13-261008-١٢٣٤",  # non-ASCII digits
        "H15.5" + "0" * 31 + "-261008-0975",  # 36-character agency part
        "",
        "   ",
        "-",
        "--",
    ],
)
def test_invalid_codes_are_refused_with_a_reason(text):
    parsed = parse_code(text)
    assert parsed.valid is False
    assert parsed.reason
    assert parsed.to_json()["valid"] is False


def test_agency_part_of_35_characters_is_accepted_and_36_is_not():
    agency = "H15." + "1" * 31
    assert len(agency) == 35
    assert parse_code(f"{agency}-261008-0975").valid
    parsed = parse_code(f"{agency}1-261008-0975")
    assert not parsed.valid
    assert "35" in parsed.reason


def test_far_too_long_text_is_refused_before_splitting():
    assert not parse_code("H15-261008-0975" + "1" * 10_000).valid


def test_to_json_has_the_contract_keys_and_an_iso_date():
    data = parse_code("H15.50.05.13-261008-060123456").to_json()
    assert JSON_KEYS <= set(data)
    assert data["receipt_date"] == "2026-10-08"
    assert data["sequence"] == 123456
    assert data["ministry_aa"] == "06"
    assert json.loads(json.dumps(data)) == data


# --- format ---------------------------------------------------------------------------------


def test_format_pads_the_daily_number_to_four_digits():
    code = format_code("H15.50.05.13", dt.date(2026, 10, 8), 975)
    assert code == "H15.50.05.13-261008-0975"


def test_format_widens_past_the_minimum_width():
    assert format_code("H15", dt.date(2026, 10, 8), 12345).endswith("-12345")


def test_format_centralised_puts_the_ministry_digits_first():
    code = format_code(
        "H15.50.05.13", dt.date(2026, 10, 8), 123, style=STYLE_CENTRALISED, ministry_aa="09"
    )
    assert code == "H15.50.05.13-261008-090123"


@pytest.mark.parametrize(
    ("agency", "qcvn"),
    [
        ("H12", "000.00.00.H12"),
        ("H15.50", "000.00.50.H15"),
        ("H15.50.05", "000.05.50.H15"),
        ("H15.50.05.13", "013.05.50.H15"),
        ("000.00.00.H12", "000.00.00.H12"),
    ],
)
def test_circular01_writes_the_agency_part_right_to_left(agency, qcvn):
    assert qcvn102_agency_code(agency) == qcvn
    code = format_code(agency, dt.date(2025, 1, 1), 1, style=STYLE_CIRCULAR01)
    assert code == f"{qcvn}-250101-0001"


@pytest.mark.parametrize("agency", ["H51.001.01", "H15.1.2.3.4", "000.00.H12"])
def test_circular01_refuses_agency_codes_that_do_not_fit_qcvn102(agency):
    with pytest.raises(InvalidInput):
        format_code(agency, dt.date(2025, 1, 1), 1, style=STYLE_CIRCULAR01)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"agency_code": "h15", "day": dt.date(2026, 1, 1), "sequence": 1},
        {"agency_code": "H15." + "1" * 32, "day": dt.date(2026, 1, 1), "sequence": 1},
        {"agency_code": "000.00.00.H12", "day": dt.date(2026, 1, 1), "sequence": 1},
        {"agency_code": "H15", "day": dt.date(2026, 1, 1), "sequence": 0},
        {"agency_code": "H15", "day": dt.date(2026, 1, 1), "sequence": 10**8},
        {"agency_code": "H15", "day": dt.date(1999, 12, 31), "sequence": 1},
        {"agency_code": "H15", "day": dt.date(2100, 1, 1), "sequence": 1},
        {"agency_code": "H15", "day": dt.date(2026, 1, 1), "sequence": 1, "digits": 3},
        {"agency_code": "H15", "day": dt.date(2026, 1, 1), "sequence": 1, "style": "x"},
        {"agency_code": "H15", "day": dt.date(2026, 1, 1), "sequence": 1, "ministry_aa": "09"},
        {
            "agency_code": "H15",
            "day": dt.date(2026, 1, 1),
            "sequence": 1,
            "style": STYLE_CENTRALISED,
        },
        {
            "agency_code": "H15",
            "day": dt.date(2026, 1, 1),
            "sequence": 1,
            "style": STYLE_CENTRALISED,
            "ministry_aa": "9",
        },
    ],
)
def test_format_refuses_parts_the_style_cannot_hold(kwargs):
    with pytest.raises(InvalidInput):
        format_code(**kwargs)


def test_format_refuses_a_local_number_that_would_read_as_centralised():
    with pytest.raises(InvalidInput):
        format_code("H15", dt.date(2026, 1, 1), 180000)
    with pytest.raises(InvalidInput):
        format_code("H15", dt.date(2026, 1, 1), 90000, digits=6)  # 090000
    assert format_code("H15", dt.date(2026, 1, 1), 110000) == "H15-260101-110000"


# --- settings and allocation ----------------------------------------------------------------

DAY = dt.date(2026, 3, 2)


@pytest.mark.django_db
def test_allocation_counts_per_agency_and_day():
    assert allocate_code("H51.001.01", DAY) == "H51.001.01-260302-0001"
    assert allocate_code("H51.001.01", DAY) == "H51.001.01-260302-0002"
    assert allocate_code("H51.001.02", DAY) == "H51.001.02-260302-0001"
    assert allocate_code("H51.001.01", DAY + dt.timedelta(days=1)).endswith("-260303-0001")
    assert DossierCodeSequence.objects.get(agency_code="H51.001.01", day=DAY).value == 2


@pytest.mark.django_db
def test_rolled_back_intake_returns_its_number():
    assert allocate_code("H51.900", DAY).endswith("-0001")
    with pytest.raises(RuntimeError), transaction.atomic():
        assert allocate_code("H51.900", DAY).endswith("-0002")
        raise RuntimeError("intake failed")
    assert allocate_code("H51.900", DAY).endswith("-0002")


@pytest.mark.django_db
def test_invalid_agency_code_takes_no_number():
    with pytest.raises(InvalidInput):
        allocate_code("h51", DAY)
    assert not DossierCodeSequence.objects.filter(agency_code="h51").exists()


@pytest.mark.django_db
def test_allocation_without_returning_support_reads_the_counter_back(monkeypatch):
    """SQLite before 3.35 has no RETURNING: the upsert is followed by a read."""
    monkeypatch.setattr(connection.features, "can_return_columns_from_insert", False)
    assert allocate_code("H51.900", DAY).endswith("-0001")
    assert allocate_code("H51.900", DAY).endswith("-0002")


@pytest.mark.django_db
@override_settings(
    MOTCUA_DOSSIER_CODE_STYLE=STYLE_CENTRALISED,
    MOTCUA_DOSSIER_CODE_MINISTRY_AA="06",
)
def test_centralised_setting_allocates_ministry_codes():
    code = allocate_code("H51.001.01", DAY)
    assert code == "H51.001.01-260302-060001"
    assert parse_code(code).ministry_aa == "06"


@pytest.mark.django_db
@override_settings(MOTCUA_DOSSIER_CODE_STYLE=STYLE_CIRCULAR01)
def test_circular01_setting_allocates_qcvn102_codes():
    assert allocate_code("H51", DAY) == "000.00.00.H51-260302-0001"


@pytest.mark.django_db
@override_settings(MOTCUA_DOSSIER_CODE_SEQUENCE_DIGITS=5)
def test_sequence_digits_setting_widens_the_number():
    assert allocate_code("H51.900", DAY) == "H51.900-260302-00001"


@pytest.mark.parametrize(
    "overrides",
    [
        {"MOTCUA_DOSSIER_CODE_STYLE": "qcvn"},
        {"MOTCUA_DOSSIER_CODE_STYLE": STYLE_CENTRALISED},
        {"MOTCUA_DOSSIER_CODE_STYLE": STYLE_CENTRALISED, "MOTCUA_DOSSIER_CODE_MINISTRY_AA": "G09"},
        {"MOTCUA_DOSSIER_CODE_SEQUENCE_DIGITS": 3},
        {"MOTCUA_DOSSIER_CODE_SEQUENCE_DIGITS": 9},
        {"MOTCUA_DOSSIER_CODE_SEQUENCE_DIGITS": "four"},
    ],
)
def test_misconfigured_settings_are_reported(overrides):
    with override_settings(**overrides), pytest.raises(ImproperlyConfigured):
        allocate_code("H51", DAY)


# --- the command ----------------------------------------------------------------------------


def _run(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("dossier_code", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_command_prints_one_json_object_for_a_valid_code():
    out, _ = _run("parse", "H15.50.05.13-261008-0975", "--json")
    data = json.loads(out)
    assert JSON_KEYS <= set(data)
    assert data["valid"] is True
    assert data["agency_code"] == "H15.50.05.13"
    assert data["receipt_date"] == "2026-10-08"
    assert data["sequence"] == 975
    assert data["ministry_aa"] is None


def test_command_prints_the_json_object_and_fails_for_an_invalid_code():
    out = StringIO()
    with pytest.raises(CommandError) as error:
        call_command("dossier_code", "parse", "H15-260231-0001", "--json", stdout=out)
    assert json.loads(out.getvalue())["valid"] is False
    assert str(error.value) == json.loads(out.getvalue())["reason"]


def test_command_format_hint_is_applied():
    out, _ = _run("parse", "H15.50.05.13-261008-090123", "--json", "--format", "decision20")
    assert json.loads(out)["sequence"] == 90123


def test_command_without_json_prints_a_readable_line():
    out, _ = _run("parse", "H15.50.05.13-261008-060123456")
    assert "H15.50.05.13" in out and "2026-10-08" in out and "123456" in out and "06" in out


def test_command_formats_a_code():
    out, _ = _run("format", "H15.50.05.13", "2026-10-08", "975")
    assert out.strip() == "H15.50.05.13-261008-0975"
    out, _ = _run(
        "format", "H15", "2026-10-08", "1", "--style", "centralised", "--ministry-aa", "18"
    )
    assert out.strip() == "H15-261008-180001"
    with pytest.raises(CommandError):
        _run("format", "H15", "2026-10-08", "0")


def _motcua(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "motcua", "dossier-code", *args],
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_console_script_parses_a_centralised_code():
    result = _motcua("parse", "H15.50.05.13-261008-060123456", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert JSON_KEYS <= set(data)
    assert data["receipt_date"] == "2026-10-08"
    assert (data["sequence"], data["ministry_aa"]) == (123456, "06")


def test_console_script_exits_non_zero_with_the_reason():
    result = _motcua("parse", "H15.50.05.13-261008-0000", "--json")
    assert result.returncode == 1
    data = json.loads(result.stdout)
    assert data["valid"] is False
    assert data["reason"] in result.stderr
