"""The forms of the one-stop shop (Decree 118/2025, Circular 03/2025/TT-VPCP Appendix I) as
printable PDFs: 01 receipt and appointment, 02 supplement request, 03 refusal, 04 apology and
extension, 05 stop notice, 06 process control sheet (07, the logbook of a unit, is
``logbook.py``).

Each form's text is a Django template (``documents/forms/mauNN.txt``, written in the line
markup of ``markup.py``) rendered with a context of plain strings, then laid out by
``layout.py``. A text an administrator stored (``models.DocumentTemplate``) comes first, then a
file ``documents/forms/<procedure code>/mauNN.txt`` for one procedure, then the default
(``form_template``). Tables and signatures are built in code and placed by ``@name`` lines:
``@components`` (Mẫu 01, and 02 for a procedure's own template) lists the papers as received
(``selectors.filed_components``); ``@handovers`` (06) prints the ``processes`` steps, the rows
the dossier page shows, with their verdicts (``control`` only for dossiers without steps).

The PDFs are always rendered in Vietnamese (``translation.override("vi")``), whatever the
reader's language: a form is a legal document and its wording is fixed by the circular.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from reportlab.platypus import Flowable, Paragraph

from motcua.attachments.constants import How
from motcua.core.errors import NotFound
from motcua.documents import control, layout, markup, selectors
from motcua.documents.formatting import BLANK, date, place_and_date, time_and_date
from motcua.documents.sandbox import TextTemplate
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.processes import selectors as process_selectors
from motcua.processes.constants import StepRole, Verdict


@dataclass(frozen=True)
class FormSpec:
    no: str
    title: Any  # the legal name, lazy: the UI shows it translated, the PDF always in Vietnamese
    kinds: frozenset[str]  # the events that issue it
    number: str  # the document-number line, numbered by hand or by the agency's register
    for_applicant: bool = True  # addressed to the applicant (they may download it)


FORMS: dict[str, FormSpec] = {
    f.no: f
    for f in [
        FormSpec("01", gettext_lazy("Giấy tiếp nhận hồ sơ và hẹn trả kết quả"),
                 frozenset({"receive"}), "Số: …………"),
        FormSpec("02", gettext_lazy("Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ"),
                 frozenset({"request_supplement_at_reception", "request_supplement"}),
                 "Số: ……/PBS"),
        FormSpec("03", gettext_lazy("Phiếu từ chối tiếp nhận giải quyết hồ sơ"),
                 frozenset({"refuse"}), "Số: ……/PTC"),
        FormSpec("04", gettext_lazy("Phiếu xin lỗi và đề nghị gia hạn thời gian giải quyết"),
                 frozenset({"extend"}), "Số: ……/PXL"),
        FormSpec("05", gettext_lazy("Thông báo dừng giải quyết hồ sơ"), frozenset({"stop"}),
                 "Số: ……/TBD"),
        # One sheet for the whole dossier, from reception on; internal to the agencies.
        FormSpec("06", gettext_lazy("Phiếu kiểm soát quá trình giải quyết hồ sơ"),
                 frozenset({"receive"}), "Số: ……/PKS", for_applicant=False),
    ]
}  # fmt: skip


@dataclass(frozen=True)
class AvailableForm:
    no: str
    label: Any  # lazy, in the reader's language
    seq: int  # the event that issued it
    at: dt.datetime
    filename: str


def filename(dossier: Dossier, form_no: str) -> str:
    return f"{dossier.code or f'hs-{dossier.pk}'}-mau-{form_no}.pdf"


def available_forms(
    dossier: Dossier, *, for_applicant: bool = False,
    events: Sequence[DossierEvent] | None = None,
) -> list[AvailableForm]:  # fmt: skip
    """The forms this dossier's events have issued, in order (a second supplement request
    is a second Mẫu 02); one query. ``for_applicant`` leaves out the internal ones."""
    events = selectors.form_events(dossier) if events is None else events
    found = []
    for e in events:
        for spec in FORMS.values():
            if e.kind in spec.kinds and (spec.for_applicant or not for_applicant):
                found.append(AvailableForm(spec.no, spec.title, e.seq, e.at,
                                           filename(dossier, spec.no)))  # fmt: skip
    return sorted(found, key=lambda f: (f.no, f.seq))


def form_template(form_no: str, dossier: Dossier) -> TextTemplate:
    """The template of a form for this dossier's procedure (``selectors.document_template``)."""
    return selectors.document_template(f"form:{form_no}", dossier.procedure)


def render(
    form_no: str, dossier: Dossier, *, seq: int | None = None, lookup_key: str = "",
    template: TextTemplate | None = None,
) -> bytes:  # fmt: skip
    """The PDF of form ``form_no`` for ``dossier``: issued by the event ``seq``, or by the
    latest event that issues it. ``lookup_key`` (known only at reception) is printed on
    Mẫu 01; ``template`` is a text being previewed. A form the dossier has not reached raises
    ``NotFound``."""
    spec = FORMS.get(form_no)
    if spec is None:
        raise NotFound(_("Không có biểu mẫu số %(no)s.") % {"no": form_no})
    events = selectors.form_events(dossier)
    issuing = [e for e in events if e.kind in spec.kinds and (seq is None or e.seq == seq)]
    if not issuing:
        raise NotFound(_("Hồ sơ chưa có %(title)s.") % {"title": spec.title})
    event = issuing[-1]
    with translation.override("vi"):  # legal wording: never translated
        return _Form(spec, dossier, event, events, lookup_key, template).pdf()


def _one_line(value: Any) -> str:
    """A value on one line: a line break would start a new block of the markup."""
    return " ".join(str(value or "").split())


def _lines(value: Any) -> list[str]:
    return [_one_line(line) for line in str(value or "").splitlines() if line.strip()]


def _number(value: Decimal) -> str:
    return f"{value.normalize():f}".replace(".", ",")


# How a paper was received, in the wording of the forms [I: Decree 45/2020 and 107/2021 terms].
RECEIVED_AS = {
    How.SHOWN_ONLY: "Bản chính (xuất trình để đối chiếu)",
    How.SCANNED_AT_DESK: "Bản sao điện tử (số hóa tại Bộ phận Một cửa)",
    How.UPLOADED_ONLINE: "Bản điện tử (nộp trực tuyến)",
    How.FROM_STORE: "Lấy từ Kho quản lý dữ liệu điện tử của tổ chức, cá nhân",
}
# Mẫu 06 "Kết quả giải quyết hồ sơ", from ``processes.constants.Verdict``.
STEP_VERDICTS = {Verdict.EARLY: control.EARLY, Verdict.ON_TIME: control.ON_TIME,
                 Verdict.LATE: control.LATE}  # fmt: skip


def _quantity(paper: selectors.FiledPaper) -> str:
    """The catalogue's quantity: "01 bản chính, 01 bản sao", else its text as published."""
    counts = [f"{n:02d} {label}" for n, label in
              ((paper.originals, "bản chính"), (paper.copies, "bản sao")) if n]  # fmt: skip
    return ", ".join(counts) or _one_line(paper.quantity_text)


@dataclass(frozen=True)
class _SheetRow:
    """A row of Mẫu 06 as printed (``when`` and ``note`` are paragraph markup)."""

    from_unit: str
    to_unit: str
    when: str
    verdict: str
    giver: str
    receiver: str
    note: str


def _parse_time(value: Any) -> dt.datetime | None:
    try:
        return dt.datetime.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None


class _Form:
    """One form being rendered: gathers the context, lays out the blocks."""

    def __init__(
        self, spec: FormSpec, dossier: Dossier, event: DossierEvent,
        events: Sequence[DossierEvent], lookup_key: str, template: TextTemplate | None = None,
    ) -> None:  # fmt: skip
        self.spec, self.d, self.event, self.events = spec, dossier, event, events
        self.lookup_key, self.template = lookup_key, template
        self.st = layout.styles()
        codes = {dossier.receiving_unit_id, dossier.current_unit_id, dossier.competent_unit_id}
        for e in events:
            payload = e.payload or {}
            codes |= {e.unit_id, payload.get("from_unit"), payload.get("to_unit")}
        self.units = selectors.unit_names({c for c in codes if c})  # one query for all

    # The agency that issues the form: the one-stop desk, or (02 during processing, 04) the
    # unit that holds the dossier.
    def issuer(self) -> selectors.Issuer:
        d = self.d
        by_desk = self.event.kind not in ("request_supplement", "extend")
        unit_code = d.receiving_unit_id if by_desk else (self.event.unit_id or d.current_unit_id)
        unit = self.units.get(unit_code)
        agencies = selectors.issuers({unit_code}).get(unit_code, {})
        committee = next((agencies[k] for k in selectors.COMMITTEES if k in agencies), None)
        centre = next((agencies[k] for k in selectors.CENTRES if k in agencies), None)
        if by_desk and d.receiving_agency is not None:
            centre = d.receiving_agency
        unit_label = unit.full_name if unit else unit_code
        if by_desk:
            name = centre.name if centre else f"Bộ phận Một cửa {unit_label}"
            parent = committee.name if committee else f"Ủy ban nhân dân {unit_label}"
        else:
            name = committee.name if committee else f"Ủy ban nhân dân {unit_label}"
            parent = ""
        return selectors.Issuer(parent=parent, name=name, place=unit.name if unit else "")

    def context(self, issuer: selectors.Issuer) -> dict[str, Any]:
        d, e = self.d, self.event
        p = d.procedure
        payload = e.payload or {}
        receive = next((x for x in self.events if x.kind == "receive"), None)
        if p.time_limit_value is not None:
            time_limit = f"{_number(p.time_limit_value)} {p.get_time_limit_unit_display()}"
        else:
            time_limit = _one_line(p.time_limit_text) or BLANK
        original_due = _parse_time(payload.get("due_at_original")) or d.due_at_original
        new_due = _parse_time(payload.get("due_at")) or d.due_at
        items = [_one_line(i) for i in payload.get("items", []) if str(i).strip()]
        return {
            "agency": _one_line(issuer.name),
            "desk": _one_line(d.receiving_agency.name if d.receiving_agency else issuer.name),
            "code": d.code or "",
            "lookup_key": self.lookup_key,
            "logbook_number": (d.code or "").rsplit("-", 1)[-1] if d.code else "",
            "applicant_name": _one_line(d.applicant_name),
            "applicant_id": d.applicant_id_number or BLANK,
            "address": _one_line(d.applicant_address) or BLANK,
            "phone": _one_line(d.applicant_phone) or BLANK,
            "email": _one_line(d.applicant_email) or BLANK,
            "procedure_name": _one_line(p.name),
            "procedure_code": p.code,
            "time_limit": time_limit,
            "received_at": time_and_date(d.received_at),
            "received_date": date(d.received_at),
            "due_at": time_and_date(d.due_at),
            "due_at_original": time_and_date(original_due),
            "new_due_at": time_and_date(new_due),
            "collect_at": _one_line(d.receiving_agency.name if d.receiving_agency else issuer.name),
            "competent": _one_line(self.unit_label(d.competent_unit_id)),
            "event_at": time_and_date(e.at),
            "event_date": date(e.at),
            "actor": _one_line(e.actor_label),
            "clerk": _one_line(receive.actor_label if receive else ""),
            "reason": _one_line(payload.get("reason")),
            "reason_lines": _lines(payload.get("reason")),
            # Mẫu 02 lists what to complete; the action form has one text box today, so its
            # lines are the list unless the event carries separate ``items``.
            "items": items or _lines(payload.get("reason")),
            "items_given": bool(items),
            "at_reception": e.kind == "request_supplement_at_reception",
            "blank": BLANK,
        }

    def unit_label(self, code: str) -> str:
        unit = self.units.get(code)
        return unit.full_name if unit else code

    def blocks(self, ctx: dict[str, Any]) -> dict[str, list[Flowable]]:
        sig = layout.Signature
        digital = "(Chữ ký số của {} nếu là biểu mẫu điện tử)"
        blocks = {
            "signatures_receipt": layout.signatures([
                sig("NGƯỜI NỘP HỒ SƠ", ctx["applicant_name"]),
                sig("NGƯỜI TIẾP NHẬN HỒ SƠ", ctx["clerk"] or ctx["actor"],
                    digital.format("người tiếp nhận hồ sơ")),
            ], self.st),
            "signatures_refusal": layout.signatures([
                sig("NGƯỜI NỘP HỒ SƠ", ctx["applicant_name"]),
                sig("NGƯỜI TIẾP NHẬN HỒ SƠ", ctx["actor"], digital.format("người tiếp nhận hồ sơ")),
            ], self.st),
            "signature_guide": layout.signatures(
                [sig("NGƯỜI HƯỚNG DẪN", ctx["actor"], digital.format("người hướng dẫn"))], self.st
            ),
            "signature_head": layout.signatures(
                [sig("THỦ TRƯỞNG CƠ QUAN, ĐƠN VỊ", "",
                     digital.format("Thủ trưởng cơ quan, đơn vị"))], self.st
            ),
            "signature_desk": layout.signatures(
                [sig("NGƯỜI TIẾP NHẬN HỒ SƠ", ctx["actor"],
                     digital.format("người tiếp nhận hồ sơ"))], self.st
            ),
        }  # fmt: skip
        if self.spec.no in ("01", "02"):  # 02: for a procedure's own template (see module doc)
            blocks["components"] = [self.components_table()]
        if self.spec.no == "06":
            blocks["handovers"] = [self.handover_table()]
        return blocks

    def components_table(self) -> Flowable:
        rows: list[list[object]] = [["STT", "Tên giấy tờ", "Hình thức", "Số lượng"]]
        spans = []
        number, case = 0, None
        cell, centre = self.st["cell"], self.st["cell_centre"]
        for c in selectors.filed_components(self.d):
            if c.case and c.case != case:  # alternative cases of the procedure
                case = c.case
                rows.append([Paragraph(f"<i>{markup.escape(_one_line(c.case))}</i>", cell),
                             "", "", ""])  # fmt: skip
                spans.append(((0, len(rows) - 1), (-1, len(rows) - 1)))
            number += 1
            rows.append([
                Paragraph(str(number), centre),
                Paragraph(markup.escape(_one_line(c.name)), cell),
                Paragraph(RECEIVED_AS.get(c.how, ""), cell),
                Paragraph(markup.escape(_quantity(c)), centre),
            ])  # fmt: skip
        if number == 0:
            rows.append(["", Paragraph(BLANK, cell), "", ""])
        return layout.grid(rows, [0.08, 0.5, 0.24, 0.18], self.st, spans=spans)

    def handover_table(self) -> Flowable:
        steps = process_selectors.mau06_rows(self.d)
        rows = self.step_rows(steps) if steps else self.event_rows()
        cell, centre = self.st["cell"], self.st["cell_centre"]
        data: list[list[object]] = [[
            "Tên đơn vị", "Thời gian giao nhận hồ sơ",
            "Kết quả giải quyết hồ sơ (trước hạn/đúng hạn/quá hạn)", "Ghi chú",
        ]]  # fmt: skip
        spans = []
        for r in rows:
            data.append([
                Paragraph(f"<b>1. Giao:</b> {markup.escape(r.from_unit)}<br/>"
                          f"<b>2. Nhận:</b> {markup.escape(r.to_unit)}", cell),
                Paragraph(r.when, centre), Paragraph(r.verdict, centre),
                Paragraph(r.note, cell),
            ])  # fmt: skip
            data.append([
                Paragraph(f"<b>Người giao</b><br/>{markup.escape(r.giver)}", centre),
                Paragraph(f"<b>Người nhận</b><br/>{markup.escape(r.receiver)}", centre), "", "",
            ])  # fmt: skip
            spans.append(((1, len(data) - 1), (-1, len(data) - 1)))
        if not rows:
            data.append([Paragraph("Chưa có lần giao nhận nào.", cell), "", "", ""])
            spans.append(((0, 1), (-1, 1)))
        return layout.grid(data, [0.34, 0.26, 0.22, 0.18], self.st, spans=spans)

    def desk(self) -> str:
        d = self.d
        return d.receiving_agency.name if d.receiving_agency else "Bộ phận TN&TKQ"

    def step_rows(self, steps: Sequence[Any]) -> list[_SheetRow]:
        """One row per ``processes`` step, as the dossier page shows them: the dossier handed
        from the previous step's holder to this step's, and this step's own verdict."""
        d = self.d

        def holder(step: Any) -> str:
            at_desk = step.unit_id == d.receiving_unit_id and step.role == StepRole.CLERK
            return self.desk() if at_desk else step.unit.full_name

        rows, previous = [], "Tổ chức, cá nhân nộp hồ sơ"
        for s in steps:
            note = [f"{s.position}. {markup.escape(_one_line(s.name))}"]
            if s.due_at:
                note.append(f"Hạn: {time_and_date(s.due_at)}")
            if s.finished_at:
                note.append(f"Xong: {time_and_date(s.finished_at)}")
            elif not s.verdict:
                note.append("Đang xử lý")
            rows.append(_SheetRow(
                from_unit=previous, to_unit=holder(s), when=time_and_date(s.started_at),
                verdict=STEP_VERDICTS.get(s.verdict, ""), giver=s.handed_by,
                receiver=s.taken_by, note="<br/>".join(note),
            ))  # fmt: skip
            previous = holder(s)
        return rows

    def event_rows(self) -> list[_SheetRow]:
        """Dossiers received before internal processes existed have no steps: their rows come
        from the hand-over events, only the hand-back judged (against the appointment)."""
        d = self.d

        def unit(code: str) -> str:
            return self.desk() if code == d.receiving_unit_id else self.unit_label(code)

        rows = control.with_verdicts(
            control.handover_rows(self.events, receiving_unit=d.receiving_unit_id), d.due_at
        )
        out = []
        for r in rows:
            when = time_and_date(r.at)
            if r.received_at and r.received_at != r.at:
                when = f"Giao: {when}<br/>Nhận: {time_and_date(r.received_at)}"
            out.append(_SheetRow(from_unit=unit(r.from_unit), to_unit=unit(r.to_unit),
                                 when=when, verdict=r.verdict, giver=r.giver,
                                 receiver=r.receiver, note=markup.escape(r.note)))  # fmt: skip
        return out

    def pdf(self) -> bytes:
        issuer = self.issuer()
        ctx = self.context(issuer)
        template = self.template or form_template(self.spec.no, self.d)
        text = template.render(ctx)
        body = markup.parse(text, self.st, self.blocks(ctx))
        head = layout.Header(
            form_no=self.spec.no, parent_agency=issuer.parent, agency=issuer.name,
            number=self.spec.number, place_and_date=place_and_date(issuer.place, self.event.at),
        )  # fmt: skip
        code = self.d.code or f"hs-{self.d.pk}"
        return layout.build(
            title=f"{self.spec.title} — {code}",
            head=head,
            body=body,
            footer=f"Mẫu số {self.spec.no} · Mã hồ sơ {code}" if self.d.code else "",
        )
