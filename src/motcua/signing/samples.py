"""Small result-like PDFs for tests, the bench and the demo (ASCII text, built-in font)."""

from __future__ import annotations

import io

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas


def sample_pdf(pages: int = 1, title: str = "QUYET DINH - ket qua giai quyet TTHC") -> bytes:
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=A4, invariant=True, pageCompression=0)
    for n in range(1, pages + 1):
        page.setFont("Helvetica-Bold", 14)
        page.drawString(72, 780, title)
        page.setFont("Helvetica", 11)
        for line in range(40):
            page.drawString(72, 750 - line * 16, f"Trang {n}, dong {line + 1}: noi dung ket qua.")
        page.showPage()
    page.save()
    return buffer.getvalue()
