"""Small building blocks of the settings sections: their feedback line, setting names and
multi-line text boxes of a fixed language."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QLabel,
    QPlainTextEdit,
    QWidget,
)

from app.i18n import _
from app.services.settings_defaults import SPECS
from ui.theme import Colours

ERROR_STYLE = f"color: {Colours.ERROR};"
OK_STYLE = f"color: {Colours.ACCENT};"


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


def text_box(parent: QWidget, direction: Qt.LayoutDirection) -> QPlainTextEdit:
    """A multi-line box for text of one language (an Arabic or an English answer).

    The widget's layout direction does not reach its document: the paragraphs get the
    direction too, so Arabic lines start on the right even on an English screen.
    Tab moves on to the next input (keyboard users); Enter starts a new line.
    """
    box = QPlainTextEdit(parent)
    box.setLayoutDirection(direction)
    document = box.document()
    option = document.defaultTextOption()
    option.setTextDirection(direction)
    # The plain-text layout does not mirror a leading alignment: say which side.
    rtl = direction == Qt.LayoutDirection.RightToLeft
    side = Qt.AlignmentFlag.AlignRight if rtl else Qt.AlignmentFlag.AlignLeft
    option.setAlignment(side | Qt.AlignmentFlag.AlignAbsolute)
    document.setDefaultTextOption(option)
    box.setTabChangesFocus(True)
    return box
