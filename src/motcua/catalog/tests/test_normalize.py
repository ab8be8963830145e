"""Tests for motcua.catalog.normalize, on real rows of the national procedure catalogue.

fixtures/normalize_rows.jsonl holds 20 records copied from data/catalogue/procedures.jsonl.xz
with two fields dropped to stay small: documents_text and legal_basis_text (the normaliser
does not read them; dropping them was checked not to change its output). Why each was picked:

1.001193  birth registration: every thoi_han empty, fee cells "1Miễn phí" (stray time digit),
          result text full of portal UI, legal-basis rows split in two on one number
3.000116  "1 Ngày" online vs "1 Giờ" in person: the shortest limit is 1 working hour
1.008562  "6 Ngày làm việc" vs "40 Ngày" by post: working days vs calendar days
1.013097  the only fractional limit in the file, "1.5 Ngày làm việc"; fee "40,000 Việt Nam Đồng"
1.001010  "6 Tháng" (months are not a TIME_UNIT) and a "100 USD" fee
1.007849  empty thoi_han, cell "120 VNĐ(20.000 đ/tờ khai)": stray "1" + 20 thousand VND
2.001206  empty thoi_han, cell "120,000 VNĐ(…)": stray "1" + "20,000 VNĐ"
1.007843  "20 VNĐ" with no note to confirm thousands: amount left empty, warning
1.115142  the source list split "- Trực tiếp tại …" out of a description as extra rows
1.003851  time cell "Không có thông tin", channel description "15 ngày làm việc, …";
          quantity "20251 bản chính" (the name's year glued to the count)
1.014294  channel description "* Thời hạn giải quyết: 13 ngày làm việc, …"
1.010090  bare "20" in every time cell, no "20 ngày" anywhere: no limit may be invented
1.004089  form filenames leaked into names ("(mẫu TB2).71-Mẫu TB2-Biên bản giám định thương")
1.002897  "Miễn phí(5.000.000 đồng/lần cấp …)": the head says free, the note says charged
1.000771  so_hieu "04/2015/TT-BCAQUY" (ALL-CAPS title leak) and a USD fee
2.001999  bare "3" confirmed by "Trong thời hạn 03 ngày làm việc" in the steps
2.000605  pre-2025 wording: "cấp huyện", "thị trấn"
1.009824  free-text time cell; the steps' "trong thời hạn 10 ngày làm việc kể từ ngày địa điểm
          kinh doanh đi vào hoạt động" is the applicant's deadline, not a processing time
1.013233  "Miễn phí(Theo quy định của Hội đồng nhân dân cấp tỉnh)": the province sets the fee
3.000143  "8 Giờ"; quantity "1 bản chính,1 bản sao"
"""

from __future__ import annotations

import json
import lzma
import re
import time
from decimal import Decimal
from functools import cache
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from motcua.catalog.normalize import (
    TIME_UNITS,
    Component,
    Fee,
    TimeLimit,
    coverage,
    normalize_procedure,
    parse_fee,
    parse_quantity,
    parse_time_limit,
)

FIXTURE = Path(__file__).parent / "fixtures" / "normalize_rows.jsonl"
CATALOGUE = Path(__file__).resolve().parents[4] / "data" / "catalogue" / "procedures.jsonl.xz"
ONLINE, POST, IN_PERSON = "Trực tuyến", "Dịch vụ bưu chính", "Trực tiếp"


@cache
def _rows() -> dict[str, dict]:
    with FIXTURE.open(encoding="utf-8") as fh:
        return {row["code"]: row for row in map(json.loads, fh)}


def row(code: str) -> dict:
    return json.loads(json.dumps(_rows()[code]))  # a fresh copy per test


def norm(code: str):
    return normalize_procedure(row(code))


# --------------------------------------------------------------------------- parse_time_limit


@pytest.mark.parametrize(
    ("text", "value", "unit", "snippet"),
    [
        ("5 Ngày làm việc", "5", "working_days", "5 Ngày làm việc"),
        ("02 Ngày làm việc", "2", "working_days", "02 Ngày làm việc"),
        ("30 Ngày", "30", "days", "30 Ngày"),
        ("1 Giờ", "1", "working_hours", "1 Giờ"),
        ("1.5 Ngày làm việc", "1.5", "working_days", "1.5 Ngày làm việc"),
        ("0.5 Ngày làm việc", "0.5", "working_days", "0.5 Ngày làm việc"),
        ("0,5 ngày làm việc", "0.5", "working_days", "0,5 ngày làm việc"),
        ("Trong ngày", "1", "working_days", "Trong ngày"),
        ("ngay trong ngày làm việc", "1", "working_days", "ngay trong ngày làm việc"),
        (
            "03 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ",
            "3",
            "working_days",
            "03 ngày làm việc",
        ),
        ("- 25 ngày làm việc kể từ ngày nhận được hồ sơ hợp lệ", "25", "working_days", None),
        ("Trong thời hạn 05 ngày làm việc, kể từ ngày …", "5", "working_days", None),
        ("03 (ba) ngày làm việc", "3", "working_days", "03 (ba) ngày làm việc"),
        ("03-05 ngày làm việc", "5", "working_days", "03-05 ngày làm việc"),
        ("24 Giờ làm việc", "24", "working_hours", "24 Giờ làm việc"),
    ],
)
def test_parse_time_limit_shapes(text, value, unit, snippet):
    limit = parse_time_limit(text)
    assert limit is not None
    assert (limit.value, limit.unit) == (Decimal(value), unit)
    if snippet:
        assert limit.text == snippet


@pytest.mark.parametrize(
    "text",
    [
        "",
        "6 Tháng",  # months: not a TIME_UNIT
        "Không có thông tin",
        "Không quy định",
        "trong ngày làm việc tiếp theo",
        "Ngày 15/11/2015",
        "0 Ngày",
        "Hệ thống giải quyết thủ tục hành chính ngành Thuế thực hiện phản hồi tự động",
    ],
)
def test_parse_time_limit_rejects(text):
    assert parse_time_limit(text) is None


@given(
    n=st.integers(min_value=1, max_value=400),
    pad=st.booleans(),
    unit=st.sampled_from(
        [("Ngày làm việc", "working_days"), ("Ngày", "days"), ("Giờ", "working_hours")]
    ),
)
def test_parse_time_limit_reads_any_listed_value(n, pad, unit):
    text = f"{n:02d} {unit[0]}" if pad else f"{n} {unit[0]}"
    assert parse_time_limit(text) == TimeLimit(Decimal(n), unit[1], text)


# --------------------------------------------------------------------------- parse_fee


@pytest.mark.parametrize(
    ("text", "amount", "exempt", "description"),
    [
        ("1Miễn phí", 0, True, "Miễn phí"),
        ("2Miễn phí(Không có)", 0, True, "Miễn phí(Không có)"),
        ("Miễn phí- 07 ngày làm việc kể từ ngày nhận được hồ sơ", 0, True, "Miễn phí"),
        ("50.000 đồng", 50000, False, "50.000 đồng"),
        ("100.000đ", 100000, False, "100.000đ"),
        ("Lệ phí: 8.000 đồng/trường hợp", 8000, False, "Lệ phí: 8.000 đồng/trường hợp"),
        ("Không", 0, True, "Không"),
        ("Không thu", 0, True, "Không thu"),
        ("Không có thông tin", None, False, "Không có thông tin"),
        ("Không có thông tin- Nộp hồ sơ trực tiếp", None, False, "Không có thông tin"),
        (
            "2,500,000 VNĐ(đồng/lần (Đối với trường hợp đăng ký bổ sung))",
            2500000,
            False,
            "2,500,000 VNĐ(đồng/lần (Đối với trường hợp đăng ký bổ sung))",
        ),
        ("20 VNĐ(20.000 vnđ /tờ khai)", 20000, False, "20 VNĐ(20.000 vnđ /tờ khai)"),
        ("20 VNĐ", None, False, "20 VNĐ"),
        ("100 USD(100 USD/thẻ.)", None, False, "100 USD(100 USD/thẻ.)"),
        (
            "1Miễn phí(Phí : 0 Đồng (- Miễn lệ phí))",
            0,
            True,
            "Miễn phí(Phí : 0 Đồng (- Miễn lệ phí))",
        ),
    ],
)
def test_parse_fee(text, amount, exempt, description):
    assert parse_fee(text, "Trực tuyến") == Fee("Trực tuyến", amount, exempt, description)


@given(
    stray=st.integers(min_value=0, max_value=99),
    cell=st.sampled_from(["Miễn phí", "Miễn phí(Không)", "Miễn phí(Không quy định.)"]),
)
def test_stray_time_digit_never_survives(stray, cell):
    fee = parse_fee(f"{stray}{cell}")
    assert fee == parse_fee(cell)
    assert fee.description == cell
    assert fee.exempt and fee.amount == 0


def test_parse_fee_channel_defaults_to_empty():
    assert parse_fee("Miễn phí").channel == ""


# --------------------------------------------------------------------------- parse_quantity


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1 bản chính", (1, None)),
        ("1 bản chính,1 bản sao", (1, 1)),
        ("0 bản chính,1 bản sao", (0, 1)),
        ("01 bản sao0 bản chính", (0, 1)),
        ("Bản chính: 1 Bản sao: 0", (1, 0)),
        ("1 bản chính và 2 bản sao", (1, 2)),
        ("01 bản chính1 bản chính", (1, None)),
        ("20251 bản chính,1 bản sao", (None, 1)),  # "2025" belongs to the document name
        ("", (None, None)),
    ],
)
def test_parse_quantity(text, expected):
    assert parse_quantity(text) == expected


# --------------------------------------------------------------------------- real rows


def test_birth_registration():
    n = norm("1.001193")
    assert n.channels == [ONLINE, POST, IN_PERSON]
    assert n.online_filing_offered is True
    assert [m.fees for m in n.methods] == [(Fee(c, 0, True, "Miễn phí"),) for c in n.channels]
    assert n.fees == [Fee(ONLINE, 0, True, "Miễn phí")]
    assert n.has_fee is False
    assert n.result_name == "Giấy khai sinh"
    # every time cell is a bare "1" with no unit, and no text gives it one
    assert n.time_limit is None and n.time_limit_source == ""
    decree = next(lb for lb in n.legal_basis if lb["number"] == "123/2015/NĐ-CP")
    assert decree["title"].startswith("Nghị định số 123/2015/NĐ-CP ngày 15/11/2015 của")
    assert n.components[0] == Component(
        case="Giấy tờ phải nộp",
        name="- Trường hợp trẻ em bị bỏ rơi thì phải có biên bản về việc trẻ bị bỏ rơi do cơ "
        "quan có thẩm quyền lập.",
        template="",
        quantity_text="1 bản chính",
        originals=1,
        copies=None,
    )
    assert n.steps[0].startswith("Nếu lựa chọn hình thức nộp hồ sơ trực tiếp")
    assert n.district_mentions == []
    assert n.warnings == []


def test_shortest_limit_across_channels():
    n = norm("3.000116")
    assert [m.time_limit for m in n.methods] == [
        TimeLimit(Decimal(1), "days", "1 Ngày"),
        TimeLimit(Decimal(1), "working_hours", "1 Giờ"),
    ]
    assert n.time_limit == TimeLimit(Decimal(1), "working_hours", "1 Giờ")
    assert n.time_limit_source == "source"
    assert n.fees == [Fee(ONLINE, 0, True, "Miễn phí(Không)")]


def test_working_days_beat_more_calendar_days():
    n = norm("1.008562")
    assert [(m.channel, m.time_limit.value, m.time_limit.unit) for m in n.methods] == [
        (ONLINE, 6, "working_days"),
        (POST, 40, "days"),
        (IN_PERSON, 6, "working_days"),
    ]
    assert n.time_limit == TimeLimit(Decimal(6), "working_days", "6 Ngày làm việc")


def test_fractional_limit_and_comma_amount():
    n = norm("1.013097")
    assert n.time_limit == TimeLimit(Decimal("1.5"), "working_days", "1.5 Ngày làm việc")
    assert n.fees == [Fee(ONLINE, 40000, False, "40,000 Việt Nam Đồng(- Xe ô tô trên 10 chỗ)")]
    assert n.has_fee is True
    assert n.result_name == "Giấy chứng nhận cải tạo (xe cơ giới, xe máy chuyên dùng)"


def test_months_are_not_converted():
    n = norm("1.001010")
    assert n.time_limit is None and n.time_limit_source == ""
    assert n.warnings == ["time limit text '6 Tháng' could not be parsed (Trực tiếp)"]
    assert n.fees == [Fee(IN_PERSON, None, False, "100 USD(100 USD/thẻ.)")]
    assert n.has_fee is True
    assert n.online_filing_offered is False
    assert n.result_name == "Thẻ thường trú"


def test_stray_digit_glued_to_amount_in_thousands():
    raw = row("1.007849")
    assert raw["submission_methods"][0]["phi_le_phi_va_mo_ta"] == "120 VNĐ(20.000 đ/tờ khai)"
    n = normalize_procedure(raw)
    assert n.fees == [Fee(IN_PERSON, 20000, False, "20 VNĐ(20.000 đ/tờ khai)")]
    assert n.has_fee is True


def test_stray_digit_glued_to_grouped_amount():
    n = norm("2.001206")
    (fee,) = n.fees
    assert fee.amount == 20000
    assert fee.description.startswith("20,000 VNĐ(hàng hóa gửi kho ngoại quan")
    assert n.result_name == ""  # the source's result text has no result code


def test_implausible_amount_is_left_empty():
    n = norm("1.007843")
    assert n.fees == [Fee(ONLINE, None, False, "20 VNĐ")]
    assert n.has_fee is True
    assert n.warnings == [
        "Trực tuyến: fee amount '20 VNĐ' is implausibly small "
        "(probably thousands of VND); amount left empty"
    ]


def test_rows_split_out_of_a_description_are_merged_back():
    raw = row("1.115142")
    assert len(raw["submission_methods"]) == 5
    n = normalize_procedure(raw)
    assert [m.channel for m in n.methods] == [IN_PERSON, ONLINE, POST]
    assert {m.time_limit for m in n.methods} == {
        TimeLimit(Decimal(25), "working_days", "25 Ngày làm việc")
    }
    assert n.fees == [Fee(IN_PERSON, None, False, "Không có thông tin")]
    assert n.has_fee is None
    assert n.components[0].name == "- Văn bản đề nghị điều chỉnh dự án đầu tư"
    assert n.components[0].template == "Mẫu I.1.8.docx"


def test_time_from_channel_description():
    n = norm("1.003851")
    assert n.time_limit == TimeLimit(Decimal(15), "working_days", "15 ngày làm việc")
    assert n.time_limit_source == "derived"
    assert n.has_fee is False
    first = n.components[0]
    assert (first.quantity_text, first.originals, first.copies) == (
        "20251 bản chính,1 bản sao",
        None,
        1,
    )
    assert n.warnings == [
        "quantity '20251 bản chính,1 bản sao' carries digits from the document name; "
        "count left empty"
    ]


def test_explicit_time_in_description():
    n = norm("1.014294")
    expected = TimeLimit(Decimal(13), "working_days", "Thời hạn giải quyết: 13 ngày làm việc")
    assert [m.time_limit for m in n.methods] == [expected] * 3
    assert (n.time_limit, n.time_limit_source) == (expected, "derived")


def test_bare_number_without_unit_is_not_used():
    raw = row("1.010090")
    assert {m["phi_le_phi_va_mo_ta"] for m in raw["submission_methods"]} == {"20Miễn phí"}
    n = normalize_procedure(raw)
    assert (n.time_limit, n.time_limit_source) == (None, "")
    assert n.fees == [Fee(ONLINE, 0, True, "Miễn phí")]


def test_bare_number_confirmed_by_steps():
    n = norm("2.001999")
    assert [m.time_limit for m in n.methods] == [
        TimeLimit(Decimal(3), "working_days", "Trong thời hạn 03 ngày làm việc"),
        None,  # its bare "1" is not confirmed
        None,
    ]
    assert n.time_limit_source == "derived"
    assert n.has_fee is False


def test_applicant_deadline_is_not_a_processing_time():
    n = norm("1.009824")
    assert (n.time_limit, n.time_limit_source) == (None, "")
    assert n.has_fee is None


def test_leaked_template_filenames():
    n = norm("1.004089")
    by_template = {c.template: c.name for c in n.components if c.template}
    assert by_template == {
        "71-Mẫu TB2-Biên bản giám định thương tật.doc": (
            "Biên bản giám định thương tật của Hội đồng Giám định y khoa có thẩm quyền (mẫu TB2)."
        ),
        "70-Mẫu TB1-Giấy chứng nhận bị thương.doc": (
            "Giấy chứng nhận bị thương của Công an đơn vị, địa phương (mẫu TB1)"
        ),
    }
    assert not any(re.search(r"\.docx?", c.name) for c in n.components)


def test_free_head_with_charged_note():
    n = norm("1.002897")
    assert n.fees[0].description.startswith("Miễn phí(5.000.000 đồng/lần cấp(Đối với sân bay")
    # the note lists several amounts (5, 30 and 40 million): none is picked
    assert {(f.exempt, f.amount) for f in n.fees} == {(False, None)}
    assert n.has_fee is True
    assert n.time_limit == TimeLimit(Decimal(5), "working_days", "5 Ngày làm việc")


def test_fee_set_by_the_province_is_unknown():
    n = norm("1.013233")
    assert {(f.amount, f.exempt) for f in n.fees} == {(None, False)}
    assert n.has_fee is None


def test_law_number_leak_is_trimmed_and_given_back():
    n = norm("1.000771")
    numbers = [lb["number"] for lb in n.legal_basis]
    assert "04/2015/TT-BCA" in numbers
    assert not any(num.endswith("QUY") for num in numbers)
    after = n.legal_basis[numbers.index("04/2015/TT-BCA") + 1]
    assert after["number"] == "25/2021/TT-BTC"
    assert after["title"].startswith("QUY ĐỊNH MỨC THU, CHẾ ĐỘ THU")
    assert n.fees == [Fee(ONLINE, None, False, "10 USD(/lần)")]


def test_district_mentions():
    assert norm("2.000605").district_mentions == ["cấp huyện", "thị trấn"]
    assert norm("1.004089").district_mentions == []


def test_hours_and_quantities():
    n = norm("3.000143")
    assert n.time_limit == TimeLimit(Decimal(8), "working_hours", "8 Giờ")
    assert [(c.originals, c.copies) for c in n.components] == [(1, 1)]


def test_coverage_of_fixture_rows():
    records = [normalize_procedure(r) for r in _rows().values()]
    assert len(records) == 20
    assert coverage(records) == {
        "time_limit": 12,
        "fees": 20,
        "has_fee": 15,
        "components": 19,
        "steps": 20,
        "result_name": 19,
        "legal_basis": 20,
    }


def test_input_is_not_mutated():
    raw = row("1.115142")
    before = json.dumps(raw, sort_keys=True)
    normalize_procedure(raw)
    assert json.dumps(raw, sort_keys=True) == before


_cell = st.text(alphabet=st.sampled_from(list("0123456789 ,.()-:Miễn phíKhôngVNĐUSDngàylvGờ")))


@given(
    cells=st.lists(st.tuples(st.sampled_from([ONLINE, POST, IN_PERSON, ""]), _cell, _cell)),
    steps=st.text(max_size=80),
)
def test_never_raises_and_keeps_invariants(cells, steps):
    raw = {
        "submission_methods": [
            {"hinh_thuc_nop": c, "thoi_han": t, "phi_le_phi_va_mo_ta": f} for c, t, f in cells
        ],
        "steps_text": steps,
        "documents": None,
        "result": None,
        "legal_basis": None,
    }
    n = normalize_procedure(raw)
    limits = [n.time_limit, *(m.time_limit for m in n.methods)]
    assert all(t.unit in TIME_UNITS and t.value > 0 for t in limits if t)
    assert (n.time_limit is None) == (n.time_limit_source == "")
    assert n.online_filing_offered == (ONLINE in n.channels)
    assert all(f.amount is None or f.amount >= 0 for f in n.fees)
    assert all(not f.exempt or f.amount == 0 for f in n.fees)


# --------------------------------------------------------------------------- whole file


@pytest.mark.skipif(not CATALOGUE.exists(), reason="catalogue file not shipped")
def test_whole_catalogue():
    """Runs in a few seconds. Bounds are what the code achieves on the shipped file."""
    started = time.monotonic()
    with lzma.open(CATALOGUE, "rt", encoding="utf-8") as fh:
        raws = [json.loads(line) for line in fh]
    records = {raw["code"]: normalize_procedure(raw) for raw in raws}
    assert len(records) == 2627

    counts = coverage(records.values())
    assert counts["fees"] == 2627
    assert counts["steps"] == 2627
    assert counts["components"] >= 2576  # every record with a parsed documents list
    assert counts["result_name"] >= 2592
    assert counts["legal_basis"] >= 2546
    assert counts["has_fee"] >= 2201
    # 2,144 records list a time; 8 list only months. The rest come from the texts, and
    # not inventing values caps that: a jump in "derived" means a rule got too eager.
    assert counts["time_limit"] >= 2210
    sources = [n.time_limit_source for n in records.values()]
    assert sources.count("source") == 2136
    assert 74 <= sources.count("derived") <= 90

    fees = [f for n in records.values() for f in n.fees]
    assert not [f for f in fees if re.match(r"\d+\s*(?:Miễn|Không)", f.description)]
    assert sum(f.exempt for f in fees) >= 1768
    assert sum(bool(f.amount) for f in fees) >= 558

    limits = [
        t for n in records.values() for t in (n.time_limit, *(m.time_limit for m in n.methods))
    ]
    assert all(t.unit in TIME_UNITS and t.value > 0 for t in limits if t)
    unreadable = [w for n in records.values() for w in n.warnings if "could not be parsed" in w]
    assert unreadable and all("Tháng'" in w for w in unreadable)

    numbers = [lb["number"] for n in records.values() for lb in n.legal_basis]
    assert not [x for x in numbers if re.search(r"-(?:BCA|BTC|BTP|BXD|CP|NHNN)[A-ZĐ]+$", x)]
    names = [c.name for n in records.values() for c in n.components]
    assert sum(bool(re.search(r"\.docx?\b", x, re.I)) for x in names) <= 3

    assert sum(n.online_filing_offered for n in records.values()) == 2102

    def mentioning(*phrases: str) -> int:
        wanted = {p.lower() for p in phrases}
        return sum(
            bool(wanted & {m.lower() for m in n.district_mentions}) for n in records.values()
        )

    # the counts the data README gives for pre-2025 wording
    assert mentioning("thị trấn") == 80
    assert mentioning("Ủy ban nhân dân cấp huyện") == 15
    assert mentioning("quận, huyện") == 7
    assert mentioning("cấp huyện", "Ủy ban nhân dân cấp huyện", "UBND cấp huyện") == 79

    assert records["1.001193"].result_name == "Giấy khai sinh"
    assert time.monotonic() - started < 20
