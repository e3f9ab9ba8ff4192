"""A donation or a pledge of one client, entered by hand (the finance system's export is imported
elsewhere).

The amount is typed in riyals with any digits (``١٬٥٠٠٫٥٠`` or ``1500.50``) and
kept in halalas; the date shows its Hijri date beside it. The programme list
suggests the names already used, and a new one may be typed.
"""

from __future__ import annotations

import itertools
from datetime import date

from PySide6.QtCore import QDate, QEvent, Qt, Signal, Slot
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from app.calendars.formatting import format_hijri
from app.clients.contributions import KINDS, METHODS
from app.clients.records import ContributionInfo
from app.errors import UserError
from app.i18n import N_, _
from app.services.app_services import AppServices
from app.services.context import Actor
from ui.clients.labels import NO_VALUE, contribution_kind_label, leading, ltr, method_label, parse_amount
from ui.common.dates import DATE_FORMAT, pydate, qdate
from ui.common.ops import Op
from ui.common.widgets import FieldErrors, ltr_line_edit
from ui.theme import Colours

_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
ROWS: tuple[tuple[str, str], ...] = (
    ("kind", N_("Kind")), ("amount", N_("Amount")), ("given_on", N_("Date")),
    ("method", N_("Payment method")),
    ("programme", N_("Programme or activity")), ("receipt", N_("Receipt reference")), ("notes", N_("Notes")),
)
AMOUNT_ERROR = N_("Write an amount in riyals greater than zero.")




class ContributionDialog(QDialog):
    """Signals:
        loaded: the programme names arrived.
        added(object): the contribution was recorded (its :class:`ContributionInfo`).
    """

    loaded = Signal()
    added = Signal(object)

    def __init__(self, services: AppServices, actor: Actor, client_number: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self._actor = actor
        self.client_number = client_number
        self._busy = False
        self.info: ContributionInfo | None = None
        self.setObjectName("contributionDialog")
        self.setMinimumWidth(560)

        header = QFrame(self)
        header.setObjectName("dialogHeader")
        self.title = QLabel(header)
        self.title.setObjectName("dialogTitle")
        self.subtitle = QLabel(header)
        self.subtitle.setObjectName("dialogSubtitle")
        header_layout = QVBoxLayout(header)
        header_layout.setContentsMargins(18, 12, 18, 12)
        header_layout.addWidget(self.title)
        header_layout.addWidget(self.subtitle)

        body = QWidget(self)
        self.form = QFormLayout(body)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.kind_combo = QComboBox(body)
        for ident in KINDS:
            self.kind_combo.addItem("", ident)
        self.amount_edit = ltr_line_edit(body)
        self.currency = QLabel(body)
        amount_row = QWidget(body)
        amount_line = QHBoxLayout(amount_row)
        amount_line.setContentsMargins(0, 0, 0, 0)
        amount_line.addWidget(self.amount_edit, 1)
        amount_line.addWidget(self.currency)
        self.date_edit = QDateEdit(body)
        # Left to right, and before the format: right to left Qt shows "d/M/yyyy" as "yyyy/M/d".
        self.date_edit.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat(DATE_FORMAT)
        self.date_edit.setDate(qdate(date.today()))
        self.hijri = QLabel(body)
        self.hijri.setStyleSheet(f"color: {Colours.MUTED};")
        date_row = QWidget(body)
        date_line = QHBoxLayout(date_row)
        date_line.setContentsMargins(0, 0, 0, 0)
        date_line.addWidget(self.date_edit)
        date_line.addWidget(self.hijri, 1)
        self.method_combo = QComboBox(body)
        self.method_combo.addItem(NO_VALUE, "")
        for ident in METHODS:
            self.method_combo.addItem("", ident)
        self.programme_combo = QComboBox(body)
        self.programme_combo.setEditable(True)
        self.programme_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.programme_combo.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.receipt_edit = ltr_line_edit(body)
        self.notes_edit = QPlainTextEdit(body)
        self.notes_edit.setTabChangesFocus(True)
        self.notes_edit.setFixedHeight(60)

        self.labels: dict[str, QLabel] = {}
        self.errors = FieldErrors(self)
        focus: dict[str, QWidget] = {"amount": self.amount_edit, "given_on": self.date_edit,
                                     "kind": self.kind_combo, "method": self.method_combo}
        widgets: dict[str, QWidget] = {"kind": self.kind_combo, "amount": amount_row, "given_on": date_row,
                                       "method": self.method_combo, "programme": self.programme_combo,
                                       "receipt": self.receipt_edit, "notes": self.notes_edit}
        for key, _text in ROWS:
            self.labels[key] = self.errors.row(self.form, key, widgets[key], focus.get(key))
        self.labels["amount"].setBuddy(self.amount_edit)
        self.labels["given_on"].setBuddy(self.date_edit)

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
        content.addWidget(body)
        content.addWidget(self.errors.general)
        content.addLayout(buttons)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(header)
        layout.addLayout(content)

        chain: list[QWidget] = [self.kind_combo, self.amount_edit, self.date_edit, self.method_combo,
                                self.programme_combo, self.receipt_edit, self.notes_edit, self.save_button,
                                self.cancel_button]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

        self.save_button.clicked.connect(self.save)
        self.cancel_button.clicked.connect(self.reject)
        self.date_edit.dateChanged.connect(self._on_date_changed)
        self.amount_edit.textEdited.connect(self._on_amount_edited)
        for enter in _ENTER:
            QShortcut(QKeySequence(Qt.KeyboardModifier.ControlModifier | enter), self, self.save)
        self.retranslate_ui()
        self.amount_edit.setFocus(Qt.FocusReason.OtherFocusReason)
        self._load()

    def retranslate_ui(self) -> None:
        self.setWindowTitle(_("Add a contribution"))
        self.title.setText(_("Add a contribution"))
        self.subtitle.setText(_("Client {number}").format(number=ltr(self.client_number)))
        for key, text in ROWS:
            self.labels[key].setText(_(text))
        for row in range(self.kind_combo.count()):
            self.kind_combo.setItemText(row, contribution_kind_label(str(self.kind_combo.itemData(row))))
        for row in range(1, self.method_combo.count()):
            self.method_combo.setItemText(row, method_label(str(self.method_combo.itemData(row))))
        self.currency.setText(_("SAR"))
        self.amount_edit.setPlaceholderText("0.00")
        line = self.programme_combo.lineEdit()
        if line is not None:
            line.setPlaceholderText(_("The programme or activity it supports"))
        self.save_button.setText(_("Save"))
        self.save_button.setToolTip(ltr("Ctrl+Enter"))
        self.cancel_button.setText(_("Cancel"))
        self._on_date_changed(self.date_edit.date())

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def _load(self) -> None:
        contributions, actor = self._services.contributions, self._actor
        (Op(self, lambda: contributions.programmes(actor))
         .on_success(self._on_programmes_loaded)
         .on_failure(self._on_failed)
         .run())

    def _on_programmes_loaded(self, names: list[str]) -> None:
        text = self.programme_combo.currentText()
        self.programme_combo.addItems(names)
        self.programme_combo.setCurrentIndex(-1)
        self.programme_combo.setEditText(text)
        self.save_button.setEnabled(True)
        self.loaded.emit()

    @Slot(QDate)
    def _on_date_changed(self, d: QDate) -> None:
        self.hijri.setText(leading(format_hijri(pydate(d))))

    @Slot(str)
    def _on_amount_edited(self, _text: str) -> None:
        self.errors.labels["amount"].hide()  # the sentence was about what was there before

    # --- saving --------------------------------------------------------------------------------
    @Slot()
    def save(self) -> None:
        if self._busy or not self.save_button.isEnabled():
            return
        self._clear_errors()
        halalas = parse_amount(self.amount_edit.text())
        if halalas is None:
            self.errors.show("amount", _(AMOUNT_ERROR))
            return
        contributions, actor, number = self._services.contributions, self._actor, self.client_number
        kind = str(self.kind_combo.currentData())
        given_on = pydate(self.date_edit.date())
        method = str(self.method_combo.currentData() or "")
        programme = self.programme_combo.currentText().strip()
        receipt = self.receipt_edit.text().strip()
        notes = self.notes_edit.toPlainText().strip()
        self._busy = True
        self.save_button.setEnabled(False)
        (Op(self, lambda: contributions.add(actor, number, kind, halalas, given_on, method, programme,
                                            receipt, notes), write=True)
         .on_success(self._on_saved)
         .on_failure(self._on_failed)
         .run())

    def _on_saved(self, info: ContributionInfo) -> None:
        self._busy = False
        self.info = info
        self.added.emit(info)
        self.accept()

    def _on_failed(self, error: UserError) -> None:
        self._busy = False
        self.save_button.setEnabled(True)
        self.errors.show(error.field, error.message)

    def _clear_errors(self) -> None:
        self.errors.clear()

    def error_text(self, field: str | None = None) -> str:
        return self.errors.text(field)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in _ENTER and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            focused = self.focusWidget()
            if isinstance(focused, QPushButton) and focused.isEnabled():
                focused.click()
            return  # Enter in a field saves nothing: Ctrl+Enter saves
        super().keyPressEvent(event)

    def reject(self) -> None:
        if not self._busy:
            super().reject()
