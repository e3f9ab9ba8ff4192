"""One change request to the client registry, as the relations manager reviews it.

At the top what the request is (create, modify or merge), whose client, who
proposed it and when, who decided and why, the note, and the existing clients
the proposer was warned might be the same person. Below, every field of the
client form with its current value beside the proposed one; the rows the
request changes are highlighted. A merge shows the client kept, the client
folded into it and the records (complaints, contributions) that will move.

The words and value formats here are shared by the approvals page and the
duplicates dialog (:func:`value_text`, :data:`ACTION_LABELS`…).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.clients.fields import ENTITY_LABELS, FIELD_LABELS, FIELDS, STATUS_LABELS
from app.clients.records import RequestDetail, RequestSummary
from app.errors import UserError
from app.i18n import N_, _, is_rtl, ngettext
from app.services.app_services import AppServices
from app.services.context import Actor
from app.text.phone import display_phone
from ui.complaints.labels import (
    NO_VALUE,
    Vocab,
    badge_style,
    digits,
    load_vocab,
    ltr,
    mobile_text,
    when,
)
from ui.theme import Colours, ui_font

ACTION_LABELS: dict[str, str] = {"create": N_("Create"), "modify": N_("Modify"), "merge": N_("Merge")}
REQUEST_STATUS_LABELS: dict[str, str] = {
    "pending": N_("Pending"),
    "approved": N_("Approved"),
    "rejected": N_("Rejected"),
    "withdrawn": N_("Withdrawn"),
}
REQUEST_STATUS_COLOURS: dict[str, str] = {
    "pending": "#b45309",
    "approved": Colours.ACCENT,
    "rejected": Colours.ERROR,
    "withdrawn": Colours.MUTED,
}
# Why two clients may be one person (the service's identifiers).
DUPLICATE_REASONS: dict[str, str] = {
    "national_id": N_("same national ID"),
    "mobile": N_("same mobile"),
    "email": N_("same email"),
    "name": N_("same name"),
    "similar_name": N_("similar name"),
}
CHANGED_BACKGROUND = "#fff4d6"  # a changed row: warm, readable under the selection colour too
WARNING_COLOUR = "#b45309"
VOCAB_KEYS = ("client_kinds", "centres", "channels")
FIELD, OLD, NEW = 0, 1, 2
MAX_FIELD_WIDTH = 180


def leading(text: str) -> str:
    """``text`` in the paragraph direction of the language, whatever its first letter.

    A label takes its direction from its first strong letter: an Arabic name at the start
    of an English line would turn the whole line right to left, and the reverse in Arabic.
    """
    return ("\u200f" if is_rtl() else "\u200e") + text


def action_label(action: str) -> str:
    source = ACTION_LABELS.get(action)
    return _(source) if source else action


def status_label(status: str) -> str:
    source = REQUEST_STATUS_LABELS.get(status)
    return _(source) if source else status


def status_colour(status: str) -> str:
    return REQUEST_STATUS_COLOURS.get(status, Colours.MUTED)


def reasons_text(reasons: Sequence[str]) -> str:
    """``("mobile", "similar_name")`` → "same mobile, similar name" in the current language."""
    return _(", ").join(_(DUPLICATE_REASONS[r]) if r in DUPLICATE_REASONS else r for r in reasons)


def batch_label(batch: str) -> str:
    """An import's batch id is ``<file label>#<random>``: the label is what a person recognises."""
    return batch.rsplit("#", 1)[0] or batch


def moves_text(moves: Mapping[str, int]) -> str:
    """``{"complaint": 2, "contribution": 1}`` → "2 complaints, 1 contribution"."""
    parts = []
    for kind, n in moves.items():
        if not n:
            continue
        count = digits(str(n))
        # Literal arguments, so the catalog gets one entry each with Arabic's six forms.
        if kind == "complaint":
            parts.append(ngettext("{n} complaint", "{n} complaints", n).format(n=count))
        elif kind == "contribution":
            parts.append(ngettext("{n} contribution", "{n} contributions", n).format(n=count))
        elif kind == "survey":
            parts.append(ngettext("{n} survey response", "{n} survey responses", n).format(n=count))
        elif kind == "opportunity":
            parts.append(ngettext("{n} opportunity", "{n} opportunities", n).format(n=count))
        elif kind == "contact":
            parts.append(ngettext("{n} donor contact", "{n} donor contacts", n).format(n=count))
        elif kind == "interest":
            parts.append(ngettext("{n} funding interest", "{n} funding interests", n).format(n=count))
        elif kind == "survey-form":
            parts.append(ngettext("{n} printed survey form", "{n} printed survey forms", n).format(n=count))
        else:
            parts.append(f"{kind}: {count}")
    return _(", ").join(parts) if parts else _("None")


def client_text(number: str, name: str) -> str:
    """A client as one line: its name, then its number as a left-to-right unit."""
    if number and name:
        return _("{name} – {number}").format(name=name, number=ltr(number))
    return name or ltr(number)


@dataclass(frozen=True)
class Lookups:
    """What turns stored identifiers into words: the settings lists and the users' full names."""

    vocab: Vocab = field(default_factory=Vocab)
    owners: dict[str, str] = field(default_factory=dict)


def load_lookups(services: AppServices, actor: Actor) -> Lookups:
    """Runs in an Op."""
    return Lookups(load_vocab(services, VOCAB_KEYS), dict(services.clients.owners(actor)))


def value_text(name: str, value: Any, lookups: Lookups) -> str:
    """One field's value as the form shows it ("" when empty)."""
    if value is None or value == "" or value == []:
        return ""
    vocab = lookups.vocab
    if name == "entity":
        return _(ENTITY_LABELS.get(str(value), str(value)))
    if name == "status":
        return _(STATUS_LABELS.get(str(value), str(value)))
    if name == "kinds":
        kinds = value if isinstance(value, list) else [value]
        return _(", ").join(vocab.label("client_kinds", str(k)) for k in kinds)
    if name in ("mobile", "mobile2"):
        return mobile_text(str(value))
    if name == "phone":
        return ltr(digits(display_phone(str(value))))
    if name in ("national_id",):
        return ltr(digits(str(value)))
    if name == "email":
        return ltr(str(value))
    if name in ("centre", "channel"):
        key = "centres" if name == "centre" else "channels"
        return vocab.label(key, str(value))
    if name == "owner":
        full = lookups.owners.get(str(value))
        return f"{full} ({ltr(str(value))})" if full and full != value else str(value)
    if name == "consent":
        return _("Yes") if value else _("No")
    return str(value)


@dataclass(frozen=True)
class RequestBundle:
    """A request and what it takes to show it (read together off the UI thread)."""

    detail: RequestDetail
    duplicates: tuple[tuple[str, str], ...] = ()  # (number, name) of the clients the proposer was warned of
    lookups: Lookups = field(default_factory=Lookups)

    @property
    def summary(self) -> RequestSummary:
        return self.detail.summary


def load_request(services: AppServices, actor: Actor, number: str,
                 lookups: Lookups | None = None) -> RequestBundle:
    """Runs in an Op: the request, the names of the warned duplicates, and the lookups if not known yet."""
    detail = services.client_requests.detail(actor, number)
    duplicates = []
    for dup in detail.summary.duplicates:
        try:
            duplicates.append((dup, services.clients.by_number(actor, dup).name))
        except UserError:  # merged away since: the number alone still says something
            duplicates.append((dup, ""))
    return RequestBundle(detail, tuple(duplicates), lookups or load_lookups(services, actor))


# Rows of the summary grid: key, English label.
INFO_ROWS: tuple[tuple[str, str], ...] = (
    ("client", N_("Client:")),
    ("other", N_("Merged into it:")),
    ("moves", N_("Records that will move:")),
    ("proposed", N_("Proposed by:")),
    ("decided", N_("Decided by:")),
    ("note", N_("Note:")),
    ("reason", N_("Reason:")),
    ("duplicates", N_("Possible duplicates:")),
    ("batch", N_("Import batch:")),
)


WRAPPED_ROWS = frozenset({"note", "reason"})


class RequestView(QWidget):
    """Shows one :class:`RequestBundle` (or a hint while none is chosen)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._bundle: RequestBundle | None = None
        self._changed: list[str] = []

        self.title = QLabel(self)
        self.title.setFont(ui_font(13.5, bold=True))
        self.status_badge = QLabel(self)
        self.placeholder = QLabel(self)
        self.placeholder.setWordWrap(True)
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setStyleSheet(f"color: {Colours.MUTED};")

        title_row = QHBoxLayout()
        title_row.addWidget(self.title, 1)
        title_row.addWidget(self.status_badge, 0, Qt.AlignmentFlag.AlignTop)

        self.info = QWidget(self)
        grid = QGridLayout(self.info)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setVerticalSpacing(5)
        grid.setHorizontalSpacing(12)
        grid.setColumnStretch(1, 1)
        self.info_labels: dict[str, QLabel] = {}
        self.info_values: dict[str, QLabel] = {}
        for row, (key, _text) in enumerate(INFO_ROWS):
            name = QLabel(self.info)
            name.setStyleSheet(f"color: {Colours.MUTED};")
            value = QLabel(self.info)
            # Only free text wraps: a wrapped label in a grid is measured for another width than it
            # gets, and the rows stretch apart.
            value.setWordWrap(key in WRAPPED_ROWS)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            grid.addWidget(name, row, 0, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(value, row, 1, Qt.AlignmentFlag.AlignTop)
            self.info_labels[key] = name
            self.info_values[key] = value

        self.legend = QLabel(self)
        self.legend.setWordWrap(True)
        self.table = QTableWidget(0, 3, self)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.table.setWordWrap(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(FIELD, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(OLD, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(NEW, QHeaderView.ResizeMode.Stretch)
        header.setHighlightSections(False)

        line = QFrame(self)
        line.setFrameShape(QFrame.Shape.HLine)
        line.setStyleSheet(f"color: {Colours.BORDER};")
        self.body = QWidget(self)
        body = QVBoxLayout(self.body)
        body.setContentsMargins(0, 0, 0, 0)
        body.addLayout(title_row)
        body.addWidget(self.info)
        body.addWidget(line)
        body.addWidget(self.legend)
        body.addWidget(self.table, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.placeholder, 1)
        layout.addWidget(self.body, 1)
        self.retranslate_ui()

    # --- reading ------------------------------------------------------------------------
    @property
    def bundle(self) -> RequestBundle | None:
        return self._bundle

    def changed_fields(self) -> list[str]:
        """The fields of the rows highlighted as changed (tests, and screen readers' summary)."""
        return list(self._changed)

    def row_of(self, name: str) -> int:
        for row in range(self.table.rowCount()):
            item = self.table.item(row, FIELD)
            if item is not None and item.data(Qt.ItemDataRole.UserRole) == name:
                return row
        return -1

    def cell_text(self, name: str, column: int) -> str:
        item = self.table.item(self.row_of(name), column)
        return item.text() if item is not None else ""

    # --- showing ------------------------------------------------------------------------
    def clear(self) -> None:
        self._bundle = None
        self._changed = []
        self._render()

    def set_request(self, bundle: RequestBundle) -> None:
        self._bundle = bundle
        self._render()

    def retranslate_ui(self) -> None:
        self.placeholder.setText(_("Choose a request in the list to see what it changes."))
        for key, text in INFO_ROWS:
            self.info_labels[key].setText(_(text))
        self._render()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def _render(self) -> None:
        bundle = self._bundle
        self.placeholder.setVisible(bundle is None)
        self.body.setVisible(bundle is not None)
        if bundle is None:
            self.table.setRowCount(0)
            return
        s = bundle.summary
        self.title.setText(_("{action} request {number}").format(action=action_label(s.action),
                                                               number=ltr(s.number)))
        self.status_badge.setText(status_label(s.status))
        self.status_badge.setStyleSheet(badge_style(status_colour(s.status)))
        self._render_info(bundle)
        self._render_table(bundle)

    def _render_info(self, bundle: RequestBundle) -> None:
        d, s = bundle.detail, bundle.summary
        if s.client_number:
            client = client_text(s.client_number, s.client_name)
        else:
            client = _("{name} (a new client, numbered when approved)").format(name=s.client_name)
        decided = ""
        if s.decided_at is not None:
            decided = _("{user} on {when}").format(user=s.decided_by_name or s.decided_by,
                                                   when=when(s.decided_at))
        merge = s.action == "merge"
        values = {
            "client": client,
            "other": (_("{client} (closed as merged once approved)").format(
                client=client_text(d.other_number, d.other_name)) if merge and s.status == "pending"
                      else client_text(d.other_number, d.other_name) if merge else ""),
            "moves": moves_text(d.moves) if merge and s.status == "pending" else "",
            "proposed": _("{user} on {when}").format(user=s.proposed_by_name or s.proposed_by,
                                                     when=when(s.proposed_at)),
            "decided": decided,
            "note": d.note,
            "reason": d.reason,
            "duplicates": "\n".join(client_text(n, name) for n, name in bundle.duplicates),
            "batch": batch_label(s.batch) if s.batch else "",
        }
        for key, text in values.items():
            self.info_values[key].setText(leading(text) if text else "")
            self.info_labels[key].setVisible(bool(text))
            self.info_values[key].setVisible(bool(text))
        self.info_values["reason"].setStyleSheet(f"color: {Colours.ERROR};")
        self.info_values["duplicates"].setStyleSheet(f"color: {WARNING_COLOUR}; font-weight: bold;")

    def _render_table(self, bundle: RequestBundle) -> None:
        d, s = bundle.detail, bundle.summary
        create = s.action == "create"
        if create:
            headers = (_("Field"), "", _("Proposed value"))
            self.legend.setText(_("The new client's details as proposed."))
        elif s.action == "merge":
            headers = (_("Field"), _("Kept client now"), _("After the merge"))
            self.legend.setText(_("The kept client takes the other's kinds and any detail it lacks; "
                                  "highlighted rows change."))
        else:
            headers = (_("Field"), _("Current value"), _("Proposed value"))
            self.legend.setText(_("Highlighted rows are the fields this request changes."))
        self.table.setHorizontalHeaderLabels(list(headers))
        self.table.setColumnHidden(OLD, create)
        changed = {c.field for c in d.changes} if not create else set()
        self._changed = [f for f in FIELDS if f in changed]
        rows = [f for f in FIELDS if not create or d.proposed.get(f) not in (None, "", [])]
        self.table.setRowCount(len(rows))
        bold = QFont(self.table.font())
        bold.setBold(True)
        highlight = QBrush(QColor(CHANGED_BACKGROUND))
        for row, name in enumerate(rows):
            old = value_text(name, d.previous.get(name), bundle.lookups) if not create else ""
            new = value_text(name, d.proposed.get(name), bundle.lookups)
            cells = (_(FIELD_LABELS[name]), old or (NO_VALUE if not create else ""), new or NO_VALUE)
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, name)
                item.setTextAlignment(Qt.AlignmentFlag.AlignLeading | Qt.AlignmentFlag.AlignTop)
                if name in changed:
                    item.setBackground(highlight)
                    if column != OLD:
                        item.setFont(bold)
                elif column != FIELD:
                    item.setForeground(QBrush(QColor(Colours.MUTED if not create else Colours.TEXT)))
                if column == FIELD:
                    item.setForeground(QBrush(QColor(Colours.TEXT)))
                self.table.setItem(row, column, item)
        # The labels' width, but never so wide that the values wrap word by word (a long label wraps).
        self.table.resizeColumnToContents(FIELD)
        self.table.setColumnWidth(FIELD, min(self.table.columnWidth(FIELD), MAX_FIELD_WIDTH))
        self.table.resizeRowsToContents()
