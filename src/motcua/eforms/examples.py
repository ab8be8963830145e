"""Realistic, valid e-form data for the demo: Vietnamese names, real wards, valid personal
IDs, dates that make sense for what the field asks."""

from __future__ import annotations

import datetime as dt
import random
import re
from collections.abc import Mapping
from typing import Any

from motcua.dossiers.identity import PROVINCE_PREFIXES
from motcua.eforms.constants import DEFAULT_MAX_LENGTH, Kind
from motcua.eforms.models import FormVersion
from motcua.eforms.schema import FieldSpec, field_specs
from motcua.population.simulator import FAMILY_NAMES, GIVEN_NAMES, LOCALITIES, MIDDLE_NAMES

try:  # Python 3.11 keeps the regex parser here (sre_parse is a deprecated alias)
    import re._constants as sre_c
    import re._parser as sre_parse
except ImportError:  # pragma: no cover
    import sre_constants as sre_c  # type: ignore[no-redef]
    import sre_parse  # type: ignore[no-redef]

_PREFIXES = sorted(PROVINCE_PREFIXES)
_FEMALE_HINTS = ("me", "nu", "vo", "ben_nu")
_MALE_HINTS = ("cha", "nam", "chong", "ben_nam")
_PHRASES = [
    "Đề nghị cơ quan xem xét, giải quyết theo quy định",
    "Bổ sung hồ sơ theo hướng dẫn của bộ phận một cửa",
    "Sử dụng để hoàn thiện hồ sơ cá nhân",
    "Thông tin đã được đối chiếu với giấy tờ gốc",
]
_WORDS = "hồ sơ giấy tờ đề nghị xác nhận thông tin cá nhân gia đình nơi cư trú".split()


def example_data(version: FormVersion | Mapping[str, Any], rng: random.Random) -> dict[str, Any]:
    """Data that validates against the version's schema, drawn from ``rng``: every required
    field and most optional ones. Accepts a FormVersion or a schema."""
    schema = version.schema if isinstance(version, FormVersion) else version
    specs = field_specs(schema)
    data: dict[str, Any] = {}
    dates: dict[str, dt.date] = {}
    sexes: dict[str, str] = {}  # one sex per person of the form: name, sex and ID agree
    # Dates first, so a person's personal ID can carry the year of their birth date.
    for spec in sorted(specs, key=lambda s: s.kind != Kind.DATE):
        if not spec.required and rng.random() < 0.25:
            continue
        value = _value(spec, rng, dates, sexes)
        if value is None:
            if spec.required:
                raise ValueError(f"cannot make an example for field {spec.key}")
            continue
        data[spec.key] = value
    return {s.key: data[s.key] for s in specs if s.key in data}


def _person_of(key: str) -> str:
    for suffix in (
        "ho_ten",
        "ngay_sinh",
        "nam_sinh",
        "so_dinh_danh",
        "dan_toc",
        "quoc_tich",
        "gioi_tinh",
    ):
        if suffix in key:
            return key.replace(suffix, "").strip("_")
    return key


def _sex(key: str, rng: random.Random) -> str:
    parts = set(key.split("_"))
    if parts & {"me", "vo", "nu"} or "ben_nu" in key:
        return "female"
    if parts & {"cha", "chong"} or "ben_nam" in key:
        return "male"
    return rng.choice(("male", "female"))


def full_name(rng: random.Random, sex: str | None = None) -> str:
    sex = sex or rng.choice(("male", "female"))
    return " ".join(
        (rng.choice(FAMILY_NAMES), rng.choice(MIDDLE_NAMES[sex]), rng.choice(GIVEN_NAMES[sex]))
    )


def personal_id(rng: random.Random, birth_year: int | None = None, sex: str | None = None) -> str:
    year = birth_year or rng.randint(1950, 2005)
    sex = sex or rng.choice(("male", "female"))
    century_sex = 2 * ((year - 1900) // 100) + (sex == "female")
    return f"{rng.choice(_PREFIXES)}{century_sex}{year % 100:02d}{rng.randrange(10**6):06d}"


def _date(key: str, rng: random.Random) -> dt.date:
    today = dt.date.today()

    def born(first: int, last: int) -> dt.date:
        return dt.date(rng.randint(first, last), 1, 1) + dt.timedelta(days=rng.randrange(365))

    if "sinh" in key:
        if any(w in key for w in ("tre_", "nguoi_duoc_khai_sinh")):
            return today - dt.timedelta(days=rng.randint(1, 60))
        if "chet" in key:
            return born(1930, 1975)
        if key.startswith(("me_", "cha_")):
            return born(1978, 2004)
        return born(1950, 2004)
    if "chet" in key or "bao_tu" in key:
        return today - dt.timedelta(days=rng.randint(1, 30))
    return today - dt.timedelta(days=rng.randint(1, 3 * 365))


_DOCUMENTS = [
    "Bằng tốt nghiệp trung học phổ thông",
    "Giấy khai sinh",
    "Học bạ trung học cơ sở",
    "Giấy chứng nhận quyền sử dụng đất",
    "Hợp đồng lao động",
    "Bảng điểm đại học",
]
_ISSUERS = [
    "Sở Giáo dục và Đào tạo tỉnh Quảng Ngãi",
    "Trường Đại học Phạm Văn Đồng",
    "Ủy ban nhân dân tỉnh Quảng Ngãi",
    "Công ty TNHH Dung Quất",
]
_PURPOSES = [
    "Bổ sung hồ sơ xin việc",
    "Làm hồ sơ vay vốn ngân hàng",
    "Đăng ký kết hôn",
    "Làm thủ tục nhập học cho con",
    "Bổ sung hồ sơ cá nhân",
]
_CAUSES = ["Bệnh già", "Bệnh hiểm nghèo", "Tai biến mạch máu não", "Tai nạn giao thông"]


def _text(spec: FieldSpec, rng: random.Random, sex: str) -> str:
    key, label = spec.key, spec.label.lower()
    if "ho_ten" in key or label.startswith(("họ, chữ đệm, tên", "họ và tên", "họ tên")):
        return full_name(rng, sex)
    if "dan_toc" in key:
        return rng.choices(["Kinh", "Hoa", "Chăm", "Hrê", "Co", "Xơ Đăng"], [85, 3, 3, 4, 3, 2])[0]
    if "quoc_tich" in key:
        return "Việt Nam"
    if "ten_giay_to" in key:
        return rng.choice(_DOCUMENTS)
    if "co_quan_cap" in key:
        return rng.choice(_ISSUERS)
    if "noi_dang_ky" in key:
        return f"Ủy ban nhân dân {rng.choice(LOCALITIES)}"
    if "muc_dich" in key:
        return rng.choice(_PURPOSES)
    if "nguyen_nhan" in key:
        return rng.choice(_CAUSES)
    if key.startswith("so_") or key.endswith("_so") or key == "quyen_so":
        return f"{rng.randint(1, 350)}/{rng.randint(2000, dt.date.today().year)}"
    if "thanh_vien" in key:
        return f"{full_name(rng)}; con"
    if any(
        w in key
        for w in ("noi_sinh", "noi_cu_tru", "noi_chet", "dia_chi", "que_quan", "thoi_gian_cu_tru")
    ):
        return f"Số {rng.randint(1, 199)}, tổ {rng.randint(1, 30)}, {rng.choice(LOCALITIES)}"
    if spec.kind == Kind.TEXTAREA:
        return f"{rng.choice(_PHRASES)}."
    return rng.choice(_PHRASES)


def _fit(text: str, spec: FieldSpec, rng: random.Random) -> str:
    """Make text meet the field's length limits without leading/trailing spaces."""
    low = spec.min_length or 0
    high = spec.max_length or DEFAULT_MAX_LENGTH.get(Kind(spec.kind), 500)
    while len(text) < low:
        text = f"{text} {rng.choice(_WORDS)}"
    text = text[:high].strip()
    while len(text) < low:  # stripping shortened it: pad without spaces
        text += "a"
    return text


def _value(
    spec: FieldSpec, rng: random.Random, dates: dict[str, dt.date], sexes: dict[str, str]
) -> Any:
    kind = spec.kind
    person = _person_of(spec.key)
    sex = sexes.setdefault(person, _sex(spec.key, rng))
    if kind == Kind.DATE:
        day = _date(spec.key, rng)
        dates[_person_of(spec.key)] = day
        return day.isoformat()
    if kind == Kind.PERSONAL_ID:
        born = dates.get(_person_of(spec.key))
        return personal_id(rng, born.year if born else None, sex)
    if kind == Kind.PHONE:
        return f"0{rng.choice('3579')}{rng.randrange(10**8):08d}"
    if kind == Kind.EMAIL:
        local = f"congdan{rng.randrange(10**4)}"
        address = f"{local}@example.vn"
        high = spec.max_length or 254
        if len(address) > high:
            address = f"a@{'b' * max(1, high - 5)}.vn"[:high]
        return address if len(address) >= (spec.min_length or 0) else None
    if kind == Kind.CHOICE:
        if set(spec.choices) == {"Nam", "Nữ"}:
            return "Nam" if sex == "male" else "Nữ"
        return rng.choice(spec.choices)
    if kind == Kind.MULTICHOICE:
        return rng.sample(list(spec.choices), rng.randint(1, len(spec.choices)))
    if kind == Kind.BOOLEAN:
        return True if spec.required else rng.random() < 0.5
    if kind in (Kind.INTEGER, Kind.NUMBER):
        return _number(spec, rng)
    if spec.pattern:
        return _matching(spec, rng)
    return _fit(_text(spec, rng, sex), spec, rng)


def _number(spec: FieldSpec, rng: random.Random) -> int | float | None:
    low = spec.min_value
    high = spec.max_value
    if spec.kind == Kind.INTEGER:
        lo = int(low) if low is not None else (int(high) - 10 if high is not None else 1)
        hi = int(high) if high is not None else lo + 10
        if lo > hi:
            return None
        # Counts on forms are small: mostly the lowest few values.
        return rng.randint(lo, min(hi, lo + 2)) if rng.random() < 0.8 else rng.randint(lo, hi)
    lo = float(low) if low is not None else (float(high) - 10 if high is not None else 0.0)
    hi = float(high) if high is not None else lo + 10
    value = round(rng.uniform(lo, hi), 2)
    return value if lo <= value <= hi else lo


def _matching(spec: FieldSpec, rng: random.Random) -> str | None:
    """A string matching the field's pattern (simple regular expressions), within its
    length limits; None if none was found."""
    compiled = re.compile(spec.pattern)
    for _ in range(30):
        try:
            text = regex_example(spec.pattern, rng)
        except ValueError:
            return None
        fits = (spec.min_length or 0) <= len(text) <= (spec.max_length or 500)
        if fits and compiled.search(text) and text == text.strip():
            return text
    return None


_CATEGORY = {
    sre_c.CATEGORY_DIGIT: "0123456789",
    sre_c.CATEGORY_NOT_DIGIT: "abcxyz",
    sre_c.CATEGORY_WORD: "abcdefghABCDEF0123456789",
    sre_c.CATEGORY_NOT_WORD: "-./",
    sre_c.CATEGORY_SPACE: " ",
    sre_c.CATEGORY_NOT_SPACE: "abc123",
}
_ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./ "


def regex_example(pattern: str, rng: random.Random) -> str:
    """A random string produced by a simple regular expression (literals, classes, repeats,
    groups, alternatives, anchors). Raises ValueError for anything else."""
    return _emit(sre_parse.parse(pattern), rng)


def _emit(items: Any, rng: random.Random) -> str:
    out = []
    for op, av in items:
        if op == sre_c.LITERAL:
            out.append(chr(av))
        elif op == sre_c.NOT_LITERAL:
            out.append(rng.choice([c for c in _ALPHABET.strip() if c != chr(av)]))
        elif op == sre_c.ANY:
            out.append(rng.choice("abcxyz0123"))
        elif op == sre_c.IN:
            out.append(_one_of(av, rng))
        elif op in (sre_c.MAX_REPEAT, sre_c.MIN_REPEAT, getattr(sre_c, "POSSESSIVE_REPEAT", None)):
            low, high, sub = av
            high = low + 3 if high == sre_c.MAXREPEAT else min(high, low + 3)
            out.extend(_emit(sub, rng) for _ in range(rng.randint(low, high)))
        elif op == sre_c.SUBPATTERN:
            out.append(_emit(av[-1], rng))
        elif op == sre_c.BRANCH:
            out.append(_emit(rng.choice(av[1]), rng))
        elif op == sre_c.AT:
            continue
        else:
            raise ValueError(f"unsupported regular expression element {op}")
    return "".join(out)


def _one_of(items: Any, rng: random.Random) -> str:
    options: list[str] = []
    negate = False
    for op, av in items:
        if op == sre_c.NEGATE:
            negate = True
        elif op == sre_c.LITERAL:
            options.append(chr(av))
        elif op == sre_c.RANGE:
            options.extend(chr(c) for c in range(av[0], min(av[1], av[0] + 60) + 1))
        elif op == sre_c.CATEGORY:
            options.extend(_CATEGORY.get(av, "a"))
        else:
            raise ValueError(f"unsupported character class element {op}")
    if negate:
        options = [c for c in _ALPHABET if c not in options]
    if not options:
        raise ValueError("empty character class")
    return rng.choice(options)
