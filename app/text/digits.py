"""Digits: every number a user types may come in Arabic-Indic, Persian or Latin form.

One place converts them for input and one formatter shows them in the style the
settings ask for, so no screen or document handles digits on its own.
"""

from __future__ import annotations

import math
import re
from typing import Literal

DigitStyle = Literal["arabic", "latin"]

ARABIC_INDIC = "٠١٢٣٤٥٦٧٨٩"
PERSIAN = "۰۱۲۳۴۵۶۷۸۹"
LATIN = "0123456789"

_TO_LATIN = str.maketrans(ARABIC_INDIC + PERSIAN, LATIN + LATIN)
_TO_ARABIC = str.maketrans(LATIN + PERSIAN, ARABIC_INDIC + ARABIC_INDIC)
# Arabic decimal and thousands separators, and the Arabic comma, as typed on Arabic keyboards.
_SEPARATORS = str.maketrans({"٫": ".", "٬": ",", "،": ","})
_DECIMAL = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")


def to_latin_digits(text: str) -> str:
    """Replace Arabic-Indic and Persian digits with 0-9; leave everything else."""
    return text.translate(_TO_LATIN)


def to_arabic_digits(text: str) -> str:
    """Replace Latin and Persian digits with Arabic-Indic ones (٠-٩)."""
    return text.translate(_TO_ARABIC)


def localize_digits(text: str, style: DigitStyle) -> str:
    """Show ``text``'s digits in ``style``: the one formatter every screen and document uses."""
    return to_arabic_digits(text) if style == "arabic" else to_latin_digits(text)


def parse_int(text: str) -> int | None:
    """Read a whole number typed with any digits (``"٤٢"``, ``" 42 "``, ``"۴۲"``); None if not one."""
    cleaned = to_latin_digits(text).translate(_SEPARATORS).replace(",", "").strip()
    if cleaned.startswith(("+", "-")):
        sign, body = cleaned[0], cleaned[1:]
    else:
        sign, body = "", cleaned
    if not body.isascii() or not body.isdigit():
        return None
    return int(sign + body)


def parse_decimal(text: str) -> float | None:
    """Read a number with an optional decimal part (``"١٢٫٥"`` → 12.5); None if not one."""
    cleaned = to_latin_digits(text).translate(_SEPARATORS).replace(",", "").strip()
    # Only digits, one sign and one point: float() alone would take "1e400", "inf" or "1_000".
    if not _DECIMAL.fullmatch(cleaned):
        return None
    value = float(cleaned)
    return value if math.isfinite(value) else None
