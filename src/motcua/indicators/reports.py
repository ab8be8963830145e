"""Weekly and monthly 766 reports of a unit as xlsx (openpyxl) and PDF (the forms' layout),
built from the same ``Scorecard`` objects as the pages, so every number matches the screen."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from reportlab.platypus import Paragraph, Spacer

from motcua.documents import layout

from . import scoring
from .periods import Period
from .selectors import Scorecard

ROW = tuple[str, str, Any, Any, Any, Any]


def indicator_rows(card: Scorecard) -> list[ROW]:
    """(id, name, numerator, denominator, points, maximum) per indicator, grouped, with a
    line per group; a figure that is not scored is None."""
    table = scoring.configured()
    rows: list[ROW] = []
    for key, maximum in scoring.GROUPS.items():
        rows.append(("", str(scoring.GROUP_NAMES[key]), None, None,
                     card.result["groups"].get(key), int(maximum)))  # fmt: skip
        for ind_id, ind in table.items():
            if ind.group != key or ind_id not in card.counts:
                continue
            pair = card.counts[ind_id]
            rows.append((ind_id, str(ind.name), pair[0] if pair else None,
                         pair[1] if pair else None, card.result["indicators"].get(ind_id),
                         int(ind.max)))  # fmt: skip
    return rows


def _title(card: Scorecard, period: Period) -> str:
    return _("Báo cáo chỉ số 766 — %(unit)s — %(period)s") % {
        "unit": card.name, "period": period.label(),
    }  # fmt: skip


def xlsx(card: Scorecard, period: Period, peers: Sequence[Scorecard] = ()) -> bytes:
    """Sheet 1: the unit's indicators; sheet 2 (``peers``): the ranking it belongs to."""
    book = Workbook()
    sheet = book.active
    sheet.title = _("Chỉ số")
    sheet.append([_title(card, period)])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append([_("Tổng điểm"), card.total, _("Hạng"), card.rank,
                  _("Hồ sơ tiếp nhận"), card.received])  # fmt: skip
    sheet.append([])
    sheet.append([_("Mã"), _("Chỉ số"), _("Tử số"), _("Mẫu số"), _("Điểm"), _("Tối đa")])
    for cell in sheet[4]:
        cell.font = Font(bold=True)
    for row in indicator_rows(card):
        sheet.append(list(row))
        if not row[0]:
            for cell in sheet[sheet.max_row]:
                cell.font = Font(bold=True)
    sheet.column_dimensions["B"].width = 70
    for col in "CDEF":
        sheet.column_dimensions[col].width = 12
    for row in sheet.iter_rows(min_row=5, min_col=5, max_col=5):
        for cell in row:
            cell.number_format = "0.00"
            cell.alignment = Alignment(horizontal="right")
    if peers:
        ranking = book.create_sheet(_("Xếp hạng"))
        ranking.append([_("Hạng"), _("Mã"), _("Đơn vị"), *scoring.GROUPS, _("Tổng"),
                        _("Hồ sơ"), _("Trực tuyến")])  # fmt: skip
        for peer in sorted(peers, key=lambda c: (c.rank == "", c.rank, c.key)):
            ranking.append([peer.rank, peer.key, peer.name,
                            *[peer.result["groups"].get(g) for g in scoring.GROUPS],
                            peer.total, peer.received, peer.online])  # fmt: skip
        ranking.column_dimensions["C"].width = 40
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _number(value: Any, decimals: int = 0) -> str:
    if value is None:
        return "—"
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def pdf(card: Scorecard, period: Period) -> bytes:
    st = layout.styles()
    head = layout.Header(
        form_no="", parent_agency="", agency=card.name, number="",
        place_and_date=timezone.localtime().strftime("%d/%m/%Y %H:%M"),
    )  # fmt: skip
    rows: list[list[object]] = [[_("Mã"), _("Chỉ số"), _("Tử số"), _("Mẫu số"), _("Điểm")]]
    from xml.sax.saxutils import escape

    for ind_id, name, num, den, points, maximum in indicator_rows(card):
        label = escape(name) if ind_id else f"<b>{escape(name)}</b>"
        rows.append([ind_id, label, _number(num), _number(den),
                     f"{_number(points, 2)} / {maximum}"])  # fmt: skip
    body = [
        Paragraph(escape(_title(card, period)), st["title"]),
        Paragraph(escape(_("Tổng điểm: %(t)s / 100 · Hạng: %(r)s · Hồ sơ tiếp nhận: %(n)s") % {
            "t": _number(card.total, 2), "r": card.rank or "—", "n": _number(card.received)}),
            st["subtitle"]),
        Spacer(1, 6),
        layout.grid(rows, [0.1, 0.5, 0.13, 0.13, 0.14], st),
    ]  # fmt: skip
    return layout.build(title=_title(card, period), head=head, body=body, footer="motcua")
