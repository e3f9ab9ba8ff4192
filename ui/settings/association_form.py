"""The association's identity: names, phone, email and logo."""

from __future__ import annotations

import base64
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, Qt, Slot
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.errors import UserError
from app.i18n import N_, _
from app.text.digits import to_latin_digits
from ui.common.ops import Op
from ui.common.widgets import ltr_line_edit
from ui.settings.section import SectionEditor

LOGO_MAX_BYTES = 500 * 1024
_PNG = b"\x89PNG\r\n\x1a\n"
_JPEG = b"\xff\xd8\xff"
_PREVIEW = 96


def read_logo(path: Path) -> str:
    """A PNG or JPEG file as the base64 text the setting stores (runs off the UI thread)."""
    try:
        data = path.read_bytes()
    except OSError:
        raise UserError("logo-unreadable", N_("The file {name} cannot be read."), name=path.name) from None
    if len(data) >= LOGO_MAX_BYTES:
        raise UserError("logo-too-large", N_("The logo must be an image smaller than 500 KB."),
                        field="association.logo")
    if not data.startswith((_PNG, _JPEG)):
        raise UserError("logo-not-image", N_("The logo must be a PNG or JPEG image."),
                        field="association.logo")
    return base64.b64encode(data).decode("ascii")


class AssociationForm(SectionEditor):
    """Names in Arabic and English, phone, email, and the logo with a preview."""

    keys = ("association.name", "association.name_en", "association.phone", "association.email",
            "association.logo")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._logo = ""
        self.name_edit = QLineEdit(self)
        self.name_en_edit = ltr_line_edit(self)
        self.phone_edit = ltr_line_edit(self)
        self.email_edit = ltr_line_edit(self)
        for edit in (self.name_edit, self.name_en_edit, self.phone_edit, self.email_edit):
            edit.setMinimumWidth(320)
        self.logo_preview = QLabel(self)
        self.logo_preview.setFixedSize(_PREVIEW + 8, _PREVIEW + 8)
        self.logo_preview.setFrameShape(QFrame.Shape.StyledPanel)
        self.logo_preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.choose_logo_button = QPushButton(self)
        self.remove_logo_button = QPushButton(self)
        self._logo_hint = QLabel(self)
        self._logo_hint.setWordWrap(True)

        logo_buttons = QVBoxLayout()
        logo_buttons.addWidget(self.choose_logo_button, 0, Qt.AlignmentFlag.AlignLeading)
        logo_buttons.addWidget(self.remove_logo_button, 0, Qt.AlignmentFlag.AlignLeading)
        logo_buttons.addWidget(self._logo_hint)
        logo_buttons.addStretch(1)
        logo_row = QHBoxLayout()
        logo_row.addWidget(self.logo_preview)
        logo_row.addLayout(logo_buttons, 1)

        self._form = QFormLayout(self)
        self._form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self._labels = [QLabel(self) for _i in range(5)]
        for label_widget, field in zip(self._labels, (self.name_edit, self.name_en_edit, self.phone_edit,
                                                      self.email_edit), strict=False):
            label_widget.setBuddy(field)
            self._form.addRow(label_widget, field)
        self._form.addRow(self._labels[4], logo_row)
        self._connect_signals()
        self.retranslate_ui()

    def _connect_signals(self) -> None:
        for edit in (self.name_edit, self.name_en_edit, self.phone_edit, self.email_edit):
            edit.textEdited.connect(self._on_field_text_edited)
        self.phone_edit.textEdited.connect(self._on_phone_edit_text_edited)
        self.choose_logo_button.clicked.connect(self._on_choose_logo_button_clicked)
        self.remove_logo_button.clicked.connect(self._on_remove_logo_button_clicked)

    def retranslate_ui(self) -> None:
        texts = [_("Name (Arabic):"), _("Name (English):"), _("Phone:"), _("Email:"), _("Logo:")]
        for label_widget, text in zip(self._labels, texts, strict=True):
            label_widget.setText(text)
        self.choose_logo_button.setText(_("Choose an image…"))
        self.remove_logo_button.setText(_("Remove the logo"))
        self._logo_hint.setText(_("PNG or JPEG, smaller than 500 KB; printed on every document."))
        self._show_logo()

    # --- SectionEditor ------------------------------------------------------------
    def load(self, values: Mapping[str, Any]) -> None:
        self.name_edit.setText(str(values["association.name"]))
        self.name_en_edit.setText(str(values["association.name_en"]))
        self.phone_edit.setText(str(values["association.phone"]))
        self.email_edit.setText(str(values["association.email"]))
        self._logo = str(values["association.logo"])
        self._show_logo()

    def values(self) -> dict[str, Any]:
        return {
            "association.name": self.name_edit.text(),
            "association.name_en": self.name_en_edit.text(),
            "association.phone": to_latin_digits(self.phone_edit.text()),
            "association.email": self.email_edit.text(),
            "association.logo": self._logo,
        }

    def set_read_only(self, read_only: bool) -> None:
        for edit in (self.name_edit, self.name_en_edit, self.phone_edit, self.email_edit):
            edit.setReadOnly(read_only)
        self.choose_logo_button.setVisible(not read_only)
        self.remove_logo_button.setVisible(not read_only)
        self._logo_hint.setVisible(not read_only)

    def focus_field(self, field: str | None) -> None:
        edits = {"association.name": self.name_edit, "association.name_en": self.name_en_edit,
                 "association.phone": self.phone_edit, "association.email": self.email_edit}
        edit = edits.get(field or "")
        if edit is not None:
            edit.setFocus(Qt.FocusReason.OtherFocusReason)
            edit.selectAll()

    # --- logo ---------------------------------------------------------------------
    def load_logo_file(self, path: Path) -> None:
        """Read ``path`` in the background and show it (the Choose button ends here)."""
        (Op(self, lambda: read_logo(path))
         .on_success(self._on_logo_read)
         .on_failure(self._on_logo_failed)
         .run())

    def _on_logo_read(self, encoded: str) -> None:
        self._logo = encoded
        self._show_logo()
        self.edited.emit()

    def _on_logo_failed(self, error: UserError) -> None:
        self.failed.emit(error.message)

    def _show_logo(self) -> None:
        pixmap = QPixmap()
        if self._logo:
            pixmap.loadFromData(QByteArray(base64.b64decode(self._logo)))
        if pixmap.isNull():
            self.logo_preview.setPixmap(QPixmap())
            self.logo_preview.setText(_("No logo") if not self._logo else _("Unreadable image"))
        else:
            self.logo_preview.setPixmap(pixmap.scaled(
                _PREVIEW, _PREVIEW, Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation))
        self.remove_logo_button.setEnabled(bool(self._logo))

    @property
    def logo(self) -> str:
        return self._logo

    # --- slots --------------------------------------------------------------------
    @Slot(str)
    def _on_field_text_edited(self, _text: str) -> None:
        self.edited.emit()

    @Slot(str)
    def _on_phone_edit_text_edited(self, text: str) -> None:
        # Arabic-Indic digit groups separated by spaces are laid out right to left
        # even in a left-to-right editor (and so printed reversed): the phone is
        # kept in Latin digits, converted as it is typed.
        latin = to_latin_digits(text)
        if latin != text:
            cursor = self.phone_edit.cursorPosition()
            self.phone_edit.setText(latin)
            self.phone_edit.setCursorPosition(cursor)

    @Slot()
    def _on_choose_logo_button_clicked(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, _("Choose the association's logo"), "", _("Images (*.png *.jpg *.jpeg)"))
        if path:
            self.load_logo_file(Path(path))

    @Slot()
    def _on_remove_logo_button_clicked(self) -> None:
        self._logo = ""
        self._show_logo()
        self.edited.emit()
