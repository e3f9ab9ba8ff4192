"""The page of an area whose screen has not landed yet: its name and a short "coming" note."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from app.i18n import _
from ui.theme import Colours, icon_pixmap


class PlaceholderPage(QWidget):
    """Says that the area ``title`` (English source, translated when shown) is coming."""

    def __init__(self, title: str, icon_name: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("placeholderPage")
        self._title_source = title
        self._icon = QLabel(self)
        self._icon.setAlignment(Qt.AlignmentFlag.AlignCenter)
        if icon_name:
            self._icon.setPixmap(icon_pixmap(icon_name, 72, Colours.ACCENT))
        self._title = QLabel(self)
        self._title.setObjectName("pageTitle")
        self._title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._text = QLabel(self)
        self._text.setObjectName("placeholderText")
        self._text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._text.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 32, 32, 32)
        layout.setSpacing(12)
        layout.addStretch(2)
        layout.addWidget(self._icon)
        layout.addWidget(self._title)
        layout.addWidget(self._text)
        layout.addStretch(3)
        self.retranslate_ui()

    def title(self) -> str:
        return self._title.text()

    def message(self) -> str:
        return self._text.text()

    def retranslate_ui(self) -> None:
        self._title.setText(_(self._title_source))
        self._text.setText(_("This area is coming in a later release."))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)
