"""Mẫu 07 "Sổ theo dõi hồ sơ" (Circular 03/2025/TT-VPCP Appendix I): the dossiers a unit
received in a range of days, one row each, on landscape A4 pages whose table header repeats.

The text above the table is the template ``form:07`` (``selectors.document_template``, no
procedure: a logbook spans them); the table is the ``@logbook`` block.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Paragraph, TableStyle

from motcua.core.errors import InvalidInput
from motcua.documents import layout, markup, selectors
from motcua.documents.formatting import VN, date, place_and_date, short
from motcua.documents.sandbox import TextTemplate
from motcua.dossiers.constants import State
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.org.models import AdministrativeUnit

# A printed logbook longer than this is a sign of a wrong range; the user is asked to narrow it.
MAX_ROWS = 5_000
COLUMNS = ("STT", "Mã hồ sơ", "Tên thủ tục hành chính", "Người nộp hồ sơ", "Nhận hồ sơ",
           "Hẹn trả kết quả", "Chuyển cơ quan giải quyết", "Có kết quả", "Trả kết quả",
           "Ghi chú")  # fmt: skip
WIDTHS = (0.035, 0.17, 0.17, 0.11, 0.08, 0.08, 0.11, 0.08, 0.08, 0.085)
# The end states a note names (a returned dossier shows its return date instead).
NOTED_STATES = (State.REFUSED, State.STOPPED, State.WITHDRAWN, State.NOT_ELIGIBLE)


@dataclass(frozen=True)
class Row:
    code: str
    procedure: str
    applicant: str
    received_at: str
    due_at: str
    transferred: str
    result_at: str
    returned_at: str
    note: str


def period(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """[start 00:00, the day after end 00:00) in Vietnam's time."""
    if end < start:
        raise InvalidInput(_("Ngày kết thúc phải sau hoặc bằng ngày bắt đầu."))
    begin = dt.datetime.combine(start, dt.time(), tzinfo=VN)
    return begin, dt.datetime.combine(end + dt.timedelta(days=1), dt.time(), tzinfo=VN)


def rows(unit: AdministrativeUnit, start: dt.date, end: dt.date) -> list[Row]:
    """The rows of the unit's logbook, in order of receipt (three queries: the count, the
    dossiers, their first transfers). More than ``MAX_ROWS`` raises ``InvalidInput``."""
    begin, until = period(start, end)
    dossiers = Dossier.objects.filter(
        receiving_unit_id=unit.code, received_at__gte=begin, received_at__lt=until
    )
    total = dossiers.count()
    if total > MAX_ROWS:
        raise InvalidInput(
            _("Khoảng thời gian này có %(n)s hồ sơ, nhiều hơn %(max)s hồ sơ một sổ in được; "
              "hãy chọn khoảng thời gian ngắn hơn.")
            % {"n": f"{total:,}".replace(",", "."), "max": f"{MAX_ROWS:,}".replace(",", ".")}
        )  # fmt: skip
    transfers: dict[int, tuple[dt.datetime, str]] = {}
    for dossier_id, at, payload in (
        DossierEvent.objects.filter(kind="transfer", dossier__in=dossiers.values("pk"))
        .order_by("dossier_id", "seq")
        .values_list("dossier_id", "at", "payload")
    ):
        transfers.setdefault(dossier_id, (at, (payload or {}).get("to_unit") or ""))
    names = selectors.unit_names({code for _at, code in transfers.values() if code})
    out = []
    for d in (
        dossiers.select_related("procedure")
        .only("id", "code", "procedure__name", "applicant_name", "received_at", "due_at",
              "state", "extended", "supplement_count", "finished_at", "closed_at")
        .order_by("received_at", "id")
    ):  # fmt: skip
        transfer = transfers.get(d.pk)
        moved = ""
        if transfer:
            to = names.get(transfer[1])
            moved = short(transfer[0]) + (f" — {to.full_name}" if to else "")
        note = []
        if d.state in NOTED_STATES:
            note.append(str(State(d.state).label))
        if d.extended:
            note.append("Đã gia hạn")
        if d.supplement_count:
            note.append(f"Bổ sung {d.supplement_count} lần")
        out.append(Row(
            code=d.code or "", procedure=d.procedure.name, applicant=d.applicant_name,
            received_at=short(d.received_at), due_at=short(d.due_at), transferred=moved,
            result_at=short(d.finished_at),
            returned_at=short(d.closed_at) if d.state == State.RETURNED else "",
            note="; ".join(note),
        ))  # fmt: skip
    return out


def table(items: Sequence[Row], st: dict[str, ParagraphStyle]) -> Flowable:
    cell = ParagraphStyle("logbook_cell", parent=st["cell"], fontSize=8, leading=10)
    centre = ParagraphStyle("logbook_centre", parent=cell, alignment=TA_CENTER)
    head = ParagraphStyle("logbook_head", parent=st["cell_head"], fontSize=8, leading=10)
    data: list[list[Any]] = [[Paragraph(c, head) for c in COLUMNS]]
    for n, r in enumerate(items, 1):
        texts = (r.procedure, r.applicant, r.received_at, r.due_at, r.transferred, r.result_at,
                 r.returned_at, r.note)  # fmt: skip
        data.append([Paragraph(str(n), centre), Paragraph(markup.escape(r.code), cell),
                     *[Paragraph(markup.escape(" ".join(t.split())), cell) for t in texts]])  # fmt: skip
    if not items:
        data.append([Paragraph("Không có hồ sơ nào trong khoảng thời gian này.", cell),
                     *[""] * (len(COLUMNS) - 1)])  # fmt: skip
    spans = [((0, 1), (-1, 1))] if not items else []
    grid = layout.grid(data, WIDTHS, st, spans=spans, width=layout.LANDSCAPE_WIDTH)
    # Narrow padding: a dossier code and a date each fit on one line of their column.
    grid.setStyle(TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 2),
                              ("RIGHTPADDING", (0, 0), (-1, -1), 2)]))  # fmt: skip
    return grid


def pdf(
    *, unit_label: str, agency: str, parent: str, place: str, start: dt.date, end: dt.date,
    items: Sequence[Row], template: TextTemplate | None = None, at: dt.datetime | None = None,
) -> bytes:  # fmt: skip
    """The logbook as PDF; ``template`` overrides the text in effect (a preview)."""
    at = at or dt.datetime.now(VN)
    with translation.override("vi"):
        st = layout.styles()
        ctx = {"unit": " ".join(unit_label.split()), "agency": agency,
               "from_date": date(start), "to_date": date(end), "count": len(items)}  # fmt: skip
        template = template or selectors.document_template("form:07", None)
        body = markup.parse(template.render(ctx), st, {"logbook": [table(items, st)]})
        head = layout.Header(form_no="07", parent_agency=parent, agency=agency, number="",
                             place_and_date=place_and_date(place, at))  # fmt: skip
        return layout.build(
            title=f"Sổ theo dõi hồ sơ — {ctx['unit']} — {date(start)}–{date(end)}", head=head,
            body=body, footer=f"Mẫu số 07 · {ctx['unit']}", wide=True,
        )  # fmt: skip


def render(unit: AdministrativeUnit, start: dt.date, end: dt.date) -> bytes:
    """Mẫu 07 of ``unit`` for the days ``start``–``end`` (both included)."""
    items = rows(unit, start, end)
    agencies = selectors.issuers({unit.code}).get(unit.code, {})
    centre = next((agencies[k] for k in selectors.CENTRES if k in agencies), None)
    committee = next((agencies[k] for k in selectors.COMMITTEES if k in agencies), None)
    return pdf(
        unit_label=unit.full_name, place=unit.name, start=start, end=end, items=items,
        agency=centre.name if centre else f"Bộ phận Một cửa {unit.full_name}",
        parent=committee.name if committee else f"Ủy ban nhân dân {unit.full_name}",
    )  # fmt: skip


def filename(unit: AdministrativeUnit, start: dt.date, end: dt.date) -> str:
    return f"so-theo-doi-{unit.code}-{start:%Y%m%d}-{end:%Y%m%d}.pdf"
