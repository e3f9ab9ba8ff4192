"""The per-item table of the survey analysis: its model, and the delegate that draws each
item's answers as a small stacked bar (red for 1 to green for 5).

Rows are :class:`~app.surveys.records.ItemStats`; the weakest items (the
summary's ``weakest``) carry a marker and the warning colour. Every column
sorts by its value (``SORT_ROLE``), not by its text.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QRectF,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QPainter
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from app.i18n import N_, _
from app.surveys.records import ItemStats, Summary
from ui.surveys.analysis_texts import (
    SCALE_COLOURS,
    WARNING,
    WARNING_SOFT,
    WEAK_MARK,
    count_text,
    mean_text,
    percent_text,
    scale_label,
)

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
NUMBER_ROLE = Qt.ItemDataRole.UserRole + 2  # the item's number, on every cell
COUNTS_ROLE = Qt.ItemDataRole.UserRole + 3  # the distribution, on the bar column

COL_NUMBER, COL_TEXT, COL_MEAN, COL_AGREE, COL_BAR = 0, 1, 2, 3, 4
COL_COUNTS = (5, 6, 7, 8, 9)  # answers 1…5
COL_UNANSWERED = 10
HEADERS = (N_("No."), N_("Item"), N_("Mean"), N_("Agreeing"), N_("Answers"), "1", "2", "3", "4", "5",
           N_("Unanswered"))
NUMERIC = Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignHCenter
AnyIndex = QModelIndex | QPersistentModelIndex


def item_label(item: ItemStats, lang: str) -> str:
    return f"{count_text(item.number)}. {item.text(lang)}"


class ItemTableModel(QAbstractTableModel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._items: list[ItemStats] = []
        self._weak: tuple[int, ...] = ()
        self._lang = "ar"

    def set_summary(self, summary: Summary | None, lang: str) -> None:
        self.beginResetModel()
        self._items = list(summary.items) if summary else []
        self._weak = summary.weakest if summary else ()
        self._lang = lang
        self.endResetModel()

    def items(self) -> list[ItemStats]:
        return list(self._items)

    def is_weak(self, number: int) -> bool:
        return number in self._weak

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._items)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            text = HEADERS[section]
            return count_text(int(text)) if text.isdigit() else _(text)
        if role == Qt.ItemDataRole.ToolTipRole:
            if section in COL_COUNTS:
                return scale_label(COL_COUNTS.index(section) + 1)
            if section == COL_AGREE:
                return _("Share of answers 4 or 5")
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        item = self._items[index.row()]
        column = index.column()
        weak = item.number in self._weak
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(item, column, weak)
        if role == SORT_ROLE:
            return self._sort_value(item, column)
        if role == NUMBER_ROLE:
            return item.number
        if role == COUNTS_ROLE:
            return item.distribution
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return None if column == COL_TEXT else NUMERIC
        if role == Qt.ItemDataRole.BackgroundRole and weak:
            return QBrush(QColor(WARNING_SOFT))
        if role == Qt.ItemDataRole.ForegroundRole and weak and column in (COL_NUMBER, COL_TEXT, COL_MEAN):
            return QBrush(QColor(WARNING))
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == COL_BAR:
                return "\n".join(f"{scale_label(v)}: {count_text(n)}"
                                 for v, n in enumerate(item.distribution, 1))
            if weak:
                return _("One of the weakest items")
            if column == COL_TEXT:
                return item.text(self._lang)
        return None

    def _text(self, item: ItemStats, column: int, weak: bool) -> str:
        if column == COL_NUMBER:
            return f"{WEAK_MARK} {count_text(item.number)}" if weak else count_text(item.number)
        if column == COL_TEXT:
            return item.text(self._lang)
        if column == COL_MEAN:
            return mean_text(item.mean)
        if column == COL_AGREE:
            return percent_text(item.agree_share)
        if column in COL_COUNTS:
            return count_text(item.distribution[COL_COUNTS.index(column)])
        if column == COL_UNANSWERED:
            return count_text(item.unanswered)
        return ""

    @staticmethod
    def _sort_value(item: ItemStats, column: int) -> Any:
        if column == COL_NUMBER:
            return item.number
        if column == COL_TEXT:
            return item.ar
        if column in (COL_MEAN, COL_BAR):
            return -1.0 if item.mean is None else item.mean
        if column == COL_AGREE:
            return -1.0 if item.agree_share is None else item.agree_share
        if column in COL_COUNTS:
            return item.distribution[COL_COUNTS.index(column)]
        return item.unanswered


class ItemSortProxy(QSortFilterProxyModel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)


class DistributionDelegate(QStyledItemDelegate):
    """Answers 1…5 of a row as one stacked bar, 1 at the leading side."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        counts = index.data(COUNTS_ROLE)
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        style = opt.widget.style() if opt.widget is not None else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        total = sum(counts) if counts else 0
        if not total:
            return
        rect = QRectF(option.rect).adjusted(6, option.rect.height() * 0.3, -6, -option.rect.height() * 0.3)
        rtl = option.direction == Qt.LayoutDirection.RightToLeft
        painter.save()
        x = rect.right() if rtl else rect.left()
        for value, n in enumerate(counts, 1):
            width = rect.width() * n / total
            if width <= 0:
                continue
            segment = QRectF(x - width if rtl else x, rect.top(), width, rect.height())
            painter.fillRect(segment, QColor(SCALE_COLOURS[value - 1]))
            x = x - width if rtl else x + width
        painter.restore()
