"""A programme or activity (برنامج أو نشاط): its name, kind, centre, city, days and status.

The service checks everything; a refusal shows its sentence under the field it
concerns and nothing is saved.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QDate, QEvent, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from app.errors import UserError
from app.i18n import N_, _
from app.services.app_services import AppServices
from app.services.context import Actor
from app.surveys.records import PROGRAMME_STATUSES, ProgrammeInfo
from app.text.bidi import isolate_ltr
from ui.common.dates import pydate, qdate
from ui.common.ops import Op
from ui.common.widgets import error_label
from ui.complaints.labels import Vocab
from ui.surveys.labels import hijri_text, status_label

FIELDS = ("name", "kind", "centre", "city", "starts_on", "ends_on", "status", "description")


@dataclass
class _Field:
    label: QLabel
    text: str  # English source of the label
    widget: QWidget
    error: QLabel




class ProgrammeDialog(QDialog):
    """New programme (``programme`` None) or edit one.

    Signals:
        saved(object): the programme as stored (a :class:`ProgrammeInfo`).
    """

    saved = Signal(object)

    def __init__(self, services: AppServices, actor: Actor, vocab: Vocab,
                 programme: ProgrammeInfo | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self._actor = actor
        self._vocab = vocab
        self.programme = programme
        self._fields: dict[str, _Field] = {}
        self._saving = False

        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.name_edit = QLineEdit(self)
        self.kind_combo = self._combo()
        self.centre_combo = self._combo()
        self.city_edit = QLineEdit(self)
        self.dates_check = QCheckBox(self)
        self.starts_edit = self._date_edit()
        self.ends_edit = self._date_edit()
        self.starts_hijri = QLabel(self)
        self.ends_hijri = QLabel(self)
        self.status_combo = self._combo()
        self.description_edit = QPlainTextEdit(self)
        self.description_edit.setTabChangesFocus(True)
        self.description_edit.setFixedHeight(80)
        self.general_error = error_label(self)
        self.save_button = QPushButton(self)
        self.save_button.setDefault(True)
        self.cancel_button = QPushButton(self)
        self.cancel_button.setAutoDefault(False)

        self._add_row(N_("&Name:"), self.name_edit, "name")
        self._add_row(N_("&Kind:"), self.kind_combo, "kind")
        self._add_row(N_("C&entre:"), self.centre_combo, "centre")
        self._add_row(N_("Ci&ty:"), self.city_edit, "city")
        self._add_row(N_("Dates:"), self.dates_check, "dates")
        self._add_row(N_("&Starts:"), self._with_hijri(self.starts_edit, self.starts_hijri), "starts_on",
                      buddy=self.starts_edit)
        self._add_row(N_("En&ds:"), self._with_hijri(self.ends_edit, self.ends_hijri), "ends_on",
                      buddy=self.ends_edit)
        self._add_row(N_("Stat&us:"), self.status_combo, "status")
        self._add_row(N_("Descri&ption:"), self.description_edit, "description")

        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.general_error)
        layout.addLayout(buttons)

        self.starts_edit.dateChanged.connect(self._on_dates_changed)
        self.ends_edit.dateChanged.connect(self._on_dates_changed)
        self.dates_check.toggled.connect(self._on_dates_changed)
        self.save_button.clicked.connect(self.save)
        self.cancel_button.clicked.connect(self.reject)
        self._fill(programme)
        self.retranslate_ui()
        self.resize(620, self.sizeHint().height())
        self.name_edit.setFocus()

    # --- building ------------------------------------------------------------------------
    def _combo(self) -> QComboBox:
        combo = QComboBox(self)
        combo.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        return combo

    def _date_edit(self) -> QDateEdit:
        edit = QDateEdit(self)
        # Left to right, and before the format: right to left Qt shows "d/M/yyyy" as "yyyy/M/d".
        edit.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("d/M/yyyy")
        edit.setDate(QDate.currentDate())
        return edit

    def _with_hijri(self, edit: QDateEdit, label: QLabel) -> QWidget:
        box = QWidget(self)
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(edit)
        row.addWidget(label, 1)
        return box

    def _add_row(self, text: str, widget: QWidget, key: str, buddy: QWidget | None = None) -> None:
        label = QLabel(self)
        label.setBuddy(buddy or widget)
        error = error_label(self)
        box = QWidget(self)
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(widget)
        column.addWidget(error)
        self._fields[key] = _Field(label, text, buddy or widget, error)
        self.form.addRow(label, box)

    def _fill(self, p: ProgrammeInfo | None) -> None:
        self.kind_combo.addItem("", "")
        for ident, text in self._vocab.choices("programme_kinds"):
            self.kind_combo.addItem(text, ident)
        self.centre_combo.addItem("", "")
        for ident, text in self._vocab.choices("centres"):
            self.centre_combo.addItem(text, ident)
        for status in PROGRAMME_STATUSES:
            self.status_combo.addItem(status_label(status), status)
        if p is None:
            self.dates_check.setChecked(True)
            self._on_dates_changed()
            return
        self.name_edit.setText(p.name)
        self._select(self.kind_combo, p.kind, self._vocab.label("programme_kinds", p.kind))
        self._select(self.centre_combo, p.centre, self._vocab.label("centres", p.centre))
        self.city_edit.setText(p.city)
        self.dates_check.setChecked(p.starts_on is not None or p.ends_on is not None)
        if p.starts_on:
            self.starts_edit.setDate(qdate(p.starts_on))
        if p.ends_on:
            self.ends_edit.setDate(qdate(p.ends_on))
        self._select(self.status_combo, p.status, status_label(p.status))
        self.description_edit.setPlainText(p.description)
        self._on_dates_changed()

    @staticmethod
    def _select(combo: QComboBox, ident: str, text: str) -> None:
        index = combo.findData(ident)
        if index < 0:  # an entry since removed from the settings: kept as it is
            combo.addItem(text, ident)
            index = combo.count() - 1
        combo.setCurrentIndex(index)

    def retranslate_ui(self) -> None:
        if self.programme is None:
            self.setWindowTitle(_("New programme"))
        else:
            self.setWindowTitle(_("Programme {number}").format(number=isolate_ltr(self.programme.number)))
        for f in self._fields.values():
            f.label.setText(_(f.text))
        self.dates_check.setText(_("The days are known"))
        self.save_button.setText(_("Save"))
        self.cancel_button.setText(_("Cancel"))
        for i in range(self.status_combo.count()):
            self.status_combo.setItemText(i, status_label(str(self.status_combo.itemData(i))))
        for combo, key in ((self.kind_combo, "programme_kinds"), (self.centre_combo, "centres")):
            for i in range(1, combo.count()):
                combo.setItemText(i, self._vocab.label(key, str(combo.itemData(i))))
        self._on_dates_changed()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    # --- values ------------------------------------------------------------------------
    def values(self) -> dict[str, Any]:
        """What the service is given (its field names)."""
        dated = self.dates_check.isChecked()
        return {
            "name": self.name_edit.text(),
            "kind": str(self.kind_combo.currentData() or ""),
            "centre": str(self.centre_combo.currentData() or ""),
            "city": self.city_edit.text(),
            "starts_on": pydate(self.starts_edit.date()) if dated else None,
            "ends_on": pydate(self.ends_edit.date()) if dated else None,
            "status": str(self.status_combo.currentData() or "planned"),
            "description": self.description_edit.toPlainText(),
        }

    def error_text(self, field: str) -> str:
        """The sentence shown under ``field`` ("" when none); "" for the general line too."""
        f = self._fields.get(field)
        label = f.error if f is not None else self.general_error
        return label.text() if label.isVisible() else ""

    @Slot()
    def save(self) -> None:
        if self._saving:
            return
        self._clear_errors()
        values = self.values()
        services, actor, current = self._services, self._actor, self.programme
        self._saving = True
        self.save_button.setEnabled(False)
        if current is None:
            name = values.pop("name")
            op = Op(self, lambda: services.programmes.add(actor, name, **values), write=True)
        else:
            op = Op(self, lambda: services.programmes.update(actor, current.id, **values), write=True)
        op.on_success(self._on_saved).on_failure(self._on_failed).run()

    def _on_saved(self, programme: ProgrammeInfo) -> None:
        self._saving = False
        self.save_button.setEnabled(True)
        self.programme = programme
        self.saved.emit(programme)
        self.accept()

    def _on_failed(self, error: UserError) -> None:
        self._saving = False
        self.save_button.setEnabled(True)
        f = self._fields.get(error.field or "")
        if f is None:
            self.general_error.setText(error.message)
            self.general_error.show()
            return
        f.error.setText(error.message)
        f.error.show()
        f.widget.setFocus()

    def _clear_errors(self) -> None:
        for f in self._fields.values():
            f.error.hide()
        self.general_error.hide()

    @Slot()
    def _on_dates_changed(self) -> None:
        dated = self.dates_check.isChecked()
        for edit, label in ((self.starts_edit, self.starts_hijri), (self.ends_edit, self.ends_hijri)):
            edit.setEnabled(dated)
            label.setText(hijri_text(pydate(edit.date())) if dated else "")
