"""A paper scanned at the desk is signed by the clerk's unit before it moves on (Decree 118
Art. 17(1)(c)): a PDF is signed as it is, an image is first laid on one A4 page."""

from __future__ import annotations

import io
import logging
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from motcua.core.errors import InvalidInput

if TYPE_CHECKING:
    from motcua.attachments.sniff import Checked
    from motcua.dossiers.models import Dossier

SCAN_REASON = "Số hóa tại bộ phận một cửa"
IMAGE_KINDS = frozenset({"jpeg", "png", "tiff"})
MARGIN_MM = 10

log = logging.getLogger(__name__)


def image_to_pdf(data: bytes, *, name: str = "") -> bytes:
    """One A4 page (landscape for a wide image) with the image centred, as large as the
    margins allow, its aspect ratio kept. An image that cannot be read raises
    ``InvalidInput``. A multi-page TIFF gives one page per frame, in order (Circular
    01/2023 Art. 8: every page of the paper)."""
    from PIL import Image, ImageSequence
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.units import mm
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    try:
        frames = [frame.copy() for frame in ImageSequence.Iterator(Image.open(io.BytesIO(data)))]
        pages = [ImageReader(frame) for frame in frames]
        sizes = [page.getSize() for page in pages]
    except Exception as exc:  # PIL and reportlab raise many kinds for a broken image
        raise InvalidInput(
            _("Ảnh “%(name)s” không đọc được, không thể số hóa thành PDF.") % {"name": name},
            file=name,
        ) from exc
    if not pages or not all(w and h for w, h in sizes):
        raise InvalidInput(_("Ảnh “%(name)s” rỗng.") % {"name": name}, file=name)
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=A4, pageCompression=1)
    pdf.setTitle(name)
    for image, (width, height) in zip(pages, sizes, strict=True):
        page_w, page_h = landscape(A4) if width > height else A4
        pdf.setPageSize((page_w, page_h))
        box_w, box_h = page_w - 2 * MARGIN_MM * mm, page_h - 2 * MARGIN_MM * mm
        scale = min(box_w / width, box_h / height)
        draw_w, draw_h = width * scale, height * scale
        pdf.drawImage(image, (page_w - draw_w) / 2, (page_h - draw_h) / 2, draw_w, draw_h,
                      mask="auto")  # fmt: skip
        pdf.showPage()
    pdf.save()
    return out.getvalue()


def unit_signer(dossier: Dossier, data: bytes, checked: Checked) -> bytes | None:
    """The scan as a PDF signed with the organisation certificate of the receiving unit;
    None (store the scan as it is) when the unit holds no active certificate or the file is
    neither a PDF nor an image."""
    from motcua.signing.selectors import agency_certificate_for_unit
    from motcua.signing.services import sign_pdf

    if checked.kind.key != "pdf" and checked.kind.key not in IMAGE_KINDS:
        return None
    certificate = agency_certificate_for_unit(dossier.receiving_unit_id)
    if certificate is None:
        return None
    if checked.kind.key in IMAGE_KINDS:
        data = image_to_pdf(data, name=checked.original_name)
    try:
        return sign_pdf(
            data, certificate=certificate, reason=SCAN_REASON,
            location=dossier.receiving_unit.full_name,
        )  # fmt: skip
    except Exception:  # an encrypted or locked PDF, the timestamp service down: keep the scan
        log.exception("attachments: scan of dossier %s stored unsigned", dossier.pk)
        return None
