"""One complaint (or inquiry, suggestion, compliment): everything about it, and its next steps.

The leading side shows the item's fields (dates with the Hijri date beside the
Gregorian one, the SLA state, the person, the answer, the rating); the other
side its timeline with a box for notes, its corrective actions and its files.
Above them, one button per step the user may take now (``detail.moves``,
decided by the service): the steps that need input open :class:`MoveDialog`.

Every read and write runs off the UI thread; after each change the item and
its timeline are read again and ``changed`` tells the log.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QEvent, QModelIndex, QPersistentModelIndex, QRect, QSize, Qt, Signal, Slot
from PySide6.QtGui import QColor, QFont, QFontMetrics, QKeySequence, QPainter, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFileDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.complaints.records import ActionInfo, ComplaintDetail, TimelineEntry
from app.complaints.vocab import RATINGS
from app.errors import UserError
from app.i18n import N_, _
from app.services.app_services import AppServices
from app.services.context import Actor
from app.services.roles import Permission
from ui.common.ops import Op
from ui.common.widgets import error_label, select_row
from ui.complaints import labels
from ui.complaints.labels import (
    NO_VALUE,
    Vocab,
    badge_style,
    day,
    digits,
    leading,
    ltr,
    mobile_text,
    priority_label,
    sla_colour,
    sla_label,
    status_colour,
    status_label,
    type_label,
    unbroken,
    when,
)
from ui.complaints.move_dialog import ActionDialog, MoveDialog
from ui.theme import Colours, ui_font

# The step buttons, in the workflow's order (English source).
MOVE_LABELS: dict[str, str] = {
    "acknowledged": N_("Acknowledge"),
    "assigned": N_("Assign…"),
    "under_study": N_("Start study"),
    "answered": N_("Answer…"),
    "closed": N_("Close…"),
    "reopen": N_("Reopen"),
    "cancelled": N_("Cancel…"),
}
# Steps that need input first; the others are taken at once.
NEEDS_INPUT = frozenset({"assigned", "answered", "closed", "cancelled"})
ENTRY_ROLE = Qt.ItemDataRole.UserRole + 1
ACTION_COLUMNS = (N_("Action"), N_("Owner"), N_("Due"), N_("State"))
# Rows of the details, in order: key, English label. Steps not taken yet are hidden.
DETAIL_ROWS: tuple[tuple[str, str], ...] = (
    ("reference", N_("Reference:")), ("type", N_("Type:")), ("status", N_("Status:")),
    ("channel", N_("Channel:")), ("centre", N_("Centre:")), ("category", N_("Category:")),
    ("priority", N_("Priority:")), ("person", N_("Person:")), ("mobile", N_("Mobile:")),
    ("description", N_("Description:")), ("answer", N_("Answer:")), ("rating", N_("Rating:")),
    ("received", N_("Received:")), ("study_due", N_("Study due:")), ("answer_due", N_("Answer due:")),
    ("acknowledged", N_("Acknowledged:")), ("assigned", N_("Assigned:")),
    ("study_started", N_("Study started:")), ("answered", N_("Answered:")), ("closed", N_("Closed:")),
    ("cancelled", N_("Cancelled:")), ("reopened", N_("Reopened:")),
)
OPTIONAL_ROWS = frozenset({"acknowledged", "assigned", "study_started", "answered", "answer", "closed",
                           "rating", "cancelled", "reopened"})


# The coloured mark on the leading edge of each timeline line, by kind.
KIND_COLOURS: dict[str, str] = {
    "created": Colours.ACCENT_DARK, "move": Colours.ACCENT, "note": "#1d4ed8", "attachment": "#7c3aed",
    "action": "#b45309", "action_done": "#15803d", "change": Colours.MUTED,
}
PAD, MARK = 8, 4


class TimelineDelegate(QStyledItemDelegate):
    """One timeline line: what happened (bold for a step), the note, then when and who (muted)."""

    def __init__(self, view: QListWidget) -> None:
        super().__init__(view)
        self._view = view

    @staticmethod
    def _parts(index: QModelIndex | QPersistentModelIndex) -> tuple[TimelineEntry | None, str]:
        entry = index.data(ENTRY_ROLE)
        if not isinstance(entry, TimelineEntry):
            return None, ""
        return entry, when(entry.at) + (f" · {entry.user}" if entry.user else "")

    def _fonts(self, entry: TimelineEntry) -> tuple[QFont, QFont, QFont]:
        base = self._view.font()
        title = QFont(base)
        title.setBold(entry.kind in ("move", "created"))
        meta = QFont(base)
        meta.setPointSizeF(base.pointSizeF() * 0.88)
        return title, base, meta

    def _blocks(self, entry: TimelineEntry, meta: str) -> list[tuple[str, QFont, str]]:
        title_font, note_font, meta_font = self._fonts(entry)
        blocks = [(entry.text, title_font, Colours.TEXT)]
        if entry.note:
            blocks.append((entry.note, note_font, Colours.TEXT))
        blocks.append((meta, meta_font, Colours.MUTED))
        return blocks

    def _text_width(self) -> int:
        return max(120, self._view.viewport().width() - 2 * PAD - MARK - PAD)

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        entry, meta = self._parts(index)
        if entry is None:
            return super().sizeHint(option, index)
        width = self._text_width()
        height = PAD
        for text, font, _colour in self._blocks(entry, meta):
            height += QFontMetrics(font).boundingRect(QRect(0, 0, width, 100_000),
                                                      Qt.TextFlag.TextWordWrap, text).height() + 2
        return QSize(width, height + PAD)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        entry, meta = self._parts(index)
        if entry is None:
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        style = self._view.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, self._view)
        painter.save()
        rect = option.rect
        rtl = option.direction == Qt.LayoutDirection.RightToLeft
        mark_x = rect.right() - PAD - MARK if rtl else rect.left() + PAD
        painter.fillRect(QRect(mark_x, rect.top() + PAD, MARK, rect.height() - 2 * PAD),
                         QColor(KIND_COLOURS.get(entry.kind, Colours.MUTED)))
        painter.setLayoutDirection(option.direction)
        align = QStyle.visualAlignment(option.direction,
                                       Qt.AlignmentFlag.AlignLeading | Qt.AlignmentFlag.AlignTop)
        width = self._text_width()
        x = rect.right() - PAD - MARK - PAD - width if rtl else rect.left() + PAD + MARK + PAD
        y = rect.top() + PAD
        for text, font, colour in self._blocks(entry, meta):
            painter.setFont(font)
            painter.setPen(QColor(colour))
            box = QFontMetrics(font).boundingRect(QRect(0, 0, width, 100_000), Qt.TextFlag.TextWordWrap, text)
            flags = int(align) | int(Qt.TextFlag.TextWordWrap)
            painter.drawText(QRect(x, y, width, box.height()), flags, text)
            y += box.height() + 2
        painter.restore()


def choose_file(parent: QWidget) -> Path | None:
    """Ask for a file to attach (tests replace this)."""
    path, _filter = QFileDialog.getOpenFileName(parent, _("Attach a file"))
    return Path(path) if path else None


def _size_text(size: int) -> str:
    if size < 1024:
        return _("{n} bytes").format(n=digits(str(size)))
    if size < 1024 * 1024:
        return _("{n} KB").format(n=digits(f"{size / 1024:.0f}"))
    return _("{n} MB").format(n=digits(f"{size / 1024 / 1024:.1f}"))


class ComplaintDialog(QDialog):
    """Signals:
        changed(str): the item was changed here (its reference); the log should refresh.
        loaded: the item and its timeline were (re)read and shown.
        slip_written(str): the acknowledgement slip was written to this PDF (and opened).
    """

    changed = Signal(str)
    loaded = Signal()
    slip_written = Signal(str)

    def __init__(self, services: AppServices, actor: Actor, reference: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self._actor = actor
        self.reference = reference
        self._vocab = Vocab()
        self._detail: ComplaintDetail | None = None
        self._timeline: list[TimelineEntry] = []
        self._busy = False
        self.move_dialog: MoveDialog | None = None
        self.action_dialog: ActionDialog | None = None
        self.move_buttons: dict[str, QPushButton] = {}
        self.setObjectName("complaintDialog")
        self.setMinimumSize(1000, 660)

        # --- the header: what, whose, where it stands ---------------------------------
        header = QFrame(self)
        header.setObjectName("dialogHeader")
        self.title = QLabel(header)
        self.title.setObjectName("dialogTitle")
        self.subtitle = QLabel(header)
        self.subtitle.setObjectName("dialogSubtitle")
        self.status_badge = QLabel(header)
        self.sla_badge = QLabel(header)
        titles = QVBoxLayout()
        titles.addWidget(self.title)
        titles.addWidget(self.subtitle)
        header_layout = QHBoxLayout(header)
        header_layout.setContentsMargins(18, 12, 18, 12)
        header_layout.addLayout(titles, 1)
        header_layout.addWidget(self.sla_badge, 0, Qt.AlignmentFlag.AlignTop)
        header_layout.addWidget(self.status_badge, 0, Qt.AlignmentFlag.AlignTop)

        # --- the next steps ---------------------------------------------------------
        self.moves_label = QLabel(self)
        self.moves_label.setFont(ui_font(bold=True))
        self.moves_row = QHBoxLayout()
        self.no_moves = QLabel(self)
        self.no_moves.setStyleSheet(f"color: {Colours.MUTED};")
        self.copy_button = self._button(self.copy_message)
        self.print_button = self._button(self.print_slip)
        self.print_button.setEnabled(labels.slip_available())
        bar = QHBoxLayout()
        bar.addWidget(self.moves_label)
        bar.addLayout(self.moves_row)
        bar.addWidget(self.no_moves)
        bar.addStretch(1)
        bar.addWidget(self.copy_button)
        bar.addWidget(self.print_button)

        # --- the details ------------------------------------------------------------
        details = QWidget(self)
        # A grid, not a QFormLayout: the form measured wrapped values (a long description)
        # for another width than they got, and cut their last lines off.
        self.details_grid = QGridLayout(details)
        self.details_grid.setVerticalSpacing(7)
        self.details_grid.setHorizontalSpacing(12)
        self.details_grid.setColumnStretch(1, 1)
        self.detail_labels: dict[str, QLabel] = {}
        self.detail_values: dict[str, QLabel] = {}
        for row, (key, _text) in enumerate(DETAIL_ROWS):
            name = QLabel(details)
            name.setStyleSheet(f"color: {Colours.MUTED};")
            value = QLabel(details)
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.details_grid.addWidget(name, row, 0, Qt.AlignmentFlag.AlignTop)
            self.details_grid.addWidget(value, row, 1, Qt.AlignmentFlag.AlignTop)
            self.detail_labels[key] = name
            self.detail_values[key] = value
        self.details_grid.setRowStretch(len(DETAIL_ROWS), 1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(details)
        scroll.setMinimumWidth(380)
        # Always there, so the wrapped values' heights are measured for the width they get.
        scroll.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

        # --- the timeline and notes -----------------------------------------------------
        self.tabs = QTabWidget(self)
        timeline_page = QWidget(self)
        self.timeline_list = QListWidget(timeline_page)
        self.timeline_list.setWordWrap(True)
        self.timeline_list.setAlternatingRowColors(True)
        self.timeline_list.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.timeline_list.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.timeline_list.setResizeMode(QListView.ResizeMode.Adjust)
        self.timeline_list.setItemDelegate(TimelineDelegate(self.timeline_list))
        self.note_edit = QPlainTextEdit(timeline_page)
        self.note_edit.setTabChangesFocus(True)
        self.note_edit.setMaximumHeight(70)
        self.note_button = self._button(self.add_note)
        self.note_error = error_label(timeline_page)
        note_row = QHBoxLayout()
        note_row.addWidget(self.note_edit, 1)
        note_row.addWidget(self.note_button, 0, Qt.AlignmentFlag.AlignBottom)
        timeline_layout = QVBoxLayout(timeline_page)
        timeline_layout.addWidget(self.timeline_list, 1)
        timeline_layout.addLayout(note_row)
        timeline_layout.addWidget(self.note_error)
        self.tabs.addTab(timeline_page, "")

        # --- corrective actions ------------------------------------------------------------
        actions_page = QWidget(self)
        self.actions_table = QTableWidget(0, len(ACTION_COLUMNS), actions_page)
        self.actions_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.actions_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.actions_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.actions_table.setWordWrap(True)
        self.actions_table.verticalHeader().hide()
        header_view = self.actions_table.horizontalHeader()
        header_view.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, len(ACTION_COLUMNS)):
            header_view.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.actions_table.itemSelectionChanged.connect(self._update_action_buttons)
        self.add_action_button = self._button(self.add_action)
        self.done_action_button = self._button(self.complete_action)
        self.actions_error = error_label(actions_page)
        action_buttons = QHBoxLayout()
        action_buttons.addWidget(self.add_action_button)
        action_buttons.addWidget(self.done_action_button)
        action_buttons.addStretch(1)
        actions_layout = QVBoxLayout(actions_page)
        actions_layout.addWidget(self.actions_table, 1)
        actions_layout.addWidget(self.actions_error)
        actions_layout.addLayout(action_buttons)
        self.tabs.addTab(actions_page, "")

        # --- files -----------------------------------------------------------------------
        files_page = QWidget(self)
        self.files_list = QListWidget(files_page)
        self.files_list.itemActivated.connect(self._on_file_activated)
        self.files_list.currentItemChanged.connect(lambda *_a: self._update_file_buttons())
        self.attach_button = self._button(self.attach_file)
        self.open_file_button = self._button(self.open_file)
        self.files_error = error_label(files_page)
        file_buttons = QHBoxLayout()
        file_buttons.addWidget(self.attach_button)
        file_buttons.addWidget(self.open_file_button)
        file_buttons.addStretch(1)
        files_layout = QVBoxLayout(files_page)
        files_layout.addWidget(self.files_list, 1)
        files_layout.addWidget(self.files_error)
        files_layout.addLayout(file_buttons)
        self.tabs.addTab(files_page, "")

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(scroll)
        splitter.addWidget(self.tabs)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([500, 600])

        self.status_line = QLabel(self)
        self.status_line.setWordWrap(True)
        self.status_line.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.general_error = error_label(self)
        self.close_button = self._button(self.accept)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status_line, 1)
        bottom.addWidget(self.close_button)

        body = QVBoxLayout()
        body.setContentsMargins(16, 10, 16, 12)
        body.addLayout(bar)
        body.addWidget(splitter, 1)
        body.addWidget(self.general_error)
        body.addLayout(bottom)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(header)
        layout.addLayout(body, 1)

        QShortcut(QKeySequence("Ctrl+P"), self, self.print_slip)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Refresh), self, self.reload)
        can_manage = actor.can(Permission.COMPLAINTS_MANAGE)
        self.add_action_button.setVisible(can_manage)
        self.done_action_button.setVisible(can_manage)
        self.attach_button.setVisible(actor.can(Permission.COMPLAINTS_CREATE))
        self.retranslate_ui()
        self._update_action_buttons()
        self._update_file_buttons()
        self.reload()

    def _button(self, slot: object) -> QPushButton:
        button = QPushButton(self)
        button.setAutoDefault(False)
        button.clicked.connect(slot)
        return button

    # --- texts ----------------------------------------------------------------------
    def retranslate_ui(self) -> None:
        self.setWindowTitle(_("Item {reference}").format(reference=ltr(self.reference)))
        self.moves_label.setText(_("Next step:"))
        self.no_moves.setText(_("No step is open to you on this item."))
        self.copy_button.setText(_("Copy the message"))
        self.copy_button.setToolTip(_("The acknowledgement message, for SMS or WhatsApp"))
        self.print_button.setText(_("Print the slip"))
        self.print_button.setToolTip("Ctrl+P")
        self.tabs.setTabText(0, _("Timeline"))
        self.tabs.setTabText(1, _("Corrective actions"))
        self.tabs.setTabText(2, _("Files"))
        self.note_edit.setPlaceholderText(_("Write a note for the timeline…"))
        self.note_button.setText(_("Add the note"))
        self.actions_table.setHorizontalHeaderLabels([_(c) for c in ACTION_COLUMNS])
        self.add_action_button.setText(_("Add an action…"))
        self.done_action_button.setText(_("Mark done"))
        self.attach_button.setText(_("Attach a file…"))
        self.open_file_button.setText(_("Open"))
        self.close_button.setText(_("Close"))
        for key, text in DETAIL_ROWS:
            self.detail_labels[key].setText(_(text))
        for target, button in self.move_buttons.items():
            button.setText(_(MOVE_LABELS[target]))
        self._render()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
            if self._detail is not None:
                self.reload()  # the timeline's sentences are written by the service, in the language
        super().changeEvent(event)

    # --- reading ------------------------------------------------------------------
    @property
    def detail(self) -> ComplaintDetail | None:
        return self._detail

    @property
    def timeline(self) -> list[TimelineEntry]:
        return list(self._timeline)

    @Slot()
    def reload(self) -> None:
        services, actor, ref = self._services, self._actor, self.reference
        need_vocab = not self._vocab.items

        def read() -> tuple[ComplaintDetail, list[TimelineEntry], Vocab | None]:
            vocab = labels.load_vocab(services) if need_vocab else None
            return services.complaints.get(actor, ref), services.complaints.timeline(actor, ref), vocab

        Op(self, read).on_success(self._on_read).on_failure(self._on_general_failure).run()

    def _on_read(self, result: tuple[ComplaintDetail, list[TimelineEntry], Vocab | None]) -> None:
        detail, timeline, vocab = result
        if vocab is not None:
            self._vocab = vocab
        self._detail, self._timeline = detail, timeline
        self._render()
        self.loaded.emit()

    def _changed(self) -> None:
        """After a write: read again, and tell the log."""
        self.changed.emit(self.reference)
        self.reload()

    # --- showing ------------------------------------------------------------------------
    def _render(self) -> None:
        d = self._detail
        if d is None:
            return
        row = d.row
        self.title.setText(f"{type_label(row.type)} {ltr(d.reference)}")
        self.subtitle.setText(_("{name} · received {date}").format(name=row.name, date=when(row.received_at)))
        self.status_badge.setText(status_label(d.status))
        self.status_badge.setStyleSheet(badge_style(status_colour(d.status)))
        self.sla_badge.setText(sla_label(row.sla))
        self.sla_badge.setStyleSheet(badge_style(sla_colour(row.sla)))
        self._render_details(d)
        self._render_moves(d)
        self._render_timeline()
        self._render_actions(d)
        self._render_files(d)

    def _render_details(self, d: ComplaintDetail) -> None:
        row, v = d.row, self._vocab
        person = row.name
        if d.client_number:
            person = _("{name} – registered client {number}").format(name=row.name,
                                                                      number=ltr(d.client_number))
        assigned = [x for x in (v.label("departments", d.department) if d.department else "",
                                d.assignee_full_name or "") if x]
        rating = ""
        if d.rating is not None:
            rating = f"{digits(str(d.rating))} – {_(RATINGS.get(d.rating, str(d.rating)))}"
            if d.rating_note:
                rating += "\n" + d.rating_note
        values = {
            "reference": ltr(d.reference),
            "type": type_label(row.type),
            "status": status_label(d.status),
            "channel": v.label("channels", row.channel),
            "centre": v.label("centres", row.centre),
            "category": v.label("complaint_categories", row.category),
            "priority": priority_label(row.priority),
            "person": person,
            "mobile": mobile_text(row.mobile),
            "received": _("{when} by {user}").format(when=unbroken(when(row.received_at)),
                                                     user=d.received_by_name),
            "study_due": unbroken(day(d.study_due)),
            "answer_due": (f"{unbroken(day(row.answer_due))}\n{sla_label(row.sla)}" if row.answer_due
                           else NO_VALUE),
            "acknowledged": unbroken(when(d.acknowledged_at)) if d.acknowledged_at else "",
            "assigned": (unbroken(when(d.assigned_at)) + "\n" + _(", ").join(assigned)
                         if d.assigned_at else ""),
            "study_started": unbroken(when(d.study_started_at)) if d.study_started_at else "",
            "answered": unbroken(when(row.answered_at)) if row.answered_at else "",
            "answer": d.answer,
            "closed": unbroken(when(d.closed_at)) if d.closed_at else "",
            "rating": rating,
            "cancelled": (unbroken(when(d.cancelled_at)) + "\n" + d.cancel_reason) if d.cancelled_at else "",
            "reopened": digits(str(d.reopen_count)) if d.reopen_count else "",
            "description": d.description,
        }
        for key, text in values.items():
            # Leading side even for a value with no Arabic letter (a reference, a mobile, "—").
            self.detail_values[key].setText(leading(text) if text else "")
            if key in OPTIONAL_ROWS:
                self.detail_labels[key].setVisible(bool(text))
                self.detail_values[key].setVisible(bool(text))
        self.detail_values["status"].setStyleSheet(f"color: {status_colour(d.status)}; font-weight: bold;")
        self.detail_values["answer_due"].setStyleSheet(f"color: {sla_colour(row.sla)};")

    def _render_moves(self, d: ComplaintDetail) -> None:
        wanted = [m for m in MOVE_LABELS if m in d.moves]
        if list(self.move_buttons) != wanted:
            for button in self.move_buttons.values():
                self.moves_row.removeWidget(button)
                button.deleteLater()
            self.move_buttons = {}
            for target in wanted:
                button = self._button(lambda _checked=False, t=target: self.take_step(t))
                button.setText(_(MOVE_LABELS[target]))
                if target == "cancelled":
                    button.setStyleSheet(f"QPushButton {{ color: {Colours.ERROR}; }}")
                self.moves_row.addWidget(button)
                self.move_buttons[target] = button
        for button in self.move_buttons.values():
            button.setEnabled(not self._busy)
        self.no_moves.setVisible(not wanted)

    def _render_timeline(self) -> None:
        self.timeline_list.clear()
        for entry in self._timeline:
            # The text is for search and accessibility; the delegate draws the line.
            lines = [entry.text, *([entry.note] if entry.note else []), when(entry.at), entry.user]
            item = QListWidgetItem("\n".join(x for x in lines if x))
            item.setData(ENTRY_ROLE, entry)
            self.timeline_list.addItem(item)
        self.timeline_list.scrollToBottom()

    def _render_actions(self, d: ComplaintDetail) -> None:
        today = date.today()
        self.actions_table.setRowCount(len(d.actions))
        for r, a in enumerate(d.actions):
            if a.done_at is not None:
                state, colour = _("Done"), Colours.ACCENT
            elif a.due < today:
                state, colour = _("Late"), Colours.ERROR
            else:
                state, colour = _("Open"), Colours.TEXT
            cells = (a.description, a.owner or NO_VALUE, day(a.due), state)
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(ENTRY_ROLE, a)
                if c == 3:
                    item.setForeground(QColor(colour))
                    if a.done_at is not None:
                        item.setToolTip(_("Done {date}").format(date=when(a.done_at)))
                    if a.done_note:
                        item.setToolTip(f"{item.toolTip()}\n{a.done_note}".strip())
                self.actions_table.setItem(r, c, item)
        self.actions_table.resizeRowsToContents()
        self._update_action_buttons()

    def _render_files(self, d: ComplaintDetail) -> None:
        self.files_list.clear()
        for a in d.attachments:
            text = _("{name} · {size} · {when} · {user}").format(
                name=a.file_name, size=_size_text(a.size), when=when(a.added_at), user=a.added_by or NO_VALUE)
            item = QListWidgetItem(text)
            item.setData(ENTRY_ROLE, a)
            self.files_list.addItem(item)
        self._update_file_buttons()

    # --- steps ------------------------------------------------------------------------
    def take_step(self, target: str) -> None:
        """The button of ``target`` was pressed: ask what the step needs, or take it."""
        d = self._detail
        if d is None or self._busy:
            return
        self.general_error.hide()
        if target in NEEDS_INPUT:
            dialog = MoveDialog(self._services, self._actor, d, target, self)
            dialog.moved.connect(self._on_moved)
            dialog.finished.connect(self._on_move_dialog_finished)
            self.move_dialog = dialog
            dialog.open()
            return
        services, actor, ref = self._services, self._actor, d.reference
        self._set_busy(True)
        (Op(self, lambda: services.complaints.move(actor, ref, target), write=True)
         .on_success(self._on_moved)
         .on_failure(self._on_general_failure)
         .run())

    @Slot(object)
    def _on_moved(self, detail: ComplaintDetail) -> None:
        self._set_busy(False)
        self._detail = detail
        self.status_line.setText(_("Now: {status}").format(status=status_label(detail.status)))
        self._changed()

    @Slot(int)
    def _on_move_dialog_finished(self, _result: int) -> None:
        dialog, self.move_dialog = self.move_dialog, None
        if dialog is not None:
            dialog.deleteLater()

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        for button in self.move_buttons.values():
            button.setEnabled(not busy)

    def _on_general_failure(self, error: UserError) -> None:
        self._set_busy(False)
        self.general_error.setText(error.message)
        self.general_error.show()

    # --- notes ------------------------------------------------------------------------
    @Slot()
    def add_note(self) -> None:
        text = self.note_edit.toPlainText()
        services, actor, ref = self._services, self._actor, self.reference
        self.note_error.hide()
        self.note_button.setEnabled(False)

        def done(_result: None) -> None:
            self.note_button.setEnabled(True)
            self.note_edit.clear()
            self._changed()

        def failed(error: UserError) -> None:
            self.note_button.setEnabled(True)
            self.note_error.setText(error.message)
            self.note_error.show()
            self.note_edit.setFocus(Qt.FocusReason.OtherFocusReason)

        Op(self, lambda: services.complaints.add_note(actor, ref, text), write=True).on_success(
            done).on_failure(failed).run()

    # --- corrective actions -------------------------------------------------------------
    def selected_action(self) -> ActionInfo | None:
        item = self.actions_table.item(self.actions_table.currentRow(), 0)
        action = item.data(ENTRY_ROLE) if item is not None and item.isSelected() else None
        return action if isinstance(action, ActionInfo) else None

    def select_action(self, row: int) -> None:
        select_row(self.actions_table, row)

    def _update_action_buttons(self) -> None:
        action = self.selected_action()
        self.done_action_button.setEnabled(action is not None and action.done_at is None)

    @Slot()
    def add_action(self) -> None:
        dialog = ActionDialog(self._services, self._actor, self.reference, self)
        dialog.added.connect(lambda _a: self._changed())
        dialog.finished.connect(lambda _r: self._drop_action_dialog())
        self.action_dialog = dialog
        self.tabs.setCurrentIndex(1)
        dialog.open()

    def _drop_action_dialog(self) -> None:
        dialog, self.action_dialog = self.action_dialog, None
        if dialog is not None:
            dialog.deleteLater()

    @Slot()
    def complete_action(self) -> None:
        action = self.selected_action()
        if action is None:
            return
        services, actor = self._services, self._actor
        self.actions_error.hide()

        def failed(error: UserError) -> None:
            self.actions_error.setText(error.message)
            self.actions_error.show()

        Op(self, lambda: services.complaints.complete_action(actor, action.id), write=True).on_success(
            lambda _r: self._changed()).on_failure(failed).run()

    # --- files ---------------------------------------------------------------------------
    def _update_file_buttons(self) -> None:
        self.open_file_button.setEnabled(self.files_list.currentItem() is not None)

    @Slot()
    def attach_file(self) -> None:
        path = choose_file(self)
        if path is None:
            return
        services, actor, ref = self._services, self._actor, self.reference
        self.files_error.hide()
        self.attach_button.setEnabled(False)

        def done(_info: object) -> None:
            self.attach_button.setEnabled(True)
            self._changed()

        def failed(error: UserError) -> None:
            self.attach_button.setEnabled(True)
            self.files_error.setText(error.message)
            self.files_error.show()

        Op(self, lambda: services.complaints.attach(actor, ref, path), write=True).on_success(
            done).on_failure(failed).run()

    @Slot(QListWidgetItem)
    def _on_file_activated(self, item: QListWidgetItem) -> None:
        self.files_list.setCurrentItem(item)
        self.open_file()

    @Slot()
    def open_file(self) -> None:
        item = self.files_list.currentItem()
        info = item.data(ENTRY_ROLE) if item is not None else None
        if info is None:
            return
        services = self._services

        def failed(error: UserError) -> None:
            self.files_error.setText(error.message)
            self.files_error.show()

        Op(self, lambda: labels.copy_attachment(services, info.sha256, info.file_name)).on_success(
            lambda path: self._open(path)).on_failure(failed).run()

    def _open(self, path: Path) -> None:
        labels.open_document(path)

    # --- the acknowledgement --------------------------------------------------------------
    @Slot()
    def copy_message(self) -> None:
        d = self._detail
        if d is None:
            return
        services = self._services

        def copied(text: str) -> None:
            labels.copy_text(text)
            self.status_line.setText(_("The message is on the clipboard: paste it in the SMS or WhatsApp."))

        Op(self, lambda: services.complaints.acknowledgement_message(d)).on_success(copied).run()

    @Slot()
    def print_slip(self) -> None:
        d = self._detail
        if d is None or not self.print_button.isEnabled():
            return
        services = self._services
        self.print_button.setEnabled(False)
        self.status_line.setText(_("Preparing the slip…"))

        def written(path: Path) -> None:
            self.print_button.setEnabled(True)
            self.status_line.setText(_("The slip is ready: {path}").format(path=ltr(str(path))))
            labels.open_document(path)
            self.slip_written.emit(str(path))

        Op(self, lambda: labels.write_ack_slip(services, d)).on_success(written).on_failure(
            self._on_slip_failed).run()

    def _on_slip_failed(self, error: UserError) -> None:
        self.print_button.setEnabled(True)
        self.status_line.clear()
        self._on_general_failure(error)

    def reject(self) -> None:
        if self.move_dialog is None and self.action_dialog is None:
            super().reject()
