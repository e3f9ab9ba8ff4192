"""The programmes and activities (البرامج والأنشطة): the portfolio surveys are printed for.

A table of the programmes with their printed and keyed form counts, a search
box and status/centre filters. From a programme: edit it, print its forms,
key them, analyse them.
"""

from __future__ import annotations

from enum import IntEnum

from PySide6.QtCore import QEvent, QModelIndex, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.errors import UserError
from app.i18n import N_, _, ngettext
from app.services.app_services import AppServices
from app.services.context import Actor
from app.services.roles import Permission
from app.surveys.records import PROGRAMME_STATUSES, ProgrammeInfo
from ui.common.ops import Op
from ui.common.texts import NO_VALUE, day, number_text
from ui.common.widgets import LtrDelegate, error_label, read_only_rows, select_row
from ui.complaints.labels import Vocab
from ui.surveys.labels import compact_day, load_survey_vocab, status_label

SEARCH_DELAY_MS = 250
MAX_COLUMN_WIDTH = 300
NUMBER_ROLE = Qt.ItemDataRole.UserRole


class Column(IntEnum):
    NUMBER = 0
    NAME = 1
    KIND = 2
    CENTRE = 3
    CITY = 4
    STATUS = 5
    PRINTED = 6
    KEYED = 7
    STARTS = 8
    ENDS = 9


HEADERS = {
    Column.NUMBER: N_("Number"),
    Column.NAME: N_("Name"),
    Column.KIND: N_("Kind"),
    Column.CENTRE: N_("Centre"),
    Column.CITY: N_("City"),
    Column.STATUS: N_("Status"),
    Column.PRINTED: N_("Printed"),
    Column.KEYED: N_("Keyed"),
    Column.STARTS: N_("Starts"),
    Column.ENDS: N_("Ends"),
}


class ProgrammesTab(QWidget):
    """The programmes list.

    Signals:
        loaded: the rows shown are read.
        changed: a programme was added or changed, or forms were printed.
        key_forms_requested(str): key the forms of the programme with this number.
        analyse_requested(str): analyse the programme with this number.
    """

    loaded = Signal()
    changed = Signal()
    key_forms_requested = Signal(str)
    analyse_requested = Signal(str)

    def __init__(self, services: AppServices, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self._actor = actor
        self.can_manage = actor.can(Permission.PROGRAMMES_MANAGE)
        self.can_print = actor.can(Permission.SURVEYS_ENTER)
        self.vocab = Vocab()
        self.programmes: list[ProgrammeInfo] = []
        self.dialog: QWidget | None = None
        self._shown_once = False
        self._generation = 0

        self.search_edit = QLineEdit(self)
        self.search_edit.setClearButtonEnabled(True)
        self.status_combo = QComboBox(self)
        self.centre_combo = QComboBox(self)
        self.table = QTableWidget(0, len(Column), self)
        self._configure_table()
        self.count_label = QLabel(self)
        self.message = error_label(self)
        self.new_button = QPushButton(self)
        self.edit_button = QPushButton(self)
        self.print_button = QPushButton(self)
        self.key_button = QPushButton(self)
        self.analyse_button = QPushButton(self)
        self.refresh_button = QPushButton(self)
        self.new_button.setVisible(self.can_manage)
        self.edit_button.setVisible(self.can_manage)
        self.print_button.setVisible(self.can_print)
        self.key_button.setVisible(self.can_print)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)

        filters = QHBoxLayout()
        filters.addWidget(self.search_edit, 2)
        filters.addWidget(self.status_combo, 1)
        filters.addWidget(self.centre_combo, 1)
        actions = QHBoxLayout()
        for button in (self.new_button, self.edit_button, self.print_button, self.key_button,
                       self.analyse_button):
            actions.addWidget(button)
        actions.addStretch(1)
        actions.addWidget(self.count_label)
        actions.addWidget(self.refresh_button)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        layout.addLayout(actions)

        self._new_shortcut = QShortcut(QKeySequence(Qt.Modifier.CTRL | Qt.Key.Key_N), self)
        self._new_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self._new_shortcut.setEnabled(self.can_manage)
        self._refresh_shortcut = QShortcut(QKeySequence(Qt.Key.Key_F5), self)
        self._refresh_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)

        self.search_edit.textChanged.connect(self._search_timer.start)
        self.search_edit.returnPressed.connect(self.reload)
        self._search_timer.timeout.connect(self.reload)
        self.status_combo.currentIndexChanged.connect(self.reload)
        self.centre_combo.currentIndexChanged.connect(self.reload)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.activated.connect(self._on_table_activated)
        self.new_button.clicked.connect(self.new_programme)
        self.edit_button.clicked.connect(self.edit_programme)
        self.print_button.clicked.connect(self.print_forms)
        self.key_button.clicked.connect(self._on_key_clicked)
        self.analyse_button.clicked.connect(self._on_analyse_clicked)
        self.refresh_button.clicked.connect(self.reload)
        self._new_shortcut.activated.connect(self.new_programme)
        self._refresh_shortcut.activated.connect(self.reload)

        self._fill_filters()
        self.retranslate_ui()
        self._update_buttons()
        services_ = services
        Op(self, lambda: load_survey_vocab(services_)).on_success(self._on_vocab_loaded) \
            .on_failure(self._show_error).run()

    def _configure_table(self) -> None:
        table = self.table
        read_only_rows(table)
        table.setSortingEnabled(False)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.setHighlightSections(False)
        self._ltr = LtrDelegate(table)
        table.setItemDelegateForColumn(Column.NUMBER, self._ltr)

    def _fill_filters(self) -> None:
        self.status_combo.blockSignals(True)
        self.status_combo.clear()
        self.status_combo.addItem("", "")
        for status in PROGRAMME_STATUSES:
            self.status_combo.addItem(status_label(status), status)
        self.status_combo.blockSignals(False)
        self.centre_combo.blockSignals(True)
        self.centre_combo.clear()
        self.centre_combo.addItem("", "")
        self.centre_combo.blockSignals(False)

    def retranslate_ui(self) -> None:
        self.search_edit.setPlaceholderText(_("Search by name or number"))
        self.status_combo.setItemText(0, _("Every status"))
        for i in range(1, self.status_combo.count()):
            self.status_combo.setItemText(i, status_label(str(self.status_combo.itemData(i))))
        self.centre_combo.setItemText(0, _("Every centre"))
        for i in range(1, self.centre_combo.count()):
            self.centre_combo.setItemText(i, self.vocab.label("centres", str(self.centre_combo.itemData(i))))
        self.table.setHorizontalHeaderLabels([_(HEADERS[c]) for c in Column])
        self.new_button.setText(_("New programme…"))
        self.new_button.setToolTip(_("Add a programme or activity (Ctrl+N)"))
        self.edit_button.setText(_("Edit…"))
        self.print_button.setText(_("Print forms…"))
        self.print_button.setToolTip(_("Print numbered survey forms for this programme"))
        self.key_button.setText(_("Key forms"))
        self.key_button.setToolTip(_("Key the filled-in paper forms of this programme"))
        self.analyse_button.setText(_("Analyse"))
        self.analyse_button.setToolTip(_("The programme's results"))
        self.refresh_button.setText(_("Refresh"))
        self.refresh_button.setToolTip(_("Read the list again (F5)"))
        self._show_rows()
        if self.programmes:
            self._size_columns()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def showEvent(self, event: QShowEvent) -> None:
        if self._shown_once and not event.spontaneous():
            self.reload()  # others keyed or printed meanwhile
        self._shown_once = True
        super().showEvent(event)

    # --- public -----------------------------------------------------------------------
    def reload(self) -> None:
        """Read the programmes the filters ask for (newest first)."""
        self._search_timer.stop()
        text = self.search_edit.text()
        status = str(self.status_combo.currentData() or "")
        centre = str(self.centre_combo.currentData() or "")
        services, actor = self._services, self._actor
        self._generation += 1
        generation = self._generation
        Op(self, lambda: services.programmes.list(actor, text=text, status=status, centre=centre)) \
            .on_success(lambda rows: self._on_loaded(generation, rows)).on_failure(self._show_error).run()

    def current(self) -> ProgrammeInfo | None:
        row = self.table.currentRow()
        if not self.table.selectionModel().hasSelection() or not 0 <= row < len(self.programmes):
            return None
        return self.programmes[row]

    def select_number(self, number: str) -> bool:
        for row, p in enumerate(self.programmes):
            if p.number == number:
                select_row(self.table, row)
                return True
        return False

    def new_programme(self) -> None:
        self._open_dialog(None)

    def edit_programme(self) -> None:
        p = self.current()
        if p is not None:
            self._open_dialog(p)

    def print_forms(self) -> None:
        p = self.current()
        if p is None or not self.can_print:
            return
        from ui.surveys.print_dialog import PrintDialog

        dialog = PrintDialog(self._services, self._actor, p, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.printed.connect(self._on_printed)
        dialog.finished.connect(self._on_dialog_finished)
        self.dialog = dialog
        dialog.open()

    # --- internals ---------------------------------------------------------------------
    def _open_dialog(self, programme: ProgrammeInfo | None) -> None:
        if not self.can_manage:
            return
        from ui.surveys.programme_dialog import ProgrammeDialog

        dialog = ProgrammeDialog(self._services, self._actor, self.vocab, programme, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.saved.connect(self._on_programme_saved)
        dialog.finished.connect(self._on_dialog_finished)
        self.dialog = dialog
        dialog.open()

    def _show_rows(self) -> None:
        selected = self.current()
        table = self.table
        table.setRowCount(len(self.programmes))
        for row, p in enumerate(self.programmes):
            cells = {
                Column.NUMBER: p.number,
                Column.NAME: p.name,
                Column.KIND: self.vocab.label("programme_kinds", p.kind),
                Column.CENTRE: self.vocab.label("centres", p.centre),
                Column.CITY: p.city or NO_VALUE,
                Column.STARTS: compact_day(p.starts_on),
                Column.ENDS: compact_day(p.ends_on),
                Column.STATUS: status_label(p.status),
                Column.PRINTED: number_text(p.printed),
                Column.KEYED: number_text(p.keyed),
            }
            for column, text in cells.items():
                item = QTableWidgetItem(text)
                item.setData(NUMBER_ROLE, p.number)
                if column == Column.NAME:
                    item.setToolTip(text)
                elif column in (Column.STARTS, Column.ENDS):
                    item.setToolTip(day(p.starts_on if column == Column.STARTS else p.ends_on))
                table.setItem(row, column, item)
        n = len(self.programmes)
        self.count_label.setText(
            ngettext("{n} programme", "{n} programmes", n).format(n=number_text(n)))
        if selected is not None:
            self.select_number(selected.number)

    def _size_columns(self) -> None:
        """Fit the columns to the rows (a portfolio is a few hundred programmes at most)."""
        table = self.table
        for column in Column:
            table.resizeColumnToContents(column)
            table.setColumnWidth(column, min(table.columnWidth(column) + 16, MAX_COLUMN_WIDTH))

    def _update_buttons(self) -> None:
        p = self.current()
        for button in (self.edit_button, self.print_button, self.key_button, self.analyse_button):
            button.setEnabled(p is not None)

    def _show_error(self, error: UserError) -> None:
        self.message.setText(error.message)
        self.message.show()

    def _on_vocab_loaded(self, vocab: Vocab) -> None:
        self.vocab = vocab
        self.centre_combo.blockSignals(True)
        for ident, text in vocab.choices("centres"):
            self.centre_combo.addItem(text, ident)
        self.centre_combo.blockSignals(False)
        self.reload()

    def _on_loaded(self, generation: int, rows: list[ProgrammeInfo]) -> None:
        if generation != self._generation:
            return  # the filters changed meanwhile
        self.message.hide()
        self.programmes = rows
        self._show_rows()
        if rows:
            self._size_columns()
        if rows and self.current() is None:
            select_row(self.table, 0)
        self._update_buttons()
        self.loaded.emit()

    @Slot(QModelIndex)
    def _on_table_activated(self, _index: QModelIndex) -> None:
        if self.can_manage:
            self.edit_programme()
        elif self.can_print:
            self._on_key_clicked()

    @Slot()
    def _on_key_clicked(self) -> None:
        p = self.current()
        if p is not None:
            self.key_forms_requested.emit(p.number)

    @Slot()
    def _on_analyse_clicked(self) -> None:
        p = self.current()
        if p is not None:
            self.analyse_requested.emit(p.number)

    def _on_programme_saved(self, programme: ProgrammeInfo) -> None:
        self.changed.emit()
        services, actor = self._services, self._actor
        self._generation += 1
        generation = self._generation
        text = self.search_edit.text()
        status = str(self.status_combo.currentData() or "")
        centre = str(self.centre_combo.currentData() or "")

        def loaded(rows: list[ProgrammeInfo]) -> None:
            self._on_loaded(generation, rows)
            self.select_number(programme.number)

        Op(self, lambda: services.programmes.list(actor, text=text, status=status, centre=centre)) \
            .on_success(loaded).on_failure(self._show_error).run()

    def _on_printed(self, _run: object) -> None:
        self.changed.emit()
        self.reload()

    @Slot(int)
    def _on_dialog_finished(self, _result: int) -> None:
        self.dialog = None
