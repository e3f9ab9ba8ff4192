"""Display helpers shared by the client registry's screens (keep these names stable).

- :class:`ClientVocab`: the settings lists a client refers to (kinds, centres,
  contact channels) and the relationship owners, read once off the UI thread
  and labelled when shown, so a change of language relabels them.
- Labels of the fixed vocabularies: entity, status, request action and status,
  duplicate reasons, contribution kinds and payment methods.
- Texts: amounts (halalas → riyals), mobiles and identifiers left to right,
  numbers and dates in the digit style of the settings.
- :func:`parse_amount` reads an amount typed with any digits into halalas.
- :func:`module_available`, for screens that other work adds later.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from app.calendars.formatting import digit_style
from app.clients.contributions import KIND_LABELS, METHOD_LABELS
from app.clients.fields import ENTITY_LABELS, FIELD_LABELS, STATUS_LABELS
from app.clients.importing import parse_amount as read_amount
from app.clients.registry import REQUEST_ACTION_LABELS, REQUEST_STATUS_LABELS
from app.i18n import N_, _, current_language, is_rtl, ngettext
from app.services.app_services import AppServices
from app.services.context import Actor
from app.text.bidi import isolate_embedded, isolate_ltr
from app.text.digits import localize_digits
from app.text.phone import display_mobile, display_phone

# Shared display helpers, also imported from this module by the feature's screens.
from ui.common.files import open_document as open_document  # re-exported: screens call it here
from ui.common.texts import NO_VALUE as NO_VALUE
from ui.common.texts import badge_style as badge_style
from ui.common.texts import day as day
from ui.common.texts import digits as digits
from ui.common.texts import number_text as number_text
from ui.common.texts import when as when

RLM = "\u200f"
LRM = "\u200e"
VOCAB_KEYS = ("client_kinds", "centres", "channels")

REASON_LABELS: dict[str, str] = {
    "national_id": N_("same national ID"),
    "mobile": N_("same mobile"),
    "email": N_("same email"),
    "name": N_("same name"),
    "similar_name": N_("similar name"),
}
STATUS_COLOURS: dict[str, str] = {"active": "#0f766e", "inactive": "#5b6b6f"}
REQUEST_STATUS_COLOURS: dict[str, str] = {
    "pending": "#b45309", "approved": "#0f766e", "rejected": "#b42318", "withdrawn": "#5b6b6f",
}


@dataclass(frozen=True)
class ClientVocab:
    """The list settings as stored (``{"id", "ar", "en", "active"}`` items) and the owners.

    ``owners`` maps a user name to the full name (:meth:`ClientDirectory.owners`).
    """

    items: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    owners: dict[str, str] = field(default_factory=dict)

    def label(self, key: str, ident: str | None) -> str:
        if not ident:
            return ""
        item = next((i for i in self.items.get(key, ()) if i.get("id") == ident), None)
        if item is None:
            return ident
        if current_language() == "en":
            return str(item.get("en") or item["ar"])
        return str(item["ar"])

    def choices(self, key: str, keep: Iterable[str] = ()) -> list[tuple[str, str]]:
        """(id, label) of the active entries in the settings' order, and of any in ``keep``
        (a value the record already has, though retired since)."""
        kept = set(keep)
        return [(str(i["id"]), self.label(key, str(i["id"]))) for i in self.items.get(key, ())
                if i.get("active", True) or i.get("id") in kept]

    def ids(self, key: str) -> list[str]:
        """Every identifier of the list, retired ones included (what validation accepts)."""
        return [str(i["id"]) for i in self.items.get(key, ())]

    def kind(self, ident: str) -> str:
        return self.label("client_kinds", ident)

    def kinds_text(self, kinds: Sequence[str]) -> str:
        return _(", ").join(self.kind(k) for k in kinds)

    def centre(self, ident: str | None) -> str:
        return self.label("centres", ident)

    def channel(self, ident: str | None) -> str:
        return self.label("channels", ident)

    def owner(self, name: str | None) -> str:
        return "" if not name else self.owners.get(name, name)


def load_vocab(services: AppServices, actor: Actor) -> ClientVocab:
    """Runs in an Op: one read per list setting, and the possible relationship owners."""
    return ClientVocab({key: list(services.settings.get(key)) for key in VOCAB_KEYS},
                       dict(services.clients.owners(actor)))


# --- the fixed vocabularies ----------------------------------------------------------------

def _label(table: Mapping[str, str], ident: str | None) -> str:
    if not ident:
        return ""
    source = table.get(ident)
    return _(source) if source is not None else ident


def entity_label(ident: str | None) -> str:
    return _label(ENTITY_LABELS, ident)


def status_label(ident: str | None) -> str:
    return _label(STATUS_LABELS, ident)


def field_label(name: str) -> str:
    return _label(FIELD_LABELS, name)


def request_status_label(ident: str | None) -> str:
    return _label(REQUEST_STATUS_LABELS, ident)


def request_action_label(ident: str | None) -> str:
    return _label(REQUEST_ACTION_LABELS, ident)


def reasons_text(reasons: Iterable[str]) -> str:
    return _(", ").join(_label(REASON_LABELS, r) for r in reasons)


def contribution_kind_label(ident: str | None) -> str:
    return _label(KIND_LABELS, ident)


def method_label(ident: str | None) -> str:
    return _label(METHOD_LABELS, ident)


def status_colour(status: str) -> str:
    return STATUS_COLOURS.get(status, "#5b6b6f")


def request_status_colour(status: str) -> str:
    return REQUEST_STATUS_COLOURS.get(status, "#5b6b6f")




# --- texts -----------------------------------------------------------------------------------





def clients_text(n: int) -> str:
    return ngettext("{n} client", "{n} clients", n).format(n=number_text(n))


def ltr(text: str | None) -> str:
    """An identifier, number or e-mail inside (possibly Arabic) text: one left-to-right unit."""
    return isolate_ltr(text) if text else NO_VALUE


def leading(text: str) -> str:
    """``text`` on the leading side of a label whatever its letters: a number alone in Arabic, an
    Arabic name in English (Qt aligns a label by the direction of its first strong letter)."""
    return (RLM if is_rtl() else LRM) + text


def mobile_text(mobile: str | None) -> str:
    """``+966551234567`` → ``055 123 4567`` in the digit style, kept left to right inside Arabic."""
    return isolate_embedded(digits(display_mobile(mobile))) if mobile else ""


def phone_text(phone: str | None) -> str:
    return isolate_embedded(digits(display_phone(phone))) if phone else ""


def plain_mobile(mobile: str | None) -> str:
    """The mobile for a table cell drawn left to right by its delegate (no isolation marks)."""
    return digits(display_mobile(mobile)) if mobile else ""


def amount_text(halalas: int, *, currency: bool = True) -> str:
    """``150075`` → ``1,500.75 SAR`` (``١٬٥٠٠٫٧٥ ريال``); whole riyals show no decimals."""
    sign = "-" if halalas < 0 else ""
    riyals, rest = divmod(abs(halalas), 100)
    text = f"{sign}{riyals:,}" + (f".{rest:02d}" if rest else "")
    if digit_style() == "arabic":
        text = text.replace(",", "\x00").replace(".", "٫").replace("\x00", "٬")
    text = localize_digits(text, digit_style())
    return _("{amount} SAR").format(amount=text) if currency else text


def money_text(halalas: int | None, *, currency: bool = True) -> str:
    """:func:`amount_text`, or the dash when nothing is recorded."""
    return NO_VALUE if halalas is None else amount_text(halalas, currency=currency)


def parse_amount(text: str) -> int | None:
    """Halalas from an amount typed any way (``١٬٥٠٠٫٥``, ``1,500.50``, ``1500 ر.س``); None if it is not
    a positive amount with at most two decimals. The same reading as a finance export's cells."""
    halalas = read_amount(text)
    return halalas if halalas is not None and halalas > 0 else None






def yes_no(value: bool) -> str:
    return _("Yes") if value else _("No")


def value_text(vocab: ClientVocab, name: str, value: Any) -> str:
    """One field's value as a person reads it (a request's old → new, the client file)."""
    if name == "kinds":
        return vocab.kinds_text(list(value or []))
    if name == "entity":
        return entity_label(str(value or ""))
    if name == "status":
        return status_label(str(value or ""))
    if name == "consent":
        return yes_no(bool(value))
    if name in ("mobile", "mobile2"):
        return mobile_text(str(value or ""))
    if name == "phone":
        return phone_text(str(value or ""))
    if name in ("national_id", "email", "name_latin"):
        return isolate_ltr(digits(str(value)) if name == "national_id" else str(value)) if value else ""
    if name == "centre":
        return vocab.centre(str(value or ""))
    if name == "channel":
        return vocab.channel(str(value or ""))
    if name == "owner":
        return vocab.owner(str(value or ""))
    return str(value or "")


# --- optional screens and files ------------------------------------------------------------------

def module_available(name: str) -> bool:
    """Whether ``name`` can be imported (a screen another piece of work adds later)."""
    try:
        return importlib.util.find_spec(name) is not None
    except ImportError:
        return False




def safe_file_part(text: str) -> str:
    return "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in text)
