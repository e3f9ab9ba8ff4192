"""Log a contact with a donor of an opportunity: a call, meeting, letter, visit, e-mail or WhatsApp.

The donor (one of the opportunity's), the kind, a note and when. If someone
else is the donor's relationship owner the form says so before saving: the
contact is still recorded, and the relations manager sees it (seed 000 §4.1.21).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time

from PySide6.QtCore import QDate, QDateTime, QEvent, Qt, QTime, Signal, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.calendars.formatting import format_hijri
from app.errors import UserError
from app.i18n import N_, _
from app.pipeline.records import CONTACT_KINDS, ContactResult, DonorRef
from app.services.app_services import AppServices
from app.services.context import Actor
from ui.clients.labels import leading, ltr
from ui.common.ops import Op
from ui.common.widgets import FieldErrors
from ui.pipeline.opportunity_dialog import HEADING_STYLE, WARNING_STYLE, contact_label
from ui.theme import Colours

ROWS = (("donor", N_("Donor")), ("contact", N_("Kind of contact")), ("at", N_("When")),
        ("note", N_("Note")))


class ContactDialog(QDialog):
    """Signal ``logged(object)``: the :class:`ContactResult` (``outside_owner`` to warn)."""

    logged = Signal(object)

    def __init__(self, services: AppServices, actor: Actor, number: str, donors: Sequence[DonorRef],
                 user_names: dict[str, str] | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self._actor = actor
        self.number = number
        self._donors = list(donors)
        self._names = user_names or {}
        self._busy = False
        self.result_: ContactResult | None = None
        self.setMinimumWidth(520)
        self.heading = QLabel(self)
        self.heading.setStyleSheet(HEADING_STYLE)
        self.donor_combo = QComboBox(self)
        for d in self._donors:
            self.donor_combo.addItem(f"{d.name} – {ltr(d.number)}", d.number)
        self.kind_combo = QComboBox(self)
        for kind in CONTACT_KINDS:
            self.kind_combo.addItem("", kind)
        self.at_edit = QDateTimeEdit(self)
        self.at_edit.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        self.at_edit.setCalendarPopup(True)
        self.at_edit.setDisplayFormat("d/M/yyyy HH:mm")
        now = datetime.now().replace(second=0, microsecond=0)
        self.at_edit.setDateTime(QDateTime(QDate(now.year, now.month, now.day), QTime(now.hour, now.minute)))
        self.at_edit.setMaximumDateTime(QDateTime(QDate(now.year, now.month, now.day), QTime(23, 59)))
        self.hijri = QLabel(self)
        self.hijri.setStyleSheet(f"color: {Colours.MUTED};")
        at_row = QWidget(self)
        at_line = QHBoxLayout(at_row)
        at_line.setContentsMargins(0, 0, 0, 0)
        at_line.addWidget(self.at_edit)
        at_line.addWidget(self.hijri, 1)
        self.note_edit = QPlainTextEdit(self)
        self.note_edit.setTabChangesFocus(True)
        self.note_edit.setFixedHeight(90)
        self.owner_warning = QLabel(self)
        self.owner_warning.setWordWrap(True)
        self.owner_warning.setStyleSheet(WARNING_STYLE)
        self.owner_warning.hide()

        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.labels: dict[str, QLabel] = {}
        self.errors = FieldErrors(self)
        widgets: dict[str, QWidget] = {"donor": self.donor_combo, "contact": self.kind_combo, "at": at_row,
                                       "note": self.note_edit}
        for key, _text in ROWS:
            self.labels[key] = self.errors.row(self.form, key, widgets[key])
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.accepted.connect(self.confirm)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(self.form)
        layout.addWidget(self.owner_warning)
        layout.addWidget(self.errors.general)
        layout.addWidget(self.buttons)
        for enter in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            QShortcut(QKeySequence(Qt.KeyboardModifier.ControlModifier | enter), self, self.confirm)
        self.donor_combo.currentIndexChanged.connect(self._update_owner_warning)
        self.at_edit.dateTimeChanged.connect(self._on_at_changed)
        self._at_touched = False  # left as opened: the contact is "now", to the second
        self.at_edit.dateTimeChanged.connect(self._on_at_touched)
        self.retranslate_ui()
        self.note_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    @property
    def ok_button(self) -> QPushButton:
        button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        assert button is not None
        return button

    def retranslate_ui(self) -> None:
        self.setWindowTitle(_("Log a contact"))
        self.heading.setText(_("Log a contact: {number}").format(number=ltr(self.number)))
        for key, text in ROWS:
            self.labels[key].setText(_(text))
        for row in range(self.kind_combo.count()):
            self.kind_combo.setItemText(row, contact_label(str(self.kind_combo.itemData(row))))
        self.note_edit.setPlaceholderText(_("What was said or agreed"))
        self.ok_button.setText(_("Save"))
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        if cancel is not None:
            cancel.setText(_("Cancel"))
        self._update_owner_warning()
        self._on_at_changed(self.at_edit.dateTime())

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def donor(self) -> DonorRef | None:
        number = self.donor_combo.currentData()
        return next((d for d in self._donors if d.number == number), None)

    @Slot()
    def _update_owner_warning(self, *_args: object) -> None:
        d = self.donor()
        if d is not None and d.owner and d.owner != self._actor.name:
            owner = d.owner_name or self._names.get(d.owner, d.owner)
            self.owner_warning.setText(_(
                "⚠ {owner} is this donor's relationship owner. You may record the contact, but the "
                "relations manager will see that it was made outside the owner.").format(owner=owner))
            self.owner_warning.show()
        else:
            self.owner_warning.hide()

    @Slot(QDateTime)
    def _on_at_changed(self, value: QDateTime) -> None:
        d = value.date()
        self.hijri.setText(leading(format_hijri(date(d.year(), d.month(), d.day()))))

    @Slot()
    def _on_at_touched(self) -> None:
        self._at_touched = True

    def when(self) -> datetime | None:
        """The moment chosen, in the computer's time zone; None (now) if it was left as opened."""
        if not self._at_touched:
            return None
        value = self.at_edit.dateTime()
        d, t = value.date(), value.time()
        local = datetime.combine(date(d.year(), d.month(), d.day()), time(t.hour(), t.minute()))
        return local.astimezone()  # the computer's time zone; stored in UTC

    @Slot()
    def confirm(self) -> None:
        if self._busy:
            return
        self.errors.clear()
        opportunities, actor, number = self._services.opportunities, self._actor, self.number
        donor = str(self.donor_combo.currentData() or "")
        kind = str(self.kind_combo.currentData())
        note = self.note_edit.toPlainText()
        at = self.when()
        self._busy = True
        self.ok_button.setEnabled(False)
        (Op(self, lambda: opportunities.log_contact(actor, number, donor, kind, note, at), write=True)
         .on_success(self._on_logged)
         .on_failure(self._on_failed)
         .run())

    def _on_logged(self, result: ContactResult) -> None:
        self._busy = False
        self.result_ = result
        self.logged.emit(result)
        self.accept()

    def _on_failed(self, error: UserError) -> None:
        self._busy = False
        self.ok_button.setEnabled(True)
        self.errors.show(error.field, error.message)

    def error_text(self, key: str | None = None) -> str:
        return self.errors.text(key)

    def reject(self) -> None:
        if not self._busy:
            super().reject()
