"""The kanban itself: one widget that paints the five columns and their cards.

One painted widget rather than a widget per card: 200 cards × 5 columns cost nothing until
they are visible (only the cards in view are painted), a drag is plain mouse tracking inside
one widget (no ``QDrag``, whose ``exec`` blocks and cannot be driven by ``QTest``), and the
keyboard moves between columns without focus hopping between views.

Geometry: the columns sit in :data:`app.pipeline.records.STAGES` order from the reading
start: the first stage is on the right in Arabic and on the left in English. Each column has a
header (stage, count, total and probability-weighted total of *all* matches) and a card area
with its own scroll bar on the column's far side. Keyboard: Up/Down (Home/End, Page Up/Down)
within a column, Left/Right to the column visually on that side, Ctrl+Left/Ctrl+Right asks to
move the selected card to the stage visually on that side (so in Arabic Ctrl+Left is the next
stage), Enter opens the card. The canvas never writes: it emits :attr:`move_requested` and the
board decides.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from PySide6.QtCore import QEvent, QPoint, QRect, QRectF, QSize, Qt, Signal, Slot
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QHelpEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QResizeEvent,
    QTextOption,
    QWheelEvent,
)
from PySide6.QtWidgets import QApplication, QScrollBar, QToolTip, QWidget

from app.calendars.formatting import digit_style
from app.i18n import _, is_rtl, ngettext
from app.pipeline.records import STAGES, Board, Card
from app.pipeline.rules import STAGE_LABELS
from app.text.bidi import isolate_ltr
from ui.clients.labels import amount_text
from ui.common.texts import day, digits, number_text
from ui.theme import Colours, ui_font

WARNING = "#b45309"  # overdue next actions (the registry's warning colour)
STAGE_COLOURS = {
    "identified": "#2563eb",
    "follow_up": "#0f766e",
    "closed": "#7c3aed",
    "successful": "#15803d",
    "cancelled": "#6b7280",
}
COLUMN_BACKGROUND = "#e9f0ee"
MIN_COLUMN_WIDTH = 250
PAD = 8  # around the board
GAP = 10  # between columns
INNER = 8  # inside a column
SCROLL_WIDTH = 10
CARD_GAP = 8


def percent_text(value: int) -> str:
    return digits(str(value)) + ("٪" if digit_style() == "arabic" else "%")


def isolate(text: str) -> str:
    """A name as one unit in a line of the other direction (FSI…PDI), followed by the mark of the
    screen's direction so that the punctuation after it stays outside (Qt's layout needs both)."""
    return f"\u2068{text}\u2069" + ("\u200f" if is_rtl() else "\u200e")


def owners_text(card: Card) -> str:
    owners = list(dict.fromkeys(d.owner_name or d.owner for d in card.donors if d.owner))
    return _(", ").join(isolate(o) for o in owners)


def donors_line(card: Card) -> str:
    """Donor name(s) and the donor's relationship owner(s)."""
    names = _(", ").join(isolate(d.name) for d in card.donors) or _("No donor")
    owners = owners_text(card)
    return _("{donors} (relationship: {owner})").format(donors=names, owner=owners) if owners else names


def sort_key(card: Card) -> tuple[bool, date, object, str]:
    """The service's order within a column: next action date (none last), stage change, number."""
    return (card.next_action_on is None, card.next_action_on or date.min, card.stage_changed_at,
            card.number)


@dataclass
class ColumnData:
    stage: str
    cards: list[Card] = field(default_factory=list)  # the first ``limit`` of the column
    count: int = 0  # every match
    total: int = 0  # halalas
    weighted: int = 0

    @property
    def hidden(self) -> int:
        return max(self.count - len(self.cards), 0)


@dataclass(frozen=True)
class _Metrics:
    title: QFont
    body: QFont
    small: QFont
    line: int  # body line height
    title_line: int
    card_height: int
    header_height: int
    more_height: int


class BoardCanvas(QWidget):
    """Signals: move_requested(Card, str target stage), open_requested(str number), current_changed."""

    move_requested = Signal(object, str)
    open_requested = Signal(str)
    current_changed = Signal()

    def __init__(self, parent: QWidget | None = None, *, limit: int = 200) -> None:
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(False)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.limit = limit
        self.stages: tuple[str, ...] = STAGES
        self._data: dict[str, ColumnData] = {s: ColumnData(s) for s in self.stages}
        self.loaded_once = False
        self._current: str | None = None  # card id
        self._pending: set[str] = set()
        self._scroll: dict[str, QScrollBar] = {}
        for stage in self.stages:
            bar = QScrollBar(Qt.Orientation.Vertical, self)
            bar.setFixedWidth(SCROLL_WIDTH)
            bar.setSingleStep(24)
            bar.valueChanged.connect(self._on_scrolled)
            bar.hide()
            self._scroll[stage] = bar
        # The drag: the card pressed, where, and where it is now.
        self._press: tuple[Card, QPoint, QPoint] | None = None  # card, press point, offset in card
        self._drag_pos: QPoint | None = None
        self._drop_stage: str | None = None
        self._m = self._metrics()
        self.setMinimumSize(len(self.stages) * MIN_COLUMN_WIDTH + 2 * PAD + GAP * (len(self.stages) - 1),
                            self._m.header_height + 2 * self._m.card_height)

    # --- data ------------------------------------------------------------------------------------
    def set_board(self, board: Board) -> None:
        """Show ``board``; the selection stays on its card when the card is still shown."""
        self._data = {s: ColumnData(s) for s in self.stages}
        for column in board.columns:
            if column.stage in self._data:
                self._data[column.stage] = ColumnData(column.stage, list(column.cards), column.count,
                                                      column.total_halalas, column.weighted_halalas)
        self.loaded_once = True
        if self._current is not None and self._locate(self._current) is None:
            self._current = None
        self._layout_scrollbars()
        self.update()

    def column(self, stage: str) -> ColumnData:
        return self._data[stage]

    def columns(self) -> list[ColumnData]:
        return [self._data[s] for s in self.stages]

    def card(self, card_id: str) -> Card | None:
        where = self._locate(card_id)
        return None if where is None else self._data[where[0]].cards[where[1]]

    def find_card(self, number: str) -> Card | None:
        return next((c for col in self._data.values() for c in col.cards if c.number == number), None)

    def move_card(self, old: Card, new: Card) -> None:
        """The service moved ``old`` to ``new.stage``: move it here and correct both columns' totals."""
        source = self._data.get(old.stage)
        if source is not None:
            source.cards = [c for c in source.cards if c.id != old.id]
            source.count = max(source.count - 1, 0)
            source.total -= old.expected_halalas
            source.weighted -= old.weighted_halalas
        target = self._data.get(new.stage)
        if target is not None:
            key = sort_key(new)
            at = next((i for i, c in enumerate(target.cards) if sort_key(c) > key), len(target.cards))
            if at < self.limit:
                target.cards.insert(at, new)
                del target.cards[self.limit:]
            target.count += 1
            target.total += new.expected_halalas
            target.weighted += new.weighted_halalas
        self._pending.discard(old.id)
        if target is not None and any(c.id == new.id for c in target.cards):
            self._current = new.id
            self._layout_scrollbars()
            self.ensure_visible(new.id)
        else:
            self._layout_scrollbars()
        self.current_changed.emit()
        self.update()

    def set_pending(self, card_id: str, pending: bool) -> None:
        """A move of the card is being written: it is drawn faded and does not move again meanwhile."""
        if pending:
            self._pending.add(card_id)
        else:
            self._pending.discard(card_id)
        self.update()

    def is_pending(self, card_id: str) -> bool:
        return card_id in self._pending

    # --- selection -------------------------------------------------------------------------------
    def current_card(self) -> Card | None:
        return None if self._current is None else self.card(self._current)

    def select(self, card_id: str | None) -> None:
        if card_id == self._current:
            return
        self._current = card_id
        if card_id is not None:
            self.ensure_visible(card_id)
        self.current_changed.emit()
        self.update()

    def ensure_visible(self, card_id: str) -> None:
        where = self._locate(card_id)
        if where is None:
            return
        stage, index = where
        bar = self._scroll[stage]
        area = self._cards_area(stage)
        top = INNER + index * (self._m.card_height + CARD_GAP)
        col = self._data[stage]
        bottom = top + self._m.card_height
        if index == len(col.cards) - 1 and col.hidden:
            bottom += CARD_GAP + self._m.more_height  # the last card shows «and N more» under it
        if top < bar.value():
            bar.setValue(top - INNER)
        elif bottom > bar.value() + area.height():
            bar.setValue(bottom + INNER - area.height())

    # --- geometry --------------------------------------------------------------------------------
    def _rtl(self) -> bool:
        return self.layoutDirection() == Qt.LayoutDirection.RightToLeft

    def _edges(self) -> tuple[Qt.AlignmentFlag, Qt.AlignmentFlag]:
        """The reading start and end edges, as absolute alignments (Qt would otherwise mirror them
        once more for right-to-left text)."""
        left = Qt.AlignmentFlag.AlignAbsolute | Qt.AlignmentFlag.AlignLeft
        right = Qt.AlignmentFlag.AlignAbsolute | Qt.AlignmentFlag.AlignRight
        return (right, left) if self._rtl() else (left, right)

    def slot(self, stage: str) -> int:
        """The column's place from the left edge."""
        i = self.stages.index(stage)
        return len(self.stages) - 1 - i if self._rtl() else i

    def stage_at_slot(self, slot: int) -> str | None:
        if not 0 <= slot < len(self.stages):
            return None
        return self.stages[len(self.stages) - 1 - slot if self._rtl() else slot]

    def column_rect(self, stage: str) -> QRect:
        n = len(self.stages)
        width = (self.width() - 2 * PAD - GAP * (n - 1)) / n
        x = PAD + self.slot(stage) * (width + GAP)
        return QRect(round(x), PAD, round(width), self.height() - 2 * PAD)

    def _cards_area(self, stage: str) -> QRect:
        col = self.column_rect(stage)
        return QRect(col.x(), col.y() + self._m.header_height, col.width(),
                     col.height() - self._m.header_height)

    def card_rect(self, stage: str, index: int) -> QRect:
        """Where the ``index``-th card of ``stage`` is drawn, scrolled (may be outside the area)."""
        area = self._cards_area(stage)
        bar_side = SCROLL_WIDTH + 4
        left = area.x() + INNER + (bar_side if self._rtl() else 0)
        width = area.width() - 2 * INNER - bar_side
        top = area.y() + INNER + index * (self._m.card_height + CARD_GAP) - self._scroll[stage].value()
        return QRect(left, top, width, self._m.card_height)

    def stage_at(self, pos: QPoint) -> str | None:
        """The column under ``pos`` (the gap between two columns counts for the nearer one)."""
        if not self.rect().adjusted(-40, -40, 40, 40).contains(pos):
            return None
        best, distance = None, 1 << 30
        for stage in self.stages:
            r = self.column_rect(stage)
            inside = r.left() <= pos.x() <= r.right()
            d = 0 if inside else min(abs(pos.x() - r.left()), abs(pos.x() - r.right()))
            if d < distance:
                best, distance = stage, d
        return best if distance <= GAP else None

    def card_at(self, pos: QPoint) -> Card | None:
        stage = self.stage_at(pos)
        if stage is None or not self._cards_area(stage).contains(pos):
            return None
        cards = self._data[stage].cards
        first = self.card_rect(stage, 0)
        index = (pos.y() - first.y()) // (self._m.card_height + CARD_GAP)
        if 0 <= index < len(cards) and self.card_rect(stage, index).contains(pos):
            return cards[index]
        return None

    def card_center(self, card_id: str) -> QPoint:
        """Where to press to take the card (for tests and tools)."""
        where = self._locate(card_id)
        if where is None:
            raise KeyError(card_id)
        self.ensure_visible(card_id)
        return self.card_rect(*where).center()

    def _locate(self, card_id: str) -> tuple[str, int] | None:
        for stage, col in self._data.items():
            for i, c in enumerate(col.cards):
                if c.id == card_id:
                    return stage, i
        return None

    def _content_height(self, stage: str) -> int:
        col = self._data[stage]
        n = len(col.cards)
        height = INNER + n * (self._m.card_height + CARD_GAP)
        return height + (self._m.more_height if col.hidden else 0) + INNER

    def _layout_scrollbars(self) -> None:
        for stage in self.stages:
            bar = self._scroll[stage]
            area = self._cards_area(stage)
            most = max(self._content_height(stage) - area.height(), 0)
            bar.setRange(0, most)
            bar.setPageStep(max(area.height(), 1))
            x = area.x() + 3 if self._rtl() else area.right() - SCROLL_WIDTH - 2
            bar.setGeometry(x, area.y() + INNER, SCROLL_WIDTH, max(area.height() - 2 * INNER, 0))
            bar.setVisible(most > 0)

    def _metrics(self) -> _Metrics:
        base = self.font().pointSizeF() if self.font().pointSizeF() > 0 else 10.0
        title, body, small = ui_font(base, bold=True), ui_font(base - 1), ui_font(base - 1.5)
        line = QFontMetrics(body).height()
        title_line = QFontMetrics(title).height()
        small_line = QFontMetrics(small).height()
        card = 2 * 8 + title_line + 3 * line + small_line
        header = 12 + QFontMetrics(ui_font(base + 1, bold=True)).height() + 2 * small_line
        return _Metrics(title, body, small, line, title_line, card, header, line + 8)

    def sizeHint(self) -> QSize:
        return QSize(self.minimumWidth(), 640)

    # --- texts -----------------------------------------------------------------------------------
    def header_lines(self, stage: str) -> tuple[str, str, str, str]:
        """Stage label, count, total and weighted total, as painted."""
        col = self._data[stage]
        count = ngettext("{n} opportunity", "{n} opportunities", col.count).format(n=number_text(col.count))
        return (_(STAGE_LABELS[stage]), count,
                _("Total: {amount}").format(amount=amount_text(col.total)),
                _("Weighted: {amount}").format(amount=amount_text(col.weighted)))

    @staticmethod
    def more_text(n: int) -> str:
        return ngettext("and {n} more", "and {n} more", n).format(n=number_text(n))

    @staticmethod
    def date_line(card: Card) -> str:
        if card.next_action_on is None:
            return ""
        text = day(card.next_action_on).replace(" / ", "/")  # the compact form fits a card
        return _("Overdue: {date}").format(date=text) if card.overdue else text

    @staticmethod
    def tooltip(card: Card) -> str:
        lines = [f"<b>{card.programme_name}</b> — {card.number}",
                 _("Donors: {names}").format(names=donors_line(card)),
                 _("Expected: {amount}, probability {p}, weighted {w}").format(
                     amount=amount_text(card.expected_halalas), p=percent_text(card.probability),
                     w=amount_text(card.weighted_halalas)),
                 _("Owner: {name}").format(name=card.owner_name or card.owner)]
        if card.next_action or card.next_action_on:
            lines.append(_("Next action: {action} ({date})").format(
                action=card.next_action or "—", date=day(card.next_action_on)))
        if card.last_contact_at is not None:
            lines.append(_("Last contact: {date}").format(date=day(card.last_contact_at.astimezone().date())))
        return "<br>".join(lines)

    # --- painting --------------------------------------------------------------------------------
    def _draw(self, p: QPainter, rect: QRect, align: Qt.AlignmentFlag, text: str) -> None:
        """One line of text in the screen's direction (``drawText`` with flags guesses it from the
        text's first letter: an English line starting with an Arabic name came out right to left)."""
        option = QTextOption(align)
        option.setTextDirection(self.layoutDirection())
        option.setWrapMode(QTextOption.WrapMode.NoWrap)
        p.drawText(QRectF(rect), text, option)

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setLayoutDirection(self.layoutDirection())
        p.fillRect(event.rect(), QColor(Colours.WINDOW))
        dragging = self._drag_pos is not None and self._press is not None
        for stage in self.stages:
            if self.column_rect(stage).intersects(event.rect()):
                self._paint_column(p, stage, dragging and self._drop_stage == stage)
        if dragging and self._press is not None and self._drag_pos is not None:
            card, _pressed, offset = self._press
            where = self._locate(card.id)
            width = self.card_rect(*where).width() if where else self.card_rect(card.stage, 0).width()
            ghost = QRect(self._drag_pos - offset, QSize(width, self._m.card_height))
            self._paint_card(p, ghost, card, selected=True, faded=False, lifted=True)
        p.end()

    def _paint_column(self, p: QPainter, stage: str, drop_target: bool) -> None:
        rect = self.column_rect(stage)
        start, end = self._edges()
        p.setPen(QPen(QColor(Colours.ACCENT), 2) if drop_target else Qt.PenStyle.NoPen)
        p.setBrush(QColor(Colours.ACCENT_SOFT if drop_target else COLUMN_BACKGROUND))
        p.drawRoundedRect(QRectF(rect).adjusted(1, 1, -1, -1), 8, 8)
        p.fillRect(QRect(rect.x() + 6, rect.y(), rect.width() - 12, 4), QColor(STAGE_COLOURS[stage]))
        label, count, total, weighted = self.header_lines(stage)
        inner = rect.adjusted(INNER + 4, 8, -INNER - 4, 0)
        big = ui_font(self._m.title.pointSizeF() + 1, bold=True)
        title_h = QFontMetrics(big).height()
        small_h = QFontMetrics(self._m.small).height()
        p.setFont(big)
        p.setPen(QColor(STAGE_COLOURS[stage]))
        title_rect = QRect(inner.x(), inner.y(), inner.width(), title_h)
        self._draw(p, title_rect, start | Qt.AlignmentFlag.AlignVCenter, label)
        p.setFont(self._m.small)
        p.setPen(QColor(Colours.MUTED))
        self._draw(p, title_rect, end | Qt.AlignmentFlag.AlignVCenter, count)
        p.setPen(QColor(Colours.TEXT))
        y = inner.y() + title_h
        middle = Qt.AlignmentFlag.AlignVCenter
        self._draw(p, QRect(inner.x(), y, inner.width(), small_h), start | middle, total)
        p.setPen(QColor(Colours.ACCENT))
        self._draw(p, QRect(inner.x(), y + small_h, inner.width(), small_h), start | middle, weighted)

        area = self._cards_area(stage)
        p.save()
        p.setClipRect(area.adjusted(0, 2, 0, -2))
        col = self._data[stage]
        step = self._m.card_height + CARD_GAP
        offset = self._scroll[stage].value()
        first = max((offset - INNER) // step, 0)
        last = min((offset + area.height()) // step + 1, len(col.cards) - 1)
        pressed_id = self._press[0].id if self._press is not None and self._drag_pos is not None else None
        for i in range(first, last + 1):
            card = col.cards[i]
            self._paint_card(p, self.card_rect(stage, i), card, selected=card.id == self._current,
                             faded=card.id in self._pending or card.id == pressed_id)
        if col.hidden:
            after = self.card_rect(stage, len(col.cards))
            p.setFont(self._m.body)
            p.setPen(QColor(Colours.MUTED))
            self._draw(p, QRect(after.x(), after.y(), after.width(), self._m.more_height),
                       Qt.AlignmentFlag.AlignCenter, self.more_text(col.hidden))
        if not col.cards and self.loaded_once:
            p.setFont(self._m.body)
            p.setPen(QColor(Colours.MUTED))
            top = Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop
            self._draw(p, area.adjusted(0, INNER, 0, 0), top, _("No opportunities"))
        p.restore()

    def _paint_card(self, p: QPainter, rect: QRect, card: Card, *, selected: bool, faded: bool,
                    lifted: bool = False) -> None:
        rtl = self._rtl()
        start, end = self._edges()
        middle = Qt.AlignmentFlag.AlignVCenter
        p.save()
        if faded:
            p.setOpacity(0.45)
        if lifted:
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(QColor(0, 0, 0, 40))
            p.drawRoundedRect(QRectF(rect).translated(3, 4), 6, 6)
        p.setBrush(QColor(Colours.BASE))
        p.setPen(QPen(QColor(Colours.ACCENT), 2) if selected else QPen(QColor(Colours.BORDER), 1))
        p.drawRoundedRect(QRectF(rect).adjusted(0.5, 0.5, -0.5, -0.5), 6, 6)
        stripe = QColor(WARNING if card.overdue else STAGE_COLOURS.get(card.stage, Colours.ACCENT))
        stripe_x = rect.right() - 4 if rtl else rect.x() + 1
        p.fillRect(QRect(stripe_x, rect.y() + 6, 4, rect.height() - 12), stripe)

        inner = rect.adjusted(12, 8, -12, -8)
        m = self._m
        y = inner.y()
        # 1. programme, and the opportunity number at the far end
        p.setFont(m.small)
        number_w = QFontMetrics(m.small).horizontalAdvance(card.number) + 6
        p.setPen(QColor(Colours.MUTED))
        number = isolate_ltr(card.number)
        self._draw(p, QRect(inner.x(), y, inner.width(), m.title_line), end | middle, number)
        p.setFont(m.title)
        p.setPen(QColor(Colours.TEXT))
        title_w = inner.width() - number_w
        title = QFontMetrics(m.title).elidedText(card.programme_name, Qt.TextElideMode.ElideRight, title_w)
        title_x = inner.x() + (number_w if rtl else 0)
        self._draw(p, QRect(title_x, y, title_w, m.title_line), start | middle, title)
        y += m.title_line
        # 2. donors and their relationship owner
        p.setFont(m.body)
        body_fm = QFontMetrics(m.body)
        p.setPen(QColor(Colours.TEXT))
        self._draw(p, QRect(inner.x(), y, inner.width(), m.line), start | middle,
                   body_fm.elidedText(donors_line(card), Qt.TextElideMode.ElideRight, inner.width()))
        y += m.line
        # 3. amount, and the probability at the far end
        p.setFont(m.title)
        p.setPen(QColor(Colours.ACCENT_DARK))
        amount = amount_text(card.expected_halalas)
        self._draw(p, QRect(inner.x(), y, inner.width(), m.line), start | middle, amount)
        p.setFont(m.body)
        p.setPen(QColor(Colours.MUTED))
        self._draw(p, QRect(inner.x(), y, inner.width(), m.line), end | middle,
                   _("probability {p}").format(p=percent_text(card.probability)))
        y += m.line
        # 4. the next action, 5. its date (the warning colour when overdue)
        action = card.next_action or _("No next action planned")
        p.setPen(QColor(WARNING if card.overdue else (Colours.TEXT if card.next_action else Colours.MUTED)))
        self._draw(p, QRect(inner.x(), y, inner.width(), m.line), start | middle,
                   body_fm.elidedText(action, Qt.TextElideMode.ElideRight, inner.width()))
        y += m.line
        when = self.date_line(card)
        if when:
            p.setFont(m.small)
            if card.overdue:
                small_bold = QFont(m.small)
                small_bold.setBold(True)
                p.setFont(small_bold)
            p.setPen(QColor(WARNING if card.overdue else Colours.MUTED))
            self._draw(p, QRect(inner.x(), y, inner.width(), inner.bottom() - y), start | middle,
                       QFontMetrics(p.font()).elidedText(when, Qt.TextElideMode.ElideRight, inner.width()))
        p.restore()

    # --- events ----------------------------------------------------------------------------------
    def resizeEvent(self, event: QResizeEvent) -> None:
        self._layout_scrollbars()
        super().resizeEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.LayoutDirectionChange, QEvent.Type.FontChange):
            self._m = self._metrics()
            self._layout_scrollbars()
        if event.type() == QEvent.Type.LanguageChange:
            self.update()
        super().changeEvent(event)

    @Slot()
    def _on_scrolled(self) -> None:
        self.update()

    def wheelEvent(self, event: QWheelEvent) -> None:
        stage = self.stage_at(event.position().toPoint())
        if stage is None:
            event.ignore()
            return
        bar = self._scroll[stage]
        bar.setValue(bar.value() - event.angleDelta().y() // 2)
        event.accept()

    def event(self, e: QEvent) -> bool:
        if e.type() == QEvent.Type.ToolTip and isinstance(e, QHelpEvent):
            card = self.card_at(e.pos())
            if card is None:
                QToolTip.hideText()
            else:
                QToolTip.showText(e.globalPos(), self.tooltip(card), self)
            return True
        return super().event(e)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        pos = event.position().toPoint()
        card = self.card_at(pos) if event.button() == Qt.MouseButton.LeftButton else None
        if card is None:
            super().mousePressEvent(event)
            return
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        self.select(card.id)
        where = self._locate(card.id)
        assert where is not None
        self._press = (card, pos, pos - self.card_rect(*where).topLeft())
        event.accept()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._press is None or not event.buttons() & Qt.MouseButton.LeftButton:
            super().mouseMoveEvent(event)
            return
        pos = event.position().toPoint()
        card, pressed, _offset = self._press
        if self._drag_pos is None:
            near = (pos - pressed).manhattanLength() < QApplication.startDragDistance()
            if near or card.id in self._pending:
                return
            self.setCursor(Qt.CursorShape.ClosedHandCursor)
        self._drag_pos = pos
        self._drop_stage = self.stage_at(pos)
        self._autoscroll(pos)
        self.update()
        event.accept()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._press is None or event.button() != Qt.MouseButton.LeftButton:
            super().mouseReleaseEvent(event)
            return
        card = self._press[0]
        dragged = self._drag_pos is not None
        target = self.stage_at(event.position().toPoint()) if dragged else None
        self._end_drag()
        if dragged and target is not None and target != card.stage:
            self.move_requested.emit(card, target)
        event.accept()

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        card = self.card_at(event.position().toPoint())
        if card is not None and event.button() == Qt.MouseButton.LeftButton:
            self._end_drag()
            self.open_requested.emit(card.number)
            event.accept()
            return
        super().mouseDoubleClickEvent(event)

    def _end_drag(self) -> None:
        self._press = None
        self._drag_pos = None
        self._drop_stage = None
        self.unsetCursor()
        self.update()

    def _autoscroll(self, pos: QPoint) -> None:
        if self._drop_stage is None:
            return
        area = self._cards_area(self._drop_stage)
        bar = self._scroll[self._drop_stage]
        if pos.y() < area.y() + 24:
            bar.setValue(bar.value() - 20)
        elif pos.y() > area.bottom() - 24:
            bar.setValue(bar.value() + 20)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = Qt.Key(event.key())
        ctrl = bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier)
        if key == Qt.Key.Key_Escape and self._press is not None:
            self._end_drag()
            return
        card = self.current_card()
        if key in (Qt.Key.Key_Left, Qt.Key.Key_Right):
            step = -1 if key == Qt.Key.Key_Left else 1  # visual: towards the left or the right edge
            if card is None:
                self._select_first()
            elif ctrl:
                target = self.stage_at_slot(self.slot(card.stage) + step)
                if target is not None and card.id not in self._pending:
                    self.move_requested.emit(card, target)
            else:
                self._select_beside(card, step)
            event.accept()
            return
        if key in (Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_Home, Qt.Key.Key_End, Qt.Key.Key_PageUp,
                   Qt.Key.Key_PageDown):
            if card is None:
                self._select_first()
            else:
                self._select_within(card, key)
            event.accept()
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and card is not None:
            self.open_requested.emit(card.number)
            event.accept()
            return
        super().keyPressEvent(event)

    def _select_first(self) -> None:
        for stage in self.stages:
            if self._data[stage].cards:
                self.select(self._data[stage].cards[0].id)
                return

    def _select_within(self, card: Card, key: Qt.Key) -> None:
        where = self._locate(card.id)
        if where is None:
            return
        stage, index = where
        cards = self._data[stage].cards
        per_page = max(self._cards_area(stage).height() // (self._m.card_height + CARD_GAP), 1)
        index = {
            Qt.Key.Key_Up: index - 1, Qt.Key.Key_Down: index + 1, Qt.Key.Key_Home: 0,
            Qt.Key.Key_End: len(cards) - 1, Qt.Key.Key_PageUp: index - per_page,
            Qt.Key.Key_PageDown: index + per_page,
        }[key]
        self.select(cards[min(max(index, 0), len(cards) - 1)].id)

    def _select_beside(self, card: Card, step: int) -> None:
        where = self._locate(card.id)
        if where is None:
            return
        stage, index = where
        slot = self.slot(stage) + step
        while (target := self.stage_at_slot(slot)) is not None:
            cards = self._data[target].cards
            if cards:
                self.select(cards[min(index, len(cards) - 1)].id)
                return
            slot += step
