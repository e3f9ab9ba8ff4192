"""Small building blocks of the settings sections: their feedback line and setting names."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QLabel,
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
