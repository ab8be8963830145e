"""Citizen identity numbers and the chip ID card's QR code (pure, no database).

A personal ID (số định danh cá nhân, Decree 137/2015 as amended; Circular 59/2021/TT-BCA):
12 digits = 3 digits of the province of birth registration + 1 digit century and sex
(0/1: 1900s male/female, 2/3: 2000s, 4/5: 2100s, 6/7: 2200s, 8/9: 2300s) + 2 digits of
the year of birth + 6 random digits.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from motcua.core.errors import InvalidInput

# Province codes of the ID scheme (the 63 provinces before 2025; ids keep them for life).
PROVINCE_PREFIXES = frozenset(
    "001 002 004 006 008 010 011 012 014 015 017 019 020 022 024 025 026 027 030 031 033 "
    "034 035 036 037 038 040 042 044 045 046 048 049 051 052 054 056 058 060 062 064 066 "
    "067 068 070 072 074 075 077 079 080 082 083 084 086 087 089 091 092 093 094 095 096".split()
)
_DIGITS12 = re.compile(r"^\d{12}$")


@dataclass(frozen=True)
class PersonalId:
    number: str
    province_prefix: str
    sex: str  # "male" | "female"
    birth_year: int


def parse_personal_id(number: str, *, birth_date: dt.date | None = None) -> PersonalId:
    """Validate a 12-digit personal ID; raise InvalidInput with the reason."""
    number = (number or "").strip()
    if not _DIGITS12.match(number):
        raise InvalidInput(_("Số định danh cá nhân phải gồm đúng 12 chữ số."))
    prefix, century_sex, yy = number[:3], int(number[3]), int(number[4:6])
    if prefix not in PROVINCE_PREFIXES:
        raise InvalidInput(
            _("Ba số đầu %(p)s không phải mã tỉnh nơi đăng ký khai sinh.") % {"p": prefix}
        )
    year = 1900 + 100 * (century_sex // 2) + yy
    today = dt.date.today()
    if year > today.year:
        raise InvalidInput(_("Năm sinh trong số định danh (%(y)s) ở tương lai.") % {"y": year})
    if birth_date is not None and birth_date.year != year:
        raise InvalidInput(
            _("Năm sinh %(b)s không khớp với số định danh (%(y)s).")
            % {"b": birth_date.year, "y": year}
        )
    return PersonalId(number, prefix, "female" if century_sex % 2 else "male", year)


@dataclass(frozen=True)
class ChipCard:
    """What the QR code on a chip-based citizen ID card says."""

    id_number: str
    old_id_number: str
    name: str
    birth_date: dt.date
    sex: str
    address: str
    issue_date: dt.date


def _ddmmyyyy(text: str, label: str) -> dt.date:
    try:
        return dt.datetime.strptime(text.strip(), "%d%m%Y").date()
    except ValueError:
        raise InvalidInput(
            _("%(label)s không đúng dạng ngàythángnăm (ddmmyyyy): “%(v)s”.")
            % {"label": label, "v": text}
        ) from None


def parse_chip_qr(text: str) -> ChipCard:
    """Parse ``ID|old ID|name|ddmmyyyy|sex|address|issue date`` and validate it."""
    parts = (text or "").strip().split("|")
    if len(parts) != 7:
        raise InvalidInput(
            _(
                "Mã QR không đúng định dạng của căn cước công dân gắn chip (7 trường ngăn cách bởi “|”)."
            )
        )
    id_number, old_id, name, birth, sex, address, issued = (p.strip() for p in parts)
    birth_date = _ddmmyyyy(birth, _("Ngày sinh"))
    issue_date = _ddmmyyyy(issued, _("Ngày cấp"))
    parsed = parse_personal_id(id_number, birth_date=birth_date)
    expected = "female" if parsed.sex == "female" else "male"
    given = (
        "female"
        if sex.casefold() in {"nữ", "nu", "female"}
        else "male"
        if sex.casefold() in {"nam", "male"}
        else ""
    )
    if not given:
        raise InvalidInput(_("Giới tính “%(s)s” không hợp lệ.") % {"s": sex})
    if given != expected:
        raise InvalidInput(_("Giới tính không khớp với số định danh."))
    if old_id and not re.fullmatch(r"\d{9}", old_id):
        raise InvalidInput(_("Số CMND cũ phải gồm 9 chữ số."))
    if not name:
        raise InvalidInput(_("Thiếu họ và tên."))
    if issue_date < birth_date or issue_date > dt.date.today():
        raise InvalidInput(_("Ngày cấp không hợp lệ."))
    return ChipCard(id_number, old_id, name, birth_date, given, address, issue_date)
