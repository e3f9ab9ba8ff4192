"""Small helpers the complaint screens share.

- :class:`Vocab`: the settings lists (channels, centres, categories, departments)
  read once off the UI thread, labelled at display time so a language switch
  relabels them.
- Colours of a status and of an SLA state; texts of a person, a mobile, a reference.
- Where the desk's UI state lives (``ui-state.ini`` in the data folder), the cache
  folder for printed slips, opening a file, and writing the acknowledgement slip.
"""

from __future__ import annotations

import importlib.util
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings
from PySide6.QtGui import QGuiApplication

from app.complaints.records import ComplaintDetail, PersonMatch
from app.complaints.vocab import PRIORITIES, SLA_STATES, STATUSES, TYPES, label
from app.i18n import _, current_language, is_rtl
from app.services.app_services import AppServices
from app.text.bidi import isolate_embedded, isolate_ltr
from app.text.phone import display_mobile

# Shared display helpers, also imported from this module by the feature's screens.
from ui.common.files import open_document as open_document  # re-exported: screens call it here
from ui.common.texts import NO_VALUE as NO_VALUE
from ui.common.texts import badge_style as badge_style
from ui.common.texts import day as day
from ui.common.texts import digits as digits
from ui.common.texts import when as when

VOCAB_KEYS = ("channels", "centres", "complaint_categories", "departments", "client_kinds")
RLM = "\u200f"

STATUS_COLOURS: dict[str, str] = {
    "received": "#1d4ed8",
    "acknowledged": "#0369a1",
    "assigned": "#7c3aed",
    "under_study": "#b45309",
    "answered": "#0f766e",
    "closed": "#4b5563",
    "cancelled": "#9ca3af",
}
SLA_COLOURS: dict[str, str] = {
    "on_time": "#0f766e",
    "due_today": "#b45309",
    "overdue": "#b42318",
    "met": "#0f766e",
    "missed": "#b42318",
    "none": "#5b6b6f",
}


@dataclass(frozen=True)
class Vocab:
    """The list settings as stored (``{"id", "ar", "en", "active"}`` items), by key."""

    items: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    def label(self, key: str, ident: str | None) -> str:
        if not ident:
            return NO_VALUE
        item = next((i for i in self.items.get(key, ()) if i.get("id") == ident), None)
        if item is None:
            return ident
        if current_language() == "en":
            return str(item.get("en") or item["ar"])
        return str(item["ar"])

    def choices(self, key: str) -> list[tuple[str, str]]:
        """(id, label) of the active entries, in the settings' order."""
        return [(str(i["id"]), self.label(key, str(i["id"]))) for i in self.items.get(key, ())
                if i.get("active", True)]


def load_vocab(services: AppServices, keys: Iterable[str] = VOCAB_KEYS) -> Vocab:
    """Runs in an Op: one read per list setting."""
    return Vocab({key: list(services.settings.get(key)) for key in keys})


# --- words and colours -----------------------------------------------------------------

def type_label(ident: str) -> str:
    return label(TYPES, ident)


def status_label(ident: str) -> str:
    return label(STATUSES, ident)


def priority_label(ident: str) -> str:
    return label(PRIORITIES, ident)


def sla_label(ident: str) -> str:
    return label(SLA_STATES, ident)


def status_colour(status: str) -> str:
    return STATUS_COLOURS.get(status, "#5b6b6f")


def sla_colour(sla: str) -> str:
    return SLA_COLOURS.get(sla, "#5b6b6f")






def ltr(text: str | None) -> str:
    """An identifier, number or phone inside (possibly Arabic) text: one left-to-right unit."""
    return isolate_ltr(text) if text else NO_VALUE


def leading(text: str) -> str:
    """``text`` on the leading side even when it holds no letter of the language (a reference alone).

    Qt takes a label's direction from its first strong letter; a right-to-left mark gives it one.
    """
    return RLM + text if is_rtl() else text


def mobile_text(mobile: str | None) -> str:
    """``+966551234567`` → ``055 123 4567`` in the digit style, isolated.

    Not a bare LRI…PDI: Arabic-Indic digits act as right-to-left around the spaces
    between the groups, which would still come out reversed (``isolate_embedded``
    marks each space left to right).
    """
    return isolate_embedded(digits(display_mobile(mobile))) if mobile else NO_VALUE


def unbroken(text: str) -> str:
    """A date or a time that a word-wrapping label must not break between its parts."""
    return text.replace(" ", "\u00a0")






def person_line(match: PersonMatch, vocab: Vocab | None = None) -> str:
    """One line of the person finder's list."""
    parts = [match.name]
    if match.kind == "client":
        parts.append(ltr(match.client_number))
    if match.mobile:
        parts.append(mobile_text(match.mobile))
    if match.kind == "client" and match.client_kinds:
        kinds = [vocab.label("client_kinds", k) if vocab else k for k in match.client_kinds]
        parts.append(_(", ").join(kinds))
    if match.kind != "client":
        parts.append(_("earlier contact"))
    return " – ".join(parts)


# --- the desk's state, files and the clipboard -----------------------------------------

def ui_state(services: AppServices) -> QSettings | None:
    """The data folder's ``ui-state.ini`` (where the window keeps its state); None without a data folder.

    Qt shares one cache per file inside a process, so this and the main window's
    QSettings see each other's values.
    """
    if services.location is None:
        return None
    from ui.application import open_ui_state  # not at import time: the application imports the pages

    return open_ui_state(services.location.data_dir)


def cache_dir(services: AppServices) -> Path:
    base = services.location.data_dir / "cache" if services.location else Path(tempfile.gettempdir()) / "sila"
    base.mkdir(parents=True, exist_ok=True)
    return base


def safe_file_part(text: str) -> str:
    return "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in text)


def slip_available() -> bool:
    """The slip printer is another module, loaded only when printing."""
    return importlib.util.find_spec("app.complaints.slip") is not None


def write_ack_slip(services: AppServices, detail: ComplaintDetail) -> Path:
    """Runs in an Op: the acknowledgement slip as a PDF in the cache folder."""
    from app.complaints.slip import build_ack_slip  # ReportLab loads only when printing

    folder = cache_dir(services) / "slips"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"ack-{safe_file_part(detail.reference)}.pdf"
    build_ack_slip(path, services, detail)
    return path


def copy_attachment(services: AppServices, sha256: str, file_name: str) -> Path:
    """Runs in an Op: a stored attachment copied under its own name, so a viewer knows its type."""
    source = services.complaints.attachment_path(sha256)
    folder = cache_dir(services) / "attachments" / sha256[:12]
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / (Path(file_name).name or sha256)
    if not target.exists():
        target.write_bytes(source.read_bytes())
    return target




def copy_text(text: str) -> None:
    clipboard = QGuiApplication.clipboard()
    if clipboard is not None:
        clipboard.setText(text)
