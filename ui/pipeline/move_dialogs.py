"""What a move to "cancelled" or "successful" needs, asked before the service is called.

:class:`CancelReasonDialog` asks why the opportunity is cancelled; :class:`ReceivedDialog` asks
the amount received (riyals, any digits) and the day (its Hijri date shown beside it). Neither
judges the answer: the board hands it to ``services.opportunities.move``, whose rules refuse an
empty reason or amount with one sentence shown in the board. Cancelling the dialog changes
nothing.

Both are opened with :meth:`QDialog.open` (window-modal, not blocking), so a drop returns at
once; the board listens to ``accepted``. Keyboard: the first field has the focus, Tab moves on,
Ctrl+Enter (or Enter on the amount) confirms, Esc goes back.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QEvent, Qt, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.calendars.formatting import format_hijri
from app.i18n import _, is_rtl
from app.pipeline.records import Card
from app.pipeline.rules import STAGE_LABELS
from app.text.bidi import isolate_ltr
from ui.clients.labels import amount_text, parse_amount
from ui.common.dates import DATE_FORMAT, pydate, qdate
from ui.theme import Colours


def card_title(card: Card) -> str:
    donors = _(", ").join(d.name for d in card.donors)
    return f"{card.programme_name} — {donors}" if donors else card.programme_name


class _MoveDialog(QDialog):
    def __init__(self, card: Card, target: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.card = card
        self.target = target
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.summary.setStyleSheet(f"color: {Colours.MUTED};")
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addLayout(self.form)
        layout.addWidget(self.buttons)
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            QShortcut(QKeySequence(Qt.KeyboardModifier.ControlModifier | key), self, self.accept)
        self.setMinimumWidth(460)

    @property
    def ok_button(self) -> QPushButton:
        button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        assert button is not None
        return button

    @property
    def cancel_button(self) -> QPushButton:
        button = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        assert button is not None
        return button

    def retranslate_ui(self) -> None:
        mark = "\u200f" if is_rtl() else "\u200e"  # each line reads in the screen's direction
        number = isolate_ltr(self.card.number)
        title = _("{title} ({number})").format(title=card_title(self.card), number=number)
        move = _("From “{source}” to “{target}”.").format(
            source=_(STAGE_LABELS[self.card.stage]), target=_(STAGE_LABELS[self.target]))
        self.summary.setText(f"{mark}{title}\n{mark}{move}")
        self.cancel_button.setText(_("Back"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)


class CancelReasonDialog(_MoveDialog):
    """Why the opportunity is cancelled (required by the rules; the service checks)."""

    def __init__(self, card: Card, parent: QWidget | None = None) -> None:
        super().__init__(card, "cancelled", parent)
        self.reason_edit = QPlainTextEdit(self)
        self.reason_edit.setTabChangesFocus(True)
        self.reason_edit.setMinimumHeight(90)
        self.reason_label = QLabel(self)
        self.reason_label.setBuddy(self.reason_edit)
        self.form.addRow(self.reason_label, self.reason_edit)
        self.reason_edit.setFocus()
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        super().retranslate_ui()
        self.setWindowTitle(_("Cancel {number}").format(number=self.card.number))
        self.reason_label.setText(_("Reason for cancelling:"))
        self.reason_edit.setPlaceholderText(_("For example: the donor chose another programme this year"))
        self.ok_button.setText(_("Cancel the opportunity"))

    def reason(self) -> str:
        return self.reason_edit.toPlainText().strip()


class ReceivedDialog(_MoveDialog):
    """The amount received (riyals; ``١٥٠٠٠``, ``15,000.50`` alike) and the day it came."""

    def __init__(self, card: Card, parent: QWidget | None = None, today: date | None = None) -> None:
        super().__init__(card, "successful", parent)
        self.amount_edit = QLineEdit(self)
        self.amount_edit.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        if card.expected_halalas:
            self.amount_edit.setText(amount_text(card.expected_halalas, currency=False))
        self.amount_label = QLabel(self)
        self.amount_label.setBuddy(self.amount_edit)
        self.amount_hint = QLabel(self)
        self.amount_hint.setStyleSheet(f"color: {Colours.MUTED};")
        amount_box = QVBoxLayout()
        amount_box.setSpacing(2)
        amount_box.addWidget(self.amount_edit)
        amount_box.addWidget(self.amount_hint)
        self.date_edit = QDateEdit(self)
        self.date_edit.setLayoutDirection(Qt.LayoutDirection.LeftToRight)  # before the format
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat(DATE_FORMAT)
        self.date_edit.setDate(qdate(today or date.today()))
        self.date_edit.setMaximumDate(qdate(date.today()))
        self.hijri = QLabel(self)
        self.hijri.setStyleSheet(f"color: {Colours.MUTED};")
        self.date_label = QLabel(self)
        self.date_label.setBuddy(self.date_edit)
        date_row = QHBoxLayout()
        date_row.addWidget(self.date_edit)
        date_row.addWidget(self.hijri, 1)
        self.form.addRow(self.amount_label, amount_box)
        self.form.addRow(self.date_label, date_row)
        self.date_edit.dateChanged.connect(self._show_hijri)
        self.amount_edit.textChanged.connect(self._show_amount)
        self.amount_edit.returnPressed.connect(self.accept)
        self.amount_edit.setFocus()
        self.amount_edit.selectAll()
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        super().retranslate_ui()
        self.setWindowTitle(_("Funds received for {number}").format(number=self.card.number))
        self.amount_label.setText(_("Amount received (SAR):"))
        self.date_label.setText(_("Received on:"))
        self.ok_button.setText(_("Record as successful"))
        self._show_hijri()
        self._show_amount()

    def received_halalas(self) -> int | None:
        """None when the text is not a positive amount: the service then says what is missing."""
        return parse_amount(self.amount_edit.text())

    def received_on(self) -> date:
        return pydate(self.date_edit.date())

    @Slot()
    def _show_hijri(self) -> None:
        self.hijri.setText(format_hijri(self.received_on()))

    @Slot()
    def _show_amount(self) -> None:
        halalas = self.received_halalas()
        self.amount_hint.setText(amount_text(halalas) if halalas is not None else "")
