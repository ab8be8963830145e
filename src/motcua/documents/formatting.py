"""How the forms write times and dates (pure functions; always Asia/Ho_Chi_Minh).

Forms are legal documents: their wording stays Vietnamese whatever the reader's UI language,
so nothing here goes through gettext.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

VN = ZoneInfo("Asia/Ho_Chi_Minh")
BLANK = "…………"  # a field the system does not know, left to be filled in by hand


def local(value: dt.datetime) -> dt.datetime:
    """``value`` in Vietnam's time zone (naive values are taken as already local)."""
    return value.astimezone(VN) if value.tzinfo else value.replace(tzinfo=VN)


def time_and_date(value: dt.datetime | None) -> str:
    """``09 giờ 05 phút, ngày 03/02/2026``: the receipt's hour, minute and date."""
    if value is None:
        return BLANK
    v = local(value)
    return f"{v:%H} giờ {v:%M} phút, ngày {v:%d/%m/%Y}"


def short(value: dt.datetime | None) -> str:
    """``09:05 03/02/2026``: a time in a register's narrow column; empty when unknown."""
    if value is None:
        return ""
    v = local(value)
    return f"{v:%H:%M %d/%m/%Y}"


def date(value: dt.date | dt.datetime | None) -> str:
    """``03/02/2026``."""
    if value is None:
        return BLANK
    if isinstance(value, dt.datetime):
        value = local(value).date()
    return f"{value:%d/%m/%Y}"


def date_in_words(value: dt.date | dt.datetime) -> str:
    """``ngày 03 tháng 02 năm 2026``. As Decree 30/2020 writes dates on documents: a day
    below 10 and the months 1 and 2 take a leading zero (``ngày 15 tháng 3 năm 2026``)."""
    if isinstance(value, dt.datetime):
        value = local(value).date()
    month = f"{value.month:02d}" if value.month <= 2 else str(value.month)
    return f"ngày {value.day:02d} tháng {month} năm {value.year}"


def place_and_date(place: str, value: dt.date | dt.datetime) -> str:
    """The line under the national motto: ``Ba Đình, ngày 03 tháng 02 năm 2026``."""
    return f"{place}, {date_in_words(value)}" if place else date_in_words(value).capitalize()
