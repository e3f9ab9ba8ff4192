"""One settings section: an editor with Save, Revert and History.

:class:`SectionEditor` is what every section's inputs implement (the
association form, the list editors, the calendar…); :class:`SettingSection`
frames one of them, saves its keys through the settings service on the
write pool and shows the service's verdict beside it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QEvent, Signal, Slot
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.calendars.formatting import digit_style
from app.errors import UserError
from app.i18n import _
from app.services.app_services import AppServices
from app.services.context import Actor
from app.services.settings import SettingsService
from app.text.digits import localize_digits
from ui.common.ops import Op
from ui.settings.history_dialog import HistoryDialog
from ui.settings.widgets import message_label, show_message


class SectionEditor(QWidget):
    """The inputs of one section, for the settings ``keys``.

    Signals:
        edited: the user changed something.
        failed(str): a sentence to show (e.g. a logo file that is not an image).
    """

    edited = Signal()
    failed = Signal(str)

    keys: tuple[str, ...] = ()

    def load(self, values: Mapping[str, Any]) -> None:
        """Show the stored ``values`` (at least this editor's keys)."""
        raise NotImplementedError

    def values(self) -> dict[str, Any]:
        """The edited value of every key; UserError when an input cannot be read."""
        raise NotImplementedError

    def set_read_only(self, read_only: bool) -> None:
        raise NotImplementedError

    def focus_field(self, field: str | None) -> None:
        """Put the cursor on the input a service error is about, if the editor has one."""

    def retranslate_ui(self) -> None:
        raise NotImplementedError

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)


@dataclass(frozen=True)
class SaveResult:
    values: dict[str, Any]  # as stored (cleaned by the service)
    versions: dict[str, int]
    changed: list[str]


def save_section(settings: SettingsService, actor: Actor, values: dict[str, Any]) -> SaveResult:
    """Store a section's keys in one transaction: all of them or, when one is invalid, none.

    Runs on the write pool.
    """
    before = {key: settings.version(key) for key in values}
    settings.set_many(actor, values)
    versions = {key: settings.version(key) for key in values}
    changed = [key for key in values if versions[key] != before[key]]
    return SaveResult({key: settings.get(key) for key in values}, versions, changed)


class SettingSection(QWidget):
    """A titled section: editor, messages, and the Save / Revert / History buttons.

    Signals:
        saved(list): the keys whose value changed.
    """

    saved = Signal(list)

    def __init__(self, services: AppServices, actor: Actor, title: str, editor: SectionEditor,
                 editable: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self._actor = actor
        self._title_source = title
        self.editor = editor
        self._editable = editable
        self._stored: dict[str, Any] = {}
        self._versions: dict[str, int] = {}
        self.history_dialog: HistoryDialog | None = None

        self._title = QLabel(self)
        font = self._title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.25)
        self._title.setFont(font)
        self._read_only_note = QLabel(self)
        self._read_only_note.setWordWrap(True)
        self.feedback = message_label(self)
        self.status_label = QLabel(self)
        self.save_button = QPushButton(self)
        self.revert_button = QPushButton(self)
        self.history_button = QPushButton(self)

        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.revert_button)
        buttons.addStretch(1)
        buttons.addWidget(self.status_label)
        buttons.addWidget(self.history_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self._title)
        layout.addWidget(self._read_only_note)
        layout.addWidget(editor, 1)
        layout.addWidget(self.feedback)
        layout.addLayout(buttons)

        editor.set_read_only(not editable)
        self._read_only_note.setVisible(not editable)
        self.save_button.setVisible(editable)
        self.revert_button.setVisible(editable)
        self.setEnabled(False)  # until the stored values arrive
        self._connect_signals()
        self.retranslate_ui()

    def _connect_signals(self) -> None:
        self.save_button.clicked.connect(self._on_save_button_clicked)
        self.revert_button.clicked.connect(self._on_revert_button_clicked)
        self.history_button.clicked.connect(self._on_history_button_clicked)
        self.editor.edited.connect(self._on_editor_edited)
        self.editor.failed.connect(self._on_editor_failed)

    def retranslate_ui(self) -> None:
        self._title.setText(_(self._title_source))
        self._read_only_note.setText(_("Only an administrator can change these settings."))
        self.save_button.setText(_("Save"))
        self.revert_button.setText(_("Revert"))
        self.history_button.setText(_("History…"))
        self._show_version()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    # --- state ------------------------------------------------------------------
    def load(self, values: Mapping[str, Any], versions: Mapping[str, int]) -> None:
        self._stored = {key: values[key] for key in self.editor.keys}
        self._versions = {key: versions.get(key, 0) for key in self.editor.keys}
        self.editor.load(self._stored)
        self.setEnabled(True)
        self._show_version()

    def _show_version(self) -> None:
        version = max(self._versions.values(), default=0)
        text = _("Version {n}").format(n=localize_digits(str(version), digit_style())) if version else ""
        self.status_label.setText(text)

    # --- slots ------------------------------------------------------------------
    @Slot()
    def _on_save_button_clicked(self) -> None:
        show_message(self.feedback, "", error=True)
        try:
            values = self.editor.values()
        except UserError as error:
            self._on_save_failed(error)
            return
        self.save_button.setEnabled(False)
        settings, actor = self._services.settings, self._actor
        (Op(self, lambda: save_section(settings, actor, values), write=True)
         .on_success(self._on_saved)
         .on_failure(self._on_save_failed)
         .run())

    def _on_saved(self, result: SaveResult) -> None:
        self.save_button.setEnabled(True)
        self._stored.update(result.values)
        self._versions.update(result.versions)
        self.editor.load(self._stored)
        if result.changed:
            version = max(result.versions[key] for key in result.changed)
            text = _("Saved: version {n}.").format(n=localize_digits(str(version), digit_style()))
            self.saved.emit(result.changed)
        else:
            text = _("Nothing to save: no changes.")
        show_message(self.feedback, text, error=False)
        self._show_version()

    def _on_save_failed(self, error: UserError) -> None:
        self.save_button.setEnabled(True)
        show_message(self.feedback, error.message, error=True)
        self.editor.focus_field(error.field)

    @Slot()
    def _on_revert_button_clicked(self) -> None:
        self.editor.load(self._stored)
        show_message(self.feedback, "", error=True)

    @Slot()
    def _on_editor_edited(self) -> None:
        show_message(self.feedback, "", error=True)

    @Slot(str)
    def _on_editor_failed(self, text: str) -> None:
        show_message(self.feedback, text, error=True)

    @Slot()
    def _on_history_button_clicked(self) -> None:
        if self.history_dialog is None:
            self.history_dialog = HistoryDialog(self._services, self._actor, self.editor.keys,
                                                self._title_source, self)
        self.history_dialog.refresh()
        self.history_dialog.open()
