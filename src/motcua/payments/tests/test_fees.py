import pytest
from hypothesis import given
from hypothesis import strategies as st

from motcua.catalog.models import Procedure
from motcua.payments.fees import fee_from_catalogue
from motcua.payments.selectors import fee_for


def _method(channel, *fees):
    return {"channel": channel, "fees": [dict(f, channel=channel) for f in fees]}


def test_amount_per_channel():
    methods = [
        _method("Trực tuyến", {"amount": 250_000, "exempt": False, "description": "250,000 VNĐ"}),
        _method("Trực tiếp", {"amount": 400_000, "exempt": False, "description": "400,000 VNĐ"}),
    ]
    assert fee_from_catalogue(methods, [], "online").amount == 250_000
    assert fee_from_catalogue(methods, [], "counter").amount == 400_000
    assert fee_from_catalogue(methods, [], "Trực tiếp").lines[0].text == "400,000 VNĐ"


def test_several_lines_are_summed_and_listed():
    methods = [_method("Trực tiếp", {"amount": 30_000, "exempt": False, "description": "a"},
                       {"amount": 20_000, "exempt": False, "description": "b"})]  # fmt: skip
    fee = fee_from_catalogue(methods, [], "counter")
    assert fee.amount == 50_000 and [line.text for line in fee.lines] == ["a", "b"]
    assert fee.text == "a; b"


def test_exempt_is_zero_and_unknown_keeps_the_text():
    exempt = fee_from_catalogue([_method("Trực tiếp", {"amount": 0, "exempt": True,
                                                        "description": "Miễn phí"})], [], "counter")  # fmt: skip
    assert exempt.amount == 0 and exempt.exempt and exempt.text == "Miễn phí"
    text = "Mức thu do Hội đồng nhân dân tỉnh quyết định"
    unknown = fee_from_catalogue([], [{"channel": "Trực tiếp", "amount": None, "exempt": False,
                                       "description": text}], "counter")  # fmt: skip
    assert unknown.amount is None and not unknown.known and unknown.text == text
    mixed = [_method("Trực tiếp", {"amount": 10, "exempt": False, "description": "x"},
                     {"amount": None, "exempt": False, "description": "y"})]  # fmt: skip
    assert fee_from_catalogue(mixed, [], "counter").amount is None


def test_no_fee_data_is_none_and_other_channels_fall_back():
    assert fee_from_catalogue([], [], "online") is None
    fees = [{"channel": "Trực tiếp", "amount": 8_000, "exempt": False, "description": "8.000"}]
    assert fee_from_catalogue([], fees, "online").amount == 8_000


@given(st.lists(st.integers(min_value=0, max_value=10**9), min_size=1, max_size=5))
def test_sum_of_known_lines(amounts):
    lines = [{"amount": a, "exempt": False, "description": f"line {i}"}
             for i, a in enumerate(amounts)]  # fmt: skip
    fee = fee_from_catalogue([_method("Trực tuyến", *lines)], [], "online")
    assert fee.amount == sum(amounts)
    assert len(fee.lines) == len(amounts)


@pytest.mark.django_db
def test_fee_for_real_catalogue_procedures():
    exempt = fee_for(Procedure.objects.get(code="1.001193"), "counter")
    assert exempt.exempt and exempt.text == "Miễn phí"
    driving = Procedure.objects.get(code="1.000239")
    assert fee_for(driving, "online").amount == 250_000
    assert fee_for(driving, "counter").amount == 400_000
