"""Small widgets every screen builds the same way.

- :class:`DigitSpinBox` accepts Arabic-Indic, Persian and Latin digits as typed
  and shows them in the digit style of the settings.
- :class:`LtrDelegate` edits and shows a table column left to right
  (identifiers, cities), whatever the layout direction.
- :func:`read_only_rows` sets up a table of records;
  :func:`select_row`, because ``QTableView.selectRow`` fails right to left.
- :func:`ltr_line_edit` for identifiers, phones and emails; :func:`error_label`,
  and :class:`FieldErrors`, a form's error labels.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QItemSelectionModel, QLocale, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QValidator
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.calendars.formatting import digit_style
from app.text.bidi import isolate_ltr
from app.text.digits import localize_digits, parse_int


def error_label(parent: QWidget) -> QLabel:
    """The red sentence shown beside a field when a service refuses its value (hidden until then)."""
    label = QLabel(parent)
    label.setObjectName("errorLabel")  # styled by the application's style sheet
    label.setWordWrap(True)
    label.setVisible(False)
    return label


class FieldErrors:
    """A form's error labels: one beside each field the services name, and one for the rest.

    ``show(field, text)`` puts a refusal's sentence beside its field and gives that field the
    focus, or shows it in the general label when no field of the form has that name.
    """

    def __init__(self, parent: QWidget) -> None:
        self._parent = parent
        self.general = error_label(parent)
        self.labels: dict[str, QLabel] = {}
        self._widgets: dict[str, QWidget] = {}

    def add(self, field: str, widget: QWidget | None = None) -> QLabel:
        """The label for ``field`` (to place under it); ``widget`` gets the focus on an error."""
        label = self.labels.get(field) or error_label(self._parent)
        self.labels[field] = label
        if widget is not None:
            self._widgets[field] = widget
        return label

    def row(self, form: QFormLayout, field: str, widget: QWidget, focus: QWidget | None = None) -> QLabel:
        """A form row for ``field``: a label (returned, to be named and given a buddy), and the
        widget with the field's error sentence under it."""
        parent = form.parentWidget() or self._parent
        label = QLabel(parent)
        box = QWidget(parent)
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(1)
        column.addWidget(widget)
        column.addWidget(self.add(field, focus))
        form.addRow(label, box)
        return label

    def show(self, field: str | None, text: str) -> None:
        label = self.labels.get(field or "", self.general)
        label.setText(text)
        label.show()
        widget = self._widgets.get(field or "")
        if widget is not None and widget.isEnabled():
            widget.setFocus(Qt.FocusReason.OtherFocusReason)

    def clear(self) -> None:
        for label in (*self.labels.values(), self.general):
            label.clear()
            label.hide()

    def text(self, field: str | None = None) -> str:
        """The sentence shown for ``field`` (the general one for None), "" when none is."""
        label = self.general if field is None else self.labels.get(field)
        return label.text() if label is not None and not label.isHidden() else ""


class DigitSpinBox(QSpinBox):
    """A spin box that reads ``٤٢``, ``۴۲`` and ``42`` alike."""

    def validate(self, text: str, pos: int) -> tuple[QValidator.State, str, int]:
        return self._state(text), text, pos

    def _state(self, text: str) -> QValidator.State:
        stripped = text.strip()
        if not stripped:
            return QValidator.State.Intermediate
        value = parse_int(stripped)
        if value is None:
            return QValidator.State.Invalid
        if self.minimum() <= value <= self.maximum():
            return QValidator.State.Acceptable
        return QValidator.State.Intermediate if value >= 0 else QValidator.State.Invalid

    def valueFromText(self, text: str) -> int:
        value = parse_int(text)
        return self.value() if value is None else value

    def textFromValue(self, value: int) -> str:
        return localize_digits(str(value), digit_style())


class LtrDelegate(QStyledItemDelegate):
    """Shows a column's text as one left-to-right unit and edits it left to right."""

    def displayText(self, value: Any, locale: QLocale | QLocale.Language) -> str:
        text = "" if value is None else str(value)
        return isolate_ltr(text) if text else ""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem,
                     index: QModelIndex | QPersistentModelIndex) -> QWidget:
        editor = super().createEditor(parent, option, index)
        editor.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        return editor


def read_only_rows(table: QTableView) -> None:
    """A table of records: not editable, one whole row selected at a time, striped, one line each."""
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.verticalHeader().setVisible(False)


def select_row(table: QTableView, row: int) -> None:
    """Select and make current ``row`` of ``table``.

    Not ``QTableView.selectRow``: right to left it picks its column at the
    viewport's far edge, finds none, and selects nothing.
    """
    index = table.model().index(row, 0)
    table.selectionModel().setCurrentIndex(
        index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)


def ltr_line_edit(parent: QWidget | None = None) -> QLineEdit:
    """A line edit for identifiers, phone numbers and emails: always left to right."""
    edit = QLineEdit(parent)
    edit.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
    return edit
