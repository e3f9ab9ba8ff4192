"""The opportunities as a list (the board's other view), exportable to Excel; and the relations
manager's table of contacts made outside a donor's relationship owner.

:class:`OpportunityListView` shows the opportunities of a :class:`BoardQuery`
(the board's filters), a page at a time (``services.opportunities.count`` then
``cards``), sortable within the page by any column; a double click (or Enter)
opens the :class:`OpportunityDialog`. "Export to Excel…" writes every matching
opportunity with a totals row (:func:`app.pipeline.export.export_opportunities`)
on the long pool.

:class:`OutsideContactsView` (relations manager: CLIENTS_APPROVE) lists the
contacts with a donor made by someone other than its relationship owner
(seed 000 §4.1.21), newest first; a double click opens the opportunity.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QModelIndex, QStandardPaths, Qt, Signal, Slot
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QFileDialog,
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
from app.i18n import N_, _, ngettext
from app.pipeline.records import BoardQuery, Card, TimelineEntry
from app.services.app_services import AppServices
from app.services.context import Actor
from app.services.roles import Permission
from ui.clients.labels import day, digits, ltr, money_text, number_text, when
from ui.common.ops import Op
from ui.common.widgets import error_label, read_only_rows
from ui.pipeline.opportunity_dialog import (
    SECTION_STYLE,
    OpportunityDialog,
    contact_label,
    donor_text,
    percent,
    stage_label,
)
from ui.theme import Colours

PAGE_SIZE = 200
COLUMNS = (
    N_("Number"), N_("Programme"), N_("Donors"), N_("Owner"), N_("Stage"), N_("Expected amount"),
    N_("Probability"), N_("Weighted"), N_("Next action"), N_("Next action date"), N_("Last contact"),
)
OUTSIDE_COLUMNS = (N_("When"), N_("Opportunity"), N_("Donor"), N_("Contact"), N_("By"), N_("Note"))
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
NUMBER_ROLE = Qt.ItemDataRole.UserRole
WARNING = "#b45309"


class _Item(QTableWidgetItem):
    """A cell that sorts by its key (amounts as numbers, dates as dates), not by its text."""

    def __init__(self, text: str, key: Any = None, number: str = "") -> None:
        super().__init__(text)
        self.setData(SORT_ROLE, text if key is None else key)
        self.setData(NUMBER_ROLE, number)
        self.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)

    def __lt__(self, other: QTableWidgetItem) -> bool:
        mine, theirs = self.data(SORT_ROLE), other.data(SORT_ROLE)
        try:
            return bool(mine < theirs)
        except TypeError:
            return str(mine) < str(theirs)


def _table(parent: QWidget, columns: int) -> QTableWidget:
    table = QTableWidget(0, columns, parent)
    read_only_rows(table)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setStretchLastSection(True)
    return table


def _date_key(d: date | None) -> str:
    return d.isoformat() if d else "9999"


def _moment_key(at: datetime | None) -> str:
    return at.isoformat() if at else ""


def documents_folder() -> str:
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return folder or str(Path.home())


class OpportunityListView(QWidget):
    """Signals:
        loaded: a page of rows arrived.
        exported(object): an export ended: (path, rows written).
        changed: an opportunity was saved or moved from a dialog opened here.
    """

    loaded = Signal()
    exported = Signal(object)
    changed = Signal()

    def __init__(self, services: AppServices, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self._actor = actor
        self.query = BoardQuery()
        self.page = 0
        self.total = 0
        self.cards: list[Card] = []
        self.dialog: OpportunityDialog | None = None
        self._exporting = False
        self._generation = 0

        self.table = _table(self, len(COLUMNS))
        self.table.setSortingEnabled(True)
        self.table.doubleClicked.connect(self._on_double_clicked)
        self.table.activated.connect(self._on_double_clicked)
        self.count_label = QLabel(self)
        self.previous_button = QPushButton(self)
        self.next_button = QPushButton(self)
        self.export_button = QPushButton(self)
        for b in (self.previous_button, self.next_button, self.export_button):
            b.setAutoDefault(False)
        self.previous_button.clicked.connect(lambda: self.show_page(self.page - 1))
        self.next_button.clicked.connect(lambda: self.show_page(self.page + 1))
        self.export_button.clicked.connect(self._on_export_clicked)
        self.notice = QLabel(self)
        self.notice.setStyleSheet(f"color: {Colours.MUTED};")
        self.notice.setWordWrap(True)
        self.error = error_label(self)
        bottom = QHBoxLayout()
        bottom.addWidget(self.count_label, 1)
        bottom.addWidget(self.previous_button)
        bottom.addWidget(self.next_button)
        bottom.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.notice)
        layout.addLayout(bottom)
        self.retranslate_ui()

    # --- texts -----------------------------------------------------------------------------------
    def retranslate_ui(self) -> None:
        self.table.setHorizontalHeaderLabels([_(c) for c in COLUMNS])
        self.previous_button.setText(_("Previous"))
        self.next_button.setText(_("Next"))
        self.export_button.setText(_("Export to Excel…"))
        self.export_button.setToolTip(_("Save every opportunity of the list, with totals, to an Excel file"))
        self._show_count()
        if self.cards:
            self._fill()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    # --- reading ---------------------------------------------------------------------------------
    def set_query(self, q: BoardQuery) -> None:
        self.query = q
        self.page = 0
        self.refresh()

    def refresh(self) -> None:
        self.show_page(self.page)

    def show_page(self, page: int) -> None:
        self._generation += 1
        generation = self._generation
        opportunities, actor, q = self._services.opportunities, self._actor, self.query
        page = max(0, page)

        def read() -> tuple[int, list[Card]]:
            return opportunities.count(actor, q), opportunities.cards(actor, q, page * PAGE_SIZE, PAGE_SIZE)

        (Op(self, read)
         .on_success(lambda result: self._on_read(generation, page, result))
         .on_failure(self._on_failed)
         .run())

    def _on_read(self, generation: int, page: int, result: tuple[int, list[Card]]) -> None:
        if generation != self._generation:
            return  # a newer query answers
        self.total, self.cards = result
        self.page = page
        self.error.hide()
        self._fill()
        self._show_count()
        self.loaded.emit()

    def _on_failed(self, error: UserError) -> None:
        self.error.setText(error.message)
        self.error.show()

    def _fill(self) -> None:
        table = self.table
        table.setSortingEnabled(False)
        table.setRowCount(len(self.cards))
        overdue = QBrush(QColor(WARNING))
        for row, c in enumerate(self.cards):
            donors = _("، ").join(d.name for d in c.donors) if c.donors else ""
            items = [
                _Item(ltr(c.number), c.number, c.number),
                _Item(c.programme_name, number=c.number),
                _Item(donors, number=c.number),
                _Item(c.owner_name or c.owner, number=c.number),
                _Item(stage_label(c.stage), c.stage, c.number),
                _Item(money_text(c.expected_halalas), c.expected_halalas, c.number),
                _Item(percent(c.probability), c.probability, c.number),
                _Item(money_text(c.weighted_halalas), c.weighted_halalas, c.number),
                _Item(c.next_action, number=c.number),
                _Item(day(c.next_action_on), _date_key(c.next_action_on), c.number),
                _Item(when(c.last_contact_at), _moment_key(c.last_contact_at), c.number),
            ]
            for column in (5, 6, 7):
                items[column].setTextAlignment(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignTrailing)
            if c.overdue:
                items[9].setForeground(overdue)
                items[9].setToolTip(_("The next action is overdue"))
            if c.donors:
                items[2].setToolTip("\n".join(f"{d.name} – {d.number}" for d in c.donors))
            for column, item in enumerate(items):
                table.setItem(row, column, item)
        table.setSortingEnabled(True)
        header = table.horizontalHeader()
        for column in range(len(COLUMNS) - 1):
            table.resizeColumnToContents(column)
            header.resizeSection(column, min(header.sectionSize(column), 320))

    def _show_count(self) -> None:
        first = self.page * PAGE_SIZE
        if self.total > PAGE_SIZE:
            text = _("{first}–{last} of {n} opportunities").format(
                first=number_text(first + 1), last=number_text(first + len(self.cards)),
                n=number_text(self.total))
        else:
            text = ngettext("{n} opportunity", "{n} opportunities", self.total).format(
                n=number_text(self.total))
        self.count_label.setText(digits(text))
        self.previous_button.setVisible(self.total > PAGE_SIZE)
        self.next_button.setVisible(self.total > PAGE_SIZE)
        self.previous_button.setEnabled(self.page > 0)
        self.next_button.setEnabled(first + len(self.cards) < self.total)
        self.export_button.setEnabled(self.total > 0 and not self._exporting)

    def row_texts(self, row: int) -> list[str]:
        return [item.text() if (item := self.table.item(row, c)) is not None else ""
                for c in range(self.table.columnCount())]

    def number_at(self, row: int) -> str:
        item = self.table.item(row, 0)
        return str(item.data(NUMBER_ROLE)) if item is not None else ""

    # --- opening ---------------------------------------------------------------------------------
    @Slot(QModelIndex)
    def _on_double_clicked(self, index: QModelIndex) -> None:
        number = self.number_at(index.row())
        if number:
            self.open_opportunity(number)

    def open_opportunity(self, number: str) -> None:
        if self.dialog is not None:
            return
        dialog = OpportunityDialog(self._services, self._actor, number, self)
        dialog.saved.connect(self._on_dialog_changed)
        dialog.changed.connect(self._on_dialog_changed)
        dialog.finished.connect(self._on_dialog_finished)
        self.dialog = dialog
        dialog.open()

    def _on_dialog_changed(self, *_args: object) -> None:
        self.changed.emit()
        self.refresh()

    def _on_dialog_finished(self, _result: int) -> None:
        if self.dialog is not None:
            self.dialog.deleteLater()
        self.dialog = None

    # --- export ----------------------------------------------------------------------------------
    def choose_export_path(self) -> Path | None:
        default = str(Path(documents_folder()) / f"{_('opportunities')}-{date.today().isoformat()}.xlsx")
        name, _chosen = QFileDialog.getSaveFileName(self, _("Export to Excel"), default,
                                                    _("Excel workbook (*.xlsx)"))
        if not name:
            return None
        path = Path(name)
        return path if path.suffix.lower() == ".xlsx" else path.with_suffix(".xlsx")

    @Slot()
    def _on_export_clicked(self) -> None:
        path = self.choose_export_path()
        if path is not None:
            self.export_to(path)

    def export_to(self, path: Path) -> bool:
        """Write every opportunity of the query to ``path`` on the long pool; ``exported`` tells the end."""
        if self._exporting:
            return False
        from app.pipeline.export import export_opportunities

        services, actor, q = self._services, self._actor, self.query
        self._exporting = True
        self.export_button.setEnabled(False)
        self.notice.setText(_("Exporting…"))
        reporter: list[Callable[[Any], None]] = []
        op: Op[int] = Op(self, lambda: export_opportunities(services, actor, q, path, progress=reporter[0]),
                         long=True)
        reporter.append(op.progress_reporter())
        (op.on_success(lambda n: self._on_exported(path, n))
         .on_failure(self._on_export_failed)
         .on_progress(lambda n: self.notice.setText(
             digits(_("Exporting… {n} rows").format(n=number_text(int(n))))))
         .run())
        return True

    def _on_exported(self, path: Path, n: int) -> None:
        self._exporting = False
        self._show_count()
        self.notice.setText(digits(ngettext("{n} opportunity exported to {path}",
                                            "{n} opportunities exported to {path}", n)
                                   .format(n=number_text(n), path=ltr(str(path)))))
        self.exported.emit((path, n))

    def _on_export_failed(self, error: UserError) -> None:
        self._exporting = False
        self._show_count()
        self.notice.setText("")
        self.error.setText(error.message)
        self.error.show()


class OutsideContactsView(QWidget):
    """The relations manager's view of contacts made outside a donor's relationship owner.

    Only for CLIENTS_APPROVE; others see a sentence instead of the table.
    Signal ``loaded``: the rows arrived.
    """

    loaded = Signal()

    def __init__(self, services: AppServices, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self._actor = actor
        self.allowed = Permission.CLIENTS_APPROVE in actor.permissions
        self.rows: list[tuple[str, TimelineEntry]] = []
        self.names: dict[str, str] = {}
        self.dialog: OpportunityDialog | None = None
        self.title = QLabel(self)
        self.title.setStyleSheet(SECTION_STYLE)
        self.explanation = QLabel(self)
        self.explanation.setWordWrap(True)
        self.explanation.setStyleSheet(f"color: {Colours.MUTED};")
        self.table = _table(self, len(OUTSIDE_COLUMNS))
        self.table.setWordWrap(True)
        self.table.doubleClicked.connect(self._on_double_clicked)
        self.refresh_button = QPushButton(self)
        self.refresh_button.setAutoDefault(False)
        self.refresh_button.clicked.connect(self.refresh)
        self.error = error_label(self)
        head = QHBoxLayout()
        head.addWidget(self.title, 1)
        head.addWidget(self.refresh_button)
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addWidget(self.explanation)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.error)
        self.table.setVisible(self.allowed)
        self.refresh_button.setVisible(self.allowed)
        self.retranslate_ui()
        if self.allowed:
            self.refresh()

    def retranslate_ui(self) -> None:
        self.title.setText(_("Contacts outside the relationship owner"))
        if self.allowed:
            self.explanation.setText(_("Contacts with a donor made by someone other than the donor's "
                                       "relationship owner (one point of contact per donor)."))
        else:
            self.explanation.setText(_("Only the relations manager sees the contacts made outside a "
                                       "donor's relationship owner."))
        self.table.setHorizontalHeaderLabels([_(c) for c in OUTSIDE_COLUMNS])
        self.refresh_button.setText(_("Refresh"))
        if self.rows:
            self._fill()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    @Slot()
    def refresh(self) -> None:
        if not self.allowed:
            return
        services, actor = self._services, self._actor

        def read() -> tuple[list[tuple[str, TimelineEntry]], dict[str, str]]:
            return services.opportunities.outside_contacts(actor), dict(services.clients.owners(actor))

        Op(self, read).on_success(self._on_read).on_failure(self._on_failed).run()

    def _on_read(self, result: tuple[list[tuple[str, TimelineEntry]], dict[str, str]]) -> None:
        self.rows, self.names = result
        self.error.hide()
        self._fill()
        self.loaded.emit()

    def _on_failed(self, error: UserError) -> None:
        self.error.setText(error.message)
        self.error.show()

    def _fill(self) -> None:
        self.table.setRowCount(len(self.rows))
        for row, (number, e) in enumerate(self.rows):
            values = [when(e.at), ltr(number), donor_text(e.donor), contact_label(e.contact),
                      self.names.get(e.user_name, e.user_name), e.note]
            for column, text in enumerate(values):
                self.table.setItem(row, column, _Item(text, number=number))
        self.table.resizeColumnsToContents()

    def row_texts(self, row: int) -> list[str]:
        return [item.text() if (item := self.table.item(row, c)) is not None else ""
                for c in range(self.table.columnCount())]

    @Slot(QModelIndex)
    def _on_double_clicked(self, index: QModelIndex) -> None:
        item = self.table.item(index.row(), 0)
        number = str(item.data(NUMBER_ROLE)) if item is not None else ""
        if not number or self.dialog is not None:
            return
        if Permission.OPPORTUNITIES_MANAGE not in self._actor.permissions:
            return
        dialog = OpportunityDialog(self._services, self._actor, number, self)
        dialog.finished.connect(self._on_dialog_finished)
        self.dialog = dialog
        dialog.open()

    def _on_dialog_finished(self, _result: int) -> None:
        if self.dialog is not None:
            self.dialog.deleteLater()
        self.dialog = None
