"""One opportunity (فرصة): the form to create or change it, its stage, contacts and timeline.

A new opportunity: choose the programme (its suggested donors, whose interests
match its kind and who are not approached yet, are offered with one click), one
or more donors found by typing part of a name (each shows its relationship
owner), the expected amount in riyals (any digits), the probability, the
success factors, the next action and its date (Hijri beside it), the owner and
notes. An existing one also shows its stage with a button per move (the same
rules as the board: :func:`app.pipeline.rules.check_move` in the service;
cancelling asks for a reason, "successful" for the amount and date received),
its timeline (newest first) and "Log contact…".

A sentence the service refuses shows beside its field and nothing is saved.
Every service call runs in an :class:`~ui.common.ops.Op`.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from PySide6.QtCore import QDate, QEvent, QObject, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QColor, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.calendars.formatting import format_hijri
from app.clients.importing import parse_amount as read_amount
from app.errors import UserError
from app.i18n import N_, _, current_language
from app.pipeline.interests import DonorSuggestion
from app.pipeline.records import (
    OPEN_STAGES,
    STAGES,
    ContactResult,
    DonorRef,
    OpportunityDetail,
    TimelineEntry,
)
from app.pipeline.rules import CONTACT_LABELS, STAGE_LABELS
from app.services.app_services import AppServices
from app.services.context import Actor
from app.surveys.records import ProgrammeInfo
from app.text.digits import parse_int
from ui.clients.labels import badge_style, day, digits, leading, ltr, money_text, when
from ui.common.dates import DATE_FORMAT, pydate, qdate
from ui.common.ops import Op
from ui.common.widgets import DigitSpinBox, error_label
from ui.theme import Colours

NO_DATE = QDate(2000, 1, 1)  # the date edit's "no date" value (shown as a dash)
DEBOUNCE_MS = 150
MIN_CHARS = 2
_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
STAGE_COLOURS = {
    "identified": "#5b6b6f",
    "follow_up": "#1d4ed8",
    "closed": "#b45309",
    "successful": "#0f766e",
    "cancelled": "#b42318",
}
HEADING_STYLE = f"color: {Colours.ACCENT_DARK}; font-size: 13pt; font-weight: bold;"
SECTION_STYLE = f"color: {Colours.ACCENT_DARK}; font-weight: bold;"
WARNING_STYLE = ("QLabel { background: #fff4e5; color: #8a4b00; border: 1px solid #f0b35a;"
                 " border-radius: 6px; padding: 6px 10px; }")
ROWS: tuple[tuple[str, str], ...] = (
    ("programme", N_("Programme or activity")),
    ("donors", N_("Potential donors")),
    ("amount", N_("Expected amount")),
    ("probability", N_("Probability of success")),
    ("factors", N_("Success factors")),
    ("next_action", N_("Next action")),
    ("next_action_on", N_("Next action date")),
    ("owner", N_("Owner")),
    ("notes", N_("Notes")),
)
MOVE_LABELS = {
    "identified": N_("Back to identified"),
    "follow_up": N_("Follow-up"),
    "closed": N_("Closed: written commitment"),
    "successful": N_("Successful…"),
    "cancelled": N_("Cancel the opportunity…"),
}
AMOUNT_ERROR = N_("Write the expected amount in riyals.")
PROBABILITY_ERROR = N_("The probability is a percentage from 0 to 100.")


# --- display helpers shared by the pipeline's screens ----------------------------------------------

def stage_label(stage: str) -> str:
    return _(STAGE_LABELS.get(stage, stage))


def contact_label(kind: str) -> str:
    return _(CONTACT_LABELS.get(kind, kind))


def percent(n: int) -> str:
    """``35%``; ``٣٥٪`` with Arabic digits."""
    text = digits(f"{n}%")
    return text.replace("%", "٪") if text != f"{n}%" else text


def item_label(item: dict[str, Any]) -> str:
    """A settings list entry ({"id", "ar", "en"}) in the current language."""
    if current_language() == "en":
        return str(item.get("en") or item.get("ar") or item.get("id"))
    return str(item.get("ar") or item.get("id"))


def parse_riyals(text: str) -> int | None:
    """Halalas from riyals typed with any digits; an empty field is zero; None if unreadable."""
    if not text.strip():
        return 0
    halalas = read_amount(text)
    return halalas if halalas is not None and halalas >= 0 else None


def donor_text(text: str) -> str:
    """The service's "name – number" with the number kept left to right inside Arabic."""
    name, sep, number = text.rpartition(" – ")
    return f"{name} – {ltr(number)}" if sep else text


def donor_line(d: DonorRef) -> str:
    owner = d.owner_name or d.owner
    base = f"{d.name} – {ltr(d.number)}"
    if owner:
        return _("{donor} · relationship owner: {owner}").format(donor=base, owner=owner)
    return _("{donor} · no relationship owner").format(donor=base)


def entry_text(e: TimelineEntry, names: dict[str, str]) -> str:
    """One line of the timeline: what happened, then who and when."""
    who = names.get(e.user_name, e.user_name)
    if e.kind == "created":
        what = _("Opportunity created")
    elif e.kind == "stage":
        what = _("Stage: {old} → {new}").format(old=stage_label(e.from_value), new=stage_label(e.to_value))
    elif e.kind == "probability":
        what = _("Probability: {old} → {new}").format(old=percent(int(e.from_value or 0)),
                                                     new=percent(int(e.to_value or 0)))
    elif e.kind == "amount":
        what = _("Expected amount: {old} → {new}").format(old=money_text(int(e.from_value or 0)),
                                                         new=money_text(int(e.to_value or 0)))
    elif e.kind == "contact":
        what = _("{kind} with {donor}").format(kind=contact_label(e.contact), donor=donor_text(e.donor))
    else:
        what = _("Note")
    line = _("{what} — {who}, {when}").format(what=what, who=who, when=when(e.at))
    if e.outside_owner:
        line = "⚠ " + line + "\n" + _("Outside the donor's relationship owner")
    if e.note:
        line += "\n" + e.note
    return line




def date_edit(parent: QWidget, optional: bool = False) -> QDateEdit:
    edit = QDateEdit(parent)
    # Left to right, and before the format: right to left Qt shows "d/M/yyyy" as "yyyy/M/d".
    edit.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat(DATE_FORMAT)
    if optional:
        edit.setMinimumDate(NO_DATE)
        edit.setSpecialValueText("—")
        edit.setDate(NO_DATE)
    else:
        edit.setDate(qdate(date.today()))
    return edit


def edit_date(edit: QDateEdit) -> date | None:
    d = edit.date()
    return None if d == edit.minimumDate() and edit.specialValueText() else pydate(d)


# --- the donor finder ----------------------------------------------------------------------------

@dataclass
class _Loaded:
    programmes: list[ProgrammeInfo]
    factors: list[dict[str, Any]]
    owners: list[tuple[str, str]]
    user_names: dict[str, str]
    detail: OpportunityDetail | None
    kinds: list[dict[str, Any]] = field(default_factory=list)


class DonorFinder(QWidget):
    """A line edit that finds donors as you type; the matches list below it, Enter or a click picks.

    Signals:
        picked(object): a :class:`DonorRef` (with its relationship owner) was chosen.
        results_shown(int): matches arrived.
    """

    picked = Signal(object)
    results_shown = Signal(int)

    def __init__(self, services: AppServices, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self._actor = actor
        self._owners: dict[str, str] = {}
        self._pick_first = False
        self.edit = QLineEdit(self)
        self.edit.setClearButtonEnabled(True)
        self.edit.installEventFilter(self)
        self.edit.textEdited.connect(self._on_edited)
        self.matches = QListWidget(self)
        self.matches.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.matches.setMaximumHeight(110)
        self.matches.itemClicked.connect(self._on_clicked)
        self.matches.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.edit)
        layout.addWidget(self.matches)
        self.setFocusProxy(self.edit)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self._search)
        self.retranslate_ui()

    def set_owner_names(self, names: dict[str, str]) -> None:
        self._owners = names

    def retranslate_ui(self) -> None:
        self.edit.setPlaceholderText(_("Type part of a donor's name or number…"))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.edit and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            key = event.key()
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Up) and self.matches.count():
                row = self.matches.currentRow() + (1 if key == Qt.Key.Key_Down else -1)
                self.matches.setCurrentRow(max(0, min(self.matches.count() - 1, row)))
                return True
            if key in _ENTER:
                if self.matches.isVisible() and self.matches.currentItem() is not None \
                        and not self._timer.isActive():
                    self._pick(self.matches.currentItem())
                elif len(self.edit.text().strip()) >= MIN_CHARS:
                    self._pick_first = True
                    self._timer.stop()
                    self._search()
                return True
            if key == Qt.Key.Key_Escape and self.matches.isVisible():
                self.matches.hide()
                return True
        return super().eventFilter(watched, event)

    @Slot(str)
    def _on_edited(self, text: str) -> None:
        self._pick_first = False
        if len(text.strip()) < MIN_CHARS:
            self._timer.stop()
            self.matches.clear()
            self.matches.hide()
            return
        self._timer.start()

    @Slot()
    def _search(self) -> None:
        text = self.edit.text().strip()
        if len(text) < MIN_CHARS:
            return
        clients, actor = self._services.clients, self._actor

        def find() -> list[DonorRef]:
            found = [c for c in clients.find(actor, text, limit=20) if "donor" in c.kinds][:8]
            refs = []
            for c in found:
                owner = str(clients.detail(actor, c.number).values.get("owner") or "")
                refs.append(DonorRef(c.number, c.name, owner))
            return refs

        Op(self, find).on_success(lambda refs: self._on_found(text, refs)).on_failure(self._on_failed).run()

    def _on_found(self, text: str, refs: list[DonorRef]) -> None:
        if text != self.edit.text().strip():
            return
        self.matches.clear()
        for ref in refs:
            ref = DonorRef(ref.number, ref.name, ref.owner, self._owners.get(ref.owner, ref.owner))
            item = QListWidgetItem(donor_line(ref))
            item.setData(Qt.ItemDataRole.UserRole, ref)
            self.matches.addItem(item)
        if not refs:
            empty = QListWidgetItem(_("No donor found."))
            empty.setFlags(Qt.ItemFlag.NoItemFlags)
            empty.setForeground(QColor(Colours.MUTED))
            self.matches.addItem(empty)
        self.matches.setCurrentRow(0 if refs else -1)
        self.matches.show()
        if refs and self._pick_first:
            self._pick(self.matches.item(0))
        self._pick_first = False
        self.results_shown.emit(len(refs))

    def _on_failed(self, error: UserError) -> None:
        self._pick_first = False
        self.matches.clear()
        item = QListWidgetItem(error.message)
        item.setFlags(Qt.ItemFlag.NoItemFlags)
        item.setForeground(QColor(Colours.ERROR))
        self.matches.addItem(item)
        self.matches.show()

    @Slot(QListWidgetItem)
    def _on_clicked(self, item: QListWidgetItem) -> None:
        self._pick(item)

    def _pick(self, item: QListWidgetItem | None) -> None:
        ref = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        if not isinstance(ref, DonorRef):
            return
        self.matches.clear()
        self.matches.hide()
        self.edit.clear()
        self.picked.emit(ref)


# --- moves that need input -----------------------------------------------------------------------

class MoveDialog(QDialog):
    """Asks what a move needs (a reason to cancel; the amount and date received) and makes it.

    The dialog stays open until the service accepts; its sentence shows under the field.
    Signal ``moved(object)``: the opportunity's new :class:`Card`.
    """

    moved = Signal(object)

    def __init__(self, services: AppServices, actor: Actor, number: str, target: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self._actor = actor
        self.number = number
        self.target = target
        self._busy = False
        self.setMinimumWidth(460)
        self.heading = QLabel(self)
        self.heading.setStyleSheet(HEADING_STYLE)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.errors: dict[str, QLabel] = {}
        self._labels: list[tuple[QLabel, str]] = []
        self.reason_edit = QPlainTextEdit(self)
        self.reason_edit.setTabChangesFocus(True)
        self.reason_edit.setFixedHeight(70)
        self.amount_edit = QLineEdit(self)
        self.amount_edit.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        self.received_edit = date_edit(self)
        self.hijri = QLabel(self)
        self.hijri.setStyleSheet(f"color: {Colours.MUTED};")
        self.received_edit.dateChanged.connect(
            lambda d: self.hijri.setText(leading(format_hijri(pydate(d)))))
        self.hijri.setText(leading(format_hijri(date.today())))
        if target == "cancelled":
            self._row(N_("Reason for cancelling"), self.reason_edit, "reason")
        elif target == "successful":
            self._row(N_("Amount received (SAR)"), self.amount_edit, "amount")
            box = QWidget(self)
            line = QHBoxLayout(box)
            line.setContentsMargins(0, 0, 0, 0)
            line.addWidget(self.received_edit)
            line.addWidget(self.hijri, 1)
            self._row(N_("Received on"), box, "received_on")
        else:
            self._row(N_("Note"), self.reason_edit, "note")
        if target != "successful":  # children outside the form: never shown
            for unused in (self.amount_edit, self.received_edit, self.hijri):
                unused.hide()
        else:
            self.reason_edit.hide()
        self.general_error = error_label(self)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.accepted.connect(self.confirm)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(self.form)
        layout.addWidget(self.general_error)
        layout.addWidget(self.buttons)
        for key in _ENTER:
            QShortcut(QKeySequence(Qt.KeyboardModifier.ControlModifier | key), self, self.confirm)
        self.retranslate_ui()

    @property
    def ok_button(self) -> QPushButton:
        button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        assert button is not None
        return button

    def _row(self, text: str, widget: QWidget, key: str) -> None:
        label = QLabel(self)
        error = error_label(self)
        box = QVBoxLayout()
        box.setSpacing(2)
        box.addWidget(widget)
        box.addWidget(error)
        self.form.addRow(label, box)
        self._labels.append((label, text))
        self.errors[key] = error

    def retranslate_ui(self) -> None:
        self.setWindowTitle(_("Move {number}").format(number=self.number))
        self.heading.setText(_("{number}: move to “{stage}”").format(
            number=ltr(self.number), stage=stage_label(self.target)))
        for label, text in self._labels:
            label.setText(_(text))
        self.amount_edit.setPlaceholderText("0.00")
        self.ok_button.setText(_(MOVE_LABELS.get(self.target, N_("Move"))).rstrip("…"))
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        if cancel is not None:
            cancel.setText(_("Back"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    @Slot()
    def confirm(self) -> None:
        if self._busy:
            return
        for label in (*self.errors.values(), self.general_error):
            label.hide()
        reason = self.reason_edit.toPlainText().strip()
        received: int | None = None
        received_on: date | None = None
        if self.target == "successful":
            received = read_amount(self.amount_edit.text()) if self.amount_edit.text().strip() else None
            received_on = pydate(self.received_edit.date())
        opportunities, actor, number, target = (self._services.opportunities, self._actor, self.number,
                                                self.target)
        self._busy = True
        self.ok_button.setEnabled(False)
        (Op(self, lambda: opportunities.move(actor, number, target, reason=reason if target == "cancelled"
                                             else "", note=reason if target != "cancelled" else "",
                                             received_halalas=received, received_on=received_on),
            write=True)
         .on_success(self._on_moved)
         .on_failure(self._on_failed)
         .run())

    def _on_moved(self, card: object) -> None:
        self._busy = False
        self.moved.emit(card)
        self.accept()

    def _on_failed(self, error: UserError) -> None:
        self._busy = False
        self.ok_button.setEnabled(True)
        label = self.errors.get(error.field or "", self.general_error)
        label.setText(error.message)
        label.show()

    def error_text(self) -> str:
        return " ".join(x.text() for x in (*self.errors.values(), self.general_error) if not x.isHidden())

    def reject(self) -> None:
        if not self._busy:
            super().reject()


# --- the opportunity form ------------------------------------------------------------------------

class OpportunityDialog(QDialog):
    """Create (``number`` None) or open an opportunity.

    Signals:
        loaded: the lists (and the opportunity) arrived; the form is ready.
        saved(object): the :class:`OpportunityDetail` saved by "Save".
        changed: a move, a contact or a donor change was recorded (the board should repaint).
        suggestions_shown(int): suggested donors for the chosen programme arrived.
    """

    loaded = Signal()
    saved = Signal(object)
    changed = Signal()
    suggestions_shown = Signal(int)

    def __init__(self, services: AppServices, actor: Actor, number: str | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self._actor = actor
        self.number = number
        self._busy = False
        self._ready = False
        self.detail: OpportunityDetail | None = None
        self.donors: list[DonorRef] = []
        self.user_names: dict[str, str] = {}
        self.factor_boxes: dict[str, QCheckBox] = {}
        self.move_buttons: dict[str, QPushButton] = {}
        self.move_dialog: MoveDialog | None = None
        self.contact_dialog: QDialog | None = None
        self.suggestion_buttons: list[QPushButton] = []
        self._programmes: list[ProgrammeInfo] = []
        self._factor_items: list[dict[str, Any]] = []
        self.setObjectName("opportunityDialog")
        self.setMinimumWidth(720)

        # header
        header = QFrame(self)
        header.setObjectName("dialogHeader")
        self.title = QLabel(header)
        self.title.setObjectName("dialogTitle")
        self.subtitle = QLabel(header)
        self.subtitle.setObjectName("dialogSubtitle")
        self.stage_badge = QLabel(header)
        self.stage_badge.hide()
        titles = QVBoxLayout()
        titles.addWidget(self.title)
        titles.addWidget(self.subtitle)
        header_layout = QHBoxLayout(header)
        header_layout.setContentsMargins(18, 12, 18, 12)
        header_layout.addLayout(titles, 1)
        header_layout.addWidget(self.stage_badge, 0, Qt.AlignmentFlag.AlignTop)

        # the form
        body = QWidget(self)
        self.form = QFormLayout(body)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.programme_combo = QComboBox(body)
        self.programme_combo.setEditable(True)
        self.programme_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.programme_combo.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        # No completer popup (it takes the keyboard): part of a name typed, the hint below names the
        # programme that Enter or Tab will choose.
        self.programme_combo.setCompleter(None)  # type: ignore[arg-type]  # (PySide6 stubs)
        self.programme_hint = QLabel(body)
        self.programme_hint.setStyleSheet(f"color: {Colours.MUTED};")
        self.programme_hint.hide()
        self.programme_combo.currentIndexChanged.connect(self._on_programme_changed)
        programme_line = self.programme_combo.lineEdit()
        if programme_line is not None:
            programme_line.editingFinished.connect(self._on_programme_typed)
            programme_line.textEdited.connect(self._on_programme_edited)
        programme_box = QWidget(body)
        programme_column = QVBoxLayout(programme_box)
        programme_column.setContentsMargins(0, 0, 0, 0)
        programme_column.setSpacing(1)
        programme_column.addWidget(self.programme_combo)
        programme_column.addWidget(self.programme_hint)

        donors_box = QWidget(body)
        donors_layout = QVBoxLayout(donors_box)
        donors_layout.setContentsMargins(0, 0, 0, 0)
        donors_layout.setSpacing(3)
        self.donor_list = QListWidget(donors_box)
        self.donor_list.setMaximumHeight(76)
        self.donor_list.setWordWrap(True)
        self.donor_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.donor_list.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.remove_donor_button = QPushButton(donors_box)
        self.remove_donor_button.setAutoDefault(False)
        self.remove_donor_button.clicked.connect(self.remove_selected_donor)
        self.finder = DonorFinder(services, actor, donors_box)
        self.finder.picked.connect(self.add_donor)
        finder_line = QHBoxLayout()
        finder_line.addWidget(self.finder, 1)
        finder_line.addWidget(self.remove_donor_button, 0, Qt.AlignmentFlag.AlignTop)
        self.suggestions_frame = QFrame(donors_box)
        self.suggestions_frame.setObjectName("suggestions")
        self.suggestions_frame.setStyleSheet(
            f"QFrame#suggestions {{ background: {Colours.ACCENT_SOFT}; border-radius: 6px; }}")
        self.suggestions_title = QLabel(self.suggestions_frame)
        self.suggestions_layout = QVBoxLayout(self.suggestions_frame)
        self.suggestions_layout.setContentsMargins(8, 6, 8, 6)
        self.suggestions_layout.setSpacing(2)
        self.suggestions_layout.addWidget(self.suggestions_title)
        self.suggestions_frame.hide()
        donors_layout.addWidget(self.donor_list)
        donors_layout.addLayout(finder_line)
        donors_layout.addWidget(self.suggestions_frame)

        self.amount_edit = QLineEdit(body)
        self.amount_edit.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        self.currency = QLabel(body)
        amount_row = QWidget(body)
        amount_line = QHBoxLayout(amount_row)
        amount_line.setContentsMargins(0, 0, 0, 0)
        amount_line.addWidget(self.amount_edit, 1)
        amount_line.addWidget(self.currency)
        self.weighted_label = QLabel(body)
        self.weighted_label.setStyleSheet(f"color: {Colours.MUTED};")
        amount_box = QWidget(body)
        amount_column = QVBoxLayout(amount_box)
        amount_column.setContentsMargins(0, 0, 0, 0)
        amount_column.setSpacing(1)
        amount_column.addWidget(amount_row)
        amount_column.addWidget(self.weighted_label)

        self.probability_spin = DigitSpinBox(body)
        self.probability_spin.setRange(0, 100)
        self.probability_spin.setSingleStep(5)
        self.probability_spin.setValue(10)
        self.probability_spin.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        probability_row = QWidget(body)
        probability_line = QHBoxLayout(probability_row)
        probability_line.setContentsMargins(0, 0, 0, 0)
        probability_line.addWidget(self.probability_spin)
        probability_line.addWidget(QLabel("%", probability_row))
        probability_line.addStretch(1)

        factors_box = QWidget(body)
        factors_layout = QVBoxLayout(factors_box)
        factors_layout.setContentsMargins(0, 0, 0, 0)
        factors_layout.setSpacing(2)
        self.factors_grid = QGridLayout()
        self.factors_grid.setHorizontalSpacing(12)
        self.factors_edit = QPlainTextEdit(factors_box)
        self.factors_edit.setTabChangesFocus(True)
        self.factors_edit.setFixedHeight(60)
        factors_layout.addLayout(self.factors_grid)
        factors_layout.addWidget(self.factors_edit)

        self.next_action_edit = QLineEdit(body)
        self.next_date_edit = date_edit(body, optional=True)
        self.next_hijri = QLabel(body)
        self.next_hijri.setStyleSheet(f"color: {Colours.MUTED};")
        self.today_button = QPushButton(body)
        self.today_button.setAutoDefault(False)
        self.today_button.clicked.connect(lambda: self.next_date_edit.setDate(qdate(date.today())))
        date_row = QWidget(body)
        date_line = QHBoxLayout(date_row)
        date_line.setContentsMargins(0, 0, 0, 0)
        date_line.addWidget(self.next_date_edit)
        date_line.addWidget(self.today_button)
        date_line.addWidget(self.next_hijri, 1)
        self.next_date_edit.dateChanged.connect(self._on_next_date_changed)

        self.owner_combo = QComboBox(body)
        self.owner_combo.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.notes_edit = QPlainTextEdit(body)
        self.notes_edit.setTabChangesFocus(True)
        self.notes_edit.setFixedHeight(60)

        widgets: dict[str, QWidget] = {
            "programme": programme_box, "donors": donors_box, "amount": amount_box,
            "probability": probability_row, "factors": factors_box,
            "next_action": self.next_action_edit, "next_action_on": date_row, "owner": self.owner_combo,
            "notes": self.notes_edit,
        }
        self.labels: dict[str, QLabel] = {}
        self.errors: dict[str, QLabel] = {}
        for key, _text in ROWS:
            label = QLabel(body)
            error = error_label(body)
            box = QWidget(body)
            column = QVBoxLayout(box)
            column.setContentsMargins(0, 0, 0, 0)
            column.setSpacing(1)
            column.addWidget(widgets[key])
            column.addWidget(error)
            self.form.addRow(label, box)
            self.labels[key], self.errors[key] = label, error
        self.labels["programme"].setBuddy(self.programme_combo)
        self.labels["donors"].setBuddy(self.finder.edit)
        self.labels["amount"].setBuddy(self.amount_edit)
        self.labels["next_action_on"].setBuddy(self.next_date_edit)
        # the service's other field names
        self.errors["success_factors"] = self.errors["factors"]
        self.errors["received_on"] = self.errors["next_action_on"]

        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        body.setMinimumWidth(560)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(body)

        # the stage and the timeline (an existing opportunity)
        self.side = QWidget(self)
        side_layout = QVBoxLayout(self.side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        self.stage_title = QLabel(self.side)
        self.stage_title.setStyleSheet(SECTION_STYLE)
        self.stage_info = QLabel(self.side)
        self.stage_info.setWordWrap(True)
        self.moves_row = QGridLayout()
        self.moves_row.setSpacing(4)
        self.stage_error = error_label(self.side)
        self.contact_warning = QLabel(self.side)
        self.contact_warning.setWordWrap(True)
        self.contact_warning.setStyleSheet(WARNING_STYLE)
        self.contact_warning.hide()
        self.timeline_title = QLabel(self.side)
        self.timeline_title.setStyleSheet(SECTION_STYLE)
        self.contact_button = QPushButton(self.side)
        self.contact_button.setAutoDefault(False)
        self.contact_button.clicked.connect(self.log_contact)
        timeline_head = QHBoxLayout()
        timeline_head.addWidget(self.timeline_title, 1)
        timeline_head.addWidget(self.contact_button)
        self.timeline_list = QListWidget(self.side)
        self.timeline_list.setWordWrap(True)
        self.timeline_list.setAlternatingRowColors(True)
        side_layout.addWidget(self.stage_title)
        side_layout.addWidget(self.stage_info)
        side_layout.addLayout(self.moves_row)
        side_layout.addWidget(self.stage_error)
        side_layout.addWidget(self.contact_warning)
        side_layout.addLayout(timeline_head)
        side_layout.addWidget(self.timeline_list, 1)
        self.side.setVisible(number is not None)

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(scroll)
        splitter.addWidget(self.side)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([680, 460])
        self.side.setMinimumWidth(400)

        self.general_error = error_label(self)
        self.save_button = QPushButton(self)
        self.save_button.setAutoDefault(False)
        self.save_button.setEnabled(False)
        self.cancel_button = QPushButton(self)
        self.cancel_button.setAutoDefault(False)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.save_button)
        content = QVBoxLayout()
        content.setContentsMargins(18, 10, 18, 14)
        content.addWidget(splitter, 1)
        content.addWidget(self.general_error)
        content.addLayout(buttons)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(header)
        layout.addLayout(content, 1)

        chain: list[QWidget] = [self.programme_combo, self.finder.edit, self.amount_edit,
                                self.probability_spin, self.factors_edit, self.next_action_edit,
                                self.next_date_edit, self.owner_combo, self.notes_edit, self.save_button,
                                self.cancel_button]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

        self.save_button.clicked.connect(self.save)
        self.cancel_button.clicked.connect(self.reject)
        self.amount_edit.textEdited.connect(self._update_weighted)
        self.probability_spin.valueChanged.connect(self._update_weighted)
        for enter in _ENTER:
            QShortcut(QKeySequence(Qt.KeyboardModifier.ControlModifier | enter), self, self.save)
        self.retranslate_ui()
        self.resize(1180 if number else 820, 800)
        self.programme_combo.setFocus(Qt.FocusReason.OtherFocusReason)
        self._load()

    # --- texts ---------------------------------------------------------------------------------
    def retranslate_ui(self) -> None:
        if self.number is None:
            self.setWindowTitle(_("New opportunity"))
            self.title.setText(_("New opportunity"))
            self.subtitle.setText(_("A programme of the portfolio and the donors to approach for it"))
        else:
            self.setWindowTitle(_("Opportunity {number}").format(number=self.number))
            self.title.setText(_("Opportunity {number}").format(number=ltr(self.number)))
            self.subtitle.setText(self.detail.title if self.detail else "")
        for key, text in ROWS:
            self.labels[key].setText(_(text))
        self.currency.setText(_("SAR"))
        self.amount_edit.setPlaceholderText("0")
        self.factors_edit.setPlaceholderText(_("What else makes success likely (free text)"))
        self.next_action_edit.setPlaceholderText(_("e.g. a visit to present the programme"))
        self.today_button.setText(_("Today"))
        self.remove_donor_button.setText(_("Remove"))
        self.suggestions_title.setText(_("Suggested donors (interested in this kind of programme):"))
        self.finder.retranslate_ui()
        line = self.programme_combo.lineEdit()
        if line is not None:
            line.setPlaceholderText(_("Type part of the programme's name…"))
        for ident, box in self.factor_boxes.items():
            item = next((i for i in self._factor_items if i.get("id") == ident), {"id": ident})
            box.setText(item_label(item))
        self.stage_title.setText(_("Stage"))
        self.timeline_title.setText(_("Timeline"))
        self.contact_button.setText(_("Log contact…"))
        for target, button in self.move_buttons.items():
            button.setText(_(MOVE_LABELS[target]))
        self.save_button.setText(_("Save"))
        self.save_button.setToolTip(ltr("Ctrl+Enter"))
        self.cancel_button.setText(_("Close") if self.number else _("Cancel"))
        self._on_next_date_changed(self.next_date_edit.date())
        self._update_weighted()
        if self._ready:
            self._render_donors()
            if self.detail is not None:
                self._render_side(self.detail)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    # --- loading -------------------------------------------------------------------------------
    def _load(self) -> None:
        services, actor, number = self._services, self._actor, self.number

        def read() -> _Loaded:
            return _Loaded(
                services.programmes.list(actor),
                list(services.settings.get("opportunity_factors")),
                services.opportunities.owners(actor),
                dict(services.clients.owners(actor)) | dict(services.opportunities.owners(actor)),
                services.opportunities.get(actor, number) if number else None,
            )

        Op(self, read).on_success(self._on_loaded).on_failure(self._on_general_failure).run()

    def _on_loaded(self, data: _Loaded) -> None:
        self._programmes = data.programmes
        self._factor_items = [f for f in data.factors if f.get("active", True)
                              or (data.detail is not None and f.get("id") in data.detail.factors)]
        self.user_names = data.user_names
        self.finder.set_owner_names(data.user_names)
        self.programme_combo.blockSignals(True)
        for p in data.programmes:
            self.programme_combo.addItem(f"{p.name} – {p.number}", p.number)
        self.programme_combo.setCurrentIndex(-1)
        self.programme_combo.blockSignals(False)
        for n, item in enumerate(self._factor_items):
            box = QCheckBox(item_label(item), self)
            self.factor_boxes[str(item["id"])] = box
            self.factors_grid.addWidget(box, n, 0)
        for name, full in data.owners:
            self.owner_combo.addItem(full, name)
        self.owner_combo.setCurrentIndex(max(0, self.owner_combo.findData(self._actor.name)))
        if data.detail is not None:
            self._fill(data.detail)
        self._ready = True
        self.save_button.setEnabled(True)
        self.retranslate_ui()
        self.loaded.emit()

    def _fill(self, d: OpportunityDetail) -> None:
        self.detail = d
        c = d.card
        index = self.programme_combo.findData(c.programme_number)
        if index < 0:
            self.programme_combo.addItem(f"{c.programme_name} – {c.programme_number}", c.programme_number)
            index = self.programme_combo.count() - 1
        self.programme_combo.blockSignals(True)
        self.programme_combo.setCurrentIndex(index)
        self.programme_combo.blockSignals(False)
        self.programme_combo.setEnabled(False)  # the programme of an opportunity does not change
        self.donors = list(c.donors)
        self.amount_edit.setText(digits(f"{c.expected_halalas / 100:.2f}".removesuffix(".00")))
        self.probability_spin.setValue(c.probability)
        for ident, box in self.factor_boxes.items():
            box.setChecked(ident in d.factors)
        self.factors_edit.setPlainText(d.success_factors)
        self.next_action_edit.setText(c.next_action)
        self.next_date_edit.setDate(qdate(c.next_action_on) if c.next_action_on else NO_DATE)
        index = self.owner_combo.findData(c.owner)
        if index < 0:
            self.owner_combo.addItem(c.owner_name or c.owner, c.owner)
            index = self.owner_combo.count() - 1
        self.owner_combo.setCurrentIndex(index)
        self.notes_edit.setPlainText(d.notes)
        final = c.stage not in OPEN_STAGES
        for w in (self.amount_edit, self.probability_spin, self.finder, self.remove_donor_button):
            w.setEnabled(not final)

    # --- the donors ----------------------------------------------------------------------------
    def _render_donors(self) -> None:
        self.donor_list.clear()
        for d in self.donors:
            d = DonorRef(d.number, d.name, d.owner, d.owner_name or self.user_names.get(d.owner, d.owner))
            item = QListWidgetItem(donor_line(d))
            item.setData(Qt.ItemDataRole.UserRole, d.number)
            if d.owner and d.owner != self._actor.name:
                item.setForeground(QColor("#8a4b00"))
                item.setToolTip(_("Someone else is this donor's relationship owner."))
            self.donor_list.addItem(item)
        self.remove_donor_button.setVisible(bool(self.donors))

    @Slot(object)
    def add_donor(self, ref: DonorRef) -> None:
        self.errors["donors"].hide()
        if any(d.number == ref.number for d in self.donors):
            return
        if self.number is None:
            self.donors.append(ref)
            self._render_donors()
            self._hide_suggestion(ref.number)
            return
        opportunities, actor, number = self._services.opportunities, self._actor, self.number
        (Op(self, lambda: opportunities.add_donor(actor, number, ref.number), write=True)
         .on_success(self._on_donors_changed)
         .on_failure(lambda e: self._show_error(e.field or "donors", e.message))
         .run())

    @Slot()
    def remove_selected_donor(self) -> None:
        item = self.donor_list.currentItem()
        if item is None:
            return
        donor = str(item.data(Qt.ItemDataRole.UserRole))
        if self.number is None:
            self.donors = [d for d in self.donors if d.number != donor]
            self._render_donors()
            return
        opportunities, actor, number = self._services.opportunities, self._actor, self.number
        (Op(self, lambda: opportunities.remove_donor(actor, number, donor), write=True)
         .on_success(self._on_donors_changed)
         .on_failure(lambda e: self._show_error("donors", e.message))
         .run())

    def _on_donors_changed(self, d: OpportunityDetail) -> None:
        self.detail = d
        self.donors = list(d.card.donors)
        self._render_donors()
        self._render_side(d)
        self.changed.emit()

    # --- suggestions ---------------------------------------------------------------------------
    @Slot(int)
    def _on_programme_changed(self, _index: int) -> None:
        self.errors["programme"].hide()
        if self.number is not None or not self._ready:
            return
        programme = self.programme_combo.currentData()
        self._clear_suggestions()
        if not programme:
            return
        interests, actor = self._services.donor_interests, self._actor
        (Op(self, lambda: interests.suggest(actor, str(programme)))
         .on_success(lambda found: self._show_suggestions(str(programme), found))
         .on_failure(lambda e: self._show_error("programme", e.message))
         .run())

    def _programme_row_for(self, text: str) -> int:
        """The row of the first programme whose name or number holds ``text`` (-1 if none)."""
        text = text.strip()
        if not text:
            return -1
        for row in range(self.programme_combo.count()):
            if text in self.programme_combo.itemText(row):
                return row
        return -1

    @Slot(str)
    def _on_programme_edited(self, text: str) -> None:
        row = self._programme_row_for(text)
        if row >= 0 and self.programme_combo.itemText(row) != text.strip():
            self.programme_hint.setText(_("Enter or Tab chooses: {programme}").format(
                programme=self.programme_combo.itemText(row)))
            self.programme_hint.show()
        elif text.strip() and row < 0:
            self.programme_hint.setText(_("No programme has this name."))
            self.programme_hint.show()
        else:
            self.programme_hint.hide()

    @Slot()
    def _on_programme_typed(self) -> None:
        """Part of a name typed and Enter or Tab: the first programme whose name holds it."""
        self.programme_hint.hide()
        text = self.programme_combo.currentText().strip()
        index = self.programme_combo.currentIndex()
        if not text or (index >= 0 and self.programme_combo.itemText(index) == text):
            return
        row = self._programme_row_for(text)
        if row >= 0:
            self.programme_combo.setCurrentIndex(row)
            self.programme_combo.setEditText(self.programme_combo.itemText(row))

    def _clear_suggestions(self) -> None:
        for button in self.suggestion_buttons:
            button.hide()
            button.deleteLater()
        self.suggestion_buttons = []
        self.suggestions_frame.hide()

    def _show_suggestions(self, programme: str, found: Sequence[DonorSuggestion]) -> None:
        if programme != self.programme_combo.currentData():
            return
        self._clear_suggestions()
        for s in found:
            ref = DonorRef(s.number, s.name, s.owner, s.owner_name)
            given = ""
            if s.given_halalas:
                given = _(" · gave {amount}").format(amount=money_text(s.given_halalas))
            button = QPushButton("＋ " + donor_line(ref) + given, self.suggestions_frame)
            button.setAutoDefault(False)
            button.setFlat(True)
            button.setStyleSheet("text-align: start; padding: 2px 6px;")
            button.setProperty("donor", s.number)
            button.clicked.connect(self._suggestion_adder(ref))
            button.setVisible(not any(d.number == s.number for d in self.donors))
            self.suggestions_layout.addWidget(button)
            self.suggestion_buttons.append(button)
        self.suggestions_frame.setVisible(any(not b.isHidden() for b in self.suggestion_buttons))
        self.suggestions_shown.emit(len(found))

    def _suggestion_adder(self, ref: DonorRef) -> Callable[[], None]:
        return lambda: self.add_donor(ref)

    def _hide_suggestion(self, number: str) -> None:
        for button in self.suggestion_buttons:
            if button.property("donor") == number:
                button.hide()
        self.suggestions_frame.setVisible(any(not b.isHidden() for b in self.suggestion_buttons))

    # --- small updates -------------------------------------------------------------------------
    @Slot(QDate)
    def _on_next_date_changed(self, d: QDate) -> None:
        value = edit_date(self.next_date_edit)
        self.next_hijri.setText(leading(format_hijri(value)) if value else "")

    def _update_weighted(self, *_args: object) -> None:
        halalas = parse_riyals(self.amount_edit.text())
        self.errors["amount"].hide()
        if halalas:
            weighted = halalas * self.probability_spin.value() // 100
            self.weighted_label.setText(_("weighted: {amount}").format(amount=money_text(weighted)))
        else:
            self.weighted_label.setText("")

    def selected_programme(self) -> str:
        """The chosen programme's number, or what was typed (the service reads a name too)."""
        text = self.programme_combo.currentText().strip()
        index = self.programme_combo.currentIndex()
        if index >= 0 and self.programme_combo.itemText(index) == text:
            return str(self.programme_combo.itemData(index))
        for row in range(self.programme_combo.count()):
            if text and text in self.programme_combo.itemText(row):
                return str(self.programme_combo.itemData(row))
        return text

    # --- saving --------------------------------------------------------------------------------
    @Slot()
    def save(self) -> None:
        if self._busy or not self.save_button.isEnabled():
            return
        self._clear_errors()
        halalas = parse_riyals(self.amount_edit.text())
        if halalas is None:
            self._show_error("amount", _(AMOUNT_ERROR))
            return
        probability = parse_int(self.probability_spin.text())
        if probability is None or not 0 <= probability <= 100:
            self._show_error("probability", _(PROBABILITY_ERROR))
            return
        values: dict[str, Any] = {
            "expected_halalas": halalas,
            "probability": probability,
            "owner": str(self.owner_combo.currentData() or ""),
            "next_action": self.next_action_edit.text(),
            "next_action_on": edit_date(self.next_date_edit),
            "factors": [ident for ident, box in self.factor_boxes.items() if box.isChecked()],
            "success_factors": self.factors_edit.toPlainText(),
            "notes": self.notes_edit.toPlainText(),
        }
        opportunities, actor = self._services.opportunities, self._actor
        number = self.number
        call: Callable[[], OpportunityDetail]
        if number is None:
            programme = self.selected_programme()
            donors = [d.number for d in self.donors]
            if not programme:
                self._show_error("programme", _("Choose the programme or activity."))
                return
            call = lambda: opportunities.add(actor, programme, donors, **values)  # noqa: E731
        else:
            call = lambda: opportunities.update(actor, number, **values)  # noqa: E731
        self._busy = True
        self.save_button.setEnabled(False)
        Op(self, call, write=True).on_success(self._on_saved).on_failure(self._on_save_failed).run()

    def _on_saved(self, detail: OpportunityDetail) -> None:
        self._busy = False
        self.detail = detail
        self.saved.emit(detail)
        self.accept()

    def _on_save_failed(self, error: UserError) -> None:
        self._busy = False
        self.save_button.setEnabled(True)
        self._show_error(error.field, error.message)

    def _show_error(self, field_name: str | None, text: str) -> None:
        label = self.errors.get(field_name or "")
        if label is None:
            self.general_error.setText(text)
            self.general_error.show()
            return
        label.setText(text)
        label.show()
        targets: dict[str, QWidget] = {"programme": self.programme_combo, "donors": self.finder.edit,
                                       "amount": self.amount_edit, "probability": self.probability_spin,
                                       "owner": self.owner_combo, "next_action": self.next_action_edit}
        target = targets.get(field_name or "")
        if target is not None and target.isEnabled():
            target.setFocus(Qt.FocusReason.OtherFocusReason)

    def _clear_errors(self) -> None:
        for label in (*self.errors.values(), self.general_error, self.stage_error):
            label.clear()
            label.hide()

    def error_text(self, field_name: str | None = None) -> str:
        if field_name == "stage":
            label = self.stage_error
        else:
            label = self.general_error if field_name is None else self.errors[field_name]
        return label.text() if not label.isHidden() else ""

    def _on_general_failure(self, error: UserError) -> None:
        self._show_error(None, error.message)

    # --- the stage -----------------------------------------------------------------------------
    def _render_side(self, d: OpportunityDetail) -> None:
        c = d.card
        self.subtitle.setText(d.title)
        self.stage_badge.setText(stage_label(c.stage))
        self.stage_badge.setStyleSheet(badge_style(STAGE_COLOURS.get(c.stage, Colours.MUTED)))
        self.stage_badge.show()
        facts = [_("Stage since {when}").format(when=when(c.stage_changed_at))]
        if d.committed_on:
            facts.append(_("Committed on {day}").format(day=day(d.committed_on)))
        if c.stage == "successful":
            facts.append(_("Received {amount} on {day}").format(amount=money_text(d.received_halalas),
                                                                 day=day(d.received_on)))
        if c.stage == "cancelled":
            facts.append(_("Reason: {reason}").format(reason=d.cancel_reason))
        if c.stage not in OPEN_STAGES:
            facts.append(_("A successful or cancelled opportunity does not move any more."))
        self.stage_info.setText("\n".join(facts))
        for button in self.move_buttons.values():
            self.moves_row.removeWidget(button)
            button.hide()
            button.deleteLater()
        self.move_buttons = {}
        if c.stage in OPEN_STAGES:
            for target in STAGES:
                if target == c.stage:
                    continue
                button = QPushButton(_(MOVE_LABELS[target]), self.side)
                button.setAutoDefault(False)
                button.clicked.connect(self._mover(target))
                n = len(self.move_buttons)
                self.moves_row.addWidget(button, n // 2, n % 2)
                self.move_buttons[target] = button
        self.contact_button.setEnabled(c.stage in OPEN_STAGES)
        self._render_timeline(d)

    def _render_timeline(self, d: OpportunityDetail) -> None:
        self.timeline_list.clear()
        for e in reversed(d.timeline):
            item = QListWidgetItem(entry_text(e, self.user_names))
            item.setData(Qt.ItemDataRole.UserRole, e)
            if e.outside_owner:
                item.setBackground(QColor("#fff4e5"))
                item.setForeground(QColor("#8a4b00"))
            self.timeline_list.addItem(item)

    def timeline_texts(self) -> list[str]:
        return [self.timeline_list.item(i).text() for i in range(self.timeline_list.count())]

    def _mover(self, target: str) -> Callable[[], None]:
        return lambda: self.move_to(target)

    def move_to(self, target: str) -> None:
        """A move button: cancelling and "successful" ask first; the others move at once."""
        if self.number is None or self._busy:
            return
        self.stage_error.hide()
        if target in ("cancelled", "successful"):
            self.move_dialog = MoveDialog(self._services, self._actor, self.number, target, self)
            self.move_dialog.moved.connect(lambda _card: self._after_change())
            self.move_dialog.finished.connect(self._on_move_dialog_finished)
            self.move_dialog.open()
            return
        opportunities, actor, number = self._services.opportunities, self._actor, self.number
        self._busy = True
        (Op(self, lambda: opportunities.move(actor, number, target), write=True)
         .on_success(lambda _card: self._after_change())
         .on_failure(self._on_move_failed)
         .run())

    def _on_move_dialog_finished(self, _result: int) -> None:
        if self.move_dialog is not None:
            self.move_dialog.deleteLater()
        self.move_dialog = None

    def _on_move_failed(self, error: UserError) -> None:
        self._busy = False
        self.stage_error.setText(error.message)
        self.stage_error.show()

    def _after_change(self) -> None:
        """A move or a contact was recorded: read the opportunity again."""
        self._busy = False
        self.changed.emit()
        opportunities, actor, number = self._services.opportunities, self._actor, self.number
        if number is None:
            return
        (Op(self, lambda: opportunities.get(actor, number))
         .on_success(self._on_reloaded)
         .on_failure(self._on_general_failure)
         .run())

    def _on_reloaded(self, d: OpportunityDetail) -> None:
        self.detail = d
        self.donors = list(d.card.donors)
        self._fill_after_change(d)
        self._render_donors()
        self._render_side(d)
        self.loaded.emit()

    def _fill_after_change(self, d: OpportunityDetail) -> None:
        # a move may change the probability (successful → 100); the fields typed stay otherwise
        self.probability_spin.setValue(d.card.probability)
        final = d.card.stage not in OPEN_STAGES
        for w in (self.amount_edit, self.probability_spin, self.finder, self.remove_donor_button):
            w.setEnabled(not final)

    # --- contacts ------------------------------------------------------------------------------
    @Slot()
    def log_contact(self) -> None:
        if self.number is None or self.detail is None:
            return
        from ui.pipeline.contact_dialog import ContactDialog

        dialog = ContactDialog(self._services, self._actor, self.number, self.detail.card.donors,
                               self.user_names, self)
        dialog.logged.connect(self._on_contact_logged)
        dialog.finished.connect(lambda _r: self._drop_contact_dialog())
        self.contact_dialog = dialog
        dialog.open()

    def _drop_contact_dialog(self) -> None:
        if self.contact_dialog is not None:
            self.contact_dialog.deleteLater()
        self.contact_dialog = None

    def _on_contact_logged(self, result: ContactResult) -> None:
        if result.outside_owner:
            donor = next((d for d in self.donors if result.entry.donor.endswith(d.number)), None)
            owner = (donor.owner_name or self.user_names.get(donor.owner, donor.owner)) if donor else ""
            self.contact_warning.setText(outside_warning(donor_text(result.entry.donor), owner))
            self.contact_warning.show()
        else:
            self.contact_warning.hide()
        self._after_change()

    def reject(self) -> None:
        if not self._busy:
            super().reject()


def outside_warning(donor: str, owner: str) -> str:
    return _("⚠ The relationship owner of {donor} is {owner}, not you. The contact was recorded, and the "
             "relations manager will see it (one point of contact per donor).").format(donor=donor,
                                                                                       owner=owner)
