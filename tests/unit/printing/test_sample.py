"""The Arabic sample document, printed, rendered to images and checked (and saved to look at)."""

from __future__ import annotations

from pathlib import Path

from app.i18n import _
from app.printing.fonts import has_glyph
from app.printing.sample import EMAIL, INTRO, MOBILE, MOBILE_INTERNATIONAL, REFERENCE
from app.text.bidi import BIDI_CONTROLS
from app.text.digits import localize_digits
from tests.unit.printing.conftest import ASSOCIATION, TITLE
from tests.unit.printing.pdfcheck import (
    FRAME_LEFT,
    FRAME_RIGHT,
    body_lines,
    footer_line,
    glyphs,
    header_lines,
    line_ink,
    page_count,
    plain,
    render,
    save_pages,
    visual,
    words_rtl,
)


def intro_lines(path: Path) -> list[list[str]]:
    """The reading-order words of the lines of the introduction on page 1."""
    first_words = INTRO.split()[:3]
    body = [words_rtl(line) for line in body_lines(path)]
    start = next(i for i, words in enumerate(body) if words[:3] == first_words)
    end = next(i for i in range(start, len(body)) if body[i][-1].endswith("بسرعة."))
    return body[start : end + 1]


def test_sample_document_pages_are_saved_for_a_person(sample_pdf: Path, artifacts: Path) -> None:
    saved = save_pages(sample_pdf, artifacts / "printing", "sample-ar")
    assert len(saved) == page_count(sample_pdf) >= 2
    assert all(p.stat().st_size > 10_000 for p in saved)


def test_the_long_paragraph_wraps_over_several_lines_in_reading_order(sample_pdf: Path) -> None:
    lines_ = intro_lines(sample_pdf)
    assert len(lines_) >= 3
    # Every word of the paragraph, in order: lines top to bottom, words right to left.
    # (Numbers and the email read left to right inside, so compare the Arabic words only.)
    arabic = [w for w in INTRO.split() if all("\u0600" <= c <= "\u06ff" or c in "()،." for c in w)]
    read = [w for line in lines_ for w in line if w in arabic]
    assert read == arabic


def test_email_phone_and_reference_print_whole_and_in_order(sample_pdf: Path) -> None:
    text = [visual(line) for line in body_lines(sample_pdf)]
    intro = "\n".join(text)
    for needle in (EMAIL, MOBILE, MOBILE_INTERNATIONAL, REFERENCE):
        assert needle in intro, needle


def test_the_paragraph_is_right_aligned(sample_pdf: Path) -> None:
    image = render(sample_pdf)
    body = body_lines(sample_pdf)
    first = next(i for i, line in enumerate(body) if words_rtl(line)[:2] == INTRO.split()[:2])
    paragraph = body[first : first + len(intro_lines(sample_pdf))]
    for left, right in (line_ink(image, line) for line in paragraph):
        assert FRAME_RIGHT - 2.5 <= right <= FRAME_RIGHT + 1
        assert left >= FRAME_LEFT - 1


def test_every_page_has_header_and_numbered_footer(sample_pdf: Path) -> None:
    pages = page_count(sample_pdf)
    total = localize_digits(str(pages), "arabic")
    for page in range(pages):
        header = header_lines(sample_pdf, page)
        drawn = [visual(line) for line in header]
        reading = [" ".join(words_rtl(line)) for line in header]
        assert ASSOCIATION in reading, page
        assert TITLE in reading, page
        assert any(REFERENCE in line for line in drawn), page
        footer = visual(footer_line(sample_pdf, page))
        number = localize_digits(str(page + 1), "arabic")
        assert total in footer and number in footer
        expected = _("Page {page} of {pages}").format(page=number, pages=total)
        if expected.startswith("Page"):  # not translated: reads left to right
            assert expected in footer
        else:
            assert expected.split()[0] in " ".join(words_rtl(footer_line(sample_pdf, page)))


def test_nothing_missing_from_the_font_and_no_control_characters(sample_pdf: Path) -> None:
    for page in range(page_count(sample_pdf)):
        drawn = {g.char for g in glyphs(sample_pdf, page)}
        assert not BIDI_CONTROLS & drawn
        assert {c for c in drawn if not c.isspace() and not has_glyph(c)} == set()


def test_tashkeel_and_signatures_are_printed(sample_pdf: Path) -> None:
    chars = {g.char for g in glyphs(sample_pdf, 0)}
    assert {"\u064e", "\u064f", "\u0650", "\u0651", "\u0652"} <= chars
    last = page_count(sample_pdf) - 1
    reading = " ".join(" ".join(words_rtl(line)) for line in body_lines(sample_pdf, last))
    drawn = " ".join(visual(line) for line in body_lines(sample_pdf, last))
    for label in (_("Prepared by"), _("Reviewed by"), _("Approved by")):
        assert plain(label) in plain(reading) or label in drawn, label


def test_the_long_table_repeats_its_header_on_the_next_page(sample_pdf: Path) -> None:
    pages_with_header = [
        page
        for page in range(page_count(sample_pdf))
        if any("الإجراء" in " ".join(words_rtl(line)) for line in body_lines(sample_pdf, page))
    ]
    assert len(pages_with_header) >= 2
