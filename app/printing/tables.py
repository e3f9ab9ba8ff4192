"""Right-to-left tables: ReportLab's Table has no RTL mode, so columns are reversed here."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import TypeAlias

from reportlab.lib import colors
from reportlab.platypus import Flowable, Table, TableStyle

from app.printing.rtl import Align, RTLParagraph, resolve_rtl

HEADER_BACKGROUND = colors.HexColor("#E6EDF3")
ZEBRA_BACKGROUND = colors.HexColor("#F6F8FA")
GRID_COLOR = colors.HexColor("#8A939C")

Cell: TypeAlias = "str | Flowable"  # text, or any flowable (an image, a nested table)
ColWidth = float | str  # points, or a ReportLab percentage such as "25%"


def _cell(
    value: Cell, *, header: bool, numeric: bool, font_size: float, rtl: bool
) -> Flowable:
    if not isinstance(value, str):
        return value
    # Numbers keep their units digit at the right edge in both directions, so
    # they line up down the column; headers are centred over their column.
    align: Align = "center" if header else ("right" if numeric else "start")
    return RTLParagraph(value, font_size=font_size, bold=header, align=align, rtl=rtl)


def rtl_table(
    rows: Sequence[Sequence[Cell]],
    col_widths: Sequence[ColWidth],
    header_rows: int = 1,
    *,
    font_size: float = 10.0,
    zebra: bool = False,
    numeric_columns: Collection[int] = (),
    rtl: bool | None = None,
) -> Table:
    """A table whose first logical column is on the right in Arabic.

    ``rows`` and ``col_widths`` are given in logical order. Text cells become
    ``RTLParagraph`` (they wrap within their column); flowables are kept.
    ``numeric_columns`` (logical indexes) are right-aligned so digits line up.
    The header rows repeat at the top of every page the table runs onto.
    """
    rtl = resolve_rtl(rtl)
    columns = len(col_widths)
    for number, row in enumerate(rows, 1):
        if len(row) != columns:
            raise ValueError(f"row {number} has {len(row)} cells, expected {columns}")
    data = []
    for r, row in enumerate(rows):
        cells = [
            _cell(
                value,
                header=r < header_rows,
                numeric=c in numeric_columns,
                font_size=font_size,
                rtl=rtl,
            )
            for c, value in enumerate(row)
        ]
        data.append(cells[::-1] if rtl else cells)
    widths = list(col_widths)[::-1] if rtl else list(col_widths)
    table = Table(data, colWidths=widths, repeatRows=header_rows, hAlign="RIGHT" if rtl else "LEFT")
    commands: list[tuple[object, ...]] = [
        ("GRID", (0, 0), (-1, -1), 0.5, GRID_COLOR),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]
    if header_rows:
        commands.append(("BACKGROUND", (0, 0), (-1, header_rows - 1), HEADER_BACKGROUND))
    if zebra and len(rows) > header_rows:
        commands.append(
            ("ROWBACKGROUNDS", (0, header_rows), (-1, -1), [colors.white, ZEBRA_BACKGROUND])
        )
    table.setStyle(TableStyle(commands))
    return table
