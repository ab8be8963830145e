"""Reporting periods of the scorecard: a month, a quarter, a year or any range of days, seen as
of today or as of a past date."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.core.errors import InvalidInput


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date
    as_of: dt.date

    @property
    def effective_end(self) -> dt.date:
        """The last day whose events count: the period's end, or the as-of date if earlier."""
        return min(self.end, self.as_of)

    def label(self) -> str:
        text = f"{self.start:%d/%m/%Y} – {self.end:%d/%m/%Y}"
        if self.as_of < self.end:
            text += " " + _("(tính đến %(d)s)") % {"d": f"{self.as_of:%d/%m/%Y}"}
        return text


def _date(value: str, what: str) -> dt.date:
    value = value.strip()
    for fmt in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    raise InvalidInput(
        _("%(what)s không hợp lệ: %(value)s (dạng dd/mm/yyyy).") % {"what": what, "value": value}
    )


def month_bounds(year: int, month: int) -> tuple[dt.date, dt.date]:
    first = dt.date(year, month, 1)
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return first, following - dt.timedelta(days=1)


def period_from(params: Mapping[str, str], *, today: dt.date | None = None) -> Period:
    """A period from query parameters: ``week=2026-W47``, ``month=2026-10``, ``quarter=2026-Q3``,
    ``year=2026``
    or ``from``/``to`` (dd/mm/yyyy), and optionally ``as_of``. Default: the current month so
    far. Bad or future periods raise ``InvalidInput`` with a Vietnamese message."""
    today = today or timezone.localdate()
    try:
        if month := params.get("month"):
            match = re.fullmatch(r"(\d{4})-(\d{1,2})", month.strip())
            if not match or not 1 <= int(match[2]) <= 12:
                raise InvalidInput(_("Tháng không hợp lệ: %(v)s (dạng 2026-10).") % {"v": month})
            start, end = month_bounds(int(match[1]), int(match[2]))
        elif week := params.get("week"):
            match = re.fullmatch(r"(\d{4})-W(\d{1,2})", week.strip().upper())
            if not match:
                raise InvalidInput(_("Tuần không hợp lệ: %(v)s (dạng 2026-W47).") % {"v": week})
            start = dt.date.fromisocalendar(int(match[1]), int(match[2]), 1)
            end = start + dt.timedelta(days=6)
        elif quarter := params.get("quarter"):
            match = re.fullmatch(r"(\d{4})-Q([1-4])", quarter.strip().upper())
            if not match:
                raise InvalidInput(_("Quý không hợp lệ: %(v)s (dạng 2026-Q3).") % {"v": quarter})
            q = int(match[2])
            start = month_bounds(int(match[1]), 3 * q - 2)[0]
            end = month_bounds(int(match[1]), 3 * q)[1]
        elif year := params.get("year"):
            if not re.fullmatch(r"\d{4}", year.strip()):
                raise InvalidInput(_("Năm không hợp lệ: %(v)s.") % {"v": year})
            start, end = dt.date(int(year), 1, 1), dt.date(int(year), 12, 31)
        elif params.get("from") or params.get("to"):
            start = _date(params.get("from") or "", _("Ngày bắt đầu"))
            end = _date(params.get("to") or "", _("Ngày kết thúc"))
        else:
            start, end = today.replace(day=1), today
    except (ValueError, OverflowError) as exc:  # e.g. year 0
        raise InvalidInput(_("Kỳ báo cáo không hợp lệ.")) from exc
    as_of = _date(params["as_of"], _("Ngày xem số liệu")) if params.get("as_of") else today
    if end < start:
        raise InvalidInput(_("Ngày kết thúc phải sau ngày bắt đầu."))
    if start.year < 2000:
        raise InvalidInput(_("Kỳ báo cáo phải từ năm 2000 trở đi."))
    if start > today:
        raise InvalidInput(_("Kỳ báo cáo ở tương lai: chưa có số liệu."))
    if as_of > today:
        raise InvalidInput(_("Ngày xem số liệu không được ở tương lai."))
    if as_of < start:
        raise InvalidInput(_("Ngày xem số liệu phải nằm sau ngày bắt đầu của kỳ."))
    return Period(start=start, end=end, as_of=as_of)
