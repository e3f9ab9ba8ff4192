"""The survey templates (نماذج الاستبيان): the quality officer's forms, newest version of each.

New and Edit open the template editor; Retire takes a form out of the print
dialog (its answers stay in the analysis), Bring back returns it.
"""

from __future__ import annotations

from enum import IntEnum

from PySide6.QtCore import QEvent, QModelIndex, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.errors import UserError
from app.i18n import N_, _, current_language
from app.services.app_services import AppServices
from app.services.context import Actor
from app.services.roles import Permission
from app.surveys.records import Template
from ui.common.ops import Op
from ui.common.texts import number_text
from ui.common.widgets import error_label, select_row
from ui.surveys.labels import audience_label


class Column(IntEnum):
    TITLE = 0
    AUDIENCE = 1
    VERSION = 2
    QUESTIONS = 3
    ANSWERED = 4
    STATE = 5


HEADERS = {
    Column.TITLE: N_("Title"),
    Column.AUDIENCE: N_("For"),
    Column.VERSION: N_("Version"),
    Column.QUESTIONS: N_("Questions"),
    Column.ANSWERED: N_("Responses"),
    Column.STATE: N_("State"),
}


class TemplatesTab(QWidget):
    """Signals: loaded (the list is read), changed (a template was saved or retired)."""

    loaded = Signal()
    changed = Signal()

    def __init__(self, services: AppServices, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self._actor = actor
        self.can_edit = actor.can(Permission.SURVEYS_ANALYSE)
        self.templates: list[Template] = []
        self.editor: QWidget | None = None

        self.table = QTableWidget(0, len(Column), self)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(Column.TITLE, QHeaderView.ResizeMode.Stretch)
        self.new_button = QPushButton(self)
        self.edit_button = QPushButton(self)
        self.retire_button = QPushButton(self)
        self.notice = QLabel(self)
        self.notice.setWordWrap(True)
        self.notice.hide()
        self.message = error_label(self)
        for button in (self.new_button, self.edit_button, self.retire_button):
            button.setVisible(self.can_edit)

        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.edit_button)
        buttons.addWidget(self.retire_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.notice)
        layout.addWidget(self.message)
        layout.addLayout(buttons)

        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.activated.connect(self._on_table_activated)
        self.new_button.clicked.connect(self.new_template)
        self.edit_button.clicked.connect(self.edit_template)
        self.retire_button.clicked.connect(self.toggle_retired)
        self.retranslate_ui()
        self._update_buttons()
        self.reload()

    def retranslate_ui(self) -> None:
        self.table.setHorizontalHeaderLabels([_(HEADERS[c]) for c in Column])
        self.new_button.setText(_("New survey…"))
        self.edit_button.setText(_("Edit…"))
        self._update_buttons()
        self._show_rows()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    # --- public -----------------------------------------------------------------------
    def reload(self, select_key: str = "") -> None:
        services, actor = self._services, self._actor
        Op(self, lambda: services.survey_templates.list(actor, include_retired=True)) \
            .on_success(lambda rows: self._on_loaded(rows, select_key)).on_failure(self._show_error).run()

    def current(self) -> Template | None:
        row = self.table.currentRow()
        if not self.table.selectionModel().hasSelection() or not 0 <= row < len(self.templates):
            return None
        return self.templates[row]

    def select_key(self, key: str) -> bool:
        for row, t in enumerate(self.templates):
            if t.key == key:
                select_row(self.table, row)
                return True
        return False

    def new_template(self) -> None:
        self._open_editor(None)

    def edit_template(self) -> None:
        t = self.current()
        if t is not None:
            self._open_editor(t)

    def toggle_retired(self) -> None:
        t = self.current()
        if t is None or not self.can_edit:
            return
        services, actor, key, retired = self._services, self._actor, t.key, not t.retired
        Op(self, lambda: services.survey_templates.retire(actor, key, retired), write=True) \
            .on_success(lambda saved: self._after_change(saved.key)).on_failure(self._show_error).run()

    # --- internals ---------------------------------------------------------------------
    def _open_editor(self, template: Template | None) -> None:
        if not self.can_edit:
            return
        from ui.surveys.template_editor import TemplateEditor

        editor = TemplateEditor(self._services, self._actor, template, self)
        editor.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        editor.saved.connect(self._on_editor_saved)
        editor.finished.connect(self._on_editor_finished)
        self.editor = editor
        editor.open()

    def _show_rows(self) -> None:
        lang = current_language()
        self.table.setRowCount(len(self.templates))
        for row, t in enumerate(self.templates):
            cells = (
                t.display_title(lang),
                audience_label(t.audience),
                number_text(t.version),
                number_text(len(t.items)),
                number_text(t.answered),
                _("Retired") if t.retired else _("In use"),
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if t.retired:
                    item.setForeground(self.palette().placeholderText())
                self.table.setItem(row, column, item)

    def _update_buttons(self) -> None:
        t = self.current()
        self.edit_button.setEnabled(t is not None)
        self.retire_button.setEnabled(t is not None)
        self.retire_button.setText(_("Bring back") if t is not None and t.retired else _("Retire"))
        self.retire_button.setToolTip(
            _("A retired survey is no longer offered for printing; its answers stay in the analysis"))

    def _show_error(self, error: UserError) -> None:
        self.message.setText(error.message)
        self.message.show()

    def _on_loaded(self, rows: list[Template], select_key: str) -> None:
        self.message.hide()
        previous = self.current()
        self.templates = rows
        self._show_rows()
        key = select_key or (previous.key if previous else "")
        if not (key and self.select_key(key)) and rows:
            select_row(self.table, 0)
        self._update_buttons()
        self.loaded.emit()

    def _after_change(self, key: str) -> None:
        self.changed.emit()
        self.reload(key)

    def _on_editor_saved(self, saved: Template) -> None:
        editor = self.editor
        text = getattr(editor, "last_message", "")
        if text:
            self.notice.setText(text)
            self.notice.show()
        self._after_change(saved.key)

    @Slot(QModelIndex)
    def _on_table_activated(self, _index: QModelIndex) -> None:
        self.edit_template()

    @Slot(int)
    def _on_editor_finished(self, _result: int) -> None:
        self.editor = None
