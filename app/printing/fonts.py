"""The print fonts, registered with ReportLab once per process.

Amiri is the one print font: ReportLab has no font fallback, and Amiri has the
Arabic presentation forms as well as Latin letters, digits, ``@`` and ``+``
(Noto Naskh/Sans Arabic lack Latin, Noto Kufi lacks the presentation forms).
"""

from __future__ import annotations

import threading

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from app import paths

REGULAR = "Sila-Amiri"
BOLD = "Sila-Amiri-Bold"
FAMILY = REGULAR  # ReportLab's own <b> markup maps REGULAR to BOLD

_FILES = {REGULAR: "Amiri-Regular.ttf", BOLD: "Amiri-Bold.ttf"}
_lock = threading.Lock()
_registered = False


def register_fonts() -> None:
    """Register Amiri regular and bold, and their family; safe to call from any thread, often."""
    global _registered
    if _registered:
        return
    with _lock:
        if _registered:
            return
        for name, filename in _FILES.items():
            pdfmetrics.registerFont(TTFont(name, str(paths.fonts_dir() / filename)))
        pdfmetrics.registerFontFamily(
            FAMILY, normal=REGULAR, bold=BOLD, italic=REGULAR, boldItalic=BOLD
        )
        _registered = True


def font_name(bold: bool = False) -> str:
    """The registered font to draw with (registering on first use)."""
    register_fonts()
    return BOLD if bold else REGULAR


def has_glyph(char: str, bold: bool = False) -> bool:
    """Whether the print font can draw ``char`` (anything else would print as a box)."""
    font = pdfmetrics.getFont(font_name(bold))
    return ord(char) in font.face.charToGlyph
