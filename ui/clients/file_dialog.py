"""The client file (ملف العميل): one client and everything linked to it.

The header names the client (number, kinds, status), says when a change waits
for approval, and for a merged client's tombstone which client it was merged
into (with a button that opens that one). The tabs: every field of the record,
its history of changes, its complaints (a double click opens one), its
donations and pledges with their totals, its change requests (a double click
shows the old and new values), and the survey responses and opportunities that
later work links to it.

"Propose a change" opens the client form on this client; "Print form" saves
the client's data on the paper form. Everything is read off the UI thread.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from PySide6.QtCore import QEvent, QModelIndex, Qt, Signal, Slot
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.clients.fields import FIELDS
from app.clients.records import ClientDetail, ClientFile, LinkedItem, RequestDetail
from app.complaints.vocab import STATUSES as COMPLAINT_STATUSES
from app.complaints.vocab import label as complaint_label
from app.errors import UserError
from app.i18n import N_, _
from app.services.app_services import AppServices
from app.services.context import Actor
from app.services.roles import Permission
from app.text.bidi import FSI, PDI
from ui.audit.history_widget import RecordHistoryWidget
from ui.clients import labels
from ui.clients.editor_dialog import FORM_MODULE, choose_pdf_path
from ui.clients.labels import (
    NO_VALUE,
    ClientVocab,
    amount_text,
    badge_style,
    contribution_kind_label,
    day,
    field_label,
    leading,
    ltr,
    method_label,
    number_text,
    request_action_label,
    request_status_colour,
    request_status_label,
    status_colour,
    status_label,
    value_text,
    when,
)
from ui.common.ops import Op
from ui.common.widgets import error_label, read_only_rows
from ui.theme import Colours

COMPLAINT_COLUMNS = (N_("Reference"), N_("Received on"), N_("Status"), N_("Summary"))
CONTRIBUTION_COLUMNS = (N_("Date"), N_("Kind"), N_("Amount"), N_("Programme"), N_("Payment method"),
                        N_("Receipt"))
REQUEST_COLUMNS = (N_("Request number"), N_("Type"), N_("Status"), N_("Proposed by"), N_("Proposed on"),
                   N_("Decided by"))
CHANGE_COLUMNS = (N_("Field"), N_("Before"), N_("After"))
TAB_TITLES = {
    "data": N_("Data"), "history": N_("History"), "complaints": N_("Complaints"),
    "contributions": N_("Contributions"), "requests": N_("Requests"), "survey": N_("Survey responses"),
    "opportunity": N_("Opportunities"),
}
DATA_ROWS = ("number", *FIELDS, "created", "updated")
EXTRA_LABELS = {"created": N_("Registered on"), "updated": N_("Last changed on")}
NONE_YET = N_("None yet.")


def write_client_form(services: AppServices, detail: ClientDetail, path: Path) -> Path:
    """Runs in an Op: the client's current data on the paper form, as a PDF at ``path``."""
    from app.clients import form_pdf  # ReportLab loads only when printing

    return form_pdf.write_client_form(services, form_pdf.form_from_client(services, detail), path)


def _table(parent: QWidget, columns: int) -> QTableWidget:
    table = QTableWidget(0, columns, parent)
    read_only_rows(table)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setStretchLastSection(True)
    return table


def _item(text: str, *, ltr_text: bool = False, data: str | None = None) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    if ltr_text:
        item.setText(ltr(text) if text else "")
    if data is not None:
        item.setData(Qt.ItemDataRole.UserRole, data)
    return item


class RequestChangesDialog(QDialog):
    """One change request: its fields' old and new values, its note and its decision."""

    loaded = Signal()

    def __init__(self, services: AppServices, actor: Actor, number: str, vocab: ClientVocab,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._vocab = vocab
        self.number = number
        self.detail: RequestDetail | None = None
        self.heading = QLabel(self)
        self.heading.setObjectName("pageTitle")
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.table = _table(self, len(CHANGE_COLUMNS))
        self.table.setWordWrap(True)
        self.note = QLabel(self)
        self.note.setWordWrap(True)
        self.error = error_label(self)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.note)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.resize(720, 480)
        self.retranslate_ui()
        requests = services.client_requests
        (Op(self, lambda: requests.detail(actor, number))
         .on_success(self._on_loaded)
         .on_failure(self._on_failed)
         .run())

    def retranslate_ui(self) -> None:
        self.setWindowTitle(_("Change request {number}").format(number=ltr(self.number)))
        self.heading.setText(self.windowTitle())
        self.table.setHorizontalHeaderLabels([_(t) for t in CHANGE_COLUMNS])
        self._fill()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def rows(self) -> list[tuple[str, ...]]:
        """(field, before, after) as shown."""
        return [tuple(item.text() if (item := self.table.item(r, c)) is not None else "" for c in range(3))
                for r in range(self.table.rowCount())]

    def _on_loaded(self, detail: RequestDetail) -> None:
        self.detail = detail
        self._fill()
        self.loaded.emit()

    def _on_failed(self, error: UserError) -> None:
        self.error.setText(error.message)
        self.error.show()

    def _fill(self) -> None:
        detail = self.detail
        if detail is None:
            return
        s = detail.summary
        author = f"{FSI}{s.proposed_by_name or s.proposed_by}{PDI}"
        parts = [request_action_label(s.action), request_status_label(s.status),
                 _("proposed by {name} on {when}").format(name=author, when=when(s.proposed_at))]
        if s.decided_at is not None:
            parts.append(_("decided by {name} on {when}").format(
                name=f"{FSI}{s.decided_by_name or s.decided_by}{PDI}", when=when(s.decided_at)))
        if detail.other_number:
            parts.append(_("merges {number} ({name}) into this client").format(
                number=ltr(detail.other_number), name=f"{FSI}{detail.other_name}{PDI}"))
        self.summary.setText(_(" · ").join(parts))
        changes = [c for c in detail.changes if s.action != "create" or c.new not in (None, "", [], False)]
        self.table.setRowCount(len(changes))
        for row, change in enumerate(changes):
            self.table.setItem(row, 0, _item(field_label(change.field)))
            old = value_text(self._vocab, change.field, change.old) if change.old is not None else ""
            self.table.setItem(row, 1, _item(old or NO_VALUE))
            self.table.setItem(row, 2, _item(value_text(self._vocab, change.field, change.new) or NO_VALUE))
        notes = []
        if detail.note:
            notes.append(_("Note: {text}").format(text=detail.note))
        if detail.reason:
            notes.append(_("Reason for the rejection: {text}").format(text=detail.reason))
        self.note.setText("\n".join(notes))
        self.note.setVisible(bool(notes))


class ClientFileDialog(QDialog):
    """Signals:
        loaded: the client file was (re)read and shown.
        changed: a change was proposed, or a contribution added, from here.
        form_written(str): the client's form was saved to this PDF.
    """

    loaded = Signal()
    changed = Signal()
    form_written = Signal(str)

    def __init__(self, services: AppServices, actor: Actor, number: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self._actor = actor
        self.number = number
        self.vocab = ClientVocab()
        self.file: ClientFile | None = None
        self.may_propose = False
        self.editor_dialog: QDialog | None = None
        self.contribution_dialog: QDialog | None = None
        self.complaint_dialog: QDialog | None = None
        self.request_dialog: RequestChangesDialog | None = None
        self.history: RecordHistoryWidget | None = None
        self.setObjectName("clientFile")
        self.setMinimumSize(980, 640)

        # --- the header --------------------------------------------------------------------
        header = QFrame(self)
        header.setObjectName("dialogHeader")
        self.title = QLabel(header)
        self.title.setObjectName("dialogTitle")
        self.subtitle = QLabel(header)
        self.subtitle.setObjectName("dialogSubtitle")
        self.status_badge = QLabel(header)
        titles = QVBoxLayout()
        titles.addWidget(self.title)
        titles.addWidget(self.subtitle)
        header_layout = QHBoxLayout(header)
        header_layout.setContentsMargins(18, 12, 18, 12)
        header_layout.addLayout(titles, 1)
        header_layout.addWidget(self.status_badge, 0, Qt.AlignmentFlag.AlignTop)

        self.merged_label = QLabel(self)
        self.merged_label.setWordWrap(True)
        self.open_kept_button = QPushButton(self)
        self.open_kept_button.setAutoDefault(False)
        self.merged_box = QFrame(self)
        merged = QHBoxLayout(self.merged_box)
        merged.setContentsMargins(12, 6, 12, 6)
        merged.addWidget(self.merged_label, 1)
        merged.addWidget(self.open_kept_button)
        self.merged_box.setStyleSheet("QFrame { background: #fdecea; border-radius: 6px; }")
        self.merged_box.hide()
        self.pending_label = QLabel(self)
        self.pending_label.setWordWrap(True)
        self.pending_label.setStyleSheet("QLabel { background: #fff6dd; color: #7a4a00; border-radius: 6px; "
                                         "padding: 6px 12px; }")
        self.pending_label.hide()

        # --- the tabs ------------------------------------------------------------------------
        self.tabs = QTabWidget(self)
        self.tab_pages: dict[str, QWidget] = {}
        self.tabs.addTab(self._build_data_tab(), "")
        self.history_page = QWidget(self)
        self.history_layout = QVBoxLayout(self.history_page)
        self.tabs.addTab(self.history_page, "")
        self.complaints_page = QWidget(self)
        self.complaints_table = _table(self.complaints_page, len(COMPLAINT_COLUMNS))
        self.complaints_note = QLabel(self.complaints_page)
        self.complaints_note.setStyleSheet(f"color: {Colours.MUTED};")
        page_layout = QVBoxLayout(self.complaints_page)
        page_layout.addWidget(self.complaints_table, 1)
        page_layout.addWidget(self.complaints_note)
        self.tabs.addTab(self.complaints_page, "")
        self.tabs.addTab(self._build_contributions_tab(), "")
        self.requests_page = QWidget(self)
        self.requests_table = _table(self.requests_page, len(REQUEST_COLUMNS))
        self.requests_note = QLabel(self.requests_page)
        self.requests_note.setStyleSheet(f"color: {Colours.MUTED};")
        page_layout = QVBoxLayout(self.requests_page)
        page_layout.addWidget(self.requests_table, 1)
        page_layout.addWidget(self.requests_note)
        self.tabs.addTab(self.requests_page, "")
        self.link_lists: dict[str, QListWidget] = {}
        self.link_notes: dict[str, QLabel] = {}
        for kind in ("survey", "opportunity"):
            page = QWidget(self)
            lst = QListWidget(page)
            note = QLabel(page)
            note.setStyleSheet(f"color: {Colours.MUTED};")
            page_layout = QVBoxLayout(page)
            page_layout.addWidget(note)
            page_layout.addWidget(lst, 1)
            self.link_lists[kind], self.link_notes[kind] = lst, note
            self.tabs.addTab(page, "")
        self._tab_keys = list(TAB_TITLES)

        # --- the buttons ---------------------------------------------------------------------
        self.error = error_label(self)
        self.notice = QLabel(self)
        self.notice.setWordWrap(True)
        self.notice.hide()
        self.propose_button = self._button(self.propose_change)
        self.propose_button.setEnabled(False)
        self.print_button = self._button(self._on_print_clicked)
        self.print_button.setEnabled(False)
        self.close_button = self._button(self.accept)
        self.interests_button = self._button(self.open_interests)  # donors only, shown by _show
        self.interests_button.hide()
        buttons = QHBoxLayout()
        buttons.addWidget(self.propose_button)
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.interests_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        content = QVBoxLayout()
        content.setContentsMargins(16, 10, 16, 12)
        content.addWidget(self.merged_box)
        content.addWidget(self.pending_label)
        content.addWidget(self.tabs, 1)
        content.addWidget(self.notice)
        content.addWidget(self.error)
        content.addLayout(buttons)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(header)
        layout.addLayout(content, 1)

        self.open_kept_button.clicked.connect(self.open_kept)
        # Activated: a double click, or Enter on the row.
        self.complaints_table.activated.connect(self._on_complaint_activated)
        self.requests_table.activated.connect(self._on_request_activated)
        self.add_contribution_button.clicked.connect(self.add_contribution)
        self.retranslate_ui()
        self.reload()

    def _button(self, slot: object) -> QPushButton:
        button = QPushButton(self)
        button.setAutoDefault(False)
        button.clicked.connect(slot)
        return button

    def _build_data_tab(self) -> QWidget:
        inner = QWidget(self)
        grid = QGridLayout(inner)
        grid.setHorizontalSpacing(16)
        grid.setVerticalSpacing(8)
        grid.setColumnStretch(1, 1)
        self.data_labels: dict[str, QLabel] = {}
        self.data_values: dict[str, QLabel] = {}
        for row, key in enumerate(DATA_ROWS):
            name = QLabel(inner)
            name.setStyleSheet(f"color: {Colours.MUTED};")
            value = QLabel(inner)
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            grid.addWidget(name, row, 0, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(value, row, 1, Qt.AlignmentFlag.AlignTop)
            self.data_labels[key], self.data_values[key] = name, value
        grid.setRowStretch(len(DATA_ROWS), 1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(inner)
        return scroll

    def _build_contributions_tab(self) -> QWidget:
        page = QWidget(self)
        self.totals_label = QLabel(page)
        self.totals_label.setStyleSheet("font-weight: bold;")
        self.add_contribution_button = QPushButton(page)
        self.add_contribution_button.setAutoDefault(False)
        self.add_contribution_button.setEnabled(False)
        top = QHBoxLayout()
        top.addWidget(self.totals_label, 1)
        top.addWidget(self.add_contribution_button)
        self.contributions_table = _table(page, len(CONTRIBUTION_COLUMNS))
        layout = QVBoxLayout(page)
        layout.addLayout(top)
        layout.addWidget(self.contributions_table, 1)
        return page

    # --- texts -----------------------------------------------------------------------------------
    def retranslate_ui(self) -> None:
        self.setWindowTitle(_("Client file"))
        self.propose_button.setText(_("Propose a change…"))
        self.print_button.setText(_("Print form…"))
        self.print_button.setToolTip(_("Save the client's data on the client form (PDF)"))
        self.close_button.setText(_("Close"))
        self.interests_button.setText(_("Funding interests…"))
        self.add_contribution_button.setText(_("Add contribution…"))
        self.complaints_table.setHorizontalHeaderLabels([_(t) for t in COMPLAINT_COLUMNS])
        self.contributions_table.setHorizontalHeaderLabels([_(t) for t in CONTRIBUTION_COLUMNS])
        self.requests_table.setHorizontalHeaderLabels([_(t) for t in REQUEST_COLUMNS])
        for key in DATA_ROWS:
            text = _(EXTRA_LABELS[key]) if key in EXTRA_LABELS else field_label(key)
            self.data_labels[key].setText(text)
        self._show()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def tab_index(self, key: str) -> int:
        return self._tab_keys.index(key)

    # --- loading -----------------------------------------------------------------------------------
    @Slot()
    def reload(self) -> None:
        services, actor, number = self._services, self._actor, self.number

        def read() -> tuple[ClientVocab, ClientFile, bool]:
            return (labels.load_vocab(services, actor), services.clients.file(actor, number),
                    services.client_requests.may_propose(actor))

        Op(self, read).on_success(self._on_loaded).on_failure(self._on_failed).run()

    def _on_loaded(self, result: tuple[ClientVocab, ClientFile, bool]) -> None:
        self.vocab, self.file, self.may_propose = result
        live = self.file.client.merged_into is None
        self.propose_button.setEnabled(self.may_propose and live)
        self.add_contribution_button.setEnabled(self._actor.can(Permission.CLIENTS_PROPOSE) and live)
        self.print_button.setEnabled(labels.module_available(FORM_MODULE))
        self._ensure_history(self.file.client.id)
        self.error.hide()
        self._show()
        self.loaded.emit()

    def _on_failed(self, error: UserError) -> None:
        self.error.setText(error.message)
        self.error.show()

    def _ensure_history(self, record_id: str) -> None:
        if self.history is not None and self.history.record_id == record_id:
            self.history.reload()
            return
        if self.history is not None:
            self.history_layout.removeWidget(self.history)
            self.history.deleteLater()
        self.history = RecordHistoryWidget(self._services, self._actor, "clients", record_id,
                                           self.history_page)
        self.history_layout.addWidget(self.history)

    # --- showing -------------------------------------------------------------------------------------
    def _show(self) -> None:
        f = self.file
        if f is None:
            self.title.setText(_("Client {number}").format(number=ltr(self.number)))
            for i, key in enumerate(self._tab_keys):
                self.tabs.setTabText(i, _(TAB_TITLES[key]))
            return
        client, vocab = f.client, self.vocab
        values = client.values
        self.interests_button.setVisible("donor" in values["kinds"] and client.merged_into is None
                                         and self._actor.can(Permission.OPPORTUNITIES_MANAGE))
        self.title.setText(leading(client.name))
        parts = [ltr(client.number)]
        if values["kinds"]:
            parts.append(vocab.kinds_text(values["kinds"]))
        if values["entity"] == "organisation":
            parts.append(labels.entity_label("organisation"))
        self.subtitle.setText(leading(_(" · ").join(parts)))
        status = "merged" if client.merged_into else values["status"]
        self.status_badge.setText(_("Merged") if client.merged_into else status_label(status))
        colour = Colours.ERROR if client.merged_into else status_colour(status)
        self.status_badge.setStyleSheet(badge_style(colour))
        self.merged_box.setVisible(client.merged_into is not None)
        if client.merged_into:
            text = _("This client was merged into {number}; its records moved there.")
            self.merged_label.setText(text.format(number=ltr(client.merged_into)))
            self.open_kept_button.setText(_("Open {number}").format(number=ltr(client.merged_into)))
        self.pending_label.setVisible(client.pending_request is not None)
        if client.pending_request:
            self.pending_label.setText(_("A change is waiting for approval: {number}").format(
                number=ltr(client.pending_request)))

        for key in DATA_ROWS:
            if key == "number":
                text = ltr(client.number)
            elif key == "created":
                text = when(client.created_at)
            elif key == "updated":
                text = when(client.updated_at)
            else:
                text = value_text(vocab, key, values.get(key))
            self.data_values[key].setText(leading(text or NO_VALUE))  # an ID or a mobile on the leading side

        self._fill_complaints(f)
        self._fill_contributions(f)
        self._fill_requests(f)
        for kind, lst in self.link_lists.items():
            items: tuple[LinkedItem, ...] = f.other_links.get(kind, ())
            lst.clear()
            for link in items:
                # The number first (a form or opportunity number), as the paper and the board show it.
                number = ltr(link.reference) if link.reference else ""
                cells = (number, link.title, link.status, _at_text(link.at))
                lst.addItem(_(" · ").join(p for p in cells if p))
            self.link_notes[kind].setText(_(NONE_YET) if not items else "")
            self.link_notes[kind].setVisible(not items)
        counts = {"complaints": f.complaints_total, "contributions": len(f.contributions),
                  "requests": len(f.requests), "survey": len(f.other_links.get("survey", ())),
                  "opportunity": len(f.other_links.get("opportunity", ()))}
        for i, key in enumerate(self._tab_keys):
            title = _(TAB_TITLES[key])
            if counts.get(key):
                title = _("{title} ({n})").format(title=title, n=number_text(counts[key]))
            self.tabs.setTabText(i, title)

    def _fill_complaints(self, f: ClientFile) -> None:
        table = self.complaints_table
        table.setRowCount(len(f.complaints))
        for row, c in enumerate(f.complaints):
            table.setItem(row, 0, _item(c.reference, ltr_text=True, data=c.reference))
            table.setItem(row, 1, _item(_at_text(c.at)))
            table.setItem(row, 2, _item(complaint_label(COMPLAINT_STATUSES, c.status)))
            table.setItem(row, 3, _item(c.title))
        if not f.complaints:
            self.complaints_note.setText(_(NONE_YET))
        elif f.complaints_total > len(f.complaints):
            self.complaints_note.setText(_("The latest {shown} of {total} complaints.").format(
                shown=number_text(len(f.complaints)), total=number_text(f.complaints_total)))
        else:
            self.complaints_note.setText("")
        self.complaints_note.setVisible(bool(self.complaints_note.text()))

    def _fill_contributions(self, f: ClientFile) -> None:
        self.totals_label.setText(_("Donated: {donated} · Pledged: {pledged}").format(
            donated=amount_text(f.contributed_halalas), pledged=amount_text(f.pledged_halalas)))
        table = self.contributions_table
        table.setRowCount(len(f.contributions))
        for row, c in enumerate(f.contributions):
            table.setItem(row, 0, _item(day(c.given_on)))
            table.setItem(row, 1, _item(contribution_kind_label(c.kind)))
            amount = _item(amount_text(c.amount_halalas))
            amount.setTextAlignment(Qt.AlignmentFlag.AlignTrailing | Qt.AlignmentFlag.AlignVCenter)
            table.setItem(row, 2, amount)
            table.setItem(row, 3, _item(c.programme or NO_VALUE))
            table.setItem(row, 4, _item(method_label(c.method) or NO_VALUE))
            table.setItem(row, 5, _item(c.receipt, ltr_text=True))

    def _fill_requests(self, f: ClientFile) -> None:
        table = self.requests_table
        table.setRowCount(len(f.requests))
        for row, r in enumerate(f.requests):
            table.setItem(row, 0, _item(r.number, ltr_text=True, data=r.number))
            table.setItem(row, 1, _item(request_action_label(r.action)))
            status = _item(request_status_label(r.status))
            status.setForeground(_colour(request_status_colour(r.status)))
            table.setItem(row, 2, status)
            table.setItem(row, 3, _item(r.proposed_by_name or r.proposed_by))
            table.setItem(row, 4, _item(when(r.proposed_at)))
            table.setItem(row, 5, _item(r.decided_by_name or r.decided_by or NO_VALUE))
        self.requests_note.setText(_(NONE_YET) if not f.requests else
                                   _("Double-click a request to see what it changes."))

    # --- actions ----------------------------------------------------------------------------------------
    @Slot()
    def open_kept(self) -> None:
        """Show the client this one was merged into, in this window."""
        if self.file is None or not self.file.client.merged_into:
            return
        self.number = self.file.client.merged_into
        self.file = None
        self._show()
        self.reload()

    @Slot()
    def propose_change(self) -> None:
        if self.file is None or not self.propose_button.isEnabled() or self.editor_dialog is not None:
            return
        from ui.clients.editor_dialog import ClientEditorDialog

        dialog = ClientEditorDialog(self._services, self._actor, self.file.client.number, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.sent.connect(self._on_changed)
        dialog.finished.connect(self._on_editor_finished)
        self.editor_dialog = dialog
        dialog.open()

    @Slot()
    def add_contribution(self) -> None:
        if self.file is None or not self.add_contribution_button.isEnabled():
            return
        from ui.clients.contribution_dialog import ContributionDialog

        dialog = ContributionDialog(self._services, self._actor, self.file.client.number, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.added.connect(self._on_changed)
        dialog.finished.connect(self._on_contribution_finished)
        self.contribution_dialog = dialog
        dialog.open()

    @Slot()
    def open_interests(self) -> None:
        """The donor's funding interests (the pipeline suggests donors by them)."""
        if self.file is None:
            return
        from ui.pipeline.interests_dialog import InterestsDialog

        dialog = InterestsDialog(self._services, self._actor, self.file.client.number, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def open_complaint(self, reference: str) -> None:
        if not self._actor.can(Permission.COMPLAINTS_VIEW):
            return
        try:
            from ui.complaints.detail_dialog import ComplaintDialog
        except ImportError:
            return
        if self.complaint_dialog is not None:
            self.complaint_dialog.close()
        dialog = ComplaintDialog(self._services, self._actor, reference, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.changed.connect(self._on_complaint_changed)
        dialog.finished.connect(self._on_complaint_finished)
        self.complaint_dialog = dialog
        dialog.open()

    def open_request(self, number: str) -> None:
        if self.request_dialog is not None:
            self.request_dialog.close()
        dialog = RequestChangesDialog(self._services, self._actor, number, self.vocab, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(self._on_request_finished)
        self.request_dialog = dialog
        dialog.open()

    def print_form(self, path: Path | None = None) -> bool:
        """Save the client's data on the form as a PDF (asking where when ``path`` is None) and open it."""
        if self.file is None or not self.print_button.isEnabled():
            return False
        detail = self.file.client
        if path is None:
            path = choose_pdf_path(self, f"{labels.safe_file_part(detail.number)}.pdf")
            if path is None:
                return False
        services, target = self._services, path
        self.print_button.setEnabled(False)
        (Op(self, lambda: write_client_form(services, detail, target))
         .on_success(self._on_form_written)
         .on_failure(self._on_form_failed)
         .run())
        return True

    # --- slots ---------------------------------------------------------------------------------------------
    def _on_changed(self, *_args: object) -> None:
        self.reload()
        self.changed.emit()

    @Slot(str)
    def _on_complaint_changed(self, _reference: str) -> None:
        self.reload()

    @Slot(QModelIndex)
    def _on_complaint_activated(self, index: QModelIndex) -> None:
        item = self.complaints_table.item(index.row(), 0)
        if item is not None:
            self.open_complaint(str(item.data(Qt.ItemDataRole.UserRole)))

    @Slot(QModelIndex)
    def _on_request_activated(self, index: QModelIndex) -> None:
        item = self.requests_table.item(index.row(), 0)
        if item is not None:
            self.open_request(str(item.data(Qt.ItemDataRole.UserRole)))

    @Slot()
    def _on_print_clicked(self) -> None:
        self.print_form()

    def _on_form_written(self, path: Path) -> None:
        self.print_button.setEnabled(True)
        self.notice.setText(_("The form was saved: {path}").format(path=ltr(str(path))))
        self.notice.show()
        labels.open_document(path)
        self.form_written.emit(str(path))

    def _on_form_failed(self, error: UserError) -> None:
        self.print_button.setEnabled(True)
        self.error.setText(error.message)
        self.error.show()

    @Slot(int)
    def _on_editor_finished(self, _result: int) -> None:
        self.editor_dialog = None

    @Slot(int)
    def _on_contribution_finished(self, _result: int) -> None:
        self.contribution_dialog = None

    @Slot(int)
    def _on_complaint_finished(self, _result: int) -> None:
        self.complaint_dialog = None

    @Slot(int)
    def _on_request_finished(self, _result: int) -> None:
        self.request_dialog = None


def _at_text(at: datetime | date | None) -> str:
    if isinstance(at, datetime):
        return when(at)
    if isinstance(at, date):
        return day(at)
    return ""


def _colour(name: str) -> QBrush:
    return QBrush(QColor(name))
