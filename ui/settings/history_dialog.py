"""The audit trail of a section's settings: who changed what, when."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.calendars.formatting import format_datetime
from app.errors import UserError
from app.i18n import _
from app.services.app_services import AppServices
from app.services.context import Actor
from app.services.settings import SettingChange, SettingsService
from ui.common.ops import Op
from ui.settings.history_summary import summarize
from ui.settings.widgets import message_label, setting_label, show_message


@dataclass(frozen=True)
class HistoryLine:
    key: str
    change: SettingChange


def load_history(settings: SettingsService, actor: Actor, keys: Sequence[str]) -> list[HistoryLine]:
    """Every change of ``keys``, newest first (runs on the read pool)."""
    lines = [HistoryLine(key, change) for key in keys for change in settings.history(actor, key)]
    return sorted(lines, key=lambda line: _aware(line.change.at), reverse=True)


def _aware(at: datetime) -> datetime:
    return at.replace(tzinfo=UTC) if at.tzinfo is None else at


def local_time(at: datetime) -> datetime:
    """Stored times are UTC (SQLite hands them back naive); show the desk's clock."""
    return _aware(at).astimezone()


class HistoryDialog(QDialog):
    """The history of some settings keys, as a table (when, who, setting, change)."""

    def __init__(self, services: AppServices, actor: Actor, keys: Sequence[str], title: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._settings = services.settings
        self._actor = actor
        self._keys = tuple(keys)
        self._title_source = title
        self._lines: list[HistoryLine] = []
        self.loaded = False

        self._heading = QLabel(self)
        self._heading.setWordWrap(True)
        self.table = QTableWidget(0, 4, self)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(True)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self._error = message_label(self)
        self._buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self._buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self._heading)
        layout.addWidget(self.table, 1)
        layout.addWidget(self._error)
        layout.addWidget(self._buttons)
        self.resize(820, 420)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.setWindowTitle(_("History: {section}").format(section=_(self._title_source)))
        self.table.setHorizontalHeaderLabels([_("When"), _("Who"), _("Setting"), _("Change")])
        self._heading.setText(_("Every change of these settings, newest first."))
        self._fill()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def refresh(self) -> None:
        settings, actor, keys = self._settings, self._actor, self._keys
        (Op(self, lambda: load_history(settings, actor, keys))
         .on_success(self._on_history_loaded)
         .on_failure(self._on_history_failed)
         .run())

    def _on_history_loaded(self, lines: list[HistoryLine]) -> None:
        self._lines = lines
        self.loaded = True
        show_message(self._error, "", error=True)
        self._fill()

    def _on_history_failed(self, error: UserError) -> None:
        self.loaded = True
        show_message(self._error, error.message, error=True)

    def _fill(self) -> None:
        self.table.setRowCount(len(self._lines))
        for row, line in enumerate(self._lines):
            change = line.change
            cells = [
                format_datetime(local_time(change.at), dual=True),
                change.user_name,
                setting_label(line.key),
                summarize(line.key, change.old_value, change.new_value),
            ]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.table.setItem(row, column, item)
        self.table.resizeRowsToContents()
        if not self._lines and self.loaded:
            self._heading.setText(_("These settings have not been changed yet."))
