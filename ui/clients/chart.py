"""A small horizontal bar chart painted with QPainter (PySide6-Essentials has no QtCharts).

One row per bar: the label at the leading side (right in Arabic, right-aligned),
the bar growing from the label's edge towards the trailing side, then the
value as text (formatted by the caller, in the digit style of the settings).
The longest bar fills the room left by the labels and values; the others are
proportional to it. Labels too long for their column are elided.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPaintEvent, QTextOption
from PySide6.QtWidgets import QSizePolicy, QWidget

from ui.theme import Colours

PAD = 8.0
GAP = 6.0
MAX_LABEL_SHARE = 0.4  # of the width
ROW_FACTOR = 1.9  # the usual row height, in lines of text
MIN_ROW_FACTOR = 1.1  # rows shrink down to this to fit the height given, then the widget grows
BAR_FACTOR = 0.62  # bar thickness in row heights


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    text: str  # the value as shown


@dataclass(frozen=True)
class BarGeometry:
    """Where one row was drawn, in widget coordinates (for tests and hit testing)."""

    label: QRectF
    bar: QRectF
    value: QRectF


class BarChart(QWidget):
    """Bars for :meth:`set_bars`; an optional :meth:`set_message` shows instead when there are none."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._bars: list[Bar] = []
        self._message = ""
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setMinimumWidth(260)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        font = self.font()
        font.setPointSizeF(max(font.pointSizeF() - 1, 8.0))  # a chart's labels are smaller than body text
        self.setFont(font)

    # --- data ----------------------------------------------------------------------------
    def set_bars(self, bars: Sequence[Bar]) -> None:
        self._bars = list(bars)
        self.updateGeometry()
        self.update()

    def bars(self) -> list[Bar]:
        return list(self._bars)

    def set_message(self, text: str) -> None:
        self._message = text
        self.update()

    # --- layout --------------------------------------------------------------------------
    def _line(self) -> float:
        return QFontMetricsF(self.font()).height()

    def _row_height(self) -> float:
        """Rows share the height given, between a compact and a comfortable size."""
        rows = max(len(self._bars), 1)
        fit = (self.height() - 2 * PAD) / rows
        return max(self._line() * MIN_ROW_FACTOR, min(fit, self._line() * ROW_FACTOR))

    def sizeHint(self) -> QSize:
        rows = max(len(self._bars), 3)
        return QSize(420, int(rows * self._line() * ROW_FACTOR + 2 * PAD))

    def minimumSizeHint(self) -> QSize:
        rows = max(len(self._bars), 3)
        return QSize(260, int(rows * self._line() * MIN_ROW_FACTOR + 2 * PAD))

    def geometry_of_bars(self) -> list[BarGeometry]:
        """Each bar's label, bar and value rectangles, top row first."""
        metrics = QFontMetricsF(self.font())
        width = self.width() - 2 * PAD
        row_h = self._row_height()
        label_w = min(max((metrics.horizontalAdvance(b.label) for b in self._bars), default=0.0) + GAP,
                      width * MAX_LABEL_SHARE)
        value_w = max((metrics.horizontalAdvance(b.text) for b in self._bars), default=0.0) + GAP
        room = max(width - label_w - value_w - GAP, 0.0)
        top = max((b.value for b in self._bars), default=0)
        rtl = self.layoutDirection() == Qt.LayoutDirection.RightToLeft
        out = []
        for i, bar in enumerate(self._bars):
            y = PAD + i * row_h
            length = room * bar.value / top if top > 0 and bar.value > 0 else 0.0
            thickness = row_h * BAR_FACTOR
            bar_y = y + (row_h - thickness) / 2
            if rtl:
                label = QRectF(PAD + width - label_w, y, label_w - GAP, row_h)
                origin = label.left() - GAP
                rect = QRectF(origin - length, bar_y, length, thickness)
                value = QRectF(rect.left() - GAP - value_w, y, value_w, row_h)
            else:
                label = QRectF(PAD, y, label_w - GAP, row_h)
                origin = label.right() + GAP
                rect = QRectF(origin, bar_y, length, thickness)
                value = QRectF(rect.right() + GAP, y, value_w, row_h)
            out.append(BarGeometry(label, rect, value))
        return out

    # --- painting ------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor(Colours.BASE))
        rtl = self.layoutDirection() == Qt.LayoutDirection.RightToLeft
        direction = Qt.LayoutDirection.RightToLeft if rtl else Qt.LayoutDirection.LeftToRight
        if not self._bars:
            if self._message:
                painter.setPen(QColor(Colours.MUTED))
                option = QTextOption(Qt.AlignmentFlag.AlignCenter)
                option.setTextDirection(direction)
                option.setWrapMode(QTextOption.WrapMode.WordWrap)
                painter.drawText(QRectF(self.rect()).adjusted(PAD, PAD, -PAD, -PAD), self._message, option)
            painter.end()
            return
        metrics = QFontMetricsF(self.font())
        # Labels at the leading side, aligned to it; values just past the end of their bar.
        label_option = QTextOption(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeading)
        label_option.setTextDirection(direction)
        label_option.setWrapMode(QTextOption.WrapMode.NoWrap)
        value_option = QTextOption(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeading)
        value_option.setTextDirection(direction)
        value_option.setWrapMode(QTextOption.WrapMode.NoWrap)
        geometry = self.geometry_of_bars()
        if geometry:
            first = geometry[0]
            axis_x = first.label.left() - GAP / 2 if rtl else first.label.right() + GAP / 2
            painter.setPen(QColor(Colours.BORDER))
            painter.drawLine(int(axis_x), int(PAD), int(axis_x), int(geometry[-1].label.bottom()))
        accent = QColor(Colours.ACCENT)
        for bar, rect in zip(self._bars, geometry, strict=True):
            painter.setPen(QColor(Colours.TEXT))
            label = metrics.elidedText(bar.label, Qt.TextElideMode.ElideRight, rect.label.width())
            painter.drawText(rect.label, label, label_option)
            if rect.bar.width() > 0:
                painter.fillRect(rect.bar, accent)
            painter.setPen(QColor(Colours.MUTED))
            painter.drawText(rect.value, bar.text, value_option)
        painter.end()
