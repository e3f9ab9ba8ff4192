"""Right-to-left tables: columns reversed, cells wrapped, numbers aligned, header repeated."""

from __future__ import annotations

import pytest

from app import i18n
from app.printing.tables import rtl_table
from tests.unit.printing.conftest import BuildPdf
from tests.unit.printing.pdfcheck import (
    FRAME_LEFT,
    FRAME_RIGHT,
    body_lines,
    page_count,
    visual,
    words_rtl,
    x_of,
)

ROWS = [
    ["القناة", "العنوان", "العدد"],
    ["الجوال", "055 123 4567", "1,250"],
    ["البريد", "info@albir.org.sa", "87"],
]


def test_the_first_logical_column_is_on_the_right(pdf_of: BuildPdf) -> None:
    path = pdf_of([rtl_table(ROWS, [150, 200, 100])])
    header = body_lines(path)[0]
    assert visual(header).endswith("ةانقلا")  # drawn last: the rightmost cell
    assert x_of(header, "ةانقلا") > x_of(header, "ناونعلا") > x_of(header, "ددعلا")
    row = body_lines(path)[1]
    assert x_of(row, "لاوجلا") > x_of(row, "055 123 4567") > x_of(row, "1,250")
    # The table stands against the right margin.
    assert max(g.right for g in header) > FRAME_RIGHT - 160


def test_numbers_are_right_aligned_so_their_digits_line_up(pdf_of: BuildPdf) -> None:
    path = pdf_of([rtl_table(ROWS, [150, 200, 100], numeric_columns={2})])
    column_left, column_right = FRAME_RIGHT - 450, FRAME_RIGHT - 350  # the last column
    ends = [
        max(g.right for g in line if g.char.isdigit() and column_left < g.left < column_right)
        for line in body_lines(path)[1:]
    ]
    assert abs(ends[0] - ends[1]) < 0.5
    assert column_right - 6 <= ends[0] <= column_right


def test_long_cell_text_wraps_inside_its_column(pdf_of: BuildPdf) -> None:
    long_text = " ".join(["متابعة الشكوى والتواصل مع صاحبها"] * 4)
    path = pdf_of([rtl_table([["م", "الإجراء"], ["1", long_text]], [40, 160])])
    lines = body_lines(path)
    assert len(lines) >= 4
    cell_right = FRAME_RIGHT - 40
    for line in lines[1:]:
        text = [g for g in line if not g.char.isdigit() and not g.char.isspace()]
        if text:
            assert max(g.right for g in text) <= cell_right
            assert min(g.left for g in text) >= cell_right - 160


def test_the_header_repeats_on_every_page(pdf_of: BuildPdf) -> None:
    rows = [["م", "الإجراء"]] + [[str(n), "متابعة"] for n in range(1, 90)]
    path = pdf_of([rtl_table(rows, [40, 200], zebra=True)])
    assert page_count(path) >= 2
    for page in range(page_count(path)):
        assert "الإجراء" in " ".join(words_rtl(body_lines(path, page)[0]))


def test_in_english_the_first_column_is_on_the_left(pdf_of: BuildPdf) -> None:
    i18n.set_language("en")
    path = pdf_of([rtl_table([["Channel", "Address"], ["Mobile", "055 123 4567"]], [150, 200])])
    header, row = body_lines(path)[:2]
    assert visual(header).index("Channel") < visual(header).index("Address")
    assert visual(row).startswith("Mobile")
    assert min(g.left for g in row) < FRAME_LEFT + 10


def test_rows_must_match_the_columns() -> None:
    with pytest.raises(ValueError, match="row 2"):
        rtl_table([["a", "b"], ["c"]], [10, 10])
