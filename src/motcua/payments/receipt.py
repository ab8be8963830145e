"""The receipt of a paid fee (biên lai thu phí, lệ phí) as a PDF, laid out like the forms
(``documents.layout``, embedded DejaVu fonts) and sealed with the collecting unit's agency
certificate when it holds an active one.

Always Vietnamese, whatever the reader's language: a receipt is an accounting document.
"""

from __future__ import annotations

from xml.sax.saxutils import escape

from django.utils import translation
from reportlab.platypus import Flowable, Paragraph, Spacer

from motcua.documents import layout
from motcua.documents import selectors as doc_selectors
from motcua.documents.formatting import local, place_and_date
from motcua.payments.constants import Method, Status
from motcua.payments.fees import FeeLine
from motcua.payments.models import Payment
from motcua.payments.selectors import fee_for

TITLE = "BIÊN LAI THU PHÍ, LỆ PHÍ"
SIGN_REASON = "Biên lai thu phí, lệ phí"


def vnd(amount: int) -> str:
    """50000 → "50.000 đồng" (Vietnamese digit grouping)."""
    return f"{amount:,}".replace(",", ".") + " đồng"


def paid_at_text(payment: Payment) -> str:
    """``dd/mm/yyyy HH:MM`` in Vietnam's time zone."""
    return f"{local(payment.paid_at):%d/%m/%Y %H:%M}" if payment.paid_at else ""


def _one_line(value: object) -> str:
    return " ".join(str(value or "").split())


def _agencies(payment: Payment) -> tuple[str, str, str]:
    """(parent agency, collecting agency, place) for the header: the receiving agency of the
    dossier, else the People's Committee of the receiving unit."""
    dossier = payment.dossier
    code = dossier.receiving_unit_id
    unit = dossier.receiving_unit
    agencies = doc_selectors.issuers({code}).get(code, {})
    committee = next((agencies[k] for k in doc_selectors.COMMITTEES if k in agencies), None)
    committee_name = committee.name if committee else f"Ủy ban nhân dân {unit.full_name}"
    agency = dossier.receiving_agency
    if agency is None or (committee is not None and agency.pk == committee.pk):
        return "", committee_name, unit.name
    return committee_name, agency.name, unit.name


def fee_lines(payment: Payment) -> list[tuple[str, int]]:
    """What the payment paid for: the catalogue's fee lines when they add up to the amount
    paid, else one line with the payment's own description."""
    dossier = payment.dossier
    fee = fee_for(dossier.procedure, dossier.channel)
    lines: list[FeeLine] = [x for x in (fee.lines if fee else ()) if x.amount]
    if lines and sum(x.amount or 0 for x in lines) == payment.amount:
        return [(_one_line(x.text) or "Phí, lệ phí", x.amount or 0) for x in lines]
    what = _one_line(payment.description) or _one_line(dossier.procedure.name)
    return [(f"Phí, lệ phí: {what}", payment.amount)]


def _channel(payment: Payment) -> str:
    label = str(Method(payment.method).label) if payment.method in Method.values else ""
    if payment.method == Method.ONLINE_GATEWAY:
        label = f"{label} (cổng {payment.gateway})" if payment.gateway else label
        if payment.gateway_reference:
            label += f", mã giao dịch {payment.gateway_reference}"
    else:
        label = f"{label}, tại bộ phận một cửa"
    return label


def render(payment: Payment, *, sealed: bool = False) -> bytes:
    """The PDF bytes of the receipt of a paid ``payment`` (its dossier, procedure, receiving
    unit and agency loaded). ``sealed`` only changes the wording under the signature."""
    if payment.status != Status.PAID or not payment.receipt_number:
        raise ValueError("only a paid payment has a receipt")
    dossier = payment.dossier
    with translation.override("vi"):
        parent, agency, place = _agencies(payment)
        st = layout.styles()

        def field(label: str, value: str) -> Paragraph:
            return Paragraph(f"{escape(label)}: <b>{escape(value)}</b>", st["field"])

        lines = fee_lines(payment)
        rows: list[list[object]] = [["STT", "Nội dung thu", "Số tiền"]]
        for i, (text, amount) in enumerate(lines, start=1):
            rows.append([Paragraph(str(i), st["cell_centre"]), escape(text),
                         Paragraph(vnd(amount), st["cell_centre"])])  # fmt: skip
        rows.append(["", "<b>Tổng cộng</b>",
                     Paragraph(f"<b>{vnd(payment.amount)}</b>", st["cell_centre"])])  # fmt: skip
        signature = layout.Signature(
            "ĐƠN VỊ THU PHÍ, LỆ PHÍ", "",
            "(Chữ ký số của cơ quan, đơn vị)" if sealed else "", hint="(Ký, ghi rõ họ tên)",
        )  # fmt: skip
        body: list[Flowable] = [
            Paragraph(TITLE, st["title"]),
            Paragraph(escape(f"Số biên lai: {payment.receipt_number}"), st["centre"]),
            Spacer(1, 6),
            field("Họ và tên người nộp", _one_line(dossier.applicant_name)),
            field("Mã hồ sơ", dossier.code or f"chưa cấp mã (số {dossier.pk})"),
            field("Thủ tục hành chính", _one_line(dossier.procedure.name)),
            Spacer(1, 4),
            layout.grid(rows, [0.08, 0.62, 0.30], st),
            Spacer(1, 6),
            field("Số tiền đã nộp", vnd(payment.amount)),
            field("Hình thức nộp", _channel(payment)),
            field("Thời điểm nộp", paid_at_text(payment)),
            field("Mã đơn thanh toán", payment.order_id),
            *layout.signatures([signature], st),
        ]
        head = layout.Header(
            form_no="", parent_agency=parent, agency=agency,
            number=f"Số: {payment.receipt_number}",
            place_and_date=place_and_date(place, payment.paid_at),
        )  # fmt: skip
        return layout.build(
            title=f"Biên lai {payment.receipt_number}", head=head, body=body,
            footer=f"Biên lai {payment.receipt_number}",
        )  # fmt: skip


def receipt_pdf(payment: Payment) -> tuple[bytes, bool]:
    """The receipt, signed on the fly with the receiving unit's active organisation
    certificate if it holds one; (bytes, signed)."""
    from motcua.signing.selectors import agency_certificate_for_unit
    from motcua.signing.services import sign_pdf

    dossier = payment.dossier
    certificate = agency_certificate_for_unit(dossier.receiving_unit_id)
    data = render(payment, sealed=certificate is not None)
    if certificate is None:
        return data, False
    signed = sign_pdf(
        data, certificate=certificate, reason=SIGN_REASON,
        location=dossier.receiving_unit.full_name,
    )  # fmt: skip
    return signed, True


def filename(payment: Payment) -> str:
    return f"bien-lai-{payment.receipt_number}.pdf"
