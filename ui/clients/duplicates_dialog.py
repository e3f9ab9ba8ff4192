"""Likely duplicate clients, and the merge of two of them (seed 000 §6.1: one record per client).

The registry is scanned in the background for pairs that share a national
ID, a mobile or an email, or whose names are the same or close; each pair
shows its score and why it was found. Choosing a pair shows both clients side
by side, with the records linked to each. "Merge…" asks which client to keep,
says what will move, and proposes the merge: a change request like any other,
which the relations manager approves (an approver's own merge is applied at
once). Only the data steward, the deputy and approvers may propose one.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QEvent, Qt, Signal, Slot
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.clients.fields import FIELD_LABELS, FIELDS
from app.clients.records import ClientFile, DuplicatePair, RequestDetail
from app.errors import UserError
from app.i18n import N_, _, ngettext
from app.services.app_services import AppServices
from app.services.context import Actor
from ui.clients.request_view import (
    CHANGED_BACKGROUND,
    Lookups,
    client_text,
    leading,
    load_lookups,
    moves_text,
    reasons_text,
    value_text,
)
from ui.common.ops import Op
from ui.common.widgets import LtrDelegate, error_label, read_only_rows, select_row
from ui.complaints.labels import NO_VALUE, digits, ltr
from ui.theme import Colours

PAIR_COLUMNS = (N_("Score"), N_("Client A"), N_("Client B"), N_("Why"))
SCORE, CLIENT_A, CLIENT_B, WHY = range(len(PAIR_COLUMNS))
PAIR_ROLE = Qt.ItemDataRole.UserRole


def percent_text(score: float) -> str:
    """``0.87`` → "87%" (٨٧٪ in Arabic digits)."""
    n = round(score * 100)
    return _("{n}%").format(n=digits(str(n)))


@dataclass(frozen=True)
class Scan:
    pairs: list[DuplicatePair]
    may_propose: bool
    may_approve: bool
    lookups: Lookups


def scan(services: AppServices, actor: Actor) -> Scan:
    """Runs in an Op: the likely pairs, and what this user may do with them."""
    requests = services.client_requests
    return Scan(requests.duplicate_pairs(actor), requests.may_propose(actor), requests.may_approve(actor),
                load_lookups(services, actor))


def read_pair(services: AppServices, actor: Actor, pair: DuplicatePair) -> tuple[ClientFile, ClientFile]:
    """Runs in an Op: both clients with the records linked to each."""
    return services.clients.file(actor, pair.a_number), services.clients.file(actor, pair.b_number)


def linked_moves(file: ClientFile) -> dict[str, int]:
    """What would move from this client to the other one in a merge (the registry counts it)."""
    return dict(file.linked)


class MergeDialog(QDialog):
    """Which of the two clients to keep; what will move; then the merge request.

    Signals:
        proposed(object): the service's :class:`RequestDetail`.
    """

    proposed = Signal(object)

    def __init__(self, services: AppServices, actor: Actor, a: ClientFile, b: ClientFile,
                 may_approve: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mergeDialog")
        self._services = services
        self._actor = actor
        self._files = (a, b)
        self._may_approve = may_approve
        self.setWindowTitle(_("Merge two clients"))
        # Short lines, not wrapped: a dialog does not grow for a wrapped label's extra lines.
        self.question = QLabel(_("Which client stays? The other one is folded into it and closed."), self)
        self.keep_a = QRadioButton(client_text(a.client.number, a.client.name), self)
        self.keep_b = QRadioButton(client_text(b.client.number, b.client.name), self)
        self.group = QButtonGroup(self)
        self.group.addButton(self.keep_a, 0)
        self.group.addButton(self.keep_b, 1)
        # The one with more history usually stays.
        a_weight, b_weight = sum(linked_moves(a).values()), sum(linked_moves(b).values())
        (self.keep_b if b_weight > a_weight else self.keep_a).setChecked(True)
        self.moves = QLabel(self)
        self.moves.setStyleSheet(f"color: {Colours.ACCENT_DARK};")
        self.note_label = QLabel(_("Note for the relations manager (optional):"), self)
        self.note_edit = QPlainTextEdit(self)
        self.note_edit.setTabChangesFocus(True)
        self.note_edit.setMaximumHeight(70)
        self.note_label.setBuddy(self.note_edit)
        self.after = QLabel(self)
        self.after.setStyleSheet(f"color: {Colours.MUTED};")
        self.error = error_label(self)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.ok_button.setText(_("Merge") if may_approve else _("Propose the merge"))
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        if cancel is not None:
            cancel.setText(_("Cancel"))
        self.buttons.accepted.connect(self._on_accepted)
        self.buttons.rejected.connect(self.reject)
        self.group.idToggled.connect(self._on_group_id_toggled)

        layout = QVBoxLayout(self)
        layout.addWidget(self.question)
        layout.addWidget(self.keep_a)
        layout.addWidget(self.keep_b)
        layout.addSpacing(6)
        layout.addWidget(self.moves)
        layout.addWidget(self.note_label)
        layout.addWidget(self.note_edit)
        layout.addWidget(self.after)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(560)
        self._show_moves()

    @property
    def ok_button(self) -> QPushButton:
        button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        assert button is not None
        return button

    def keep_and_other(self) -> tuple[ClientFile, ClientFile]:
        a, b = self._files
        return (a, b) if self.keep_a.isChecked() else (b, a)

    def choose_keep(self, number: str) -> None:
        (self.keep_a if self._files[0].client.number == number else self.keep_b).setChecked(True)

    def _show_moves(self) -> None:
        _keep, other = self.keep_and_other()
        self.moves.setText(leading(_("Moving to the kept client: {moves}.").format(
            moves=moves_text(linked_moves(other)))) + "\n" + leading(_("Closed as merged: {client}.").format(
            client=client_text(other.client.number, other.client.name))))
        if self._may_approve:
            self.after.setText(_("You may approve client changes: the merge is applied at once."))
        else:
            self.after.setText(_("Nothing changes until the relations manager approves the request."))

    @Slot(int, bool)
    def _on_group_id_toggled(self, _id: int, checked: bool) -> None:
        if checked:
            self._show_moves()

    @Slot()
    def _on_accepted(self) -> None:
        if not self.ok_button.isEnabled():
            return
        keep, other = self.keep_and_other()
        keep_number, other_number = keep.client.number, other.client.number
        note = self.note_edit.toPlainText()
        services, actor = self._services, self._actor
        self.error.hide()
        self.ok_button.setEnabled(False)
        (Op(self, lambda: services.client_requests.propose_merge(actor, keep_number, other_number, note),
            write=True)
         .on_success(self._on_proposed)
         .on_failure(self._on_failed)
         .run())

    def _on_proposed(self, detail: RequestDetail) -> None:
        self.ok_button.setEnabled(True)
        self.proposed.emit(detail)
        self.accept()

    def _on_failed(self, error: UserError) -> None:
        self.ok_button.setEnabled(True)
        self.error.setText(error.message)
        self.error.show()


class DuplicatesDialog(QDialog):
    """The likely duplicate pairs of the registry, side by side, and their merge.

    Signals:
        scanned: the pairs are listed.
        pair_shown: both clients of the chosen pair are shown.
        merge_proposed(object): a merge request was made (its :class:`RequestDetail`).
    """

    scanned = Signal()
    pair_shown = Signal()
    merge_proposed = Signal(object)

    def __init__(self, services: AppServices, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("duplicatesDialog")
        self._services = services
        self._actor = actor
        self._scan: Scan | None = None
        self._files: tuple[ClientFile, ClientFile] | None = None
        self._wanted: DuplicatePair | None = None
        self.merge_dialog: MergeDialog | None = None
        self.last_request: RequestDetail | None = None
        self.setMinimumSize(980, 640)

        header = QFrame(self)
        header.setObjectName("dialogHeader")
        self.title = QLabel(header)
        self.title.setObjectName("dialogTitle")
        self.subtitle = QLabel(header)
        self.subtitle.setObjectName("dialogSubtitle")
        self.subtitle.setWordWrap(True)
        header_layout = QVBoxLayout(header)
        header_layout.setContentsMargins(18, 12, 18, 12)
        header_layout.addWidget(self.title)
        header_layout.addWidget(self.subtitle)

        self.status_label = QLabel(self)
        self.pairs = QTableWidget(0, len(PAIR_COLUMNS), self)
        read_only_rows(self.pairs)
        self.pairs.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        header_view = self.pairs.horizontalHeader()
        header_view.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header_view.setSectionResizeMode(CLIENT_A, QHeaderView.ResizeMode.Stretch)
        header_view.setSectionResizeMode(CLIENT_B, QHeaderView.ResizeMode.Stretch)
        header_view.setMinimumSectionSize(48)
        header_view.setHighlightSections(False)
        self._ltr = LtrDelegate(self.pairs)
        self.pairs.setItemDelegateForColumn(SCORE, self._ltr)

        self.compare = QTableWidget(0, 3, self)
        self.compare.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.compare.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.compare.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.compare.setWordWrap(True)
        self.compare.verticalHeader().hide()
        compare_header = self.compare.horizontalHeader()
        compare_header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        compare_header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        compare_header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        compare_header.setHighlightSections(False)
        self.compare_hint = QLabel(self)
        self.compare_hint.setStyleSheet(f"color: {Colours.MUTED};")
        self.compare_hint.setWordWrap(True)

        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self.pairs)
        lower = QWidget(self)
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(self.compare_hint)
        lower_layout.addWidget(self.compare, 1)
        splitter.addWidget(lower)
        splitter.setSizes([170, 430])

        self.notice = QLabel(self)
        self.notice.setWordWrap(True)
        self.notice.setStyleSheet(f"color: {Colours.ACCENT}; font-weight: bold;")
        self.notice.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.notice.hide()
        self.error = error_label(self)
        self.merge_button = QPushButton(self)
        self.merge_button.setAutoDefault(False)
        self.rescan_button = QPushButton(self)
        self.rescan_button.setAutoDefault(False)
        self.close_button = QPushButton(self)
        self.close_button.setAutoDefault(False)
        buttons = QHBoxLayout()
        buttons.addWidget(self.merge_button)
        buttons.addWidget(self.rescan_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)

        body = QVBoxLayout()
        body.setContentsMargins(16, 10, 16, 12)
        body.addWidget(self.status_label)
        body.addWidget(splitter, 1)
        body.addWidget(self.notice)
        body.addWidget(self.error)
        body.addLayout(buttons)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(header)
        layout.addLayout(body, 1)

        self.pairs.currentCellChanged.connect(self._on_pairs_current_cell_changed)
        self.merge_button.clicked.connect(self.open_merge)
        self.rescan_button.clicked.connect(self.rescan)
        self.close_button.clicked.connect(self.accept)
        self.retranslate_ui()
        self.rescan()

    # --- texts ----------------------------------------------------------------------------
    def retranslate_ui(self) -> None:
        self.setWindowTitle(_("Duplicate clients"))
        self.title.setText(_("Likely duplicate clients"))
        self.subtitle.setText(_("Pairs of clients that share a national ID, a mobile or an email, "
                                "or whose names are alike. Check both before merging them."))
        self.pairs.setHorizontalHeaderLabels([_(c) for c in PAIR_COLUMNS])
        self.compare_hint.setText(_("Choose a pair to see both clients side by side; "
                                    "rows that differ are highlighted."))
        self.merge_button.setText(_("Merge…"))
        self.rescan_button.setText(_("Scan again"))
        self.close_button.setText(_("Close"))
        self._show_status()
        self._update_merge_button()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    # --- scanning ---------------------------------------------------------------------------
    @property
    def pair_list(self) -> list[DuplicatePair]:
        return list(self._scan.pairs) if self._scan else []

    @Slot()
    def rescan(self) -> None:
        self._scan = None
        self._files = None
        self._wanted = None
        self.pairs.setRowCount(0)
        self.compare.setRowCount(0)
        self.error.hide()
        self.rescan_button.setEnabled(False)
        self._show_status()
        self._update_merge_button()
        services, actor = self._services, self._actor
        Op(self, lambda: scan(services, actor)).on_success(self._on_scanned).on_failure(self._on_failed).run()

    def _on_scanned(self, result: Scan) -> None:
        self._scan = result
        self.rescan_button.setEnabled(True)
        self.pairs.blockSignals(True)
        self.pairs.setRowCount(len(result.pairs))
        for row, pair in enumerate(result.pairs):
            cells = (percent_text(pair.score), client_text(pair.a_number, pair.a_name),
                     client_text(pair.b_number, pair.b_name), reasons_text(pair.reasons))
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(PAIR_ROLE, pair)
                if column == SCORE:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                self.pairs.setItem(row, column, item)
        self.pairs.blockSignals(False)
        self._show_status()
        self._update_merge_button()
        self.scanned.emit()
        if result.pairs:
            self.select_pair(0)

    def _show_status(self) -> None:
        if self._scan is None:
            self.status_label.setText(_("Scanning the registry…"))
            return
        n = len(self._scan.pairs)
        if n:
            self.status_label.setText(ngettext("{n} likely pair, the likeliest first.",
                                               "{n} likely pairs, the likeliest first.", n)
                                      .format(n=digits(str(n))))
        else:
            self.status_label.setText(_("No likely duplicates were found."))

    # --- one pair -----------------------------------------------------------------------------
    def select_pair(self, row: int) -> None:
        if 0 <= row < self.pairs.rowCount():
            select_row(self.pairs, row)
            self._on_pairs_current_cell_changed(row, 0, -1, -1)

    def selected_pair(self) -> DuplicatePair | None:
        item = self.pairs.item(self.pairs.currentRow(), 0)
        pair = item.data(PAIR_ROLE) if item is not None else None
        return pair if isinstance(pair, DuplicatePair) else None

    @Slot(int, int, int, int)
    def _on_pairs_current_cell_changed(self, row: int, _column: int, previous_row: int,
                                       _previous_column: int) -> None:
        pair = self.selected_pair()
        if pair is None or pair == self._wanted:
            return
        self._wanted = pair
        self._files = None
        self._update_merge_button()
        services, actor = self._services, self._actor
        (Op(self, lambda: read_pair(services, actor, pair))
         .on_success(lambda files: self._on_pair_read(pair, files))
         .on_failure(self._on_failed)
         .run())

    def _on_pair_read(self, pair: DuplicatePair, files: tuple[ClientFile, ClientFile]) -> None:
        if pair != self._wanted:
            return
        self._files = files
        self._show_pair(files)
        self._update_merge_button()
        self.pair_shown.emit()

    def _show_pair(self, files: tuple[ClientFile, ClientFile]) -> None:
        a, b = files
        lookups = self._scan.lookups if self._scan else Lookups()
        self.compare.setHorizontalHeaderLabels([_("Field"), client_text(a.client.number, a.client.name),
                                                client_text(b.client.number, b.client.name)])
        # What each one carries first: it decides which client stays.
        extra = (("complaints", _("Complaints"), a.linked.get("complaint", 0), b.linked.get("complaint", 0)),
                 ("contributions", _("Contributions"), a.linked.get("contribution", 0),
                  b.linked.get("contribution", 0)))
        self.compare.setRowCount(len(FIELDS) + len(extra))
        highlight = QBrush(QColor(CHANGED_BACKGROUND))
        bold = QFont(self.compare.font())
        bold.setBold(True)
        for row, (key, label, left_n, right_n) in enumerate(extra):
            self._set_row(row, key, (label, digits(str(left_n)), digits(str(right_n))), None, bold)
        for row, name in enumerate(FIELDS, start=len(extra)):
            left = value_text(name, a.client.values.get(name), lookups)
            right = value_text(name, b.client.values.get(name), lookups)
            differ = a.client.values.get(name) != b.client.values.get(name)
            self._set_row(row, name, (_(FIELD_LABELS[name]), left or NO_VALUE, right or NO_VALUE),
                          highlight if differ else None)
        self.compare.resizeRowsToContents()

    def _set_row(self, row: int, key: str, cells: tuple[str, str, str], background: QBrush | None,
                 font: QFont | None = None) -> None:
        for column, text in enumerate(cells):
            item = QTableWidgetItem(text)
            item.setData(PAIR_ROLE, key)
            item.setTextAlignment(Qt.AlignmentFlag.AlignLeading | Qt.AlignmentFlag.AlignTop)
            if background is not None:
                item.setBackground(background)
            if font is not None:
                item.setFont(font)
            self.compare.setItem(row, column, item)

    def compare_text(self, key: str, column: int) -> str:
        """The text of the comparison's row ``key`` (a field, "complaints", "contributions")."""
        for row in range(self.compare.rowCount()):
            item = self.compare.item(row, column)
            if item is not None and item.data(PAIR_ROLE) == key:
                return item.text()
        return ""

    # --- merging ------------------------------------------------------------------------------
    def _update_merge_button(self) -> None:
        allowed = self._scan is not None and self._scan.may_propose
        self.merge_button.setEnabled(allowed and self._files is not None)
        if self._scan is not None and not allowed:
            self.merge_button.setToolTip(_("Only the data steward or the deputy named in the settings "
                                           "may propose a merge."))
        else:
            self.merge_button.setToolTip(_("Choose which client stays, and propose folding the other "
                                           "into it"))

    @Slot()
    def open_merge(self) -> None:
        if self._files is None or self._scan is None or not self.merge_button.isEnabled():
            return
        a, b = self._files
        dialog = MergeDialog(self._services, self._actor, a, b, self._scan.may_approve, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.proposed.connect(self._on_merge_proposed)
        dialog.finished.connect(self._on_merge_dialog_finished)
        self.merge_dialog = dialog
        self.notice.hide()
        dialog.open()

    @Slot(int)
    def _on_merge_dialog_finished(self, _result: int) -> None:
        self.merge_dialog = None

    @Slot(object)
    def _on_merge_proposed(self, detail: RequestDetail) -> None:
        self.last_request = detail
        number = ltr(detail.number)
        if detail.summary.status == "approved":
            text = _("The clients were merged (request {number}).").format(number=number)
        else:
            text = _("The merge request {number} was sent; it awaits the relations manager's "
                     "approval.").format(number=number)
        self.notice.setText(text)
        self.notice.show()
        self.merge_proposed.emit(detail)
        if detail.summary.status == "approved":
            self.rescan()

    def _on_failed(self, error: UserError) -> None:
        self.rescan_button.setEnabled(True)
        self.error.setText(error.message)
        self.error.show()

    def reject(self) -> None:
        if self.merge_dialog is None:
            super().reject()
