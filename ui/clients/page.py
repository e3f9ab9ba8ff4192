"""The client registry (سجل العملاء): find a client as you type, open the client file.

At the top the search box (name in any spelling the service folds, any form of
a mobile, a client number) and the filters (kind, status, city); then the table
(a :class:`ClientsModel`: counted, then fetched page by page, whatever its
size) and the number of clients.

"New client" (Ctrl+N) opens the editor, for the data steward and the deputy
(and the managers, whose proposals are approved at once); Enter or a double
click opens the client file. The import, duplicates and statistics windows are
other modules, imported when first used: a button whose module is missing is
not shown.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from PySide6.QtCore import QEvent, QModelIndex, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.clients.directory import ClientQuery
from app.clients.fields import STATUSES
from app.i18n import _
from app.services.app_services import AppServices
from app.services.context import Actor
from app.services.roles import Permission
from ui.clients.labels import ClientVocab, clients_text, load_vocab, module_available, status_label
from ui.clients.list_model import LTR_COLUMNS, ClientsModel, Column
from ui.common.ops import Op
from ui.common.widgets import LtrDelegate, error_label, select_row

if TYPE_CHECKING:  # imported when first opened
    from ui.clients.editor_dialog import ClientEditorDialog
    from ui.clients.file_dialog import ClientFileDialog

SEARCH_DELAY_MS = 150
SEARCH_MIN_WIDTH = 260
MAX_COLUMN_WIDTH = 260
IMPORT_MODULE = "ui.clients.import_dialog"
DUPLICATES_MODULE = "ui.clients.duplicates_dialog"
STATISTICS_MODULE = "ui.clients.statistics_dialog"


class ClientsPage(QWidget):
    """The clients area.

    Signals:
        changed: a change was proposed (or made) from this page.
        ready: the lists (kinds, owners) and whether the user may propose are known.
    """

    changed = Signal()
    ready = Signal()

    def __init__(self, services: AppServices, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self._actor = actor
        self.allowed = actor.can(Permission.CLIENTS_VIEW)
        self.may_propose = False  # asked of the service (the steward setting) in the background
        self.vocab = ClientVocab()
        self.editor_dialog: ClientEditorDialog | None = None
        self.file_dialog: ClientFileDialog | None = None
        self.other_dialog: QDialog | None = None  # import, duplicates or statistics
        self._shown_once = False
        self._columns_sized = False
        self._city = ""

        self._title = QLabel(self)
        self._title.setObjectName("pageTitle")
        self._no_access = QLabel(self)
        self._no_access.setWordWrap(True)
        self.new_button = QPushButton(self)
        self.new_button.setEnabled(False)

        self.search_edit = QLineEdit(self)
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setMinimumWidth(SEARCH_MIN_WIDTH)
        self.kind_combo = QComboBox(self)
        self.kind_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.kind_combo.addItem("", None)
        self.status_combo = QComboBox(self)
        self.status_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.status_combo.addItem("", None)
        for ident in STATUSES:
            self.status_combo.addItem("", ident)
        self.city_combo = QComboBox(self)
        self.city_combo.setEditable(True)
        self.city_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.city_combo.setMinimumContentsLength(12)
        self.city_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)

        self.model = ClientsModel(services, actor, self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self._configure_table()
        self.count_label = QLabel(self)
        self.count_label.setObjectName("clientsCount")
        self.message = error_label(self)

        self.open_button = QPushButton(self)
        self.import_button = QPushButton(self)
        self.contributions_import_button = QPushButton(self)
        self.duplicates_button = QPushButton(self)
        self.statistics_button = QPushButton(self)
        self.refresh_button = QPushButton(self)
        self.import_button.setEnabled(False)  # until the service says the user may propose
        self.contributions_import_button.setEnabled(actor.can(Permission.CLIENTS_PROPOSE))
        self.import_button.setVisible(module_available(IMPORT_MODULE))
        self.contributions_import_button.setVisible(module_available(IMPORT_MODULE))
        self.duplicates_button.setVisible(module_available(DUPLICATES_MODULE))
        self.statistics_button.setVisible(module_available(STATISTICS_MODULE))

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._new_shortcut = QShortcut(QKeySequence(Qt.Modifier.CTRL | Qt.Key.Key_N), self)
        self._refresh_shortcut = QShortcut(QKeySequence(Qt.Key.Key_F5), self)
        self._find_shortcut = QShortcut(QKeySequence(Qt.Modifier.CTRL | Qt.Key.Key_F), self)

        self._build_layout()
        for widget in (self._filters, self.table, self.count_label, self._buttons):
            widget.setVisible(self.allowed)
        self.new_button.setVisible(self.allowed)
        self._no_access.setVisible(not self.allowed)
        self._connect_signals()
        self.retranslate_ui()
        if self.allowed:
            self.model.set_query(self.current_query())
            self._load()
            self.search_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def _configure_table(self) -> None:
        table = self.table
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setAlternatingRowColors(True)
        table.setWordWrap(False)
        table.setTextElideMode(Qt.TextElideMode.ElideRight)
        vertical = table.verticalHeader()
        vertical.setVisible(False)
        # Fixed row heights: the view never measures a row, so 200,000 of them cost nothing.
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(self.fontMetrics().height() + 6)
        vertical.setResizeContentsPrecision(0)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.setHighlightSections(False)
        header.setResizeContentsPrecision(0)  # fit the rows on screen only, never fetch to measure
        self._ltr_delegate = LtrDelegate(table)
        for column in LTR_COLUMNS:
            table.setItemDelegateForColumn(column, self._ltr_delegate)

    def _build_layout(self) -> None:
        top = QHBoxLayout()
        top.addWidget(self._title)
        top.addStretch(1)
        top.addWidget(self.new_button)

        self._filters = QWidget(self)
        filters = QHBoxLayout(self._filters)
        filters.setContentsMargins(0, 0, 0, 0)
        filters.addWidget(self.search_edit, 1)
        filters.addWidget(self.kind_combo)
        filters.addWidget(self.status_combo)
        filters.addWidget(self.city_combo)

        self._buttons = QWidget(self)
        bottom = QHBoxLayout(self._buttons)
        bottom.setContentsMargins(0, 0, 0, 0)
        bottom.addWidget(self.count_label)
        bottom.addStretch(1)
        for button in (self.open_button, self.import_button, self.contributions_import_button,
                       self.duplicates_button, self.statistics_button, self.refresh_button):
            button.setAutoDefault(False)
            bottom.addWidget(button)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self._no_access)
        layout.addWidget(self._filters)
        layout.addWidget(self.table, 1)
        layout.addWidget(self._buttons)
        layout.addWidget(self.message)

    def _connect_signals(self) -> None:
        self.search_edit.textChanged.connect(self._on_search_edit_text_changed)
        self.search_edit.returnPressed.connect(self._on_search_edit_return_pressed)
        self._timer.timeout.connect(self._on_timer_timeout)
        self.kind_combo.currentIndexChanged.connect(self._on_filter_changed)
        self.status_combo.currentIndexChanged.connect(self._on_filter_changed)
        self.city_combo.activated.connect(self._on_city_combo_activated)
        line = self.city_combo.lineEdit()
        if line is not None:
            line.editingFinished.connect(self._on_city_edit_finished)
        self.table.activated.connect(self._on_table_activated)
        self.model.count_changed.connect(self._on_model_count_changed)
        self.model.first_page_loaded.connect(self._on_model_first_page_loaded)
        self.model.page_loaded.connect(self._on_model_page_loaded)
        self.model.failed.connect(self._show_error)
        self.new_button.clicked.connect(self.open_editor)
        self.open_button.clicked.connect(self._on_open_button_clicked)
        self.import_button.clicked.connect(self._on_import_button_clicked)
        self.contributions_import_button.clicked.connect(self._on_contributions_import_button_clicked)
        self.duplicates_button.clicked.connect(self.open_duplicates)
        self.statistics_button.clicked.connect(self.open_statistics)
        self.refresh_button.clicked.connect(self.refresh)
        self._new_shortcut.activated.connect(self.open_editor)
        self._refresh_shortcut.activated.connect(self.refresh)
        self._find_shortcut.activated.connect(self._on_find_shortcut_activated)

    def retranslate_ui(self) -> None:
        self._title.setText(_("Client registry"))
        self._no_access.setText(_("Your role does not give access to the client registry."))
        self.new_button.setText(_("New client…"))
        self.new_button.setToolTip(_("Propose a new client for the relations manager's approval (Ctrl+N)"))
        self.search_edit.setPlaceholderText(_("Search: name, mobile, ID or client number"))
        self.kind_combo.setItemText(0, _("All kinds"))
        for row in range(1, self.kind_combo.count()):
            self.kind_combo.setItemText(row, self.vocab.kind(str(self.kind_combo.itemData(row))))
        self.status_combo.setItemText(0, _("Any status"))
        for row in range(1, self.status_combo.count()):
            self.status_combo.setItemText(row, status_label(str(self.status_combo.itemData(row))))
        line = self.city_combo.lineEdit()
        if line is not None:
            line.setPlaceholderText(_("Any city"))
        self.city_combo.setToolTip(_("Show the clients of one city"))
        self.open_button.setText(_("Open"))
        self.open_button.setToolTip(_("Open the client file (Enter)"))
        self.import_button.setText(_("Import…"))
        self.import_button.setToolTip(_("Import clients from an Excel or CSV file"))
        self.contributions_import_button.setText(_("Import contributions…"))
        self.contributions_import_button.setToolTip(_("Import donations and pledges from the finance system"))
        self.duplicates_button.setText(_("Duplicates…"))
        self.duplicates_button.setToolTip(_("Clients that may be registered twice"))
        self.statistics_button.setText(_("Statistics…"))
        self.refresh_button.setText(_("Refresh"))
        self.refresh_button.setToolTip(_("Read the registry again (F5)"))
        self._show_count()
        self.model.retranslate()
        if self._columns_sized:
            self._size_columns()  # the headers' widths changed with the language

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def showEvent(self, event: QShowEvent) -> None:
        if self._shown_once and self.allowed and not event.spontaneous():
            self.refresh()  # coming back to the page: others worked meanwhile
        self._shown_once = True
        super().showEvent(event)

    # --- public ---------------------------------------------------------------------------
    @property
    def pending(self) -> bool:
        """Typing has not paused yet: the query shown is not the search box's."""
        return self._timer.isActive()

    def current_query(self) -> ClientQuery:
        kind = self.kind_combo.currentData()
        status = self.status_combo.currentData()
        return ClientQuery(text=self.search_edit.text().strip(), kind=str(kind) if kind else None,
                           status=str(status) if status else None, city=self._city or None)

    def refresh(self) -> None:
        if not self.allowed:
            return
        self.message.hide()
        self.model.refresh()

    def selected_number(self) -> str | None:
        index = self.table.currentIndex()
        return self.model.number_at(index.row()) if index.isValid() else None

    def open_editor(self) -> None:
        """The form for a new client (Ctrl+N)."""
        if not (self.allowed and self.may_propose) or self.editor_dialog is not None:
            return
        from ui.clients.editor_dialog import ClientEditorDialog

        dialog = ClientEditorDialog(self._services, self._actor, None, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.sent.connect(self._on_proposal_sent)
        dialog.finished.connect(self._on_editor_dialog_finished)
        self.editor_dialog = dialog
        dialog.open()

    def open_client(self, number: str) -> None:
        """The client file of ``number``."""
        if self.file_dialog is not None:
            self.file_dialog.close()
        from ui.clients.file_dialog import ClientFileDialog

        dialog = ClientFileDialog(self._services, self._actor, number, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.changed.connect(self._on_proposal_sent)
        dialog.finished.connect(self._on_file_dialog_finished)
        self.file_dialog = dialog
        dialog.open()

    def open_import(self, kind: Literal["clients", "contributions"] = "clients") -> None:
        """The import window for clients or for contributions."""
        try:
            from ui.clients.import_dialog import ImportDialog  # type: ignore[import-not-found, unused-ignore]
        except ImportError:
            self.import_button.setEnabled(False)
            self.contributions_import_button.setEnabled(False)
            return
        self._show_other(ImportDialog(self._services, self._actor, kind=kind, parent=self))

    def open_duplicates(self) -> None:
        try:
            from ui.clients.duplicates_dialog import (  # type: ignore[import-not-found, unused-ignore]
                DuplicatesDialog,
            )
        except ImportError:
            self.duplicates_button.setEnabled(False)
            return
        self._show_other(DuplicatesDialog(self._services, self._actor, self))

    def open_statistics(self) -> None:
        try:
            from ui.clients.statistics_dialog import (  # type: ignore[import-not-found, unused-ignore]
                StatisticsDialog,
            )
        except ImportError:
            self.statistics_button.setEnabled(False)
            return
        self._show_other(StatisticsDialog(self._services, self._actor, self))

    # --- loading ---------------------------------------------------------------------------
    def _load(self) -> None:
        services, actor = self._services, self._actor
        (Op(self, lambda: (load_vocab(services, actor), services.client_requests.may_propose(actor)))
         .on_success(self._on_loaded)
         .on_failure(lambda e: self._show_error(e.message))
         .run())
        # Every city of the registry for the filter, not only those of the pages read so far.
        Op(self, lambda: services.clients.cities(actor)).on_success(self._on_cities_loaded).run()

    def _on_cities_loaded(self, cities: list[str]) -> None:
        self.model.cities.update(cities)
        self._fill_cities()

    def _show_other(self, dialog: QDialog) -> None:
        if self.other_dialog is not None:
            self.other_dialog.close()
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(self._on_other_dialog_finished)
        self.other_dialog = dialog
        dialog.open()

    def _show_count(self) -> None:
        total = self.model.total
        self.count_label.setText(_("Counting…") if total is None else clients_text(total))

    @Slot(str)
    def _show_error(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()

    def _size_columns(self) -> None:
        table = self.table
        for column in Column:
            table.resizeColumnToContents(column)
            table.setColumnWidth(column, min(table.columnWidth(column) + 12, MAX_COLUMN_WIDTH))

    def _fill_cities(self) -> None:
        known = {self.city_combo.itemText(i) for i in range(self.city_combo.count())}
        new = sorted(self.model.cities - known)
        if not new:
            return
        text = self.city_combo.currentText()
        self.city_combo.blockSignals(True)
        cities = sorted(known | set(new))
        self.city_combo.clear()
        self.city_combo.addItems(cities)
        self.city_combo.setCurrentIndex(-1)
        self.city_combo.setEditText(text)
        self.city_combo.blockSignals(False)

    def _apply_city(self, city: str) -> None:
        city = " ".join(city.split())
        if city != self._city:
            self._city = city
            self._on_filter_changed()

    # --- slots -------------------------------------------------------------------------------
    def _on_loaded(self, result: tuple[ClientVocab, bool]) -> None:
        self.vocab, self.may_propose = result
        self.model.set_vocab(self.vocab)
        current = self.kind_combo.currentData()
        self.kind_combo.blockSignals(True)
        while self.kind_combo.count() > 1:
            self.kind_combo.removeItem(1)
        for ident, text in self.vocab.choices("client_kinds"):
            self.kind_combo.addItem(text, ident)
        index = self.kind_combo.findData(current)
        self.kind_combo.setCurrentIndex(max(index, 0))
        self.kind_combo.blockSignals(False)
        self.new_button.setEnabled(self.may_propose)
        self.import_button.setEnabled(self.may_propose)
        self.ready.emit()

    @Slot(str)
    def _on_search_edit_text_changed(self, _text: str) -> None:
        self._timer.start()

    @Slot()
    def _on_search_edit_return_pressed(self) -> None:
        if self._timer.isActive():
            self._timer.stop()
            self._on_filter_changed()
        elif self.model.rowCount() > 0:
            number = self.selected_number() or self.model.number_at(0)
            if number:
                self.open_client(number)

    @Slot()
    def _on_timer_timeout(self) -> None:
        self._on_filter_changed()

    @Slot()
    def _on_filter_changed(self) -> None:
        self.message.hide()
        self.model.set_query(self.current_query())

    @Slot(int)
    def _on_city_combo_activated(self, _index: int) -> None:
        self._apply_city(self.city_combo.currentText())

    @Slot()
    def _on_city_edit_finished(self) -> None:
        self._apply_city(self.city_combo.currentText())

    @Slot()
    def _on_find_shortcut_activated(self) -> None:
        self.search_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_edit.selectAll()

    @Slot(QModelIndex)
    def _on_table_activated(self, index: QModelIndex) -> None:
        number = self.model.number_at(index.row())
        if number:
            self.open_client(number)

    @Slot()
    def _on_open_button_clicked(self) -> None:
        number = self.selected_number()
        if number:
            self.open_client(number)

    @Slot()
    def _on_import_button_clicked(self) -> None:
        self.open_import("clients")

    @Slot()
    def _on_contributions_import_button_clicked(self) -> None:
        self.open_import("contributions")

    @Slot(int)
    def _on_model_count_changed(self, _n: int) -> None:
        self._show_count()

    @Slot()
    def _on_model_first_page_loaded(self) -> None:
        self._show_count()
        if not self._columns_sized and self.model.rowCount() > 0:
            self._columns_sized = True
            self._size_columns()
        if self.model.rowCount() > 0 and not self.table.currentIndex().isValid():
            select_row(self.table, 0)
        self.open_button.setEnabled(self.model.rowCount() > 0)

    @Slot(int)
    def _on_model_page_loaded(self, _number: int) -> None:
        self._fill_cities()

    def _on_proposal_sent(self, *_args: object) -> None:
        self.refresh()
        self.changed.emit()

    @Slot(int)
    def _on_editor_dialog_finished(self, _result: int) -> None:
        self.editor_dialog = None

    @Slot(int)
    def _on_file_dialog_finished(self, _result: int) -> None:
        self.file_dialog = None

    @Slot(int)
    def _on_other_dialog_finished(self, _result: int) -> None:
        self.other_dialog = None
        self.refresh()  # an import or a merge may have changed the registry

