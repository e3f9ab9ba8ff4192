"""Each right-to-left printing trap listed in DESIGN.md, checked on a real rendered PDF."""

from __future__ import annotations

import unicodedata
from pathlib import Path

from reportlab.platypus import Table

from app.printing.fonts import has_glyph
from app.printing.rtl import RTLParagraph
from app.text.bidi import BIDI_CONTROLS
from tests.unit.printing.conftest import BuildPdf
from tests.unit.printing.pdfcheck import (
    FRAME_LEFT,
    FRAME_RIGHT,
    body_lines,
    dark_pixels,
    glyphs,
    ink_box,
    line_ink,
    opening_side,
    page_count,
    render,
    stray_ink,
    visual,
    words_rtl,
    x_of,
)

# Distinct words, so that any line out of place or word out of order shows.
_PARAGRAPH = (
    "تسعى الجمعية إلى خدمة المستفيدين بكفاءة وعدالة وتحرص على التواصل الدائم مع "
    "عملائها وشركائها والجهات الحكومية والمتبرعين وتستقبل الشكاوى والاستفسارات "
    "والاقتراحات عبر جميع القنوات المتاحة وتلتزم بالرد عليها خلال ثلاثة أيام عمل "
    "وتحيلها إلى الإدارة المختصة لدراستها واتخاذ الإجراء المناسب ثم يبلغ صاحبها "
    "بالنتيجة كتابيا أو هاتفيا وتحفظ في سجل خاص يراجعه مسؤول الجودة شهريا"
)
WORDS = _PARAGRAPH.split()


def reading_words(path: Path, page: int = 0) -> list[list[str]]:
    return [words_rtl(line) for line in body_lines(path, page)]


def test_lines_are_wrapped_in_logical_order_then_reordered(pdf_of: BuildPdf) -> None:
    # Wrapping already-reordered text would put the paragraph's end on the first line.
    path = pdf_of([RTLParagraph(" ".join(WORDS), font_size=14)])
    lines = reading_words(path)
    assert len(lines) >= 3
    assert [word for line in lines for word in line] == WORDS
    first = body_lines(path)[0]
    # The paragraph's first word is at the right edge of the first line.
    assert lines[0][0] == WORDS[0]
    assert max(g.right for g in first) > FRAME_RIGHT - 1


def test_word_order_within_a_line_is_not_reversed(pdf_of: BuildPdf) -> None:
    path = pdf_of([RTLParagraph("واحد اثنان ثلاثة أربعة")])
    (line,) = body_lines(path)
    assert words_rtl(line) == ["واحد", "اثنان", "ثلاثة", "أربعة"]
    drawn = visual(line)
    # Drawn left to right, each word's letters come last-first (pdfium keeps a
    # lam-alef ligature's two letters in logical order).
    assert x_of(line, "دحاو") > x_of(line, "نانثا") > x_of(line, "ةعبرأ")
    assert drawn.endswith("دحاو")  # the first word is drawn last, rightmost


BRACKETED = (
    ("(محمد)", "()"),
    ("[علي]", "[]"),
    ("{سعد}", "{}"),
    ("«خالد»", "«»"),
    ("<ب>", "<>"),
    ("(Sila)", "()"),
)


def test_brackets_are_mirrored(pdf_of: BuildPdf) -> None:
    # python-bidi 0.6 does not mirror: (محمد) would print as )محمد(, both facing outwards.
    path = pdf_of([RTLParagraph(f"قال {group} ثم", font_size=18) for group, _ in BRACKETED])
    image = render(path)
    lines = body_lines(path)
    assert len(lines) == len(BRACKETED)
    for line, (group, pair) in zip(lines, BRACKETED, strict=True):
        marks = [g for g in line if g.char in pair]
        assert len(marks) == 2, group
        first, last = sorted(marks, key=lambda g: g.left)
        inside = [g for g in line if first.left < g.left < last.left]
        assert inside, f"{group}: the word is not between its brackets"
        # Each bracket faces the word it encloses.
        assert opening_side(image, first) == "right", group
        assert opening_side(image, last) == "left", group


def test_phone_numbers_keep_their_groups_in_order(pdf_of: BuildPdf) -> None:
    text = "اتصل على 055 123 4567 أو +966 55 123 4567 أو ٠٥٥ ١٢٣ ٤٥٦٧ الآن"
    path = pdf_of([RTLParagraph(text)])
    line = body_lines(path)[0]
    drawn = visual(line)
    # Glyphs sorted by position: each number reads left to right, groups in order.
    assert "055 123 4567" in drawn
    assert "+966 55 123 4567" in drawn
    assert "٠٥٥ ١٢٣ ٤٥٦٧" in drawn
    # And the numbers themselves follow the Arabic reading order: first one rightmost.
    assert x_of(line, "055 123") > x_of(line, "+966") > x_of(line, "٠٥٥")


def test_no_bidi_controls_and_no_missing_glyphs(pdf_of: BuildPdf) -> None:
    # Isolates steer the reordering but fonts have no glyphs for them: drawn,
    # they print as boxes. Text pasted from elsewhere brings its own marks too.
    text = (
        "المرجع C-JED-1447-000123 والبريد info@albir.org.sa والجوال 055 123 4567 "
        "و\u200fمحمد\u200e (علي) \u202bسعد\u202c ٠٥٥ ١٢٣ ٤٥٦٧ والنسبة -5"
    )
    path = pdf_of([RTLParagraph(text, font_size=16)])
    drawn = [g.char for g in glyphs(path)]
    assert not BIDI_CONTROLS.intersection(drawn)
    assert {c for c in drawn if not c.isspace() and not has_glyph(c)} == set()
    # pdfium drops a .notdef box from the text, but not from the page: no ink
    # may lie outside the boxes of the characters it recognised.
    image = render(path)
    for line in body_lines(path):
        assert stray_ink(image, line) == [], visual(line)


def test_tashkeel_is_kept(pdf_of: BuildPdf) -> None:
    with_marks = "بِسْمِ اللَّهِ الرَّحْمَٰنِ الرَّحِيمِ"
    bare = "بسم الله الرحمن الرحيم"
    path = pdf_of([RTLParagraph(with_marks, font_size=16), RTLParagraph(bare, font_size=16)])
    marked, plain = body_lines(path)
    marks = {c for c in with_marks if unicodedata.category(c) == "Mn"}
    assert len(marks) >= 5
    drawn = visual(marked)
    assert marks <= set(drawn)
    assert sum(c in marks for c in drawn) >= sum(c in marks for c in with_marks) - 2
    # The marks are inked: the vocalised line covers more pixels than the bare one.
    image = render(path)
    assert dark_pixels(image, marked) > dark_pixels(image, plain) * 1.05


def test_latin_at_and_plus_are_drawn(pdf_of: BuildPdf) -> None:
    # Noto Naskh Arabic has no Latin, @ or +; Amiri does, and ReportLab has no fallback.
    path = pdf_of([RTLParagraph("البريد info@albir.org.sa والجوال +966 55 123 4567", font_size=14)])
    line = body_lines(path)[0]
    assert "info@albir.org.sa" in visual(line)
    image = render(path)
    for glyph in line:
        if glyph.char in "@+iS":
            assert ink_box(image, glyph.left, glyph.bottom, glyph.right, glyph.top), glyph


def test_arabic_paragraph_is_right_aligned_and_ragged_left(pdf_of: BuildPdf) -> None:
    path = pdf_of([RTLParagraph(" ".join(WORDS), font_size=13)])
    image = render(path)
    lines = body_lines(path)
    assert len(lines) >= 3
    inks = [line_ink(image, line) for line in lines]
    for left, right in inks:
        assert FRAME_RIGHT - 2.5 <= right <= FRAME_RIGHT + 1, (left, right)
        assert left >= FRAME_LEFT - 1
    lefts = [left for left, _ in inks]
    assert max(lefts) - min(lefts) > 5  # ragged on the left
    assert lefts[-1] > FRAME_LEFT + 100  # the short last line hangs from the right


def test_a_long_paragraph_flows_over_pages(pdf_of: BuildPdf) -> None:
    words = WORDS * 14
    path = pdf_of([RTLParagraph(" ".join(words), font_size=13)])
    pages = page_count(path)
    assert pages >= 2
    read = [w for page in range(pages) for line in reading_words(path, page) for w in line]
    assert read == words  # nothing lost or repeated at the page breaks


def test_a_long_email_breaks_instead_of_overflowing(pdf_of: BuildPdf) -> None:
    email = "albir.customer.relations.department.jeddah.branch@office.albir.org.sa"
    cell = RTLParagraph(f"البريد {email} للتواصل", font_size=12)
    path = pdf_of([Table([[cell]], colWidths=[150])])
    lines = body_lines(path)
    assert len(lines) >= 3
    image = render(path)
    for line in lines:
        left, right = line_ink(image, line)
        assert right - left <= 150
    # Read back in order, the pieces make up the whole address.
    pieces = [visual([g for g in line if g.char.isascii() and not g.char.isspace()]) for line in lines]
    assert "".join(pieces) == email
