"""The documents an administrator may give their own text: the results of each kind and the
forms 01–07 of Circular 03/2025/TT-VPCP Appendix I."""

from __future__ import annotations

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from motcua.results.constants import Kind

FORM_NUMBERS = ("01", "02", "03", "04", "05", "06", "07")
FORM_TITLES = {
    "01": _("Giấy tiếp nhận hồ sơ và hẹn trả kết quả"),
    "02": _("Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ"),
    "03": _("Phiếu từ chối tiếp nhận giải quyết hồ sơ"),
    "04": _("Phiếu xin lỗi và đề nghị gia hạn thời gian giải quyết"),
    "05": _("Thông báo dừng giải quyết hồ sơ"),
    "06": _("Phiếu kiểm soát quá trình giải quyết hồ sơ"),
    "07": _("Sổ theo dõi hồ sơ"),
}


def result_document(kind: str) -> str:
    return f"result:{kind}"


def form_document(form_no: str) -> str:
    return f"form:{form_no}"


DOCUMENT_CHOICES = [
    *[(result_document(k.value), format_lazy("{}: {}", _("Kết quả"), k.label)) for k in Kind],
    *[
        (form_document(no), format_lazy("{} {}: {}", _("Mẫu số"), no, FORM_TITLES[no]))
        for no in FORM_NUMBERS
    ],
]

# Code-built blocks (``@name`` lines of ``markup.py``) each document may place.
FORM_SIGNATURES = ("signatures_receipt", "signatures_refusal", "signature_guide",
                   "signature_head", "signature_desk")  # fmt: skip
BLOCKS: dict[str, tuple[str, ...]] = {
    **{result_document(k.value): ("signature",) for k in Kind},
    **{form_document(no): FORM_SIGNATURES for no in FORM_NUMBERS[:6]},
    form_document("01"): (*FORM_SIGNATURES, "components"),
    form_document("02"): (*FORM_SIGNATURES, "components"),
    form_document("06"): (*FORM_SIGNATURES, "handovers"),
    form_document("07"): ("logbook",),
}

# A template's text is at most this long: the default texts are under 3,000 characters.
BODY_MAX_CHARS = 30_000
# Tags a stored template may not use: they reach other templates, libraries or the whole
# context, which an administrator of a lower level must not (the engine has no loaders or
# libraries either; this names the refusal).
FORBIDDEN_TAGS = ("load", "include", "extends", "ssi", "debug")
