import logging

from hypothesis import given
from hypothesis import strategies as st

from motcua.core.logging import MaskPersonalIdsFilter, mask_personal_ids


def test_twelve_digit_personal_id_is_masked():
    assert mask_personal_ids("CCCD 001203004567 nộp hồ sơ") == "CCCD 001******567 nộp hồ sơ"


def test_old_nine_digit_id_is_masked():
    assert mask_personal_ids("CMND 123456789") == "CMND 123***789"


def test_short_numbers_and_codes_are_kept():
    text = "Thủ tục 1.001193, hồ sơ H15.50.05.13-261008-0975, năm 2025"
    assert mask_personal_ids(text) == text


@given(st.from_regex(r"\A[0-9]{12}\Z"))
def test_no_twelve_digit_number_survives(number):
    masked = mask_personal_ids(f"id={number};")
    assert number not in masked
    assert masked.startswith(f"id={number[:3]}") and masked.endswith(f"{number[-3:]};")


def test_filter_masks_log_records():
    record = logging.LogRecord("x", logging.INFO, "", 0, "citizen %s", ("079204001234",), None)
    MaskPersonalIdsFilter().filter(record)
    assert record.getMessage() == "citizen 079******234"
