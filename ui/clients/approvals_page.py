"""Approvals (الاعتمادات): the maker-checker inbox of the client registry (seed 000 §6.1.4–6.1.5).

The relations manager sees the change requests waiting for a decision, oldest
first; choosing one shows what it changes (:class:`RequestView`), and Approve
or Reject (with a reason) decides it. An import's requests share a batch: the
batch filter shows one import, and "Approve the whole batch" decides all of it
at once. A status filter shows the requests already decided.

The data steward and the deputy see their own requests here, with the
manager's decision and reason, and may withdraw one still pending. The
service decides who may do what (a steward cannot approve, a manager cannot
approve their own request); a refusal shows its sentence under the list.

"Print form" writes the paper form of the chosen request (the filed PDF is
made by the registry when a request is approved), and "Find duplicates…"
opens the scan of likely duplicate clients, from which a merge is proposed.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QStandardPaths, Qt, Signal, Slot
from PySide6.QtGui import QBrush, QColor, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.calendars.formatting import format_gregorian
from app.clients.records import RequestDetail, RequestSummary
from app.errors import UserError
from app.i18n import N_, _, ngettext
from app.services.app_services import AppServices
from app.services.context import Actor
from app.services.roles import Permission
from ui.clients.request_view import (
    WARNING_COLOUR,
    Lookups,
    RequestBundle,
    RequestView,
    action_label,
    batch_label,
    load_request,
    status_colour,
    status_label,
)
from ui.common.ops import Op
from ui.common.widgets import LtrDelegate, error_label, read_only_rows, select_row
from ui.complaints import labels
from ui.complaints.labels import NO_VALUE, digits, ltr, when
from ui.theme import Colours

# The status filter: service status ("" for every one), English label.
STATUS_FILTERS: tuple[tuple[str, str], ...] = (
    ("pending", N_("Pending")),
    ("approved", N_("Approved")),
    ("rejected", N_("Rejected")),
    ("withdrawn", N_("Withdrawn")),
    ("", N_("All")),
)
COLUMNS = (N_("Number"), N_("Action"), N_("Client"), N_("Proposed by"), N_("Proposed on"),
           N_("Duplicates"), N_("Status"))
NUMBER, ACTION, CLIENT, PROPOSER, PROPOSED, DUPLICATES, STATUS = range(len(COLUMNS))
ALL_BATCHES = "*"
SUMMARY_ROLE = Qt.ItemDataRole.UserRole
LIST_LIMIT = 500


def form_available() -> bool:
    """The client form's printer is another module, loaded only when printing."""
    return importlib.util.find_spec("app.clients.form_pdf") is not None


def choose_pdf_path(parent: QWidget, suggested: Path) -> Path | None:
    """Ask where to save a PDF (tests replace this)."""
    path, _filter = QFileDialog.getSaveFileName(parent, _("Save the form"), str(suggested),
                                                _("PDF document (*.pdf)"))
    if not path:
        return None
    return Path(path) if path.lower().endswith(".pdf") else Path(path + ".pdf")


def confirm(parent: QWidget, title: str, text: str) -> bool:
    """Ask yes or no (tests replace this)."""
    answer = QMessageBox.question(parent, title, text,
                                  QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                  QMessageBox.StandardButton.No)
    return answer == QMessageBox.StandardButton.Yes


def write_request_form(services: AppServices, detail: RequestDetail, path: Path) -> Path:
    """Runs in an Op: the request's paper form as a PDF at ``path``."""
    from app.clients.form_pdf import form_from_request, write_client_form  # ReportLab loads only now

    return write_client_form(services, form_from_request(services, detail), path)


def load_requests(services: AppServices, actor: Actor, status: str, mine_only: bool) -> list[RequestSummary]:
    """Runs in an Op: the requests with ``status`` ("" for all); only the actor's own if ``mine_only``."""
    rows = services.client_requests.list(actor, status or None, limit=LIST_LIMIT)
    if mine_only:
        name = actor.name.casefold()
        rows = [r for r in rows if r.proposed_by.casefold() == name]
    return rows


def requests_text(n: int) -> str:
    # Literal arguments, so the catalog gets one entry with Arabic's six forms.
    return ngettext("{n} request", "{n} requests", n).format(n=digits(str(n)))


class ReasonDialog(QDialog):
    """Asks why a request is rejected, then runs ``action(reason)`` on the write pool.

    It stays open until the service accepts; an empty reason is refused by the
    service, whose sentence shows under the box.

    Signals:
        succeeded(object): the service's result.
    """

    succeeded = Signal(object)

    def __init__(self, title: str, prompt: str, action: Callable[[str], Any],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reasonDialog")
        self._action = action
        self.setWindowTitle(title)
        self.prompt = QLabel(prompt, self)
        self.prompt.setWordWrap(True)
        self.reason_edit = QPlainTextEdit(self)
        self.reason_edit.setTabChangesFocus(True)
        self.reason_edit.setMinimumHeight(90)
        self.error = error_label(self)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.ok_button.setText(_("Reject"))
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        if cancel is not None:
            cancel.setText(_("Cancel"))
        self.buttons.accepted.connect(self._on_accepted)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.prompt)
        layout.addWidget(self.reason_edit)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            QShortcut(QKeySequence(Qt.KeyboardModifier.ControlModifier | key), self, self._on_accepted)
        self.setMinimumWidth(460)

    @property
    def ok_button(self) -> QPushButton:
        button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        assert button is not None
        return button

    @Slot()
    def _on_accepted(self) -> None:
        if not self.ok_button.isEnabled():
            return
        reason = self.reason_edit.toPlainText()
        action = self._action
        self.error.hide()
        self.ok_button.setEnabled(False)
        (Op(self, lambda: action(reason), write=True)
         .on_success(self._on_succeeded)
         .on_failure(self._on_failed)
         .run())

    def _on_succeeded(self, result: object) -> None:
        self.ok_button.setEnabled(True)
        self.succeeded.emit(result)
        self.accept()

    def _on_failed(self, error: UserError) -> None:
        self.ok_button.setEnabled(True)
        self.error.setText(error.message)
        self.error.show()
        self.reason_edit.setFocus(Qt.FocusReason.OtherFocusReason)


class ApprovalsPage(QWidget):
    """The approvals area.

    Signals:
        changed: a request was decided, withdrawn or proposed here (the badges count again).
        loaded: the list of requests arrived and is shown.
        request_shown: the chosen request (or none) is shown beside the list.
        form_written(str): the request's form was written to this PDF (and opened).
    """

    changed = Signal()
    loaded = Signal()
    request_shown = Signal()
    form_written = Signal(str)

    def __init__(self, services: AppServices, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("approvalsPage")
        self._services = services
        self._actor = actor
        self.may_approve = actor.can(Permission.CLIENTS_APPROVE)
        self.may_look = actor.can(Permission.CLIENTS_VIEW)
        self.requests: list[RequestSummary] = []
        self.ready = False  # the first list has arrived
        self._lookups: Lookups | None = None
        self._wanted: str | None = None  # the request whose details are being read
        self._keep: str | None = None  # the request to select again after a refresh
        self._shown_once = False
        self.reason_dialog: ReasonDialog | None = None
        self.duplicates_dialog: QDialog | None = None

        self._title = QLabel(self)
        self._title.setObjectName("pageTitle")
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        self.intro.setStyleSheet(f"color: {Colours.MUTED};")
        self._no_access = QLabel(self)
        self._no_access.setWordWrap(True)

        self._status_label = QLabel(self)
        self.status_combo = QComboBox(self)
        for status, _text in STATUS_FILTERS:
            self.status_combo.addItem("", status)
        self._status_label.setBuddy(self.status_combo)
        self._batch_label = QLabel(self)
        self.batch_combo = QComboBox(self)
        self.batch_combo.setMinimumContentsLength(18)
        self.batch_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self._batch_label.setBuddy(self.batch_combo)
        self.duplicates_button = QPushButton(self)
        self.refresh_button = QPushButton(self)

        self.table = QTableWidget(0, len(COLUMNS), self)
        self._configure_table()
        self.count_label = QLabel(self)
        self.view = RequestView(self)

        self.approve_button = QPushButton(self)
        self.approve_button.setDefault(True)
        self.reject_button = QPushButton(self)
        self.approve_batch_button = QPushButton(self)
        self.reject_batch_button = QPushButton(self)
        self.withdraw_button = QPushButton(self)
        self.print_button = QPushButton(self)
        for button in (self.approve_button, self.reject_button, self.approve_batch_button,
                       self.reject_batch_button, self.withdraw_button, self.print_button):
            button.setAutoDefault(False)
        self.notice = QLabel(self)
        self.notice.setWordWrap(True)
        self.notice.setStyleSheet(f"color: {Colours.ACCENT}; font-weight: bold;")
        self.notice.hide()
        self.message = error_label(self)

        self._build_layout()
        self._connect_signals()
        self._refresh_shortcut = QShortcut(QKeySequence(Qt.Key.Key_F5), self, self.refresh)
        if not self.may_approve:
            # A steward first wants to know what became of their requests.
            self.status_combo.setCurrentIndex(self.status_combo.findData(""))
        for widget in (self.table, self.view, self.status_combo, self.batch_combo, self.refresh_button):
            widget.setEnabled(self.may_look)
        self._no_access.setVisible(not self.may_look)
        self.duplicates_button.setVisible(actor.can(Permission.CLIENTS_PROPOSE))
        self.retranslate_ui()
        self._update_buttons()
        if self.may_look:
            self.refresh()

    def _configure_table(self) -> None:
        table = self.table
        read_only_rows(table)
        table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = table.horizontalHeader()
        # Whole names before anything stretches; the last column takes what is left.
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        header.setMinimumSectionSize(48)  # the style's minimum would widen "Create" to a name's width
        header.setHighlightSections(False)
        self._ltr = LtrDelegate(table)
        table.setItemDelegateForColumn(NUMBER, self._ltr)

    def _build_layout(self) -> None:
        top = QHBoxLayout()
        top.addWidget(self._title)
        top.addStretch(1)
        top.addWidget(self.duplicates_button)

        filters = QHBoxLayout()
        filters.addWidget(self._status_label)
        filters.addWidget(self.status_combo)
        filters.addSpacing(12)
        filters.addWidget(self._batch_label)
        filters.addWidget(self.batch_combo)
        filters.addStretch(1)
        filters.addWidget(self.count_label)
        filters.addWidget(self.refresh_button)

        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(filters)
        left_layout.addWidget(self.table, 1)

        decisions = QHBoxLayout()
        for button in (self.approve_button, self.reject_button, self.approve_batch_button,
                       self.reject_batch_button, self.withdraw_button):
            decisions.addWidget(button)
        decisions.addStretch(1)
        decisions.addWidget(self.print_button)
        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.view, 1)
        right_layout.addLayout(decisions)

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(left)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 1)


        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.intro)
        layout.addWidget(self._no_access)
        layout.addWidget(self.splitter, 1)
        layout.addWidget(self.notice)
        layout.addWidget(self.message)

    def _connect_signals(self) -> None:
        self.status_combo.activated.connect(self._on_status_combo_activated)
        self.batch_combo.activated.connect(self._on_batch_combo_activated)
        self.table.currentCellChanged.connect(self._on_table_current_cell_changed)
        self.refresh_button.clicked.connect(self.refresh)
        self.duplicates_button.clicked.connect(self.open_duplicates)
        self.approve_button.clicked.connect(self.approve_selected)
        self.reject_button.clicked.connect(self.reject_selected)
        self.approve_batch_button.clicked.connect(self.approve_batch)
        self.reject_batch_button.clicked.connect(self.reject_batch)
        self.withdraw_button.clicked.connect(self.withdraw_selected)
        self.print_button.clicked.connect(self.print_form)

    # --- texts ----------------------------------------------------------------------------
    def retranslate_ui(self) -> None:
        self._title.setText(_("Approvals"))
        if self.may_approve:
            self.intro.setText(_("Requests to create, change or merge clients wait here for your decision; "
                                 "only an approved request changes the client registry."))
        else:
            self.intro.setText(_("Your requests to create, change or merge clients, and the relations "
                                 "manager's decisions."))
        self._no_access.setText(_("Your role does not give access to the client registry."))
        self._status_label.setText(_("Status:"))
        for i, (_status, text) in enumerate(STATUS_FILTERS):
            self.status_combo.setItemText(i, _(text))
        self._batch_label.setText(_("Import batch:"))
        if self.batch_combo.count():
            self.batch_combo.setItemText(0, _("All requests"))
        self.duplicates_button.setText(_("Find duplicates…"))
        self.duplicates_button.setToolTip(_("Look for clients registered twice, and propose merging them"))
        self.refresh_button.setText(_("Refresh"))
        self.refresh_button.setToolTip(_("Read the requests again (F5)"))
        self.approve_button.setText(_("Approve"))
        self.reject_button.setText(_("Reject…"))
        self.approve_batch_button.setText(_("Approve the whole batch"))
        self.reject_batch_button.setText(_("Reject the whole batch…"))
        self.withdraw_button.setText(_("Withdraw"))
        self.withdraw_button.setToolTip(_("Take back this request before it is decided"))
        self.print_button.setText(_("Print form"))
        self.print_button.setToolTip(_("The paper client form of this request, for signing and filing"))
        self.table.setHorizontalHeaderLabels([_(c) for c in COLUMNS])
        self._fill_table()
        self.count_label.setText(requests_text(self.table.rowCount()))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def showEvent(self, event: QShowEvent) -> None:
        # Coming back to the page: requests came and went meanwhile.
        if self._shown_once and self.may_look and not event.spontaneous():
            self.refresh()
        if not self._shown_once:
            # The list gets more than half: its columns are many, the view's rows wrap.
            width = self.splitter.width()
            self.splitter.setSizes([width * 55 // 100, width - width * 55 // 100])
        self._shown_once = True
        super().showEvent(event)

    # --- the list ---------------------------------------------------------------------------
    @Slot(int)
    def _on_status_combo_activated(self, _index: int) -> None:
        self.refresh()

    @Slot(int)
    def _on_batch_combo_activated(self, _index: int) -> None:
        selected = self.selected_summary()
        self._show_rows(selected.number if selected else None)

    def status_filter(self) -> str:
        return str(self.status_combo.currentData() or "")

    def set_status_filter(self, status: str) -> None:
        """Show the requests with ``status`` ("" for all) and read them."""
        self.status_combo.setCurrentIndex(max(self.status_combo.findData(status), 0))
        self.refresh()

    def batch_filter(self) -> str:
        data = self.batch_combo.currentData()
        return ALL_BATCHES if data is None else str(data)

    def set_batch_filter(self, batch: str) -> None:
        index = self.batch_combo.findData(batch)
        if index >= 0:
            self.batch_combo.setCurrentIndex(index)
            self._show_rows(keep=None)

    def refresh(self) -> None:
        """Read the requests again, keeping the chosen one chosen if it is still listed."""
        if not self.may_look:
            return
        selected = self.selected_summary()
        self._keep = selected.number if selected else self._keep
        services, actor, status = self._services, self._actor, self.status_filter()
        mine_only = not self.may_approve
        (Op(self, lambda: load_requests(services, actor, status, mine_only))
         .on_success(self._on_requests_loaded)
         .on_failure(self._show_error)
         .run())

    def _on_requests_loaded(self, requests: list[RequestSummary]) -> None:
        self.requests = requests
        self.ready = True
        self._fill_batches()
        keep, self._keep = self._keep, None
        self._show_rows(keep)
        self.loaded.emit()

    def _fill_batches(self) -> None:
        current = self.batch_filter()
        counts: dict[str, int] = {}
        for r in self.requests:
            if r.batch:
                counts[r.batch] = counts.get(r.batch, 0) + 1
        self.batch_combo.blockSignals(True)
        self.batch_combo.clear()
        self.batch_combo.addItem(_("All requests"), ALL_BATCHES)
        for batch, n in counts.items():
            text = _("{batch} ({n})").format(batch=batch_label(batch), n=digits(str(n)))
            self.batch_combo.addItem(text, batch)
        self.batch_combo.setCurrentIndex(max(self.batch_combo.findData(current), 0))
        self.batch_combo.blockSignals(False)
        self._batch_label.setVisible(bool(counts))
        self.batch_combo.setVisible(bool(counts))

    def shown_requests(self) -> list[RequestSummary]:
        batch = self.batch_filter()
        return [r for r in self.requests if batch == ALL_BATCHES or r.batch == batch]

    def _show_rows(self, keep: str | None) -> None:
        previous_row = self.table.currentRow()
        self._fill_table()
        self.count_label.setText(requests_text(self.table.rowCount()))
        rows = self.shown_requests()
        if not rows:
            self._show_request(None)
            return
        numbers = [r.number for r in rows]
        # A request that left the list (decided) gives its place to the next one.
        row = numbers.index(keep) if keep in numbers else min(max(previous_row, 0), len(rows) - 1)
        self.select_row(row)

    def _fill_table(self) -> None:
        rows = self.shown_requests()
        table = self.table
        table.blockSignals(True)
        table.clearSelection()
        table.setRowCount(len(rows))
        warn = QBrush(QColor(WARNING_COLOUR))
        for r, s in enumerate(rows):
            cells = (
                s.number,
                action_label(s.action),
                s.client_name or NO_VALUE,
                s.proposed_by_name or s.proposed_by,
                format_gregorian(s.proposed_at.astimezone()),  # the day; the hover shows the rest
                digits(str(len(s.duplicates))) if s.duplicates else NO_VALUE,
                status_label(s.status),
            )
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(SUMMARY_ROLE, s)
                if c == DUPLICATES and s.duplicates:
                    item.setForeground(warn)
                    item.setToolTip(_("The proposer was warned of existing clients that may be the same: {n}")
                                    .format(n=digits(str(len(s.duplicates)))))
                if c == STATUS:
                    item.setForeground(QBrush(QColor(status_colour(s.status))))
                if c == CLIENT and s.client_number:
                    item.setToolTip(ltr(s.client_number))
                if c == PROPOSED:
                    item.setToolTip(when(s.proposed_at))
                table.setItem(r, c, item)
        # Every row says "pending" in the inbox: the column is for the other filters.
        table.setColumnHidden(STATUS, self.status_filter() == "pending")
        table.blockSignals(False)

    def select_row(self, row: int) -> None:
        if 0 <= row < self.table.rowCount():
            select_row(self.table, row)
            self._on_table_current_cell_changed(row, 0, -1, -1)

    def select_request(self, number: str) -> bool:
        """Choose the request ``number`` in the list (False if it is not listed)."""
        numbers = [r.number for r in self.shown_requests()]
        if number not in numbers:
            return False
        self.select_row(numbers.index(number))
        return True

    def selected_summary(self) -> RequestSummary | None:
        row = self.table.currentRow()
        item = self.table.item(row, NUMBER) if row >= 0 else None
        summary = item.data(SUMMARY_ROLE) if item is not None else None
        return summary if isinstance(summary, RequestSummary) else None

    @Slot(int, int, int, int)
    def _on_table_current_cell_changed(self, row: int, _column: int, previous_row: int,
                                       _previous_column: int) -> None:
        if row == previous_row and self._wanted is not None:
            return
        summary = self.selected_summary()
        self._show_request(summary.number if summary else None)

    def _show_request(self, number: str | None) -> None:
        self._wanted = number
        self._update_buttons()
        if number is None:
            self.view.clear()
            self.request_shown.emit()
            return
        services, actor, lookups = self._services, self._actor, self._lookups
        (Op(self, lambda: load_request(services, actor, number, lookups))
         .on_success(self._on_request_loaded)
         .on_failure(self._show_error)
         .run())

    def _on_request_loaded(self, bundle: RequestBundle) -> None:
        if bundle.detail.number != self._wanted:
            return  # another request was chosen meanwhile
        self._lookups = bundle.lookups
        self.view.set_request(bundle)
        self._update_buttons()
        self.request_shown.emit()

    # --- buttons ------------------------------------------------------------------------------
    def _shown_summary(self) -> RequestSummary | None:
        """The request the view shows, if it is the one chosen in the list."""
        bundle = self.view.bundle
        if bundle is None or bundle.detail.number != self._wanted:
            return None
        return bundle.summary

    def _update_buttons(self) -> None:
        s = self._shown_summary()
        pending = s is not None and s.status == "pending"
        own = s is not None and s.proposed_by.casefold() == self._actor.name.casefold()
        batch = s is not None and bool(s.batch)
        for button in (self.approve_button, self.reject_button):
            button.setVisible(self.may_approve)
            button.setEnabled(pending)
        for button in (self.approve_batch_button, self.reject_batch_button):
            button.setVisible(self.may_approve and batch)
            button.setEnabled(pending)
        self.withdraw_button.setVisible(not self.may_approve or (pending and own))
        self.withdraw_button.setEnabled(pending and own)
        self.print_button.setEnabled(s is not None and form_available())

    # --- deciding --------------------------------------------------------------------------------
    @Slot()
    def approve_selected(self) -> None:
        """Approve the chosen request; the service refuses a steward, or the request's own author."""
        s = self._shown_summary()
        if s is None:
            return
        services, actor, number = self._services, self._actor, s.number
        self._clear_messages()
        self.approve_button.setEnabled(False)

        def approved(detail: RequestDetail) -> None:
            if detail.summary.client_number:
                text = _("The request {number} was approved (client {client}).").format(
                    number=ltr(number), client=ltr(detail.summary.client_number))
            else:
                text = _("The request {number} was approved.").format(number=ltr(number))
            self._decided(text)

        (Op(self, lambda: services.client_requests.approve(actor, number), write=True)
         .on_success(approved)
         .on_failure(self._on_decision_failed)
         .run())

    @Slot()
    def reject_selected(self) -> None:
        """Ask the reason, then reject the chosen request."""
        s = self._shown_summary()
        if s is None or self.reason_dialog is not None:
            return
        services, actor, number = self._services, self._actor, s.number
        self._clear_messages()
        dialog = ReasonDialog(
            _("Reject the request {number}").format(number=ltr(number)),
            _("Why is this request rejected? The reason is shown to {user}.").format(
                user=s.proposed_by_name or s.proposed_by),
            lambda reason: services.client_requests.reject(actor, number, reason), self)
        dialog.succeeded.connect(lambda _detail: self._decided(
            _("The request {number} was rejected.").format(number=ltr(number))))
        self._open_reason_dialog(dialog)

    @Slot()
    def approve_batch(self) -> None:
        s = self._shown_summary()
        if s is None or not s.batch:
            return
        batch = s.batch
        n = sum(1 for r in self.requests if r.batch == batch and r.status == "pending")
        question = ngettext("Approve the {n} pending request of the import “{batch}”?",
                            "Approve the {n} pending requests of the import “{batch}”?", n)
        if not confirm(self, _("Approve the whole batch"),
                       question.format(n=digits(str(n)), batch=batch_label(batch))):
            return
        services, actor = self._services, self._actor
        self._clear_messages()
        self.approve_batch_button.setEnabled(False)

        def approved(count: int) -> None:
            self._decided(ngettext("{n} request was approved.", "{n} requests were approved.", count)
                          .format(n=digits(str(count))))

        (Op(self, lambda: services.client_requests.approve_batch(actor, batch), write=True)
         .on_success(approved)
         .on_failure(self._on_decision_failed)
         .run())

    @Slot()
    def reject_batch(self) -> None:
        s = self._shown_summary()
        if s is None or not s.batch or self.reason_dialog is not None:
            return
        services, actor, batch = self._services, self._actor, s.batch
        self._clear_messages()
        dialog = ReasonDialog(
            _("Reject the whole batch"),
            _("Why are the requests of the import “{batch}” rejected?").format(batch=batch_label(batch)),
            lambda reason: services.client_requests.reject_batch(actor, batch, reason), self)
        dialog.succeeded.connect(lambda count: self._decided(
            ngettext("{n} request was rejected.", "{n} requests were rejected.", int(count))
            .format(n=digits(str(count)))))
        self._open_reason_dialog(dialog)

    @Slot()
    def withdraw_selected(self) -> None:
        s = self._shown_summary()
        if s is None:
            return
        services, actor, number = self._services, self._actor, s.number
        self._clear_messages()
        self.withdraw_button.setEnabled(False)
        (Op(self, lambda: services.client_requests.withdraw(actor, number), write=True)
         .on_success(lambda _d: self._decided(_("The request {number} was withdrawn.").format(
             number=ltr(number))))
         .on_failure(self._on_decision_failed)
         .run())

    def _open_reason_dialog(self, dialog: ReasonDialog) -> None:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(self._on_reason_dialog_finished)
        self.reason_dialog = dialog
        dialog.open()

    @Slot(int)
    def _on_reason_dialog_finished(self, _result: int) -> None:
        self.reason_dialog = None

    def _decided(self, text: str) -> None:
        self.notice.setText(text)
        self.notice.show()
        self.changed.emit()
        self.refresh()

    def _on_decision_failed(self, error: UserError) -> None:
        self._update_buttons()
        self._show_error(error)

    # --- printing and duplicates ----------------------------------------------------------------
    @Slot()
    def print_form(self) -> None:
        bundle = self.view.bundle
        if bundle is None or not form_available():
            return
        number = bundle.detail.number
        folder = Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
                      or Path.home())
        path = choose_pdf_path(self, folder / f"{labels.safe_file_part(number)}.pdf")
        if path is None:
            return
        services, detail = self._services, bundle.detail
        self._clear_messages()
        self.print_button.setEnabled(False)

        def written(result: Path) -> None:
            self._update_buttons()
            self.notice.setText(_("The form was saved: {path}").format(path=ltr(str(result))))
            self.notice.show()
            labels.open_document(result)
            self.form_written.emit(str(result))

        (Op(self, lambda: write_request_form(services, detail, path))
         .on_success(written)
         .on_failure(self._on_decision_failed)
         .run())

    @Slot()
    def open_duplicates(self) -> None:
        """The scan of likely duplicate clients (a merge proposed there lands in this list)."""
        if self.duplicates_dialog is not None:
            self.duplicates_dialog.raise_()
            return
        from ui.clients.duplicates_dialog import DuplicatesDialog

        dialog = DuplicatesDialog(self._services, self._actor, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.merge_proposed.connect(self._on_merge_proposed)
        dialog.finished.connect(self._on_duplicates_dialog_finished)
        self.duplicates_dialog = dialog
        dialog.open()

    @Slot(object)
    def _on_merge_proposed(self, _detail: object) -> None:
        self.changed.emit()
        self.refresh()

    @Slot(int)
    def _on_duplicates_dialog_finished(self, _result: int) -> None:
        self.duplicates_dialog = None

    # --- messages ---------------------------------------------------------------------------------
    def _clear_messages(self) -> None:
        self.notice.hide()
        self.message.hide()

    def _show_error(self, error: UserError) -> None:
        self.message.setText(error.message)
        self.message.show()
