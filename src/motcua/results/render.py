"""The PDF of a result, laid out like the forms (``documents.layout`` and ``markup``): the
agency top left, the national motto top right, place and date, the title, the text, the
signature of the head of the agency.

The text is a Django template in the line markup of ``documents/markup.py``: one an
administrator stored (``documents.models.DocumentTemplate``), else ``results/<procedure
code>.txt`` for one procedure, else ``results/kinds/<kind>.txt``
(``documents.selectors.document_template``).
Always Vietnamese: a result is a legal document.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from typing import Any
from xml.sax.saxutils import escape

from django.utils import timezone, translation
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import (
    Flowable,
    HRFlowable,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from motcua.core.text import fold
from motcua.documents import layout, markup
from motcua.documents import selectors as doc_selectors
from motcua.documents.fonts import face, register_fonts
from motcua.documents.formatting import BLANK, date, place_and_date
from motcua.documents.sandbox import TextTemplate
from motcua.dossiers.models import Dossier
from motcua.results.constants import Kind

# The number line of each kind [I: Decree 30/2020 Appendix III abbreviations].
NUMBER = {
    Kind.DECISION: "Số: ……/QĐ-UBND",
    Kind.LICENCE: "Số: ……/GP-UBND",
    Kind.CERTIFICATE: "Số: ……/GCN-UBND",
    Kind.OTHER: "Số: ……/UBND",
}

_KIND_WORDS = (  # folded words of the catalogue's result text, first match wins
    ("giay phep", Kind.LICENCE),
    ("quyet dinh", Kind.DECISION),
    ("chung nhan", Kind.CERTIFICATE),
    ("xac nhan", Kind.CERTIFICATE),
    ("trich luc", Kind.CERTIFICATE),
    ("chung chi", Kind.CERTIFICATE),
)


def kind_for(result_text: str) -> str:
    """The kind a procedure's result most likely is, from the catalogue's text."""
    folded = fold(result_text or "")
    found = [(folded.find(w), kind) for w, kind in _KIND_WORDS if w in folded]
    return min(found)[1] if found else Kind.OTHER


def default_title(result_text: str, kind: str) -> str:
    """The part of the catalogue's result (lines, alternatives split by ";") that names the
    kind, else its first part, cleaned; else the kind's name."""
    parts = [
        re.sub(r"^[\s\-+*•·–]+", "", part).strip().rstrip(".;:,")
        for part in re.split(r"[;\n\r\v\f\x1c-\x1e\x85\u2028\u2029]", result_text or "")
    ]
    parts = [" ".join(p.split()) for p in parts if p.strip()]
    named = [p for p in parts if kind != Kind.OTHER and kind_for(p) == kind]
    if named or parts:
        return (named or parts)[0][:500]
    with translation.override("vi"):
        return str(Kind(kind).label)


def _one_line(value: Any) -> str:
    return " ".join(str(value or "").split())


def _issuer(dossier: Dossier) -> doc_selectors.Issuer:
    """The people's committee of the competent unit (two short queries)."""
    code = dossier.competent_unit_id
    unit = doc_selectors.unit_names({code}).get(code)
    agencies = doc_selectors.issuers({code}).get(code, {})
    committee = next((agencies[k] for k in doc_selectors.COMMITTEES if k in agencies), None)
    label = unit.full_name if unit else code
    name = committee.name if committee else f"Ủy ban nhân dân {label}"
    return doc_selectors.Issuer(parent="", name=name, place=unit.name if unit else "")


def _head(issuer: doc_selectors.Issuer, number: str, at: dt.datetime, st: dict) -> list[Flowable]:
    left = [
        Paragraph(escape(issuer.name.upper()), st["head_bold"]),
        HRFlowable(width="35%", thickness=0.6, color=colors.black, spaceBefore=1, spaceAfter=5),
        Paragraph(escape(number), st["head"]),
    ]
    right = [
        Paragraph(layout.MOTTO_1, st["motto"]),
        Paragraph(layout.MOTTO_2, st["motto_2"]),
        HRFlowable(width="55%", thickness=0.6, color=colors.black, spaceBefore=1, spaceAfter=5),
        Paragraph(escape(place_and_date(issuer.place, at)), st["date"]),
    ]
    width = layout.FRAME_WIDTH
    table = Table([[left, right]], colWidths=[width * 0.4, width * 0.6])
    table.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"), ("ALIGN", (0, 0), (-1, -1), "CENTER"),
        ("FONT", (0, 0), (-1, -1), face()),
        ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
    ]))  # fmt: skip
    return [table, Spacer(1, 6)]


def context(dossier: Dossier, *, title: str, kind: str, body: str | None,
            at: dt.datetime, issuer: doc_selectors.Issuer) -> dict[str, Any]:  # fmt: skip
    p = dossier.procedure
    return {
        "agency": _one_line(issuer.name),
        "title": _one_line(title),
        "kind": kind,
        "code": dossier.code or "",
        "procedure_name": _one_line(p.name),
        "procedure_code": p.code,
        "applicant_name": _one_line(dossier.applicant_name),
        "applicant_id": dossier.applicant_id_number or BLANK,
        "birth_date": date(dossier.applicant_birth_date) if dossier.applicant_birth_date else BLANK,
        "address": _one_line(dossier.applicant_address) or BLANK,
        "received_date": date(dossier.received_at),
        "issued_date": date(at),
        # Text given by the official: plain lines, escaped here and kept as paragraphs.
        "body_lines": [_one_line(x) for x in (body or "").splitlines() if x.strip()],
        "blank": BLANK,
    }


def render(
    dossier: Dossier, *, title: str, kind: str, body: str | None = None,
    at: dt.datetime | None = None, template: TextTemplate | None = None,
) -> bytes:  # fmt: skip
    """The PDF bytes of a result of ``dossier`` (``template``: a text being previewed)."""
    at = at or timezone.now()
    with translation.override("vi"):
        issuer = _issuer(dossier)
        st = layout.styles()
        ctx = context(dossier, title=title, kind=kind, body=body, at=at, issuer=issuer)
        if template is None:
            template = doc_selectors.document_template(f"result:{kind}", dossier.procedure)
        signature = layout.signatures([layout.Signature(
            "THỦ TRƯỞNG CƠ QUAN", "", "(Chữ ký số của cơ quan, đơn vị)", hint="(Ký, ghi rõ họ tên và đóng dấu)",
        )], st)  # fmt: skip
        flow = markup.parse(template.render(ctx), st, {"signature": signature})
        register_fonts()
        buffer = io.BytesIO()
        code = dossier.code or f"hs-{dossier.pk}"
        doc = SimpleDocTemplate(
            buffer, pagesize=A4, title=f"{ctx['title']} — {code}", author=issuer.name,
            subject=ctx["procedure_name"][:200], creator="motcua", initialFontName=face(),
            **layout.MARGINS,
        )  # fmt: skip

        def on_page(canvas, document) -> None:
            canvas.saveState()
            canvas.setFont(face(), 8.5)
            canvas.drawRightString(layout.PAGE_WIDTH - layout.MARGINS["rightMargin"], 10 * mm,
                                   f"Mã hồ sơ {code} · Trang {document.page}")  # fmt: skip
            canvas.restoreState()

        doc.build([*_head(issuer, NUMBER.get(kind, NUMBER[Kind.OTHER]), at, st), *flow],
                  onFirstPage=on_page, onLaterPages=on_page)  # fmt: skip
        return buffer.getvalue()
