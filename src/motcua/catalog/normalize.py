"""Normalise one raw record of the national procedure catalogue (pure: no ORM, no I/O).

The source flattened the portal's HTML tables, so the parsed lists are best-effort.
This module re-reads them and returns structured values without inventing any.

Decisions worth knowing (see also the docstrings):

* Time limits: "Ngày làm việc" -> working_days, "Ngày" -> days, "Giờ" -> working_hours,
  "Trong ngày" / "ngay trong ngày" -> 1 working day, a range "03-05 ngày" -> the upper bound.
  Months ("6 Tháng") cannot be expressed in TIME_UNITS: warning, no value.
* When ``thoi_han`` is empty the portal's time cell leaked into the fee text. A bare number
  there ("Trực tuyến2Miễn phí") has no unit, so it is used only when the same number with a
  unit appears in the channel's description or in steps/requirements.
* The procedure's time limit is the shortest one across channels (1 working day counted as
  1.4 days, 1 working hour as 1/8 working day); values read from the list beat derived ones.
* The portal sometimes lists VND fees in thousands ("20 VNĐ(20.000 vnđ /tờ khai)"). An
  amount below 1,000 VND is used (x1000) only when its note confirms it; otherwise None.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import pairwise

TIME_UNITS = ("working_days", "days", "working_hours")

ONLINE_CHANNEL = "Trực tuyến"


@dataclass(frozen=True)
class TimeLimit:
    value: Decimal
    unit: str
    text: str


@dataclass(frozen=True)
class Fee:
    channel: str
    amount: int | None
    exempt: bool
    description: str


@dataclass(frozen=True)
class Component:
    case: str
    name: str
    template: str
    quantity_text: str
    originals: int | None
    copies: int | None


@dataclass(frozen=True)
class SubmissionMethod:
    channel: str
    time_limit: TimeLimit | None
    fees: tuple[Fee, ...]


@dataclass
class Normalized:
    time_limit: TimeLimit | None
    time_limit_source: str
    methods: list[SubmissionMethod]
    fees: list[Fee]
    has_fee: bool | None
    components: list[Component]
    steps: list[str]
    result_name: str
    legal_basis: list[dict]
    channels: list[str]
    online_filing_offered: bool
    district_mentions: list[str]
    warnings: list[str] = field(default_factory=list)


# --------------------------------------------------------------------------- text helpers


def _nfc(text: object) -> str:
    """NFC-normalise a possibly missing string."""
    return unicodedata.normalize("NFC", text) if isinstance(text, str) else ""


def _squash(text: str) -> str:
    """Collapse whitespace runs to one space and strip."""
    return " ".join(text.split())


# --------------------------------------------------------------------------- time limits

_NUM = r"\d+(?:[.,]\d+)?"
_UNIT = r"ngày\s+làm\s+việc|ngày|giờ\s+làm\s+việc|giờ|tháng"
_TIME_BODY = (
    rf"\(?(?P<a>{_NUM})\)?(?:\s*(?:-|–|đến)\s*(?P<b>{_NUM}))?"
    rf"\s*(?:\([^()\d]{{1,25}}\)\s*)?(?P<unit>{_UNIT})(?!\w)"
)
_LEAD = (
    r"^[\s\-–+*•:.]*(?:(?:thời\s+hạn|thời\s+gian)(?:\s+giải\s+quyết)?\s*:?\s*)?"
    r"(?:(?:trong\s+vòng|trong\s+thời\s+hạn|trong\s+thời\s+gian|trong|không\s+quá"
    r"|tối\s+đa|chậm\s+nhất|là)\s+)*"
)
_TIME_AT_START = re.compile(_LEAD + rf"(?P<body>{_TIME_BODY})", re.I)
_SAME_DAY = re.compile(
    _LEAD + r"(?P<body>(?:ngay\s+)?trong\s+(?:cùng\s+)?ngày(?:\s+làm\s+việc)?)"
    r"(?!\s*\w)",  # not "trong ngày làm việc tiếp theo", "trong ngày 15/11"
    re.I,
)
_EXPLICIT_TIME = re.compile(
    r"(?:thời\s+hạn|thời\s+gian)\s+giải\s+quyết(?:\s+thủ\s+tục\s+hành\s+chính)?\s*(?:là|:)?\s*"
    r"(?:(?:trong\s+vòng|trong|không\s+quá|tối\s+đa)\s+)*" + _TIME_BODY,
    re.I,
)
_CONTEXT_PREFIX = (
    r"(?:trong\s+thời\s+hạn|trong\s+thời\s+gian|trong\s+vòng|không\s+quá|tối\s+đa|chậm\s+nhất)\s+"
    r"(?:(?:không\s+quá|tối\s+đa|chậm\s+nhất|là)\s+)*"
)
# "trong thời hạn 05 ngày làm việc kể từ ngày nhận đủ hồ sơ": a deadline counted from the
# receipt of the dossier (not an applicant's deadline, nor one counted from another step).
_RECEIPT_TIME = re.compile(
    _CONTEXT_PREFIX + _TIME_BODY + r"[\s,]*kể\s+từ\s+[^.;\n]{0,40}?hồ\s+sơ", re.I
)
_UNIT_MAP = {
    "ngày làm việc": "working_days",
    "ngày": "days",
    "giờ làm việc": "working_hours",
    "giờ": "working_hours",
}
# Rough length of one unit in calendar days, used only to pick the shortest limit.
_UNIT_DAYS = {"days": Decimal(1), "working_days": Decimal("1.4"), "working_hours": Decimal("0.175")}


def _time_from_match(m: re.Match, text: str) -> TimeLimit | None:
    """Build a TimeLimit from a _TIME_BODY match; None for months or a zero value."""
    unit = _UNIT_MAP.get(_squash(m.group("unit")).lower())
    values = [Decimal(v.replace(",", ".")) for v in (m.group("a"), m.group("b")) if v]
    value = max(values)
    if unit is None or value <= 0:
        return None
    return TimeLimit(
        value=value.normalize() if value % 1 else Decimal(int(value)), unit=unit, text=text
    )


def parse_time_limit(text: str) -> TimeLimit | None:
    """Read a time limit at the start of ``text`` ("5 Ngày làm việc", "Trong ngày", …)."""
    text = _nfc(text)
    m = _TIME_AT_START.match(text)
    if m:
        body = m.group("body").strip()
        return _time_from_match(m, body)
    m = _SAME_DAY.match(text)
    if m:
        return TimeLimit(value=Decimal(1), unit="working_days", text=m.group("body").strip())
    return None


def _explicit_time(text: str) -> TimeLimit | None:
    """The first "Thời hạn giải quyết: …" phrase in ``text``."""
    for m in _EXPLICIT_TIME.finditer(text):
        found = _time_from_match(m, _squash(m.group(0)))
        if found:
            return found
    return None


def _single_receipt_time(text: str) -> TimeLimit | None:
    """The "trong thời hạn N … kể từ … hồ sơ" phrase of ``text`` if all such phrases agree."""
    found = [
        t for m in _RECEIPT_TIME.finditer(text) if (t := _time_from_match(m, _squash(m.group(0))))
    ]
    if found and len({(t.value, t.unit) for t in found}) == 1:
        return found[0]
    return None


def _confirm_bare_number(number: str, description: str, context: list[str]) -> TimeLimit | None:
    """Give a unit to a bare time number: the channel's description states the number with
    a unit, or (for numbers above 1, which are rarely a step's own deadline) a
    "trong thời hạn N …" phrase in steps/requirements does."""
    value = int(number)
    body = rf"(?<![\d.,/])\(?0*{value}\)?\s*(?:\([^()\d]{{1,25}}\)\s*)?(?P<unit>{_UNIT})(?!\w)"
    sources = [(re.compile(body, re.I), description)]
    if value > 1:
        sources += [(re.compile(_CONTEXT_PREFIX + body, re.I), text) for text in context]
    for pattern, text in sources:
        for m in pattern.finditer(text):
            unit = _UNIT_MAP.get(_squash(m.group("unit")).lower())
            if unit:
                return TimeLimit(value=Decimal(value), unit=unit, text=_squash(m.group(0)))
    return None


def _time_key(limit: TimeLimit) -> Decimal:
    """Approximate length in calendar days (for choosing the shortest limit only)."""
    return limit.value * _UNIT_DAYS[limit.unit]


def _shortest(limits: Iterable[TimeLimit | None]) -> TimeLimit | None:
    """The shortest limit; the first one wins a tie."""
    best = None
    for limit in limits:
        if limit and (best is None or _time_key(limit) < _time_key(best)):
            best = limit
    return best


# --------------------------------------------------------------------------- fees

_AMOUNT = r"\d{1,3}(?:,\d{3})+|\d{1,3}(?:\.\d{3})+|\d+"
_HEAD = re.compile(
    rf"(?P<free>Miễn\s+phí)|(?P<none>Không\s+có\s+thông\s+tin)"
    rf"|(?P<amt>{_AMOUNT})\s*(?P<cur>VNĐ|Việt\s+Nam\s+Đồng|Đồng|USD|EUR)",
    re.I,
)
_VND_IN_TEXT = re.compile(
    r"(?<![\d.,])(?P<amt>\d{1,3}(?:[.,]\d{3})+|\d{4,})\s*(?:đồng|đ|vnđ|vnd)(?!\w)", re.I
)
_MILLIONS_IN_TEXT = re.compile(r"(?<![\d.,])(?P<amt>\d+(?:[.,]\d+)?)\s*triệu\s*đồng", re.I)
_STRAY_BEFORE_WORD = re.compile(r"^\d+(?:\.\d+)?(?=\s*(?:Miễn|Không))")
_GLUED_AMOUNT = re.compile(r"^(?P<digits>\d[\d,]*)\s*(?=VNĐ|Việt\s+Nam\s+Đồng|Đồng|USD|EUR)", re.I)
_FEE_AHEAD = (
    rf"(?=Miễn\s+phí|Không\s+có\s+thông\s+tin|(?:{_AMOUNT})\s*(?:VNĐ|Việt\s+Nam\s+Đồng|USD))"
)
_TEXT_TIME_CELL = re.compile(r"^(?P<cell>[^()\n]{1,200}?)" + _FEE_AHEAD)
_NO_INFO_TIME_CELL = re.compile(r"^(?P<cell>Không\s+có\s+thông\s+tin)" + _FEE_AHEAD)
_EXEMPT_WORDS = re.compile(
    r"^\W*(?:miễn\s+phí|miễn|không\s+thu|không\s+quy\s+định|không)(?!\w)", re.I
)
_LOCAL_RATE = re.compile(r"(?:Hội\s+đồng\s+nhân\s+dân|HĐND)", re.I)


def _to_int(amount: str) -> int:
    """'2,500,000' / '2.500.000' / '2500000' -> 2500000."""
    return int(re.sub(r"[.,]", "", amount))


def _vnd_amounts(text: str) -> list[int]:
    """Distinct explicit VND amounts written in free text, in order."""
    found = [(m.start(), _to_int(m.group("amt"))) for m in _VND_IN_TEXT.finditer(text)]
    found += [
        (m.start(), int(Decimal(m.group("amt").replace(",", ".")) * 1_000_000))
        for m in _MILLIONS_IN_TEXT.finditer(text)
    ]
    return list(dict.fromkeys(value for _, value in sorted(found)))


def _balanced_end(text: str, start: int) -> int:
    """Index just past the parenthesis group opening at ``start`` (end of text if unclosed)."""
    depth = 0
    for i in range(start, len(text)):
        depth += {"(": 1, ")": -1}.get(text[i], 0)
        if depth == 0:
            return i + 1
    return len(text)


def _split_fee_cell(text: str) -> tuple[re.Match | None, str, str]:
    """Split "<fee head>(<note>)<Mô tả>" into (head match, note, rest)."""
    m = _HEAD.match(text)
    if not m:
        return None, "", text
    end = m.end()
    note = ""
    if text[end : end + 1] == "(" and not m.group("none"):
        close = _balanced_end(text, end)
        note, end = text[end + 1 : close - 1], close
    return m, note, text[end:]


def _fee_from_head(
    head: re.Match, note: str, channel: str, description: str
) -> tuple[Fee, bool | None, list[str]]:
    """Fee, whether it is charged (None = unknown) and warnings, from a recognised fee head."""
    if head.group("none"):
        return Fee(channel, None, False, description), None, []
    if head.group("free"):
        amounts = [a for a in _vnd_amounts(note) if a > 0]
        if amounts:  # "Miễn phí" but the note states what is charged
            amount = amounts[0] if len(amounts) == 1 else None
            return Fee(channel, amount, False, description), True, []
        if _LOCAL_RATE.search(note) and not re.match(r"\W*không", note, re.I):
            return Fee(channel, None, False, description), None, []  # the province sets it
        return Fee(channel, 0, True, description), False, []
    value = _to_int(head.group("amt"))
    if head.group("cur").upper() in {"USD", "EUR"}:
        return Fee(channel, None, False, description), value > 0 or None, []
    if value == 0:
        return Fee(channel, 0, True, description), False, []
    if value >= 1000:
        return Fee(channel, value, False, description), True, []
    if value * 1000 in _vnd_amounts(note):
        return Fee(channel, value * 1000, False, description), True, []
    warning = (
        f"fee amount '{head.group(0)}' is implausibly small "
        "(probably thousands of VND); amount left empty"
    )
    return Fee(channel, None, False, description), True, [warning]


def _fee_from_text(text: str, channel: str) -> tuple[Fee, bool | None]:
    """Fee from free text with no recognised head ("Lệ phí: 8.000 đồng/trường hợp")."""
    description = _squash(text)
    amounts = [a for a in _vnd_amounts(text) if a > 0]
    if amounts:
        return Fee(channel, amounts[0] if len(amounts) == 1 else None, False, description), True
    if _EXEMPT_WORDS.match(text) and not re.match(r"\W*không\s+có\s+thông\s+tin", text, re.I):
        return Fee(channel, 0, True, description), False
    return Fee(channel, None, False, description), None


def _parse_fee_full(text: str, channel: str = "") -> tuple[Fee, bool | None, list[str]]:
    """parse_fee plus the charged flag and warnings."""
    text = _STRAY_BEFORE_WORD.sub("", _nfc(text).strip(), count=1)
    head, note, _rest = _split_fee_cell(text)
    if head is None:
        return (*_fee_from_text(text, channel), [])
    cell = _squash(head.group(0) + (f"({note})" if note else ""))
    return _fee_from_head(head, note, channel, cell)


def parse_fee(text: str, channel: str = "") -> Fee:
    """Parse one fee cell. The description is the fee cell only (head plus its note);
    the portal's "Mô tả" text that follows the cell is not part of it."""
    return _parse_fee_full(text, channel)[0]


def _split_time_cell(cell: str) -> tuple[str, str]:
    """With an empty thoi_han, split the leaked time cell off the front of the fee text."""
    m = _STRAY_BEFORE_WORD.match(cell)
    if m:
        return m.group(0), cell[m.end() :]
    m = _GLUED_AMOUNT.match(cell)
    if m:
        return _split_glued_amount(m.group("digits"), cell)
    m = _NO_INFO_TIME_CELL.match(cell)
    if m:
        return m.group("cell"), cell[m.end() :]
    if _HEAD.match(cell):
        return "", cell
    m = _TEXT_TIME_CELL.match(cell)
    if m:
        return m.group("cell").strip(), cell[m.end() :]
    return "", cell


def _split_glued_amount(digits: str, cell: str) -> tuple[str, str]:
    """'1100,000 VNĐ…' -> ('1', '100,000 VNĐ…'): the shortest stray number giving a
    well-formed amount, unless a longer one matches an amount in the note."""
    notes = _vnd_amounts(cell[len(digits) :])
    lead = re.match(r"\d+", digits).group(0)
    candidates = []
    for k in range(1, len(lead)):
        amount = digits[k:]
        if amount.startswith("0") or (
            "," in amount and not re.fullmatch(r"\d{1,3}(?:,\d{3})+", amount)
        ):
            continue
        candidates.append(k)
    if not candidates:
        return "", cell
    value = {k: _to_int(digits[k:]) for k in candidates}
    confirmed = [k for k in candidates if value[k] in notes or value[k] * 1000 in notes]
    k = (confirmed or candidates)[0]
    return digits[:k], cell[k:]


# --------------------------------------------------------------------------- methods


@dataclass
class _Row:
    channel: str
    thoi_han: str
    cell: str


def _rows(raw_methods: list[dict]) -> list[_Row]:
    """Raw method rows, with rows split off a description ("- Trực tiếp tại …") merged back."""
    rows: list[_Row] = []
    for item in raw_methods or []:
        row = _Row(
            _squash(_nfc(item.get("hinh_thuc_nop"))),
            _nfc(item.get("thoi_han")).strip(),
            _nfc(item.get("phi_le_phi_va_mo_ta")).strip(),
        )
        fragment = (
            not row.thoi_han and row.cell and not (row.cell[0].isdigit() or row.cell[0].isupper())
        )
        if fragment and rows:
            glue = "" if row.cell[0] in ":,;(" else " "
            rows[-1].cell += f" {row.channel}{glue}{row.cell}"
        elif not fragment:
            rows.append(row)
    return rows


@dataclass
class _MethodResult:
    method: SubmissionMethod
    source: str  # "source" | "derived" | ""
    charged: bool | None
    fee_found: bool
    unreadable_time: bool = False
    bare_number: int | None = None  # a unit-less time the portal listed for this channel


def _method(row: _Row, context: list[str], warnings: list[str]) -> _MethodResult:
    """One submission method from a raw row; ``context`` is steps and requirements text."""
    time_cell, cell = ("", row.cell) if row.thoi_han else _split_time_cell(row.cell)
    head, note, description = _split_fee_cell(cell)
    fees: tuple[Fee, ...] = ()
    charged = None
    if head is not None:
        fee_text = _squash(head.group(0) + (f"({note})" if note else ""))
        fee, charged, fee_warnings = _fee_from_head(head, note, row.channel, fee_text)
        fees = (fee,)
        warnings.extend(f"{row.channel}: {w}" for w in fee_warnings)
    limit, source = _method_time(row, time_cell, description, context, warnings)
    method = SubmissionMethod(row.channel, limit, fees)
    unreadable = bool(row.thoi_han) and limit is None
    bare = int(time_cell) if time_cell.isdigit() else None
    return _MethodResult(method, source, charged, head is not None, unreadable, bare)


def _method_time(
    row: _Row, time_cell: str, description: str, context: list[str], warnings: list[str]
) -> tuple[TimeLimit | None, str]:
    """Time limit of one method and where it came from."""
    if row.thoi_han:
        limit = parse_time_limit(row.thoi_han)
        if limit is None:
            warnings.append(f"time limit text '{row.thoi_han}' could not be parsed ({row.channel})")
            return None, ""
        return limit, "source"
    limit = parse_time_limit(time_cell) if time_cell and not time_cell.isdigit() else None
    limit = limit or _explicit_time(description) or parse_time_limit(description)
    if limit is None and re.fullmatch(r"\d+", time_cell) and int(time_cell) > 0:
        limit = _confirm_bare_number(time_cell, description, context)
    return limit, "derived" if limit else ""


# --------------------------------------------------------------------------- components

_EXT = re.compile(r"\s?\.(?:docx?|DOCX?|pdf|PDF|xlsx?|XLSX?|rtf|odt)(?![a-z])")
_TEMPLATE_START = re.compile(r"Mẫu|Mau|MẪU|MAU|Phụ\s+lục|Phu\s+luc")
_QTY = {
    kind: (
        re.compile(rf"bản\s+{kind}\s*:\s*(\d+)", re.I),
        re.compile(rf"(\d+)\s*bản\s+{kind}", re.I),
    )
    for kind in ("chính", "sao")
}


def parse_quantity(text: str) -> tuple[int | None, int | None]:
    """("1 bản chính,1 bản sao") -> (1, 1): the first figure of each kind, None if absent.
    A figure of more than two digits ("20251 bản chính") has absorbed the end of the
    document name (a year, a form number), so it is not trusted either: None."""
    text = _nfc(text)
    found: list[int | None] = []
    for labelled, counted in _QTY.values():  # "Bản chính: 1" before "1 bản chính"
        m = labelled.search(text) or counted.search(text)
        digits = m.group(1) if m else ""
        found.append(int(digits) if 0 < len(digits) <= 2 else None)
    return found[0], found[1]


def _is_glue(text: str, i: int) -> bool:
    """True if text[i-1] and text[i] look like two fields glued without a space."""
    a, b = text[i - 1], text[i]
    if (a.islower() or a in ")];:”\"'") and (b.isupper() or b.isdigit()):
        return True
    if a == "." and (
        b.isalpha() or (b.isdigit() and (text[i - 2].isalpha() or text[i - 2] == ")"))
    ):
        return True
    if a in ";)" and b.islower():
        return True
    return a.isalnum() and bool(_TEMPLATE_START.match(text, i))


def _glue_points(text: str, start: int, end: int) -> list[int]:
    """Positions in [start, end) where two words are glued (last 250 chars, not the first 12)."""
    return [i for i in range(max(start, end - 250, 13), end) if _is_glue(text, i)]


def _split_template(name: str, template_file: str) -> tuple[str, str]:
    """Move a leaked template filename from the end of a document name to the template."""
    full = f"{name} {template_file}" if template_file else name
    ext = _EXT.search(full)
    if not ext:
        return _squash(name), ""
    in_name = _glue_points(full, 0, min(len(name), ext.start()))
    if in_name:
        cut = in_name[-1]
    else:
        later = _glue_points(full, len(name), ext.start())
        cut = later[0] if later else (len(name) if template_file else -1)
    if cut < 0:
        return _squash(name), ""
    return _squash(full[:cut]).rstrip(" ;,:"), _squash(full[cut:])


def _clean_case(text: str) -> str:
    """'* Giấy tờ phải nộp:' -> 'Giấy tờ phải nộp'."""
    return _squash(text).lstrip("*-+•· \t").rstrip(" :").strip()


def _components(raw_docs: list[dict] | None, warnings: list[str]) -> list[Component]:
    """Documents list, cleaned."""
    out = []
    for doc in raw_docs or []:
        name, template = _split_template(
            _nfc(doc.get("ten_giay_to")), _squash(_nfc(doc.get("mau_don")))
        )
        quantity = _nfc(doc.get("so_luong"))
        originals, copies = parse_quantity(quantity)
        if re.search(r"\d{3,}\s*bản", quantity):
            warnings.append(
                f"quantity '{quantity}' carries digits from the document name; count left empty"
            )
        out.append(
            Component(
                _clean_case(_nfc(doc.get("truong_hop"))),
                name,
                template,
                quantity,
                originals,
                copies,
            )
        )
    return out


# --------------------------------------------------------------------------- other fields

_STEP_MARK = re.compile(r"Bước\s*\d+\s*[:.\-–)]", re.I)
_RESULT_CODE = re.compile(r"Mã:\s*[0-9A-Z.\-]*\d")
_LAW_NUMBER = re.compile(r"^(?P<head>.*[/-])(?P<tail>[A-ZĐ]+\d*)(?P<leak>[A-ZĐ]*\d*-?)$")
_AGENCIES = (
    "TTLT NQLT BLĐTBXH BNNPTNT BVHTTDL BKHĐT BKHCN BGTVT BNNMT BTNMT BTTTT TANDTC VKSNDTC "
    "UBTVQH HĐTP HĐND UBND NHNN BHXH CSXH VPCP VPQH BCA BTC BTP BXD BYT BCT BQP BNV BNG "
    "BGDĐT CTN QH CP TTg TT NQ NĐ QĐ"
).split()
_AGENCIES_LONGEST_FIRST = tuple(sorted(_AGENCIES, key=len, reverse=True))
_AGENCY_PREFIX = re.compile(r"(?:UBTVQH\d+|QH\d+|" + "|".join(_AGENCIES_LONGEST_FIRST) + ")")
_DISTRICT = re.compile(
    r"(?:Ủy|Uỷ)\s+ban\s+nhân\s+dân\s+(?:cấp\s+)?huyện|UBND\s+(?:cấp\s+)?huyện|cấp\s+huyện"
    r"|thị\s+trấn|quận,\s*huyện|quận/huyện|huyện,\s*quận",
    re.I,
)


def _step_start(text: str, i: int) -> int | None:
    """Start (bullets included) of the "Bước N" marker at ``i``; None inside a sentence."""
    j = i
    while j > 0 and text[j - 1] in "\t -*+•":
        j -= 1
    return j if j == 0 or text[j - 1] in "\n.;:" else None


def _steps(text: str) -> list[str]:
    """Split steps_text at "Bước N" markers, else by line ("+" lines join the previous step)."""
    text = _nfc(text).strip()
    marks = [_step_start(text, m.start()) for m in _STEP_MARK.finditer(text)]
    marks = [i for i in marks if i is not None]
    if len(marks) >= 2:
        bounds = ([0] if marks[0] > 0 else []) + marks + [len(text)]
        parts = [text[a:b] for a, b in pairwise(bounds)]
        return [s for p in parts if (s := _squash(p).lstrip("-*+• ").strip())]
    steps: list[str] = []
    for line in (_squash(x) for x in text.splitlines()):
        if line and line.startswith("+") and steps:
            steps[-1] += " " + line
        elif line:
            steps.append(line.lstrip("-*• ").strip())
    return [s for s in steps if s]


def _result_name(text: str) -> str:
    """Result names before each "Mã: KQ…" code, joined with "; "; portal UI text dropped."""
    text = _nfc(text)
    names: list[str] = []
    pos = 0
    for m in _RESULT_CODE.finditer(text):
        name = _squash(text[pos : m.start()]).lstrip("+-* ").rstrip(" ;./")
        if name and name not in names:
            names.append(name)
        pos = m.end()
    return "; ".join(names)


def _split_law_number(number: str) -> tuple[str, str]:
    """'04/2015/TT-BCAQUY' -> ('04/2015/TT-BCA', 'QUY'): capitals leaked from the next title."""
    number = _squash(number).rstrip("-")
    m = _LAW_NUMBER.match(number)
    agency = _AGENCY_PREFIX.match(m.group("tail") + m.group("leak")) if m else None
    if agency is None:
        return number, ""
    kept = m.group("head") + agency.group(0)
    return kept, number[len(kept) :]


def _restore_title(leak: str, title: str) -> str:
    """Give back the letters the previous number absorbed ('QUY' + 'ĐỊNH …', 'LU' + 'ẬT …')."""
    if not leak.isalpha() or not title:
        return title
    glued = not title[0].isascii() and title[0] not in "Đđ" and title[0].isalpha()
    return f"{leak}{title}" if glued else f"{leak} {title}"


def _complete_law_number(number: str, next_title: str) -> tuple[str, str]:
    """'86/2020/NĐ-C' + 'Psửa đổi …' -> ('86/2020/NĐ-CP', 'sửa đổi …'): the split cut the
    number short and its last letters start the next title."""
    m = re.search(r"-([A-ZĐ]+)$", number)
    if not m or m.group(1) in _AGENCIES:
        return number, next_title
    for agency in _AGENCIES_LONGEST_FIRST:
        missing = agency[len(m.group(1)) :]
        if agency.startswith(m.group(1)) and missing and next_title.startswith(missing):
            return number + missing, next_title[len(missing) :].lstrip()
    return number, next_title


def _legal_rows(raw: list[dict] | None) -> list[tuple[str, str]]:
    """(title, number) pairs with letters moved back across the number/title boundary."""
    titles = [_squash(_nfc(item.get("ten_van_ban"))) for item in raw or []]
    numbers = [_nfc(item.get("so_hieu")) for item in raw or []]
    for i, number in enumerate(numbers):
        number, leak = _split_law_number(number)
        if i + 1 < len(titles):
            number, titles[i + 1] = _complete_law_number(
                number, _restore_title(leak, titles[i + 1])
            )
        numbers[i] = number
    return list(zip(titles, numbers, strict=True))


def _legal_basis(raw: list[dict] | None) -> list[dict]:
    """[{'title', 'number'}]: numbers repaired, rows split on one number merged, no duplicates."""
    out: list[dict] = []
    for title, number in _legal_rows(raw):
        if not number and (not title or title == "Không có thông tin"):
            continue
        if out and number and out[-1]["number"] == number:
            prev = out[-1]["title"]
            joiner = f" {number} " if prev.endswith("số") else " "
            out[-1]["title"] = (prev + joiner + title).strip()
            continue
        entry = {"title": title, "number": number}
        if entry not in out:
            out.append(entry)
    return out


def _strings(value: object) -> Iterable[str]:
    """Every string inside a JSON value."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _district_mentions(raw: dict) -> list[str]:
    """Distinct pre-2025 district-level phrases, as written, in order of appearance."""
    text = _nfc("\n".join(t for k, v in raw.items() if k != "source" for t in _strings(v)))
    lowered = text.lower()
    if "huyện" not in lowered and "thị trấn" not in lowered:
        return []
    return list(dict.fromkeys(_squash(m.group(0)) for m in _DISTRICT.finditer(text)))


# --------------------------------------------------------------------------- procedure


def _procedure_time(
    results: list[_MethodResult], context: list[str]
) -> tuple[TimeLimit | None, str]:
    """Shortest source limit, else shortest derived one, else one from steps/requirements
    (which must then agree with any unit-less number the portal listed). Nothing is derived
    when a listed time could not be read (e.g. months)."""
    if any(r.unreadable_time for r in results) and not any(r.source == "source" for r in results):
        return None, ""
    for source in ("source", "derived"):
        limit = _shortest(r.method.time_limit for r in results if r.source == source)
        if limit:
            return limit, source
    limit = next(filter(None, map(_explicit_time, context)), None)
    limit = limit or _single_receipt_time("\n".join(context))
    bare = {r.bare_number for r in results if r.bare_number is not None}
    if limit is None or (bare and limit.value not in bare):
        return None, ""
    return limit, "derived"


def _has_fee(results: list[_MethodResult]) -> bool | None:
    """True if anything is charged, False if every fee is exempt, else None."""
    flags = [r.charged for r in results if r.fee_found]
    if any(flag is True for flag in flags):
        return True
    if flags and all(flag is False for flag in flags):
        return False
    return None


def _distinct_fees(results: list[_MethodResult]) -> list[Fee]:
    """All fees, de-duplicated on (amount, exempt, description); first channel kept."""
    fees: list[Fee] = []
    seen: set[tuple] = set()
    for result in results:
        for fee in result.method.fees:
            key = (fee.amount, fee.exempt, fee.description)
            if key not in seen:
                seen.add(key)
                fees.append(fee)
    return fees


def normalize_procedure(raw: dict) -> Normalized:
    """Normalise one catalogue record (a dict as read from procedures.jsonl)."""
    warnings: list[str] = []
    context = [t for t in (_nfc(raw.get("steps_text")), _nfc(raw.get("requirements"))) if t]
    results = [_method(row, context, warnings) for row in _rows(raw.get("submission_methods"))]
    limit, source = _procedure_time(results, context)
    methods = [r.method for r in results]
    channels = list(dict.fromkeys(m.channel for m in methods if m.channel))
    return Normalized(
        time_limit=limit,
        time_limit_source=source,
        methods=methods,
        fees=_distinct_fees(results),
        has_fee=_has_fee(results),
        components=_components(raw.get("documents"), warnings),
        steps=_steps(raw.get("steps_text")),
        result_name=_result_name(raw.get("result")),
        legal_basis=_legal_basis(raw.get("legal_basis")),
        channels=channels,
        online_filing_offered=ONLINE_CHANNEL in channels,
        district_mentions=_district_mentions(raw),
        warnings=warnings,
    )


def coverage(records: Iterable[Normalized]) -> dict[str, int]:
    """How many records got a value for each structured field."""
    counts = dict.fromkeys(
        ("time_limit", "fees", "has_fee", "components", "steps", "result_name", "legal_basis"), 0
    )
    for rec in records:
        counts["time_limit"] += rec.time_limit is not None
        counts["fees"] += bool(rec.fees)
        counts["has_fee"] += rec.has_fee is not None
        counts["components"] += bool(rec.components)
        counts["steps"] += bool(rec.steps)
        counts["result_name"] += bool(rec.result_name)
        counts["legal_basis"] += bool(rec.legal_basis)
    return counts
