"""The survey analysis charts, painted with QPainter (PySide6-Essentials has no QtCharts).

- :class:`MeanChart`: one horizontal bar per scale item, its mean on the 1–5
  scale. The item's number and words sit at the leading side (the right in
  Arabic), the bar grows from them towards the trailing side, its mean written
  past its end; light lines mark 1…5 with the numbers under the last row. The
  weakest items are drawn in the warning colour, the selected one outlined;
  clicking a row selects that item (:attr:`MeanChart.item_clicked`).
- :class:`DistributionChart`: the five answers of one item, as the client
  statistics' :class:`~ui.clients.chart.BarChart` draws bars, each in its
  scale colour.

Both follow the layout direction and the digit style of the settings, like
``ui/clients/chart.py``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFontMetricsF, QMouseEvent, QPainter, QPaintEvent, QPen, QTextOption
from PySide6.QtWidgets import QSizePolicy, QWidget

from app.surveys.records import SCALE_MAX, ItemStats
from ui.surveys.analysis_texts import SCALE_COLOURS, WARNING, count_text, mean_text, percent_text, scale_label
from ui.theme import Colours

PAD = 8.0
GAP = 6.0
MAX_LABEL_SHARE = 0.45
ROW_FACTOR = 1.8
MIN_ROW_FACTOR = 1.2  # rows shrink down to this to fit the height given
BAR_FACTOR = 0.6


@dataclass(frozen=True)
class RowGeometry:
    """Where one item was drawn, in widget coordinates (tests and hit testing)."""

    number: int
    label: QRectF
    bar: QRectF
    value: QRectF


def _direction(widget: QWidget) -> tuple[bool, Qt.LayoutDirection]:
    rtl = widget.layoutDirection() == Qt.LayoutDirection.RightToLeft
    return rtl, Qt.LayoutDirection.RightToLeft if rtl else Qt.LayoutDirection.LeftToRight


def _option(direction: Qt.LayoutDirection, align: Qt.AlignmentFlag) -> QTextOption:
    option = QTextOption(Qt.AlignmentFlag.AlignVCenter | align)
    option.setTextDirection(direction)
    option.setWrapMode(QTextOption.WrapMode.NoWrap)
    return option


class MeanChart(QWidget):
    """Item means on the 1–5 scale. Signals: item_clicked(int), the item's number."""

    item_clicked = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._items: list[ItemStats] = []
        self._weak: tuple[int, ...] = ()
        self._selected = 0
        self._message = ""
        self._lang_text: dict[int, str] = {}
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setMinimumWidth(300)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        font = self.font()
        font.setPointSizeF(max(font.pointSizeF() - 1, 8.0))
        self.setFont(font)

    # --- data ----------------------------------------------------------------------------
    def set_items(self, items: Sequence[ItemStats], weak: Sequence[int], texts: dict[int, str]) -> None:
        """``texts``: each item's label as shown (number and words, in the language of the screen)."""
        self._items = list(items)
        self._weak = tuple(weak)
        self._lang_text = dict(texts)
        self.updateGeometry()
        self.update()

    def items(self) -> list[ItemStats]:
        return list(self._items)

    def set_selected(self, number: int) -> None:
        self._selected = number
        self.update()

    def set_message(self, text: str) -> None:
        self._message = text
        self.update()

    # --- layout --------------------------------------------------------------------------
    def _line(self) -> float:
        return QFontMetricsF(self.font()).height()

    def _rows(self) -> int:
        return max(len(self._items), 3) + 1  # the scale's numbers under the bars

    def sizeHint(self) -> QSize:
        return QSize(460, int(self._rows() * self._line() * ROW_FACTOR + 2 * PAD))

    def minimumSizeHint(self) -> QSize:
        return QSize(300, int(self._rows() * self._line() * MIN_ROW_FACTOR + 2 * PAD))

    def _label(self, item: ItemStats) -> str:
        return self._lang_text.get(item.number, str(item.number))

    def _plot(self) -> tuple[float, float, float, float]:
        """(label width, value width, row height, plot width)."""
        metrics = QFontMetricsF(self.font())
        width = self.width() - 2 * PAD
        label_w = min(max((metrics.horizontalAdvance(self._label(i)) for i in self._items), default=0.0)
                      + GAP, width * MAX_LABEL_SHARE)
        value_w = metrics.horizontalAdvance(mean_text(4.44)) + GAP
        fit = (self.height() - 2 * PAD) / self._rows()
        row_h = max(self._line() * MIN_ROW_FACTOR, min(fit, self._line() * ROW_FACTOR))
        return label_w, value_w, row_h, max(width - label_w - value_w - GAP, 10.0)

    def x_of(self, value: float) -> float:
        """The horizontal position of ``value`` (1–5) on the scale."""
        label_w, _value_w, _row_h, plot = self._plot()
        offset = plot * (value - 1) / (SCALE_MAX - 1)
        rtl, _d = _direction(self)
        if rtl:
            return PAD + (self.width() - 2 * PAD) - label_w - GAP / 2 - offset
        return PAD + label_w + GAP / 2 + offset

    def geometry_of_rows(self) -> list[RowGeometry]:
        label_w, value_w, row_h, _plot = self._plot()
        width = self.width() - 2 * PAD
        rtl, _d = _direction(self)
        origin = self.x_of(1)
        out = []
        for i, item in enumerate(self._items):
            y = PAD + i * row_h
            thickness = row_h * BAR_FACTOR
            bar_y = y + (row_h - thickness) / 2
            end = self.x_of(item.mean) if item.mean is not None else origin
            length = abs(end - origin)
            if item.mean is not None:
                length = max(length, 2.0)  # a mean of 1 still shows a stub
            if rtl:
                label = QRectF(PAD + width - label_w, y, label_w - GAP, row_h)
                bar = QRectF(origin - length, bar_y, length, thickness)
                value = QRectF(bar.left() - GAP - value_w, y, value_w, row_h)
            else:
                label = QRectF(PAD, y, label_w - GAP, row_h)
                bar = QRectF(origin, bar_y, length, thickness)
                value = QRectF(bar.right() + GAP, y, value_w, row_h)
            out.append(RowGeometry(item.number, label, bar, value))
        return out

    def number_at(self, x: float, y: float) -> int:
        _label_w, _value_w, row_h, _plot = self._plot()
        row = int((y - PAD) // row_h) if y >= PAD else -1
        return self._items[row].number if 0 <= row < len(self._items) else 0

    def mousePressEvent(self, event: QMouseEvent) -> None:
        number = self.number_at(event.position().x(), event.position().y())
        if number:
            self.set_selected(number)
            self.item_clicked.emit(number)
        super().mousePressEvent(event)

    # --- painting ------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor(Colours.BASE))
        _rtl, direction = _direction(self)
        if not self._items or all(i.mean is None for i in self._items):
            painter.setPen(QColor(Colours.MUTED))
            option = QTextOption(Qt.AlignmentFlag.AlignCenter)
            option.setTextDirection(direction)
            option.setWrapMode(QTextOption.WrapMode.WordWrap)
            painter.drawText(QRectF(self.rect()).adjusted(PAD, PAD, -PAD, -PAD), self._message, option)
            painter.end()
            return
        metrics = QFontMetricsF(self.font())
        geometry = self.geometry_of_rows()
        _label_w, _value_w, row_h, _plot = self._plot()
        bottom = PAD + len(geometry) * row_h
        # The scale: a line at each answer, its number underneath.
        centre = _option(direction, Qt.AlignmentFlag.AlignHCenter)
        for v in range(1, SCALE_MAX + 1):
            x = self.x_of(v)
            painter.setPen(QPen(QColor(Colours.BORDER), 1.0, Qt.PenStyle.SolidLine if v == 1
                                else Qt.PenStyle.DotLine))
            painter.drawLine(QPointF(x, PAD), QPointF(x, bottom))
            painter.setPen(QColor(Colours.MUTED))
            painter.drawText(QRectF(x - row_h, bottom, 2 * row_h, row_h), count_text(v), centre)
        label_option = _option(direction, Qt.AlignmentFlag.AlignLeading)
        value_option = _option(direction, Qt.AlignmentFlag.AlignLeading)
        for item, g in zip(self._items, geometry, strict=True):
            weak = item.number in self._weak
            if item.number == self._selected:
                painter.fillRect(QRectF(PAD, g.label.top(), self.width() - 2 * PAD, row_h),
                                 QColor(Colours.ACCENT_SOFT))
            painter.setPen(QColor(WARNING if weak else Colours.TEXT))
            text = metrics.elidedText(self._label(item), Qt.TextElideMode.ElideRight, g.label.width())
            painter.drawText(g.label, text, label_option)
            if item.mean is not None:
                painter.fillRect(g.bar, QColor(WARNING if weak else Colours.ACCENT))
            painter.setPen(QColor(Colours.MUTED))
            painter.drawText(g.value, mean_text(item.mean), value_option)
        painter.end()


class DistributionChart(QWidget):
    """How one item was answered: a bar per answer 1…5, coloured red to green."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._counts: tuple[int, ...] = ()
        self._message = ""
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setMinimumWidth(260)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        font = self.font()
        font.setPointSizeF(max(font.pointSizeF() - 1, 8.0))
        self.setFont(font)

    def set_counts(self, counts: Sequence[int]) -> None:
        self._counts = tuple(counts)
        self.update()

    def counts(self) -> tuple[int, ...]:
        return self._counts

    def set_message(self, text: str) -> None:
        self._message = text
        self.update()

    def _line(self) -> float:
        return QFontMetricsF(self.font()).height()

    def sizeHint(self) -> QSize:
        return QSize(380, int(SCALE_MAX * self._line() * ROW_FACTOR + 2 * PAD))

    def minimumSizeHint(self) -> QSize:
        return QSize(260, int(SCALE_MAX * self._line() * MIN_ROW_FACTOR + 2 * PAD))

    def geometry_of_bars(self) -> list[RowGeometry]:
        metrics = QFontMetricsF(self.font())
        width = self.width() - 2 * PAD
        rows = SCALE_MAX
        row_h = max(min((self.height() - 2 * PAD) / rows, self._line() * ROW_FACTOR),
                    self._line() * MIN_ROW_FACTOR)
        label_w = min(max(metrics.horizontalAdvance(scale_label(v)) for v in range(1, 6)) + GAP,
                      width * MAX_LABEL_SHARE)
        total = sum(self._counts)
        value_w = max((metrics.horizontalAdvance(self._value_text(n, total)) for n in self._counts),
                      default=0.0) + GAP
        room = max(width - label_w - value_w - GAP, 0.0)
        top = max(self._counts, default=0)
        rtl, _d = _direction(self)
        out = []
        for i, n in enumerate(self._counts):
            y = PAD + i * row_h
            thickness = row_h * BAR_FACTOR
            bar_y = y + (row_h - thickness) / 2
            length = room * n / top if top else 0.0
            if rtl:
                label = QRectF(PAD + width - label_w, y, label_w - GAP, row_h)
                bar = QRectF(label.left() - GAP - length, bar_y, length, thickness)
                value = QRectF(bar.left() - GAP - value_w, y, value_w, row_h)
            else:
                label = QRectF(PAD, y, label_w - GAP, row_h)
                bar = QRectF(label.right() + GAP, bar_y, length, thickness)
                value = QRectF(bar.right() + GAP, y, value_w, row_h)
            out.append(RowGeometry(i + 1, label, bar, value))
        return out

    @staticmethod
    def _value_text(n: int, total: int) -> str:
        return f"{count_text(n)} ({percent_text(n / total if total else None)})"

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor(Colours.BASE))
        rtl, direction = _direction(self)
        total = sum(self._counts)
        if not total:
            painter.setPen(QColor(Colours.MUTED))
            option = QTextOption(Qt.AlignmentFlag.AlignCenter)
            option.setTextDirection(direction)
            option.setWrapMode(QTextOption.WrapMode.WordWrap)
            painter.drawText(QRectF(self.rect()).adjusted(PAD, PAD, -PAD, -PAD), self._message, option)
            painter.end()
            return
        metrics = QFontMetricsF(self.font())
        label_option = _option(direction, Qt.AlignmentFlag.AlignLeading)
        geometry = self.geometry_of_bars()
        if geometry:
            axis = geometry[0].bar.right() + GAP / 2 if rtl else geometry[0].bar.left() - GAP / 2
            painter.setPen(QColor(Colours.BORDER))
            painter.drawLine(QPointF(axis, PAD), QPointF(axis, geometry[-1].label.bottom()))
        for n, g in zip(self._counts, geometry, strict=True):
            painter.setPen(QColor(Colours.TEXT))
            text = metrics.elidedText(scale_label(g.number), Qt.TextElideMode.ElideRight, g.label.width())
            painter.drawText(g.label, text, label_option)
            if g.bar.width() > 0:
                painter.fillRect(g.bar, QColor(SCALE_COLOURS[g.number - 1]))
            painter.setPen(QColor(Colours.MUTED))
            painter.drawText(g.value, self._value_text(n, total), label_option)
        painter.end()
