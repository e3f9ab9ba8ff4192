"""The keyed form's sheet: one row per scale item, then the demographics answered by keys.

:class:`SheetModel` holds the answers of the form being keyed (one small integer
per row, 0 = unanswered) and paints them like the paper: five boxes per item,
the chosen one filled. :func:`decode_key` turns a key press into what it means
for a row, so the panel's key handling stays a few lines and is tested alone.

Rows:

- ``likert``: a scale item, answers 1–5 (Latin or Arabic-Indic digits);
- ``choice``: a single-choice item of at most five options (the age group),
  answered by the option's number;
- ``yesno``: answered 1 = yes / 2 = no, or ``ن`` / ``ل`` (``y`` / ``n``).

Free-text, number and multiple-choice items are typed in line edits instead
(the panel builds them); :func:`text_items` lists them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont

from app.i18n import _, current_language
from app.surveys.records import SCALE, SCALE_MAX, Item, Template
from app.text.digits import to_latin_digits
from ui.common.texts import digits
from ui.theme import Colours

BOXES = SCALE_MAX
NUMBER_COLUMN, TEXT_COLUMN, FIRST_BOX = 0, 1, 2
COLUMNS = FIRST_BOX + BOXES
_YES_KEYS = frozenset({"ن", "y", "Y"})
_NO_KEYS = frozenset({"ل", "n", "N"})
_SKIPPED = QColor("#e8ecec")
_CURRENT = QColor("#d3ebe6")  # the row the next key answers
_CHOSEN = QColor(Colours.ACCENT)
_WHITE = QColor("#ffffff")
_MUTED = QColor(Colours.MUTED)
_Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class SheetRow:
    kind: str  # "likert", "choice" or "yesno"
    item: Item
    number: int = 0  # 1… for the scale items, as on paper

    @property
    def choices(self) -> int:
        if self.kind == "likert":
            return BOXES
        if self.kind == "yesno":
            return 2
        return len(self.item.options)

    def choice_text(self, value: int) -> str:
        """What box ``value`` (1…) shows."""
        if self.kind == "likert":
            return digits(str(value))
        if self.kind == "yesno":
            return _("Yes") if value == 1 else _("No")
        return digits(self.item.options[value - 1].text(current_language()))


def sheet_rows(template: Template) -> list[SheetRow]:
    """The rows keyed digit by digit: the scale items, then the demographics answered by keys."""
    rows = [SheetRow("likert", item, n) for n, item in enumerate(template.likert, 1)]
    for item in template.items:
        if item.kind == "single" and 0 < len(item.options) <= BOXES:
            rows.append(SheetRow("choice", item))
        elif item.kind == "yesno":
            rows.append(SheetRow("yesno", item))
    return rows


def text_items(template: Template) -> list[Item]:
    """The items typed in full (reached with Tab; the fast path skips them)."""
    keyed = {r.item.id for r in sheet_rows(template)}
    return [i for i in template.items if i.kind != "likert" and i.id not in keyed]


@dataclass(frozen=True)
class KeyAction:
    """What a key press means for the current row."""

    action: str  # "set", "skip", "back", "up", "down", "refuse"
    value: int = 0
    message: str = ""


SKIP = KeyAction("skip")
BACK = KeyAction("back")
UP = KeyAction("up")
DOWN = KeyAction("down")


def decode_key(row: SheetRow, key: int, text: str) -> KeyAction | None:
    """The meaning of a key on ``row``; None for keys the sheet does not handle (Tab, Enter…)."""
    if key == Qt.Key.Key_Space:
        return SKIP
    if key == Qt.Key.Key_Backspace:
        return BACK
    if key == Qt.Key.Key_Up:
        return UP
    if key == Qt.Key.Key_Down:
        return DOWN
    if not text:
        return None
    if row.kind == "yesno" and text in _YES_KEYS:
        return KeyAction("set", 1)
    if row.kind == "yesno" and text in _NO_KEYS:
        return KeyAction("set", 2)
    latin = to_latin_digits(text)
    if len(latin) != 1 or not latin.isdigit():
        if text.isprintable() and not text.isspace():
            return KeyAction("refuse", message=refusal(row))
        return None
    value = int(latin)
    if value == 0:
        return SKIP
    if value <= row.choices:
        return KeyAction("set", value)
    return KeyAction("refuse", message=refusal(row))


def refusal(row: SheetRow) -> str:
    if row.kind == "likert":
        return _("Answers are 1 to 5; 0 or Space leaves the item unanswered.")
    if row.kind == "yesno":
        return _("Type 1 for yes or 2 for no; 0 or Space skips the question.")
    return _("Type a choice from 1 to {count}; 0 or Space skips the question.").format(
        count=digits(str(row.choices)))


class SheetModel(QAbstractTableModel):
    """The rows of one template version and the answers of the form being keyed."""

    def __init__(self) -> None:
        super().__init__()
        self.template: Template | None = None
        self.rows: list[SheetRow] = []
        self.answers: list[int] = []
        self.visited: list[bool] = []
        self.current = -1  # the row the next key answers (-1: none)
        self._bold = QFont()
        self._bold.setBold(True)

    # --- state ----------------------------------------------------------------------------------
    def set_template(self, template: Template) -> None:
        self.beginResetModel()
        self.template = template
        self.rows = sheet_rows(template)
        self.answers = [0] * len(self.rows)
        self.visited = [False] * len(self.rows)
        self.current = -1
        self.endResetModel()

    def clear(self) -> None:
        """Every answer blank again (the next form of the same version: no reset, one repaint)."""
        if not self.rows:
            return
        self.answers = [0] * len(self.rows)
        self.visited = [False] * len(self.rows)
        self._changed(0, len(self.rows) - 1)

    def set_answer(self, row: int, value: int) -> None:
        self.answers[row] = value
        self.visited[row] = True
        self._changed(row, row)

    def set_current(self, row: int) -> None:
        """Highlight ``row`` (-1 or past the end: none); only the two rows concerned repaint."""
        row = row if 0 <= row < len(self.rows) else -1
        if row == self.current:
            return
        before, self.current = self.current, row
        for r in (before, row):
            if r >= 0:
                self._changed(r, r)

    def clear_answer(self, row: int) -> None:
        """Backspace: the row blank and not yet passed."""
        self.answers[row] = 0
        self.visited[row] = False
        self._changed(row, row)

    def set_answers(self, answers: list[int]) -> None:
        self.answers = list(answers)
        self.visited = [True] * len(self.rows)
        self._changed(0, len(self.rows) - 1)

    def scores(self) -> tuple[int, ...]:
        return tuple(a for r, a in zip(self.rows, self.answers, strict=True) if r.kind == "likert")

    def extra(self) -> dict[str, Any]:
        """The demographics answered by keys, by item id, as the service takes them."""
        values: dict[str, Any] = {}
        for row, answer in zip(self.rows, self.answers, strict=True):
            if not answer or row.kind == "likert":
                continue
            values[row.item.id] = answer == 1 if row.kind == "yesno" else row.item.options[answer - 1].id
        return values

    def answers_of(self, scores: tuple[int, ...], answers: dict[str, Any]) -> list[int]:
        """Row values for a saved response (re-opened for correction)."""
        values: list[int] = []
        likert = iter(scores)
        for row in self.rows:
            if row.kind == "likert":
                values.append(next(likert, 0))
            elif row.kind == "yesno":
                given = answers.get(row.item.id)
                values.append(0 if given is None else 1 if given else 2)
            else:
                ids = [o.id for o in row.item.options]
                given = answers.get(row.item.id)
                values.append(ids.index(given) + 1 if given in ids else 0)
        return values

    def _changed(self, first: int, last: int) -> None:
        self.dataChanged.emit(self.index(first, 0), self.index(last, COLUMNS - 1))

    def relabel(self) -> None:
        """The language changed: texts and headers again."""
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, COLUMNS - 1)
        if self.rows:
            self._changed(0, len(self.rows) - 1)

    # --- Qt -------------------------------------------------------------------------------------
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else COLUMNS

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            if section == NUMBER_COLUMN:
                return _("No.")
            if section == TEXT_COLUMN:
                return _("Item")
            value = section - FIRST_BOX + 1
            ar, en = SCALE[value]
            if current_language() == "en":  # wider than a box: "1 Strongly / disagree" on two lines
                return f"{digits(str(value))} {en.replace(' ', chr(10), 1)}"
            return f"{digits(str(value))}\n{ar}"
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return Qt.AlignmentFlag.AlignCenter
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        r, c = index.row(), index.column()
        row = self.rows[r]
        current = r == self.current
        if c == NUMBER_COLUMN:
            if role == Qt.ItemDataRole.DisplayRole:
                return digits(str(row.number)) if row.number else ""
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return Qt.AlignmentFlag.AlignCenter
            if role == Qt.ItemDataRole.ForegroundRole:
                return _MUTED
            if role == Qt.ItemDataRole.BackgroundRole:
                return _CURRENT if current else None
            return None
        if c == TEXT_COLUMN:
            if role == Qt.ItemDataRole.DisplayRole:
                return row.item.text(current_language())
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeading
            if role == Qt.ItemDataRole.BackgroundRole:
                return _CURRENT if current else None
            if role == Qt.ItemDataRole.FontRole:
                return self._bold if current else None
            return None
        value = c - FIRST_BOX + 1
        if value > row.choices:
            return _CURRENT if current and role == Qt.ItemDataRole.BackgroundRole else None
        chosen = self.answers[r] == value
        if role == Qt.ItemDataRole.DisplayRole:
            return row.choice_text(value)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return Qt.AlignmentFlag.AlignCenter
        if role == Qt.ItemDataRole.BackgroundRole:
            if chosen:
                return _CHOSEN
            if current:
                return _CURRENT
            return _SKIPPED if self.visited[r] and not self.answers[r] else None
        if role == Qt.ItemDataRole.ForegroundRole:
            return _WHITE if chosen else _MUTED
        if role == Qt.ItemDataRole.FontRole:
            return self._bold if chosen else None
        if role == Qt.ItemDataRole.ToolTipRole and row.kind == "likert":
            ar, en = SCALE[value]
            return en if current_language() == "en" else ar
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
