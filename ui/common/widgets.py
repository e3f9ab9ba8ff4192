"""Small widgets every screen builds the same way."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget


def error_label(parent: QWidget) -> QLabel:
    """The red sentence shown beside a field when a service refuses its value (hidden until then)."""
    label = QLabel(parent)
    label.setObjectName("errorLabel")  # styled by the application's style sheet
    label.setWordWrap(True)
    label.setVisible(False)
    return label
