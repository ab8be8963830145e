"""The page of an administrative form: A4, the issuing agency at the top left, the national
motto at the top right, the place and date, the form's number, the body, the signatures.

Margins follow Decree 30/2020 (top and bottom 20 mm, left 30 mm, right 15 mm). The fixed
wording here is Vietnamese on purpose: a form is a legal document and is never translated.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    Flowable,
    HRFlowable,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from motcua.documents.fonts import face, register_fonts

MOTTO_1 = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO_2 = "Độc lập - Tự do - Hạnh phúc"
SIGN_HINT = "(Ký và ghi rõ họ tên)"

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGINS = {"topMargin": 20 * mm, "bottomMargin": 20 * mm, "leftMargin": 30 * mm,
           "rightMargin": 15 * mm}  # fmt: skip
FRAME_WIDTH = PAGE_WIDTH - MARGINS["leftMargin"] - MARGINS["rightMargin"]
# Landscape registers (Mẫu 07): the binding edge is the top one.
LANDSCAPE = landscape(A4)
LANDSCAPE_MARGINS = {"topMargin": 25 * mm, "bottomMargin": 18 * mm, "leftMargin": 15 * mm,
                     "rightMargin": 15 * mm}  # fmt: skip
LANDSCAPE_WIDTH = LANDSCAPE[0] - LANDSCAPE_MARGINS["leftMargin"] - LANDSCAPE_MARGINS["rightMargin"]


@dataclass(frozen=True)
class Header:
    form_no: str  # "01"
    parent_agency: str  # "ỦY BAN NHÂN DÂN PHƯỜNG BA ĐÌNH" (may be empty)
    agency: str  # the issuing agency or desk
    number: str  # "Số: …/PBS-TTPVHCC"
    place_and_date: str  # "Ba Đình, ngày 03 tháng 02 năm 2026"


@dataclass(frozen=True)
class Signature:
    title: str  # "NGƯỜI TIẾP NHẬN HỒ SƠ"
    name: str = ""  # printed under the space for the signature
    note: str = ""  # "(Chữ ký số … nếu là biểu mẫu điện tử)"
    hint: str = SIGN_HINT


def styles() -> dict[str, ParagraphStyle]:
    family = register_fonts()
    base = ParagraphStyle("base", fontName=family, fontSize=11.5, leading=15)

    def s(name: str, **kw: object) -> ParagraphStyle:
        return ParagraphStyle(name, parent=base, **kw)

    return {
        "body": s("body", alignment=TA_JUSTIFY, firstLineIndent=10 * mm, spaceAfter=3),
        "field": s("field", alignment=TA_LEFT, spaceAfter=3),
        "item": s("item", alignment=TA_JUSTIFY, leftIndent=16 * mm, firstLineIndent=-6 * mm,
                  spaceAfter=2),
        "title": s("title", fontName=face(bold=True), fontSize=13.5, leading=17,
                   alignment=TA_CENTER, spaceBefore=10, spaceAfter=4),
        "subtitle": s("subtitle", fontName=face(bold=True), alignment=TA_CENTER, spaceAfter=2),
        "centre": s("centre", fontName=face(italic=True), alignment=TA_CENTER, spaceAfter=6),
        "head": s("head", fontSize=10.5, leading=13, alignment=TA_CENTER),
        "head_bold": s("head_bold", fontName=face(bold=True), fontSize=10.5, leading=13,
                       alignment=TA_CENTER),
        "motto": s("motto", fontName=face(bold=True), fontSize=10.5, leading=13,
                   alignment=TA_CENTER),
        "motto_2": s("motto_2", fontName=face(bold=True), fontSize=11.5, leading=14,
                     alignment=TA_CENTER),
        "date": s("date", fontName=face(italic=True), fontSize=11, alignment=TA_CENTER),
        "form_no": s("form_no", fontName=face(bold=True), fontSize=11, alignment=TA_RIGHT),
        "cell": s("cell", fontSize=10.5, leading=13),
        "cell_centre": s("cell_centre", fontSize=10.5, leading=13, alignment=TA_CENTER),
        "cell_head": s("cell_head", fontName=face(bold=True), fontSize=10.5, leading=13,
                       alignment=TA_CENTER),
        "sign_title": s("sign_title", fontName=face(bold=True), alignment=TA_CENTER),
        "sign_hint": s("sign_hint", fontName=face(italic=True), fontSize=11, alignment=TA_CENTER),
        "sign_note": s("sign_note", fontSize=9.5, leading=12, alignment=TA_CENTER),
        "sign_name": s("sign_name", fontName=face(bold=True), alignment=TA_CENTER),
        "small": s("small", fontName=face(italic=True), fontSize=10, leading=12.5),
    }  # fmt: skip


def header(
    h: Header, st: dict[str, ParagraphStyle], *, width: float = FRAME_WIDTH
) -> list[Flowable]:
    """The top of the page; without ``form_no`` (a result) no "Mẫu số" line."""
    left: list[Flowable] = []
    if h.parent_agency:
        left.append(Paragraph(escape(h.parent_agency.upper()), st["head"]))
    left += [
        Paragraph(escape(h.agency.upper()), st["head_bold"]),
        HRFlowable(width="35%", thickness=0.6, color=colors.black, spaceBefore=1, spaceAfter=5),
        Paragraph(escape(h.number), st["head"]),
    ]
    right = [
        Paragraph(MOTTO_1, st["motto"]),
        Paragraph(MOTTO_2, st["motto_2"]),
        HRFlowable(width="55%", thickness=0.6, color=colors.black, spaceBefore=1, spaceAfter=5),
        Paragraph(escape(h.place_and_date), st["date"]),
    ]
    table = Table([[left, right]], colWidths=[width * 0.4, width * 0.6])
    table.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"), ("ALIGN", (0, 0), (-1, -1), "CENTER"),
        ("FONT", (0, 0), (-1, -1), face()),
        ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
    ]))  # fmt: skip
    number = [Paragraph(f"Mẫu số {h.form_no}", st["form_no"]), Spacer(1, 4)] if h.form_no else []
    return [*number, table, Spacer(1, 6)]


def signatures(items: Sequence[Signature], st: dict[str, ParagraphStyle]) -> list[Flowable]:
    """Signature columns side by side; a single one sits on the right, as on the forms.
    Every value is plain text (names come from applicants and staff): escaped here."""
    cells = []
    for sig in items:
        cell: list[Flowable] = [Paragraph(escape(sig.title), st["sign_title"])]
        if sig.hint:
            cell.append(Paragraph(escape(sig.hint), st["sign_hint"]))
        if sig.note:
            cell.append(Paragraph(escape(sig.note), st["sign_note"]))
        cell += [Spacer(1, 58), Paragraph(escape(sig.name) or "&nbsp;", st["sign_name"])]
        cells.append(cell)
    if len(cells) == 1:
        cells.insert(0, [])
    width = FRAME_WIDTH / len(cells)
    table = Table([cells], colWidths=[width] * len(cells))
    table.setStyle(
        TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("FONT", (0, 0), (-1, -1), face())])
    )
    return [Spacer(1, 10), KeepTogether([table])]


def grid(
    rows: Sequence[Sequence[object]], widths: Sequence[float], st: dict[str, ParagraphStyle],
    *, header_rows: int = 1, spans: Sequence[tuple] = (), width: float = FRAME_WIDTH,
) -> Table:  # fmt: skip
    """A ruled table; strings become paragraphs (header rows bold and centred). ``widths``
    are fractions of the text width; the header rows repeat on every page."""

    def cell(value: object, row: int) -> object:
        if isinstance(value, str):
            return Paragraph(value, st["cell_head"] if row < header_rows else st["cell"])
        return value

    data = [[cell(v, i) for v in row] for i, row in enumerate(rows)]
    table = Table(data, colWidths=[width * w for w in widths], repeatRows=header_rows)
    table.setStyle(TableStyle([
        # Plain string cells would otherwise use Helvetica, a font that is not embedded.
        ("FONT", (0, 0), (-1, -1), face()), ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        *[("SPAN", a, b) for a, b in spans],
    ]))  # fmt: skip
    return table


def build(
    *, title: str, head: Header, body: Sequence[Flowable], footer: str = "",
    wide: bool = False,
) -> bytes:  # fmt: skip
    """The PDF bytes of one form (``wide``: landscape A4, for the registers)."""
    register_fonts()
    buffer = io.BytesIO()
    pagesize, margins = (LANDSCAPE, LANDSCAPE_MARGINS) if wide else (A4, MARGINS)
    subject = f"Mẫu số {head.form_no}" if head.form_no else title
    doc = SimpleDocTemplate(
        buffer, pagesize=pagesize, title=title, author=head.agency, subject=subject,
        creator="motcua", initialFontName=face(), initialFontSize=12, **margins,
    )  # fmt: skip

    def on_page(canvas, document) -> None:
        canvas.saveState()
        canvas.setFont(face(), 8.5)
        text = f"{footer} · Trang {document.page}" if footer else f"Trang {document.page}"
        canvas.drawRightString(pagesize[0] - margins["rightMargin"], 10 * mm, text)
        canvas.restoreState()

    st = styles()
    width = LANDSCAPE_WIDTH if wide else FRAME_WIDTH
    doc.build([*header(head, st, width=width), *body], onFirstPage=on_page,
              onLaterPages=on_page)  # fmt: skip
    return buffer.getvalue()
