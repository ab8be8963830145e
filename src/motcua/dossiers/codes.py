"""Dossier codes (mã số hồ sơ, domain spec §3): format, parse, allocate.

A code is ``<agency>-<YYMMDD>-<number>``: the receiving agency's code, the receipt date
(YYMMDD, read as 20YY) and a daily number of at least 4 digits. Three styles:

- ``decision20`` (default; Circular 03/2025 Art. 13(1)): the agency code of Decision
  20/2020, read left to right, level 1 ``MX1X2`` first: ``H15.50.05.13-261008-0975``.
- ``circular01`` (Circular 01/2018, before 2025): the agency part of QCVN 102:2016,
  ``V1V2V3.Z1Z2.Y1Y2.MX1X2`` with level 1 on the right: ``000.00.00.H12-250101-0001``.
- ``centralised`` (Art. 13(3), added by Circular 04/2025): a national system owned by a
  ministry puts the two digits AA of the ministry's electronic ID before the daily
  number: ``H15.50.05.13-261008-090123`` is number 123 given by the system of
  ministry 09 (Nội vụ).

**Reading a code** (``parse_code``) follows one rule, in this order:

1. An explicit hint (``--format``) decides the style; a code that does not fit it is
   invalid.
2. An agency part of the exact QCVN 102 shape (four groups of 3, 2, 2 and 3 characters,
   the last a level-1 code ``MX1X2``) is ``circular01``; the whole number is the
   daily number.
3. Otherwise the agency part must start with a level-1 code ``MX1X2`` (Decision 20).
   A number of 6 or more digits whose first two digits are a known ministry AA
   (``KNOWN_MINISTRY_AA`` plus the ``MOTCUA_DOSSIER_CODE_MINISTRY_AA`` setting) is
   ``centralised``; any other number (4 digits, or 5, or 6+ with another prefix) is a
   local ``decision20`` daily number. So ``…-0975`` and ``…-123456`` are local and
   ``…-090123`` is ministry 09, number 123. A centralised code of a ministry outside
   that list needs the hint.

``format_code`` refuses a ``decision20`` code that rule 3 would misread as centralised
(only possible from 100,000 dossiers a day, or with a wider number setting).

**Settings**, read on every call (so ``override_settings`` works):
``MOTCUA_DOSSIER_CODE_STYLE`` (default ``decision20``), ``MOTCUA_DOSSIER_CODE_MINISTRY_AA``
(two digits; required for ``centralised``) and ``MOTCUA_DOSSIER_CODE_SEQUENCE_DIGITS``
(minimum width of the daily number, *without* AA, 4–8, default 4: a centralised code
then ends in 6 digits, as the ministry systems observed in §3 do).

**Allocation** (``allocate_code``) counts per agency and day in ``DossierCodeSequence``
with one ``INSERT … ON CONFLICT DO UPDATE … RETURNING`` (PostgreSQL, SQLite ≥ 3.35). It
joins the caller's transaction: if the intake rolls back, so does the number, and the
day's numbers stay gapless; the counter row stays locked until the caller commits, so
clerks of one agency take numbers one at a time (keep the intake transaction short).
Called outside a transaction, the number is committed at once and is lost if the intake
then fails.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connections, router, transaction
from django.utils.translation import gettext as _

from motcua.core.errors import InvalidInput
from motcua.dossiers import writer

STYLE_DECISION20 = "decision20"
STYLE_CIRCULAR01 = "circular01"
STYLE_CENTRALISED = "centralised"
STYLES = (STYLE_DECISION20, STYLE_CIRCULAR01, STYLE_CENTRALISED)

# Ministry prefixes seen in the codes of ministry systems (domain spec §3 [S S18]): 02 Công
# Thương, 03 GDĐT, 06 KH&CN, 09 Nội vụ, 10 NN&MT, 15 Tư pháp, 16 VHTTDL, 17 Xây dựng, 18 Y tế.
KNOWN_MINISTRY_AA = frozenset({"02", "03", "06", "09", "10", "15", "16", "17", "18"})

MAX_AGENCY_LENGTH = 35  # Decision 20/2020 Art. 4
MIN_SEQUENCE_DIGITS = 4
MAX_SEQUENCE_DIGITS = 8  # the daily number, without AA
MAX_CODE_LENGTH = 60  # Dossier.code; the longest valid code has 35 + 8 + 10 = 53 characters

SETTING_STYLE = "MOTCUA_DOSSIER_CODE_STYLE"
SETTING_MINISTRY_AA = "MOTCUA_DOSSIER_CODE_MINISTRY_AA"
SETTING_SEQUENCE_DIGITS = "MOTCUA_DOSSIER_CODE_SEQUENCE_DIGITS"

_AGENCY_RE = re.compile(r"[0-9A-Z]+(?:\.[0-9A-Z]+)*")
_LEVEL1_RE = re.compile(r"[A-Y][0-9]{2}")
_QCVN102_RE = re.compile(r"[0-9A-Z]{3}\.[0-9A-Z]{2}\.[0-9A-Z]{2}\.[A-Y][0-9]{2}")
_AA_RE = re.compile(r"[0-9]{2}")
_DIGITS_RE = re.compile(r"[0-9]+")


@dataclass(frozen=True)
class ParsedCode:
    """The parts of a dossier code; for an invalid code, ``valid`` is False with a reason."""

    valid: bool
    agency_code: str | None = None
    receipt_date: dt.date | None = None
    sequence: int | None = None
    ministry_aa: str | None = None
    format: str | None = None
    reason: str | None = None

    def to_json(self) -> dict[str, Any]:
        """The JSON object printed by ``motcua dossier-code parse CODE --json``."""
        return {
            "valid": self.valid,
            "agency_code": self.agency_code,
            "receipt_date": self.receipt_date.isoformat() if self.receipt_date else None,
            "sequence": self.sequence,
            "ministry_aa": self.ministry_aa,
            "format": self.format,
            "reason": self.reason,
        }


@dataclass(frozen=True)
class CodeSettings:
    style: str
    ministry_aa: str | None
    sequence_digits: int


def code_settings() -> CodeSettings:
    """The dossier code settings, checked; raises ImproperlyConfigured."""
    style = getattr(settings, SETTING_STYLE, STYLE_DECISION20) or STYLE_DECISION20
    if style not in STYLES:
        raise ImproperlyConfigured(f"{SETTING_STYLE} must be one of {', '.join(STYLES)}")
    ministry_aa = str(getattr(settings, SETTING_MINISTRY_AA, "") or "").strip() or None
    if ministry_aa is not None and not _AA_RE.fullmatch(ministry_aa):
        raise ImproperlyConfigured(f"{SETTING_MINISTRY_AA} must be two digits")
    if style == STYLE_CENTRALISED and ministry_aa is None:
        raise ImproperlyConfigured(f"{SETTING_STYLE}=centralised needs {SETTING_MINISTRY_AA}")
    digits = getattr(settings, SETTING_SEQUENCE_DIGITS, MIN_SEQUENCE_DIGITS)
    try:
        digits = int(digits)
    except (TypeError, ValueError):
        digits = 0
    if not MIN_SEQUENCE_DIGITS <= digits <= MAX_SEQUENCE_DIGITS:
        raise ImproperlyConfigured(
            f"{SETTING_SEQUENCE_DIGITS} must be from {MIN_SEQUENCE_DIGITS} to {MAX_SEQUENCE_DIGITS}"
        )
    return CodeSettings(style=style, ministry_aa=ministry_aa, sequence_digits=digits)


def known_ministry_aa() -> frozenset[str]:
    """The AA prefixes that mark a code as centralised when no hint is given."""
    aa = str(getattr(settings, SETTING_MINISTRY_AA, "") or "").strip()
    return KNOWN_MINISTRY_AA | {aa} if _AA_RE.fullmatch(aa) else KNOWN_MINISTRY_AA


def _agency_problem(agency_code: str) -> str | None:
    if len(agency_code) > MAX_AGENCY_LENGTH:
        return _("Mã cơ quan dài quá %(max)d ký tự.") % {"max": MAX_AGENCY_LENGTH}
    if not _AGENCY_RE.fullmatch(agency_code):
        return _("Mã cơ quan chỉ gồm chữ in hoa, chữ số và các nhóm không rỗng ngăn bởi dấu chấm.")
    return None


def _reads_left_to_right(agency_code: str) -> bool:
    return bool(_LEVEL1_RE.fullmatch(agency_code.split(".", 1)[0]))


def _is_qcvn102(agency_code: str) -> bool:
    return bool(_QCVN102_RE.fullmatch(agency_code))


def _invalid(reason: str) -> ParsedCode:
    return ParsedCode(valid=False, reason=reason)


def parse_code(text: str, *, hint: str | None = None) -> ParsedCode:
    """Read a dossier code in any format of §3; never raises on bad input.

    ``hint`` (one of ``STYLES``) forces the style; see the module docstring for the rule
    used without it. Surrounding spaces are ignored; lower case is not accepted.
    """
    if hint is not None and hint not in STYLES:
        raise ValueError(f"unknown dossier code style {hint!r}")
    if not isinstance(text, str) or not text.strip():
        return _invalid(_("Mã hồ sơ trống."))
    text = text.strip()
    if len(text) > MAX_CODE_LENGTH:
        return _invalid(_("Mã hồ sơ dài quá %(max)d ký tự.") % {"max": MAX_CODE_LENGTH})
    parts = text.split("-")
    if len(parts) != 3:
        return _invalid(
            _(
                "Mã hồ sơ phải gồm ba phần nối bằng dấu gạch ngang: mã cơ quan, "
                "ngày tiếp nhận (YYMMDD) và số thứ tự."
            )
        )
    agency, day_text, number = parts

    problem = _agency_problem(agency)
    if problem:
        return _invalid(problem)
    left_to_right = _reads_left_to_right(agency)
    qcvn102 = _is_qcvn102(agency)
    if hint == STYLE_CIRCULAR01 and not qcvn102:
        return _invalid(_("Mã cơ quan theo Thông tư 01/2018 phải có dạng V1V2V3.Z1Z2.Y1Y2.MX1X2."))
    if hint in (STYLE_DECISION20, STYLE_CENTRALISED) and not left_to_right:
        return _invalid(_("Mã cơ quan theo Quyết định 20/2020 phải bắt đầu bằng mã cấp 1 MX1X2."))
    if hint is None and not (qcvn102 or left_to_right):
        return _invalid(
            _(
                "Mã cơ quan phải bắt đầu bằng mã cấp 1 MX1X2 (Quyết định 20/2020) "
                "hoặc có dạng V1V2V3.Z1Z2.Y1Y2.MX1X2 (Thông tư 01/2018)."
            )
        )

    if not (len(day_text) == 6 and _DIGITS_RE.fullmatch(day_text)):
        return _invalid(_("Ngày tiếp nhận phải gồm 6 chữ số YYMMDD."))
    try:
        day = dt.date(2000 + int(day_text[:2]), int(day_text[2:4]), int(day_text[4:]))
    except ValueError:
        return _invalid(
            _("Ngày tiếp nhận %(value)s không phải ngày có thật.") % {"value": day_text}
        )

    if not _DIGITS_RE.fullmatch(number):
        return _invalid(_("Số thứ tự chỉ gồm chữ số."))
    if hint is not None:
        style = hint
    elif qcvn102:
        style = STYLE_CIRCULAR01
    elif len(number) >= 2 + MIN_SEQUENCE_DIGITS and number[:2] in known_ministry_aa():
        style = STYLE_CENTRALISED
    else:
        style = STYLE_DECISION20

    ministry_aa = None
    if style == STYLE_CENTRALISED:
        ministry_aa, number = number[:2], number[2:]
    if not MIN_SEQUENCE_DIGITS <= len(number) <= MAX_SEQUENCE_DIGITS:
        if style == STYLE_CENTRALISED:
            message = _(
                "Mã hồ sơ tập trung cần 2 chữ số mã bộ và từ %(min)d đến %(max)d chữ số thứ tự."
            )
        else:
            message = _("Số thứ tự phải có từ %(min)d đến %(max)d chữ số.")
        return _invalid(message % {"min": MIN_SEQUENCE_DIGITS, "max": MAX_SEQUENCE_DIGITS})
    sequence = int(number)
    if sequence < 1:
        return _invalid(_("Số thứ tự phải từ 1 trở lên."))
    return ParsedCode(
        valid=True,
        agency_code=agency,
        receipt_date=day,
        sequence=sequence,
        ministry_aa=ministry_aa,
        format=style,
    )


def qcvn102_agency_code(agency_code: str) -> str:
    """The QCVN 102:2016 form (level 1 on the right) of a Decision 20 agency code.

    ``H12`` → ``000.00.00.H12``; ``H15.50.05.123`` → ``123.05.50.H15``. A code already in
    QCVN 102 form is returned as is. Raises InvalidInput when a level does not fit the
    QCVN 102 widths (2, 2 and 3 characters for levels 2, 3 and 4).
    """
    problem = _agency_problem(agency_code)
    if problem:
        raise InvalidInput(problem, agency_code=agency_code)
    if _is_qcvn102(agency_code):
        return agency_code
    groups = agency_code.split(".")
    if not _reads_left_to_right(agency_code) or len(groups) > 4:
        raise InvalidInput(
            _("Không chuyển được mã cơ quan %(code)s sang dạng QCVN 102:2016.")
            % {"code": agency_code},
            agency_code=agency_code,
        )
    level1, *lower = groups
    widths = (2, 2, 3)
    padded = []
    for index, width in enumerate(widths):
        group = lower[index] if index < len(lower) else ""
        if len(group) > width:
            raise InvalidInput(
                _("Không chuyển được mã cơ quan %(code)s sang dạng QCVN 102:2016.")
                % {"code": agency_code},
                agency_code=agency_code,
            )
        padded.append(group.rjust(width, "0"))
    return ".".join([*reversed(padded), level1])


def format_code(
    agency_code: str,
    day: dt.date,
    sequence: int,
    *,
    style: str = STYLE_DECISION20,
    ministry_aa: str | None = None,
    digits: int = MIN_SEQUENCE_DIGITS,
) -> str:
    """Write a dossier code; raises InvalidInput for parts the style cannot hold.

    ``digits`` is the minimum width of the daily number (without AA). For ``circular01``
    a Decision 20 agency code is turned into its QCVN 102 form.
    """
    if style not in STYLES:
        raise InvalidInput(_("Kiểu mã hồ sơ không hợp lệ: %(style)s.") % {"style": style})
    problem = _agency_problem(agency_code)
    if problem:
        raise InvalidInput(problem, agency_code=agency_code)
    if style == STYLE_CIRCULAR01:
        agency_code = qcvn102_agency_code(agency_code)
    elif not _reads_left_to_right(agency_code):
        raise InvalidInput(
            _("Mã cơ quan theo Quyết định 20/2020 phải bắt đầu bằng mã cấp 1 MX1X2."),
            agency_code=agency_code,
        )
    if style == STYLE_CENTRALISED:
        if ministry_aa is None or not _AA_RE.fullmatch(ministry_aa):
            raise InvalidInput(_("Mã hồ sơ tập trung cần mã bộ AA gồm 2 chữ số."))
    elif ministry_aa is not None:
        raise InvalidInput(_("Chỉ mã hồ sơ tập trung mới có mã bộ AA."))
    if not 2000 <= day.year <= 2099:
        raise InvalidInput(_("Năm tiếp nhận phải từ 2000 đến 2099."))
    if not MIN_SEQUENCE_DIGITS <= digits <= MAX_SEQUENCE_DIGITS:
        raise InvalidInput(
            _("Số thứ tự phải có từ %(min)d đến %(max)d chữ số.")
            % {"min": MIN_SEQUENCE_DIGITS, "max": MAX_SEQUENCE_DIGITS}
        )
    if not 1 <= sequence < 10**MAX_SEQUENCE_DIGITS:
        raise InvalidInput(
            _("Số thứ tự phải từ 1 đến %(max)d.") % {"max": 10**MAX_SEQUENCE_DIGITS - 1}
        )
    number = f"{sequence:0{digits}d}"
    if (
        style == STYLE_DECISION20
        and len(number) >= 2 + MIN_SEQUENCE_DIGITS
        and number[:2] in known_ministry_aa()
    ):
        raise InvalidInput(
            _("Số thứ tự %(number)s sẽ bị đọc nhầm là mã hồ sơ tập trung của bộ %(aa)s.")
            % {"number": number, "aa": number[:2]}
        )
    return f"{agency_code}-{day:%y%m%d}-{ministry_aa or ''}{number}"


def next_sequence(agency_code: str, day: dt.date) -> int:
    """Take the next daily number of an agency, in the caller's transaction (if any)."""
    from motcua.dossiers.models import DossierCodeSequence

    opts = DossierCodeSequence._meta
    alias = router.db_for_write(DossierCodeSequence)
    connection = connections[alias]
    if connection.vendor not in ("postgresql", "sqlite"):
        raise NotImplementedError("dossier code allocation supports PostgreSQL and SQLite")
    qn = connection.ops.quote_name
    table = qn(opts.db_table)
    agency, day_column, value = (
        qn(opts.get_field(name).column) for name in ("agency_code", "day", "value")
    )
    upsert = (
        f"INSERT INTO {table} ({agency}, {day_column}, {value}) VALUES (%s, %s, 1) "
        f"ON CONFLICT ({agency}, {day_column}) DO UPDATE SET {value} = {table}.{value} + 1"
    )
    params = [agency_code, connection.ops.adapt_datefield_value(day)]
    with transaction.atomic(using=alias, savepoint=False), connection.cursor() as cursor:
        if connection.features.can_return_columns_from_insert:
            cursor.execute(f"{upsert} RETURNING {value}", params)
        else:  # SQLite < 3.35: the upsert holds the write lock, so the read sees our value
            cursor.execute(upsert, params)
            cursor.execute(
                f"SELECT {value} FROM {table} WHERE {agency} = %s AND {day_column} = %s", params
            )
        return int(cursor.fetchone()[0])


def allocate_code(
    agency_code: str,
    day: dt.date,
    *,
    style: str | None = None,
    ministry_aa: str | None = None,
) -> str:
    """Give the next dossier code of an agency for a receipt day, unique under concurrency.

    Style and ministry AA default to the settings. Call it inside the intake's
    ``transaction.atomic()``: a rollback returns the number (no gap).
    """
    config = code_settings()
    style = style or config.style
    if style == STYLE_CENTRALISED:
        ministry_aa = ministry_aa or config.ministry_aa
    options = {"style": style, "ministry_aa": ministry_aa, "digits": config.sequence_digits}
    format_code(agency_code, day, 1, **options)  # check the parts before taking a number
    number = writer.current().next_sequence(agency_code, day)
    return format_code(agency_code, day, number, **options)
