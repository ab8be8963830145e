"""A made-up dossier for checking and previewing a text an administrator writes: every value
the real renderers give a template (``forms118._Form.context``, ``results.render.context``,
``logbook.pdf``), with invented data, and the code-built blocks as placeholders."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import translation
from reportlab.platypus import Flowable

from motcua.documents import layout, logbook, markup
from motcua.documents.constants import BLOCKS
from motcua.documents.formatting import BLANK, VN, place_and_date
from motcua.documents.sandbox import TextTemplate

AT = dt.datetime(2025, 9, 8, 9, 5, tzinfo=VN)
AGENCY = "Trung tâm Phục vụ hành chính công phường Mẫu"
PARENT = "Ủy ban nhân dân phường Mẫu"

_COMMON = {
    "agency": AGENCY, "code": "H00.001.01-250908-0001", "applicant_name": "Nguyễn Văn Mẫu",
    "applicant_id": "001203000000", "address": "Số 1 đường Mẫu, phường Mẫu",
    "procedure_name": "Thủ tục mẫu", "procedure_code": "1.000000", "received_date": "08/09/2025",
    "blank": BLANK,
}  # fmt: skip
FORM_CONTEXT: dict[str, Any] = {
    **_COMMON,
    "desk": AGENCY, "lookup_key": "ABCD-EFGH", "logbook_number": "0001",
    "phone": "0900000000", "email": "mau@example.vn", "time_limit": "05 ngày làm việc",
    "received_at": "09 giờ 05 phút, ngày 08/09/2025", "due_at": "17 giờ 00 phút, ngày 15/09/2025",
    "due_at_original": "17 giờ 00 phút, ngày 15/09/2025",
    "new_due_at": "17 giờ 00 phút, ngày 22/09/2025", "collect_at": AGENCY,
    "competent": "Phường Mẫu", "event_at": "09 giờ 05 phút, ngày 08/09/2025",
    "event_date": "08/09/2025", "actor": "Lê Thị Tiếp Nhận", "clerk": "Lê Thị Tiếp Nhận",
    "reason": "Lý do mẫu", "reason_lines": ["Lý do mẫu thứ nhất", "Lý do mẫu thứ hai"],
    "items": ["Giấy tờ cần bổ sung thứ nhất", "Giấy tờ cần bổ sung thứ hai"],
    "items_given": True, "at_reception": False,
}  # fmt: skip
RESULT_CONTEXT: dict[str, Any] = {
    **_COMMON,
    "title": "Về việc giải quyết thủ tục mẫu", "kind": "decision", "birth_date": "01/01/1990",
    "issued_date": "15/09/2025", "body_lines": [],
}  # fmt: skip
LOGBOOK_ROWS = [
    logbook.Row(code=f"H00.001.01-250908-000{n}", procedure="Thủ tục mẫu",
                applicant="Nguyễn Văn Mẫu", received_at="09:05 08/09/2025",
                due_at="17:00 15/09/2025", transferred="", result_at="", returned_at="", note="")
    for n in (1, 2)
]  # fmt: skip


def context(document: str) -> dict[str, Any]:
    if document == "form:07":
        return {"unit": "Phường Mẫu", "agency": AGENCY, "from_date": "01/09/2025",
                "to_date": "30/09/2025", "count": len(LOGBOOK_ROWS)}  # fmt: skip
    if document.startswith("result:"):
        return {**RESULT_CONTEXT, "kind": document.partition(":")[2]}
    return dict(FORM_CONTEXT)


def blocks(document: str, st: dict) -> dict[str, list[Flowable]]:
    """Placeholders for the blocks the code builds: signatures, and a one-row table."""
    out: dict[str, list[Flowable]] = {}
    for name in BLOCKS.get(document, ()):
        if name.startswith("signature"):
            out[name] = layout.signatures([layout.Signature("NGƯỜI KÝ", "Nguyễn Văn Ký")], st)
        else:
            out[name] = [layout.grid([[f"@{name}"], ["(bảng do hệ thống lập)"]], [1.0], st)]
    return out


def pdf(document: str, template: TextTemplate) -> bytes:
    """``template`` laid out with the made-up dossier, as the document's renderer would."""
    with translation.override("vi"):
        if document == "form:07":
            return logbook.pdf(unit_label="Phường Mẫu", agency=AGENCY, parent=PARENT,
                               place="Mẫu", start=AT.date(), end=AT.date() + dt.timedelta(29),
                               items=LOGBOOK_ROWS, template=template, at=AT)  # fmt: skip
        st = layout.styles()
        body = markup.parse(template.render(context(document)), st, blocks(document, st))
        kind, _sep, name = document.partition(":")
        head = layout.Header(
            form_no=name if kind == "form" else "", parent_agency=PARENT if kind == "form" else "",
            agency=AGENCY if kind == "form" else PARENT, number="Số: ……",
            place_and_date=place_and_date("Mẫu", AT),
        )  # fmt: skip
        return layout.build(title=f"{document} — BẢN XEM THỬ", head=head, body=body,
                            footer="Bản xem thử với hồ sơ mẫu")  # fmt: skip
