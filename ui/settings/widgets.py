"""Small building blocks shared by the settings sections.

- :class:`DigitSpinBox` accepts Arabic-Indic, Persian and Latin digits as typed
  and shows them in the digit style of the settings.
- :class:`LtrDelegate` edits and shows a table column left to right
  (identifiers, cities), whatever the layout direction.
- :func:`ltr_line_edit`, :func:`message_label` and :func:`error_text`.

(Candidates for ``ui/common`` once another screen needs them.)
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QItemSelectionModel, QLocale, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QValidator
from PySide6.QtWidgets import (
    QLabel,
    QLineEdit,
    QSpinBox,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from app.calendars.formatting import digit_style
from app.errors import UserError
from app.i18n import _
from app.services.settings_defaults import SPECS
from app.text.bidi import isolate_ltr
from app.text.digits import localize_digits, parse_int
from ui.theme import Colours

ERROR_STYLE = f"color: {Colours.ERROR};"
OK_STYLE = f"color: {Colours.ACCENT};"


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


def message_label(parent: QWidget | None = None) -> QLabel:
    label = QLabel(parent)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.hide()
    return label


def show_message(label: QLabel, text: str, *, error: bool) -> None:
    label.setStyleSheet(ERROR_STYLE if error else OK_STYLE)
    label.setText(text)
    label.setVisible(bool(text))


def setting_label(key: str) -> str:
    """A setting's name in the current language."""
    spec = SPECS.get(key)
    return _(spec.label) if spec is not None else key


def error_text(error: UserError) -> str:
    """The service's sentence, naming a setting by its label rather than its key."""
    key = error.params.get("key")
    if isinstance(key, str) and key in SPECS:
        return _(error.source_message).format(**{**error.params, "key": setting_label(key)})
    return error.message
