"""Numbers, colours and words the survey analysis screens share."""

from __future__ import annotations

from app.calendars.formatting import digit_style
from app.i18n import N_, _, current_language
from app.surveys.records import SCALE
from app.text.digits import localize_digits
from ui.common.texts import NO_VALUE

WARNING = "#b45309"  # amber: the weakest items, overdue actions
WARNING_SOFT = "#fdf0dc"
GOOD = "#0f766e"
BAD = "#b42318"
# One colour per answer 1…5, red to green (the stacked bars and the distribution).
SCALE_COLOURS = ("#b42318", "#e07b39", "#d9b44a", "#6fae8f", "#0f766e")
WEAK_MARK = "▼"
UP, DOWN = "▲", "▼"

COMPLAINTS_KEY = "complaints"
SURVEYS: tuple[tuple[str, str], ...] = (
    ("beneficiary", N_("Beneficiary satisfaction")),
    ("donor", N_("Donor satisfaction")),
    (COMPLAINTS_KEY, N_("Complaint handling")),
)


def _number(text: str) -> str:
    style = digit_style()
    if style == "arabic":
        text = text.replace(",", "\x00").replace(".", "٫").replace("\x00", "٬")
    return localize_digits(text, style)


def count_text(n: int) -> str:
    return _number(f"{n:,}")


def mean_text(mean: float | None) -> str:
    """``4.25`` / ``٤٫٢٥``."""
    return NO_VALUE if mean is None else _number(f"{mean:.2f}")


def percent_text(share: float | None) -> str:
    """A share 0–1 as ``62.5%`` / ``٦٢٫٥٪``."""
    if share is None:
        return NO_VALUE
    return _number(f"{share * 100:.1f}") + ("٪" if digit_style() == "arabic" else "%")


def index_text(index: float | None) -> str:
    """The satisfaction index 0–100: ``78.1``."""
    return NO_VALUE if index is None else _number(f"{index:.1f}")


def change_text(change: float | None) -> str:
    """``▲ 0.50`` / ``▼ 0.25`` / ``0.00``."""
    if change is None:
        return NO_VALUE
    if abs(change) < 0.005:
        return _number("0.00")
    return f"{UP if change > 0 else DOWN} {_number(f'{abs(change):.2f}')}"


def change_colour(change: float | None) -> str | None:
    if change is None or abs(change) < 0.005:
        return None
    return GOOD if change > 0 else BAD


def scale_label(value: int) -> str:
    """The paper form's words for answer 1…5, in the language shown."""
    ar, en = SCALE[value]
    return en if current_language() == "en" else ar


def survey_label(key: str) -> str:
    return next((_(text) for k, text in SURVEYS if k == key), key)
