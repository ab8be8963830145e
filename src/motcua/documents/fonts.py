"""The fonts the printable forms embed (DejaVu Serif, shipped in ``fonts/``; see its SOURCE.md).

Registered once per process. reportlab embeds a subset of each TrueType font with a ToUnicode
map, so the PDF shows the same glyphs everywhere and its Vietnamese text can be extracted
and searched. Nothing is read from the system's fonts.
"""

from __future__ import annotations

import functools
from pathlib import Path

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FONT_DIR = Path(__file__).resolve().parent / "fonts"
FAMILY = "DejaVuSerif"
FACES = {
    # (bold, italic) → registered name, file
    (0, 0): ("DejaVuSerif", "DejaVuSerif.ttf"),
    (1, 0): ("DejaVuSerif-Bold", "DejaVuSerif-Bold.ttf"),
    (0, 1): ("DejaVuSerif-Italic", "DejaVuSerif-Italic.ttf"),
    (1, 1): ("DejaVuSerif-BoldItalic", "DejaVuSerif-BoldItalic.ttf"),
}


@functools.cache
def register_fonts() -> str:
    """Register the four faces and the family (so <b> and <i> pick them); return the family."""
    for (bold, italic), (name, filename) in FACES.items():
        pdfmetrics.registerFont(TTFont(name, str(FONT_DIR / filename)))
        addMapping(FAMILY, bold, italic, name)
    return FAMILY


def face(*, bold: bool = False, italic: bool = False) -> str:
    register_fonts()
    return FACES[(int(bold), int(italic))][0]
