"""The forms of the one-stop shop (Decree 118/2025, Circular 03/2025/TT-VPCP Appendix I) as
printable PDFs: 01 receipt and appointment, 02 supplement request, 03 refusal, 04 apology and
extension, 05 stop notice, 06 process control sheet.

Each form's text is a Django template (``documents/forms/mauNN.txt``, written in the line
markup of ``markup.py``) rendered with a context of plain strings, then laid out by
``layout.py``. A template named ``documents/forms/<procedure code>/mauNN.txt`` overrides the
default for one procedure (``form_template``: the seam where administrator-edited templates,
issue #5, plug in). Tables and signatures are built in code and placed by ``@name`` lines.

The PDFs are always rendered in Vietnamese (``translation.override("vi")``), whatever the
reader's language: a form is a legal document and its wording is fixed by the circular.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.template import Template
from django.template.loader import select_template
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from reportlab.platypus import Flowable, Paragraph

from motcua.core.errors import NotFound
from motcua.documents import control, layout, markup, selectors
from motcua.documents.formatting import BLANK, date, place_and_date, time_and_date
from motcua.dossiers.models import Dossier, DossierEvent


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


def form_template(form_no: str, dossier: Dossier) -> Template:
    """The template of a form for this dossier's procedure (a per-procedure file first)."""
    return select_template(
        [f"documents/forms/{dossier.procedure.code}/mau{form_no}.txt",
         f"documents/forms/mau{form_no}.txt"]
    )  # fmt: skip


def render(
    form_no: str, dossier: Dossier, *, seq: int | None = None, lookup_key: str = ""
) -> bytes:
    """The PDF of form ``form_no`` for ``dossier``: issued by the event ``seq``, or by the
    latest event that issues it. ``lookup_key`` (known only at reception) is printed on
    Mẫu 01. A form the dossier has not reached raises ``NotFound``."""
    spec = FORMS.get(form_no)
    if spec is None:
        raise NotFound(_("Không có biểu mẫu số %(no)s.") % {"no": form_no})
    events = selectors.form_events(dossier)
    issuing = [e for e in events if e.kind in spec.kinds and (seq is None or e.seq == seq)]
    if not issuing:
        raise NotFound(_("Hồ sơ chưa có %(title)s.") % {"title": spec.title})
    event = issuing[-1]
    with translation.override("vi"):  # legal wording: never translated
        return _Form(spec, dossier, event, events, lookup_key).pdf()


def _one_line(value: Any) -> str:
    """A value on one line: a line break would start a new block of the markup."""
    return " ".join(str(value or "").split())


def _lines(value: Any) -> list[str]:
    return [_one_line(line) for line in str(value or "").splitlines() if line.strip()]


def _number(value: Decimal) -> str:
    return f"{value.normalize():f}".replace(".", ",")


def _parse_time(value: Any) -> dt.datetime | None:
    try:
        return dt.datetime.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None


class _Form:
    """One form being rendered: gathers the context, lays out the blocks."""

    def __init__(
        self, spec: FormSpec, dossier: Dossier, event: DossierEvent,
        events: Sequence[DossierEvent], lookup_key: str,
    ) -> None:  # fmt: skip
        self.spec, self.d, self.event, self.events = spec, dossier, event, events
        self.lookup_key = lookup_key
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
        if self.spec.no == "01":
            blocks["components"] = [self.components_table()]
        if self.spec.no == "06":
            blocks["handovers"] = [self.handover_table()]
        return blocks

    def components_table(self) -> Flowable:
        rows: list[list[object]] = [["STT", "Tên giấy tờ", "Bản chính", "Bản sao"]]
        spans = []
        number, case = 0, None
        for c in selectors.filed_components(self.d):
            if c.case and c.case != case:  # alternative cases of the procedure
                case = c.case
                rows.append([Paragraph(f"<i>{markup.escape(_one_line(c.case))}</i>",
                                       self.st["cell"]), "", "", ""])  # fmt: skip
                spans.append(((0, len(rows) - 1), (-1, len(rows) - 1)))
            number += 1
            name = markup.escape(_one_line(c.name))
            if c.quantity_text and c.originals is None and c.copies is None:
                name += f" <i>({markup.escape(_one_line(c.quantity_text))})</i>"
            cell = self.st["cell_centre"]
            rows.append([
                Paragraph(str(number), cell), Paragraph(name, self.st["cell"]),
                Paragraph(str(c.originals or ""), cell), Paragraph(str(c.copies or ""), cell),
            ])  # fmt: skip
        if number == 0:
            rows.append(["", Paragraph(BLANK, self.st["cell"]), "", ""])
        return layout.grid(rows, [0.08, 0.64, 0.14, 0.14], self.st, spans=spans)

    def handover_table(self) -> Flowable:
        d = self.d
        rows = control.with_verdicts(
            control.handover_rows(self.events, receiving_unit=d.receiving_unit_id), d.due_at
        )
        desk = d.receiving_agency.name if d.receiving_agency else "Bộ phận TN&TKQ"

        def unit(code: str) -> str:
            return desk if code == d.receiving_unit_id else self.unit_label(code)

        cell, centre = self.st["cell"], self.st["cell_centre"]
        data: list[list[object]] = [[
            "Tên đơn vị", "Thời gian giao nhận hồ sơ",
            "Kết quả giải quyết hồ sơ (trước hạn/đúng hạn/quá hạn)", "Ghi chú",
        ]]  # fmt: skip
        spans = []
        for r in rows:
            when = time_and_date(r.at)
            if r.received_at and r.received_at != r.at:
                when = f"Giao: {when}<br/>Nhận: {time_and_date(r.received_at)}"
            data.append([
                Paragraph(f"<b>1. Giao:</b> {markup.escape(unit(r.from_unit))}<br/>"
                          f"<b>2. Nhận:</b> {markup.escape(unit(r.to_unit))}", cell),
                Paragraph(when, centre), Paragraph(r.verdict, centre),
                Paragraph(markup.escape(r.note), cell),
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

    def pdf(self) -> bytes:
        issuer = self.issuer()
        ctx = self.context(issuer)
        text = form_template(self.spec.no, self.d).render(ctx)
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
