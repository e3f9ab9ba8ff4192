"""The audit log screen: every change and login, filtered, newest first.

For ``Permission.AUDIT_VIEW`` (the administrator and the relations manager);
the service checks it again on every call. The table is an :class:`AuditModel`
(counted, then fetched page by page as it scrolls). Filters: the user, the
action, a range of days (Hijri shown beside each date) and a text, searched
300 ms after the last key. Double-clicking (or Enter on) a line opens its
record's timeline (:class:`RecordHistoryDialog`).
"""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QDate, QEvent, QModelIndex, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.calendars.formatting import format_hijri
from app.i18n import _
from app.services.app_services import AppServices
from app.services.audit import AuditFilter, action_label, count_text, known_actions, what_text
from app.services.context import Actor
from app.services.roles import Permission
from ui.audit import texts
from ui.audit.audit_model import AuditModel, Column
from ui.audit.history_widget import RecordHistoryDialog
from ui.common.dates import DATE_FORMAT
from ui.common.ops import Op
from ui.common.texts import number_text
from ui.common.widgets import read_only_rows
from ui.theme import Colours

SEARCH_DELAY_MS = 300
MAX_COLUMN_WIDTH = 260  # px: the record and field columns; the change column takes the rest
MIN_COLUMN_WIDTH = 90
MIN_CHANGE_WIDTH = 220




def day_of(edit: QDateEdit) -> date:
    d = edit.date()
    return date(d.year(), d.month(), d.day())


class AuditPage(QWidget):
    """Filters over the audit table, the count of matching lines, and record histories.

    Signals:
        filter_applied: the table was asked to show the filter's lines (they follow).
        users_loaded: the user filter lists the names found in the log.
    """

    filter_applied = Signal()
    users_loaded = Signal()

    def __init__(self, services: AppServices, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self._actor = actor
        self.allowed = actor.can(Permission.AUDIT_VIEW)
        self.history_dialog: RecordHistoryDialog | None = None
        self._shown_once = False

        self._title = QLabel(self)
        self._title.setObjectName("pageTitle")
        self._intro = QLabel(self)
        self._intro.setWordWrap(True)
        self._no_access = QLabel(self)
        self._no_access.setWordWrap(True)
        self._user_label, self._action_label, self._search_label = QLabel(self), QLabel(self), QLabel(self)
        self.user_combo = QComboBox(self)
        self.user_combo.addItem("", None)
        self.user_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.action_combo = QComboBox(self)
        self.action_combo.addItem("", None)
        for action in known_actions():
            self.action_combo.addItem("", action)
        self.action_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.search_edit = QLineEdit(self)
        self.search_edit.setClearButtonEnabled(True)
        self.since_check, self.until_check = QCheckBox(self), QCheckBox(self)
        self.since_edit, self.until_edit = self._date_edit(-30), self._date_edit(0)
        self.since_hijri, self.until_hijri = QLabel(self), QLabel(self)
        self.count_label = QLabel(self)
        self.count_label.setObjectName("auditCount")
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)

        self.model = AuditModel(services, actor, self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        read_only_rows(self.table)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.setMinimumSectionSize(MIN_COLUMN_WIDTH // 2)
        self._columns_sized = False
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setStyleSheet(f"color: {Colours.ERROR};")
        self.message.hide()

        self._build_layout()
        for widget in (self._intro, self._filters, self.table, self.count_label):
            widget.setVisible(self.allowed)
        self._no_access.setVisible(not self.allowed)
        self._connect_signals()
        self.retranslate_ui()
        if self.allowed:
            self._load_users()
            self.apply_filter()

    def _date_edit(self, days: int) -> QDateEdit:
        edit = QDateEdit(self)
        # Numbers are edited left to right (the design's rule), and before the format is set:
        # right to left, Qt lays the sections of "d/M/yyyy" out as "yyyy/M/d".
        edit.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat(DATE_FORMAT)
        day = date.today() + timedelta(days=days)
        edit.setDate(QDate(day.year, day.month, day.day))
        edit.setEnabled(False)
        return edit

    def _build_layout(self) -> None:
        self._filters = QWidget(self)
        grid = QGridLayout(self._filters)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addWidget(self._user_label, 0, 0)
        grid.addWidget(self.user_combo, 0, 1)
        grid.addWidget(self._action_label, 0, 2)
        grid.addWidget(self.action_combo, 0, 3)
        grid.addWidget(self._search_label, 0, 4)
        grid.addWidget(self.search_edit, 0, 5, 1, 2)
        for row, (check, edit, hijri) in enumerate(
                ((self.since_check, self.since_edit, self.since_hijri),
                 (self.until_check, self.until_edit, self.until_hijri)), start=1):
            grid.addWidget(check, row, 0)
            line = QHBoxLayout()
            line.addWidget(edit)
            line.addWidget(hijri)
            line.addStretch(1)
            grid.addLayout(line, row, 1, 1, 3)
        grid.addWidget(self.count_label, 2, 6, Qt.AlignmentFlag.AlignTrailing | Qt.AlignmentFlag.AlignBottom)
        grid.setColumnStretch(5, 1)

        layout = QVBoxLayout(self)
        layout.addWidget(self._title)
        layout.addWidget(self._intro)
        layout.addWidget(self._no_access)
        layout.addWidget(self._filters)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)

    def _connect_signals(self) -> None:
        self.user_combo.currentIndexChanged.connect(self._on_user_combo_current_index_changed)
        self.action_combo.currentIndexChanged.connect(self._on_action_combo_current_index_changed)
        self.search_edit.textChanged.connect(self._on_search_edit_text_changed)
        self._search_timer.timeout.connect(self._on_search_timer_timeout)
        self.since_check.toggled.connect(self._on_since_check_toggled)
        self.until_check.toggled.connect(self._on_until_check_toggled)
        self.since_edit.dateChanged.connect(self._on_since_edit_date_changed)
        self.until_edit.dateChanged.connect(self._on_until_edit_date_changed)
        self.table.activated.connect(self._on_table_activated)
        self.model.counted.connect(self._on_model_counted)
        self.model.fetched.connect(self._on_model_fetched)
        self.model.failed.connect(self._on_model_failed)

    def retranslate_ui(self) -> None:
        self._title.setText(_(texts.AUDIT_LOG))
        self._intro.setText(_(texts.INTRO))
        self._no_access.setText(_(texts.NO_ACCESS))
        self._user_label.setText(_(texts.USER))
        self._action_label.setText(_(texts.ACTION))
        self._search_label.setText(_(texts.SEARCH))
        self.search_edit.setPlaceholderText(_(texts.SEARCH_HINT))
        self.since_check.setText(_(texts.SINCE))
        self.until_check.setText(_(texts.UNTIL))
        self.user_combo.setItemText(0, _(texts.ALL_USERS))
        self.action_combo.setItemText(0, _(texts.ALL_ACTIONS))
        for row in range(1, self.action_combo.count()):
            self.action_combo.setItemText(row, action_label(str(self.action_combo.itemData(row))))
        self._show_hijri()
        self._show_count()
        self.model.retranslate()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def showEvent(self, event: QShowEvent) -> None:
        # Coming back to the page: people have worked meanwhile, show their lines too.
        if self._shown_once and self.allowed and not event.spontaneous():
            self._load_users()
            self.model.refresh()
        self._shown_once = True
        super().showEvent(event)

    # --- filter ---------------------------------------------------------------------
    def current_filter(self) -> AuditFilter:
        text = self.search_edit.text().strip()
        return AuditFilter(
            user_name=self.user_combo.currentData(),
            action=self.action_combo.currentData(),
            since=day_of(self.since_edit) if self.since_check.isChecked() else None,
            until=day_of(self.until_edit) if self.until_check.isChecked() else None,
            text=text or None,
        )

    def apply_filter(self) -> None:
        """Show the lines the filter bar selects (now, without waiting for the search delay)."""
        self._search_timer.stop()
        self.message.hide()
        self.model.set_filter(self.current_filter())
        self._show_count()
        self.filter_applied.emit()

    def _load_users(self) -> None:
        audit, actor = self._services.audit, self._actor
        Op(self, lambda: audit.distinct_users(actor)).on_success(self._on_users_listed).run()

    def _on_users_listed(self, names: list[str]) -> None:
        current = self.user_combo.currentData()
        self.user_combo.blockSignals(True)
        while self.user_combo.count() > 1:
            self.user_combo.removeItem(1)
        for name in names:
            self.user_combo.addItem(name, name)
        index = self.user_combo.findData(current) if current else 0
        self.user_combo.setCurrentIndex(max(0, index))
        self.user_combo.blockSignals(False)
        self.users_loaded.emit()

    def _show_hijri(self) -> None:
        for edit, label in ((self.since_edit, self.since_hijri), (self.until_edit, self.until_hijri)):
            label.setText(format_hijri(day_of(edit)))
            label.setEnabled(edit.isEnabled())

    def _show_count(self) -> None:
        total = self.model.total
        self.count_label.setText(_(texts.COUNTING) if total is None
                                 else count_text(total, number_text(total)))

    # --- slots --------------------------------------------------------------------------
    @Slot(int)
    def _on_user_combo_current_index_changed(self, _index: int) -> None:
        self.apply_filter()

    @Slot(int)
    def _on_action_combo_current_index_changed(self, _index: int) -> None:
        self.apply_filter()

    @Slot(str)
    def _on_search_edit_text_changed(self, _text: str) -> None:
        self._search_timer.start()  # restarts: the search runs once typing pauses

    @Slot()
    def _on_search_timer_timeout(self) -> None:
        self.apply_filter()

    @Slot(bool)
    def _on_since_check_toggled(self, checked: bool) -> None:
        self.since_edit.setEnabled(checked)
        self._show_hijri()
        self.apply_filter()

    @Slot(bool)
    def _on_until_check_toggled(self, checked: bool) -> None:
        self.until_edit.setEnabled(checked)
        self._show_hijri()
        self.apply_filter()

    @Slot(QDate)
    def _on_since_edit_date_changed(self, _day: QDate) -> None:
        self._show_hijri()
        if self.since_check.isChecked():
            self.apply_filter()

    @Slot(QDate)
    def _on_until_edit_date_changed(self, _day: QDate) -> None:
        self._show_hijri()
        if self.until_check.isChecked():
            self.apply_filter()

    @Slot(int)
    def _on_model_counted(self, _n: int) -> None:
        self._show_count()

    @Slot(int)
    def _on_model_fetched(self, _n: int) -> None:
        if not self._columns_sized and self.model.rowCount() > 0:
            self._columns_sized = True  # once, over the first page: later pages keep the widths
            self._size_columns()

    def _size_columns(self) -> None:
        """Fit the first page; on a narrow window the record and field columns give way so that
        the change stays in view (elided, with the whole sentence as tooltip)."""
        table = self.table
        for column in (Column.WHEN, Column.USER, Column.ACTION, Column.WHAT, Column.FIELD):
            table.resizeColumnToContents(column)
        fixed = sum(table.columnWidth(c) for c in (Column.WHEN, Column.USER, Column.ACTION))
        room = table.viewport().width() - fixed - MIN_CHANGE_WIDTH
        for column, share in ((Column.WHAT, 0.55), (Column.FIELD, 0.45)):
            fit = min(table.columnWidth(column), MAX_COLUMN_WIDTH, int(room * share))
            table.setColumnWidth(column, max(MIN_COLUMN_WIDTH, fit))

    @Slot(str)
    def _on_model_failed(self, message: str) -> None:
        self.message.setText(message)
        self.message.show()

    @Slot(QModelIndex)
    def _on_table_activated(self, index: QModelIndex) -> None:
        line = self.model.line_at(index.row())
        if line is None or not line.table_name or not line.record_id:
            return
        if self.history_dialog is not None:
            self.history_dialog.close()
        dialog = RecordHistoryDialog(self._services, self._actor, line.table_name, line.record_id,
                                     lambda: what_text(line), self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(self._on_history_dialog_finished)
        self.history_dialog = dialog
        dialog.open()

    @Slot(int)
    def _on_history_dialog_finished(self, _result: int) -> None:
        self.history_dialog = None
