"""The one date formatter for screens and print.

Layout follows the local convention (DOMAIN.md): day / month / year, no zero
padding, Gregorian and Hijri side by side, e.g.

- Arabic:  ``٢٥ / ١٠ / ٢٠٢٥ م الموافق ٣ / ٥ / ١٤٤٧ هـ``
- English: ``25/10/2025 (3/5/1447 AH)``

Why the spaces around "/" in Arabic: in a right-to-left paragraph the spaced
groups are laid out right to left, so the day is read first, as people write
it by hand. Do not wrap these strings in LRI…PDI: that would flip them.

Translation: every layout is an English source template marked with ``N_`` and
translated at use; the catalog (``i18n/ar.po``) carries the Arabic layouts
(spaced "/", the era marks "م" and "هـ", "الموافق" between the two dates).

Digits: Arabic-Indic in Arabic and Latin in English, unless the caller passes
``digits=`` or the settings call :func:`set_digit_style` once for the process.

Approximate Hijri dates (outside the Umm al-Qura table) are marked with the
words "approx." / "تقريبًا", not "≈": none of the bundled fonts (Amiri, Noto)
has a glyph for "≈", and printed documents share this formatter.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from app.calendars.hijri import HIJRI_ERA_START, HijriDate, hijri_month_name, to_hijri
from app.i18n import N_, _, current_language
from app.text.digits import DigitStyle, localize_digits

__all__ = [
    "DateStyle",
    "digit_style",
    "format_datetime",
    "format_dual",
    "format_gregorian",
    "format_hijri",
    "format_time",
    "format_weekday",
    "gregorian_month_name",
    "set_digit_style",
]

DateStyle = Literal["numeric", "long"]

# Templates: English source, translated at use.
_NUMERIC = N_("{day}/{month}/{year}")
_LONG = N_("{day} {month} {year}")
_GREGORIAN_SUFFIX = N_("{date} CE")
_HIJRI_SUFFIX = N_("{date} AH")
_APPROXIMATE = N_("approx. {date}")
_DUAL = N_("{gregorian} ({hijri})")
_DATETIME = N_("{date} {time}")

_GREGORIAN_MONTHS: tuple[str, ...] = (
    N_("January"),
    N_("February"),
    N_("March"),
    N_("April"),
    N_("May"),
    N_("June"),
    N_("July"),
    N_("August"),
    N_("September"),
    N_("October"),
    N_("November"),
    N_("December"),
)
# Indexed by Python's weekday(): Monday = 0 … Sunday = 6.
_WEEKDAYS: tuple[str, ...] = (
    N_("Monday"),
    N_("Tuesday"),
    N_("Wednesday"),
    N_("Thursday"),
    N_("Friday"),
    N_("Saturday"),
    N_("Sunday"),
)

_digit_override: DigitStyle | None = None


def set_digit_style(style: DigitStyle | None) -> None:
    """Set the process-wide digit style (the user's setting); None follows the language."""
    global _digit_override
    if style not in (None, "arabic", "latin"):
        raise ValueError(f"unknown digit style {style!r}")
    _digit_override = style


def digit_style(digits: DigitStyle | None = None) -> DigitStyle:
    """The digit style to use: ``digits`` if given, else the setting, else by language."""
    if digits is not None:
        return digits
    if _digit_override is not None:
        return _digit_override
    return "arabic" if current_language() == "ar" else "latin"


def gregorian_month_name(month: int) -> str:
    """The Gregorian month's name in the current language (1 = January)."""
    return _(_GREGORIAN_MONTHS[month - 1])


def _date_part(day: int, month: int, year: int, month_name: str, style: DateStyle) -> str:
    if style == "numeric":
        return _(_NUMERIC).format(day=day, month=month, year=year)
    if style == "long":
        return _(_LONG).format(day=day, month=month_name, year=year)
    raise ValueError(f"unknown date style {style!r}")


def _gregorian_part(d: date, style: DateStyle) -> str:
    return _date_part(d.day, d.month, d.year, gregorian_month_name(d.month), style)


def _hijri_part(h: HijriDate, style: DateStyle, suffix: bool) -> str:
    text = _date_part(h.day, h.month, h.year, hijri_month_name(h.month), style)
    if suffix:
        text = _(_HIJRI_SUFFIX).format(date=text)
    if h.approximate:
        text = _(_APPROXIMATE).format(date=text)
    return text


def _plain(d: date) -> date:
    return d.date() if isinstance(d, datetime) else d


def format_gregorian(
    d: date,
    style: DateStyle = "numeric",
    digits: DigitStyle | None = None,
    *,
    suffix: bool = False,
) -> str:
    """``25/10/2025`` / ``٢٥ / ١٠ / ٢٠٢٥``; ``style="long"``: ``25 October 2025``.

    ``suffix`` adds the era mark ("CE" / "م"), for print where both calendars appear.
    """
    text = _gregorian_part(_plain(d), style)
    if suffix:
        text = _(_GREGORIAN_SUFFIX).format(date=text)
    return localize_digits(text, digit_style(digits))


def format_hijri(
    d: date,
    style: DateStyle = "numeric",
    digits: DigitStyle | None = None,
    *,
    suffix: bool = True,
) -> str:
    """The Umm al-Qura date of Gregorian ``d``: ``3/5/1447 AH`` / ``٣ / ٥ / ١٤٤٧ هـ``.

    The suffix is on by default because a bare Hijri date is easily mistaken for
    a Gregorian one. Outside the Umm al-Qura table the date is marked approximate.
    Days before the Hijri era have none: the result is then an empty string, so a
    screen showing an odd historical date does not fail.
    """
    d = _plain(d)
    if d < HIJRI_ERA_START:
        return ""
    text = _hijri_part(to_hijri(d), style, suffix)
    return localize_digits(text, digit_style(digits))


def format_dual(
    d: date,
    digits: DigitStyle | None = None,
    *,
    style: DateStyle = "numeric",
) -> str:
    """Gregorian with Hijri beside it, the local convention.

    ``٢٥ / ١٠ / ٢٠٢٥ م الموافق ٣ / ٥ / ١٤٤٧ هـ`` in Arabic,
    ``25/10/2025 (3/5/1447 AH)`` in English. Days before the Hijri era have no
    Hijri date: they show the Gregorian date alone, with its era suffix.
    """
    d = _plain(d)
    if d < HIJRI_ERA_START:
        return format_gregorian(d, style, digits, suffix=True)
    gregorian = _gregorian_part(d, style)
    hijri = _hijri_part(to_hijri(d), style, suffix=True)
    text = _(_DUAL).format(gregorian=gregorian, hijri=hijri)
    return localize_digits(text, digit_style(digits))


def format_time(dt: datetime, digits: DigitStyle | None = None, *, seconds: bool = False) -> str:
    """24-hour clock, ``14:05`` (``14:05:09`` with ``seconds``); no AM/PM to translate."""
    text = f"{dt.hour:02}:{dt.minute:02}" + (f":{dt.second:02}" if seconds else "")
    return localize_digits(text, digit_style(digits))


def format_datetime(
    dt: datetime,
    style: DateStyle = "numeric",
    digits: DigitStyle | None = None,
    *,
    seconds: bool = False,
    dual: bool = False,
) -> str:
    """Date then 24-hour time: ``25/10/2025 14:05`` / ``٢٥ / ١٠ / ٢٠٢٥ ١٤:٠٥``.

    A timezone-aware ``dt`` (everything read from the database is UTC) is shown
    in the computer's local time; a naive one is shown as it is. ``dual`` puts
    the Hijri date beside the Gregorian one. The Gregorian era
    suffix is left out on purpose: in Arabic "م" next to a time reads as "p.m.".
    """
    if dt.tzinfo is not None:
        dt = dt.astimezone()
    date_text = format_dual(dt, digits, style=style) if dual else format_gregorian(dt, style, digits)
    time_text = format_time(dt, digits, seconds=seconds)
    return _(_DATETIME).format(date=date_text, time=time_text)


def format_weekday(d: date) -> str:
    """The day of the week's name in the current language (``Sunday`` / ``الأحد``)."""
    return _(_WEEKDAYS[d.weekday()])
