"""One record's history as a vertical timeline, for any screen to embed.

    history = RecordHistoryWidget(services, actor, "users", user_id, self)

Each line is a sentence (:func:`app.services.audit.describe`) over its date,
time and user, newest first, beside a dot on a line drawn on the leading side
(the right in Arabic). A record's history is read in one call on the read pool;
only the latest :data:`HISTORY_LIMIT` lines are kept, so a user with years of
logins still opens at once. :class:`RecordHistoryDialog` wraps the widget.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

from PySide6.QtCore import (
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    QRect,
    QSize,
    Qt,
    Signal,
    Slot,
)
from PySide6.QtGui import QBrush, QColor, QFontMetrics, QPainter, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from app.calendars.formatting import digit_style, format_datetime
from app.errors import UserError
from app.i18n import _
from app.services.app_services import AppServices
from app.services.audit import HistoryLine, describe, user_label
from app.services.context import Actor
from app.text.bidi import FSI, PDI
from app.text.digits import localize_digits
from ui.audit.texts import HISTORY_TITLE, LOADING, META, NO_HISTORY, latest_only
from ui.common.ops import Op
from ui.theme import Colours, ui_font

HISTORY_LIMIT = 500
META_ROLE = Qt.ItemDataRole.UserRole + 1  # "date · user"
ACTION_ROLE = Qt.ItemDataRole.UserRole + 2  # the line's action, for the dot's colour
ALARMS = frozenset({"delete", "login-failed", "locked", "login-refused-locked"})
GUTTER, PAD, DOT = 28, 8, 5
LINE_COLOUR = "#a9bcb8"  # the timeline's spine: between the border and the muted text
AnyIndex = QModelIndex | QPersistentModelIndex
State = Literal["loading", "empty", "truncated", "complete"]


def meta_text(line: HistoryLine) -> str:
    return _(META).format(when=format_datetime(line.at, dual=True), user=f"{FSI}{user_label(line)}{PDI}")


class TimelineDelegate(QStyledItemDelegate):
    """Paints a line as a dot on the timeline, its sentence, and its time and user below."""

    def __init__(self, view: QListView) -> None:
        super().__init__(view)
        self._view = view

    def _text_width(self) -> int:
        return max(120, self._view.viewport().width() - GUTTER - 2 * PAD)

    def sizeHint(self, option: QStyleOptionViewItem, index: AnyIndex) -> QSize:
        text = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        flags = Qt.TextFlag.TextWordWrap
        title = QFontMetrics(ui_font()).boundingRect(QRect(0, 0, self._text_width(), 10_000), flags, text)
        meta = QFontMetrics(ui_font(9.5)).height()
        return QSize(self._text_width() + GUTTER + 2 * PAD, PAD + title.height() + 2 + meta + PAD)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        style = opt.widget.style() if opt.widget is not None else self._view.style()
        painter.save()
        style.drawPrimitive(QStyle.PrimitiveElement.PE_PanelItemViewItem, opt, painter, opt.widget)
        rect, direction = opt.rect, opt.direction
        gutter = QStyle.visualRect(direction, rect, QRect(rect.x(), rect.y(), GUTTER, rect.height()))
        text_rect = QStyle.visualRect(
            direction, rect, QRect(rect.x() + GUTTER + PAD, rect.y() + PAD,
                                   rect.width() - GUTTER - 2 * PAD, rect.height() - 2 * PAD))
        title_font, meta_font = ui_font(), ui_font(9.5)
        dot_y = rect.y() + PAD + QFontMetrics(title_font).height() // 2
        x = gutter.center().x()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(QColor(LINE_COLOUR), 2))
        top = dot_y if index.row() == 0 else rect.top()
        bottom = dot_y if index.row() == index.model().rowCount() - 1 else rect.bottom()
        painter.drawLine(QPoint(x, top), QPoint(x, bottom))
        action = str(index.data(ACTION_ROLE) or "")
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QBrush(QColor(Colours.ERROR if action in ALARMS else Colours.ACCENT)))
        painter.drawEllipse(QPoint(x, dot_y), DOT, DOT)

        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        painter.setLayoutDirection(direction)
        align = QStyle.visualAlignment(direction, Qt.AlignmentFlag.AlignLeading | Qt.AlignmentFlag.AlignTop)
        flags = int(align) | int(Qt.TextFlag.TextWordWrap)
        painter.setFont(title_font)
        painter.setPen(QColor("#ffffff" if selected else Colours.TEXT))
        title_rect = painter.boundingRect(text_rect, flags, opt.text)
        painter.drawText(text_rect, flags, opt.text)
        painter.setFont(meta_font)
        painter.setPen(QColor("#ffffff" if selected else Colours.MUTED))
        meta_rect = QRect(text_rect.x(), title_rect.bottom() + 3, text_rect.width(),
                          QFontMetrics(meta_font).height())
        painter.drawText(meta_rect, int(align), str(index.data(META_ROLE) or ""))
        painter.restore()


class RecordHistoryWidget(QWidget):
    """The timeline of the record ``table_name``/``record_id``, newest first.

    Signals:
        loaded(int): the timeline shows this many lines.
    """

    loaded = Signal(int)

    def __init__(self, services: AppServices, actor: Actor, table_name: str, record_id: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._audit = services.audit
        self._actor = actor
        self.table_name = table_name
        self.record_id = record_id
        self._lines: list[HistoryLine] = []
        self._state: State = "loading"
        self._error = ""

        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.list = QListWidget(self)
        self.list.setObjectName("recordTimeline")
        self.list.setItemDelegate(TimelineDelegate(self.list))
        self.list.setResizeMode(QListView.ResizeMode.Adjust)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.status)
        layout.addWidget(self.list, 1)
        self.retranslate_ui()
        self.reload()

    # --- public -----------------------------------------------------------------
    def lines(self) -> list[HistoryLine]:
        """The lines shown, newest first."""
        return list(self._lines)

    def sentences(self) -> list[str]:
        return [self.list.item(row).text() for row in range(self.list.count())]

    @Slot()
    def reload(self) -> None:
        """Read the record's history again (after the record changed)."""
        audit, actor, table, record = self._audit, self._actor, self.table_name, self.record_id
        (Op(self, lambda: audit.record_history(actor, table, record, HISTORY_LIMIT))
         .on_success(self._on_history_loaded)
         .on_failure(self._on_history_failed)
         .run())

    def retranslate_ui(self) -> None:
        self._fill()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    # --- results -------------------------------------------------------------------
    def _on_history_loaded(self, lines: list[HistoryLine]) -> None:
        self._lines = lines[::-1]
        self._error = ""
        if not lines:
            self._state = "empty"
        else:
            self._state = "truncated" if len(lines) >= HISTORY_LIMIT else "complete"
        self._fill()
        self.loaded.emit(len(lines))

    def _on_history_failed(self, error: UserError) -> None:
        self._error = error.message
        self._fill()

    def _fill(self) -> None:
        self.list.clear()
        for line in self._lines:
            item = QListWidgetItem(describe(line))
            item.setData(META_ROLE, meta_text(line))
            item.setData(ACTION_ROLE, line.action)
            item.setToolTip(describe(line))
            self.list.addItem(item)
        if self._error:
            text = self._error
        elif self._state == "loading":
            text = _(LOADING)
        elif self._state == "empty":
            text = _(NO_HISTORY)
        elif self._state == "truncated":
            text = latest_only(HISTORY_LIMIT, localize_digits(str(HISTORY_LIMIT), digit_style()))
        else:
            text = ""
        self.status.setText(text)
        self.status.setVisible(bool(text))
        self.status.setStyleSheet(f"color: {Colours.ERROR if self._error else Colours.MUTED};")


class RecordHistoryDialog(QDialog):
    """A record's timeline in a window of its own; ``title()`` names the record (in the current
    language: it is asked again when the language changes)."""

    def __init__(self, services: AppServices, actor: Actor, table_name: str, record_id: str,
                 title: Callable[[], str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._title = title
        self.heading = QLabel(self)
        self.heading.setObjectName("pageTitle")
        self.heading.setWordWrap(True)
        self.history = RecordHistoryWidget(services, actor, table_name, record_id, self)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.history, 1)
        layout.addWidget(buttons)
        self.resize(640, 480)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        text = _(HISTORY_TITLE).format(record=self._title())
        self.setWindowTitle(text)
        self.heading.setText(text)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)
