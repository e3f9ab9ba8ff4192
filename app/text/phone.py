"""Saudi phone numbers: read them however they are typed, store one canonical form.

People write the same mobile as ``0551234567``, ``055 123 4567``, ``+966 55 123 4567``,
``00966551234567`` or ``٠٥٥١٢٣٤٥٦٧``, often with bidi marks picked up from
right-to-left text. Comparing, deduplicating and searching need one form, so the
database stores E.164 (``+966551234567``) and screens show the local form
(``055 123 4567``) through :func:`display_mobile`.

Accepted on input: Arabic-Indic, Persian and full-width digits; spaces (NBSP
included), dashes, dots and parentheses between digits; bidi and zero-width
characters anywhere; one ``+`` at the start, or at the end, where it lands when a
number is typed into right-to-left text. Anything else (letters, ``/``, two
numbers in one field) makes the text not a phone number.
"""

from __future__ import annotations

import re
import unicodedata

from app.errors import UserError
from app.text.digits import ARABIC_INDIC, PERSIAN, to_latin_digits
from app.text.normalize import INVISIBLE_CHARACTERS

__all__ = [
    "canonical_mobile",
    "canonical_phone",
    "display_mobile",
    "display_phone",
    "parse_mobile",
    "phone_search_key",
]

SAUDI_CODE = "966"

# Separators people put between digit groups, deleted along with invisible characters.
_SEPARATORS = "-.()\u2010\u2011\u2012\u2013\u2014\u2015\u2212"
_CLEAN = str.maketrans(
    {
        **{ord(c): None for c in _SEPARATORS + INVISIBLE_CHARACTERS},
        **{ord(d): to_latin_digits(d) for d in ARABIC_INDIC + PERSIAN},
    }
)
# Saudi landline area codes after the trunk 0: Riyadh 11, Makkah/Jeddah 12, Eastern 13,
# Tabuk/Northern 14, Madinah/Qassim/Hail 16, Asir/Jazan/Najran 17.
_LANDLINE_AREAS = frozenset("123467")
_NON_DIGITS = re.compile(r"[^0-9]")


def _digits(text: str) -> str | None:
    """``text`` as digits with international ``+`` spelled ``00``; None if it has anything else."""
    cleaned = "".join(unicodedata.normalize("NFKC", text).translate(_CLEAN).split())
    international = False
    if cleaned.startswith("+"):
        cleaned, international = cleaned[1:], True
    elif cleaned.endswith("+"):
        cleaned, international = cleaned[:-1], True
    if not cleaned or not cleaned.isascii() or not cleaned.isdigit():
        return None
    return "00" + cleaned if international else cleaned


def _saudi_national(digits: str) -> tuple[str, bool] | None:
    """The Saudi national number in ``digits`` and whether it had a prefix (0 or 966).

    None when ``digits`` dials another country. ``+966 05…`` (a trunk 0 kept after the
    country code) is a common slip and is accepted: no Saudi number starts with 0.
    """
    if digits.startswith("00" + SAUDI_CODE):
        national = digits[5:]
    elif digits.startswith(SAUDI_CODE) and len(digits) in (12, 13):
        national = digits[3:]
    elif digits.startswith("00"):
        return None
    elif digits.startswith("0"):
        return digits[1:], True
    else:
        return digits, False
    if len(national) == 10 and national.startswith("0"):
        national = national[1:]
    return national, True


def _is_mobile(national: str) -> bool:
    return len(national) == 9 and national.startswith("5")


def canonical_mobile(text: str) -> str | None:
    """``+9665XXXXXXXX`` for any way of writing a Saudi mobile; None for anything else.

    A Saudi mobile is 9 digits after the country code, starting with 5; the trunk 0
    (``05…``) and the country code are both optional on input.
    """
    digits = _digits(text)
    if digits is None:
        return None
    found = _saudi_national(digits)
    if found is None or not _is_mobile(found[0]):
        return None
    return "+" + SAUDI_CODE + found[0]


def canonical_phone(text: str) -> str | None:
    """One canonical form for any phone number a contact may give; None if it is not one.

    - Saudi mobiles → ``+9665XXXXXXXX`` (as :func:`canonical_mobile`);
    - Saudi landlines ``01X XXX XXXX`` (or with 966) → ``+9661XXXXXXXX``; the trunk 0 or
      the country code is required, since a bare 9-digit ``1…`` is more likely a
      mistyped national ID than a phone;
    - toll-free ``800 XXX XXXX`` → ``800XXXXXXX`` (not diallable from abroad, so no
      country code);
    - international ``00…`` or ``+…`` → ``+`` and 7–15 digits (E.164). A number that
      dials Saudi Arabia (966) must be a valid Saudi mobile or landline.

    Unified ``9200`` numbers are not accepted yet.
    """
    digits = _digits(text)
    if digits is None:
        return None
    found = _saudi_national(digits)
    if found is None:  # another country
        rest = digits[2:]
        if 7 <= len(rest) <= 15 and not rest.startswith("0"):
            return "+" + rest
        return None
    national, prefixed = found
    if _is_mobile(national):
        return "+" + SAUDI_CODE + national
    if prefixed and len(national) == 9 and national[0] == "1" and national[1] in _LANDLINE_AREAS:
        return "+" + SAUDI_CODE + national
    if not prefixed and len(digits) == 10 and digits.startswith("800"):
        return digits
    return None


def _group_local(national: str) -> str:
    """``551234567`` → ``055 123 4567``: the way Saudis write a number."""
    return f"0{national[:2]} {national[2:5]} {national[5:]}"


def display_mobile(canonical: str) -> str:
    """A Saudi mobile in the local form ``05X XXX XXXX``.

    Text that is not a Saudi mobile comes back unchanged, so a screen can always show
    whatever was stored. The result is plain text: isolate it (LRI…PDI) inside Arabic.
    """
    mobile = canonical_mobile(canonical)
    if mobile is None:
        return canonical
    return _group_local(mobile[4:])


def display_phone(canonical: str) -> str:
    """Any phone the way it is read aloud: Saudi numbers in local form, others as stored.

    ``+966551234567`` → ``055 123 4567``, ``+966112345678`` → ``011 234 5678``,
    ``8001234567`` → ``800 123 4567``; other text comes back unchanged.
    """
    phone = canonical_phone(canonical)
    if phone is None:
        return canonical
    if phone.startswith("+" + SAUDI_CODE):
        return _group_local(phone[4:])
    if phone.startswith("800"):
        return f"{phone[:3]} {phone[3:6]} {phone[6:]}"
    return phone


def phone_search_key(text: str) -> str:
    """The digits to index or to look for when searching phones by any fragment.

    Keeps the digits (any script) and drops every prefix a number may be written
    with: ``00`` or ``+``, then ``966``, then one trunk ``0``. So a Saudi number
    becomes its 9-digit national number (``+966551234567``, ``0551234567`` and
    ``٠٥٥ ١٢٣ ٤٥٦٧`` all give ``551234567``), and a query fragment typed in any of
    those forms (``055123``, ``+96655``, ``4567``) is a substring of it: index
    ``phone_search_key(stored)`` and match ``LIKE '%' || key || '%'``. Foreign numbers
    keep their country code (``+44 20 7946 0018`` → ``442079460018``), so their local
    forms still match as substrings. Not cut to the last 9 digits: that would only
    lose the country code of foreign numbers. Stripping can only widen a match, never
    miss one; a country code still being typed (``+9``, ``0096``) gives ``""`` too.
    Returns ``""`` when nothing is left: the caller should then not filter.
    """
    text = to_latin_digits(unicodedata.normalize("NFKC", text))
    digits = _NON_DIGITS.sub("", text)
    international = "+" in text or digits.startswith("00")
    if digits.startswith("00"):
        digits = digits[2:]
    if international and SAUDI_CODE.startswith(digits):
        return ""
    if digits.startswith(SAUDI_CODE):
        digits = digits[3:]
    if digits.startswith("0"):
        digits = digits[1:]
    return digits


def parse_mobile(text: str) -> str:
    """:func:`canonical_mobile` for a form field: the canonical number, or a clear error.

    An empty field is an error too; optional fields check for emptiness first.
    """
    mobile = canonical_mobile(text)
    if mobile is None:
        raise UserError(
            "invalid-mobile",
            "“{value}” is not a Saudi mobile number; write it as 05XXXXXXXX.",
            field="mobile",
            value=text,
        )
    return mobile
