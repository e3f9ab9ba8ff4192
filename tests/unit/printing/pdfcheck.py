"""Reading back a real PDF: the glyphs pdfium finds (with their boxes) and the ink it renders.

Lines are read back sorted by position, i.e. visual, left to right. pdfium
folds the presentation forms ReportLab drew back to plain letters (a lam-alef
ligature becomes two letters sharing one box) and reports a mirrored bracket
in right-to-left text as its logical character, so the brackets' direction is
checked on the pixels instead (``opening_side``).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image, ImageOps

from app.printing.document import MARGIN_SIDE, PAGE_SIZE, content_box

SCALE = 2.0  # pixels per point when rendering
FRAME_LEFT = MARGIN_SIDE
FRAME_RIGHT = PAGE_SIZE[0] - MARGIN_SIDE


@dataclass(frozen=True)
class Glyph:
    char: str
    left: float
    right: float
    bottom: float  # of the font's box, the same for every glyph of a line
    top: float
    ink: tuple[float, float, float, float]  # tight box: left, bottom, right, top


@contextmanager
def opened(path: Path) -> Iterator[pdfium.PdfDocument]:
    pdf = pdfium.PdfDocument(str(path))
    try:
        yield pdf
    finally:
        pdf.close()


def page_count(path: Path) -> int:
    with opened(path) as pdf:
        return len(pdf)


def glyphs(path: Path, page: int = 0) -> list[Glyph]:
    """Every character drawn on ``page`` (pdfium's own line breaks left out)."""
    out = []
    with opened(path) as pdf:
        text = pdf[page].get_textpage()
        for i in range(text.count_chars()):
            char = text.get_text_range(i, 1)
            if char in ("\r", "\n", ""):
                continue
            left, bottom, right, top = text.get_charbox(i, loose=True)
            if char.isspace() and right - left < 0.01:
                continue  # a space pdfium made up between separate runs of text
            out.append(Glyph(char, left, right, bottom, top, text.get_charbox(i)))
    return out


def lines(found: list[Glyph]) -> list[list[Glyph]]:
    """Glyphs grouped into lines, top line first, each line sorted left to right."""
    rows: dict[float, list[Glyph]] = {}
    for glyph in found:
        key = next((k for k in rows if abs(k - glyph.bottom) < 2.0), glyph.bottom)
        rows.setdefault(key, []).append(glyph)
    return [sorted(rows[k], key=lambda g: g.left) for k in sorted(rows, reverse=True)]


def body_lines(path: Path, page: int = 0) -> list[list[Glyph]]:
    """The lines inside the body frame (no header, no footer), top first."""
    _x, y, _w, height = content_box()
    return [
        line
        for line in lines(glyphs(path, page))
        if y <= (line[0].bottom + line[0].top) / 2 <= y + height
    ]


def header_lines(path: Path, page: int = 0) -> list[list[Glyph]]:
    """The lines above the body frame: the page header."""
    _x, y, _w, height = content_box()
    return [line for line in lines(glyphs(path, page)) if line[0].bottom > y + height]


def footer_line(path: Path, page: int = 0) -> list[Glyph]:
    """The lowest line of the page: the footer."""
    return lines(glyphs(path, page))[-1]


def plain(text: str) -> str:
    """``text`` without its marks (tashkeel), whose order pdfium does not keep."""
    return "".join(c for c in text if unicodedata.category(c) != "Mn")


def nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def visual(line: list[Glyph]) -> str:
    """The line as drawn, left to right, letters folded to their plain forms."""
    return "".join(nfkc(g.char) for g in line)


def _clusters(glyphs: list[Glyph]) -> list[str]:
    """Characters grouped per drawn glyph: a ligature's letters share a box, marks follow."""
    out: list[list[Glyph]] = []
    for glyph in glyphs:
        same_box = out and abs(out[-1][-1].left - glyph.left) < 0.01
        if out and (same_box or unicodedata.category(glyph.char) == "Mn"):
            out[-1].append(glyph)
        else:
            out.append([glyph])
    return [nfkc("".join(g.char for g in cluster)) for cluster in out]


def words_rtl(line: list[Glyph]) -> list[str]:
    """The words of a right-to-left line in reading order (rightmost first), letters in order."""
    words: list[list[Glyph]] = [[]]
    for glyph in line:
        if glyph.char.isspace():
            words.append([])
        else:
            words[-1].append(glyph)
    return ["".join(_clusters(word)[::-1]) for word in words[::-1] if word]


def find_line(path: Path, needle: str, page: int = 0) -> list[Glyph]:
    """The first line on ``page`` whose visual text contains ``needle``."""
    for line in lines(glyphs(path, page)):
        if needle in visual(line):
            return line
    raise AssertionError(f"{needle!r} not found on page {page + 1}")


def x_of(line: list[Glyph], needle: str) -> float:
    """Left edge of the first glyph of ``needle`` (as drawn, left to right) in ``line``."""
    index = visual(line).index(needle)
    count = 0
    for glyph in line:
        if count >= index:
            return glyph.left
        count += len(nfkc(glyph.char))
    raise AssertionError(needle)


def render(path: Path, page: int = 0) -> Image.Image:
    """The page as a greyscale image at ``SCALE`` pixels per point."""
    with opened(path) as pdf:
        return pdf[page].render(scale=SCALE).to_pil().convert("L")


def save_pages(path: Path, folder: Path, stem: str) -> list[Path]:
    """Render every page to ``folder/stem-N.png`` for a person to look at."""
    folder.mkdir(parents=True, exist_ok=True)
    for stale in folder.glob(f"{stem}-*.png"):
        stale.unlink()
    saved = []
    with opened(path) as pdf:
        for n in range(len(pdf)):
            target = folder / f"{stem}-{n + 1}.png"
            pdf[n].render(scale=SCALE).to_pil().save(target)
            saved.append(target)
    return saved


def ink_box(
    image: Image.Image, left: float, bottom: float, right: float, top: float
) -> tuple[float, float, float, float] | None:
    """Bounding box (in points, PDF coordinates) of the dark pixels inside a region."""
    height_pt = image.height / SCALE
    crop = image.crop(
        (
            int(left * SCALE),
            int((height_pt - top) * SCALE),
            int(right * SCALE) + 1,
            int((height_pt - bottom) * SCALE) + 1,
        )
    )
    dark = ImageOps.invert(crop).point(lambda v: 255 if v > 100 else 0)
    box = dark.getbbox()
    if box is None:
        return None
    x0, y0, x1, y1 = box
    return (
        int(left * SCALE) / SCALE + x0 / SCALE,
        top - y1 / SCALE,
        int(left * SCALE) / SCALE + x1 / SCALE,
        top - y0 / SCALE,
    )


def line_ink(image: Image.Image, line: list[Glyph]) -> tuple[float, float]:
    """Leftmost and rightmost ink of a line (between the page margins' outer edges)."""
    bottom = min(g.bottom for g in line)
    top = max(g.top for g in line)
    # Trim the font box a little so marks of the lines above and below are not counted.
    pad = (top - bottom) * 0.2
    box = ink_box(image, 0, bottom + pad, PAGE_SIZE[0], top - pad)
    assert box is not None, "no ink on the line"
    return box[0], box[2]


def dark_pixels(image: Image.Image, line: list[Glyph]) -> int:
    """How many dark pixels the band of ``line`` holds (across the whole page width)."""
    height_pt = image.height / SCALE
    bottom = min(g.bottom for g in line)
    top = max(g.top for g in line)
    band = image.crop((0, int((height_pt - top) * SCALE), image.width, int((height_pt - bottom) * SCALE)))
    return sum(band.histogram()[:128])


def opening_side(image: Image.Image, glyph: Glyph) -> str:
    """Which way a bracket or quote glyph opens, as drawn: ``"right"`` for ``(``, ``[``, ``«``.

    Its ink in the middle row lies further left than at its top and bottom
    when it opens to the right.
    """
    left, bottom, right, top = glyph.ink
    height_pt = image.height / SCALE
    crop = image.crop(
        (
            int(left * SCALE) - 1,
            int((height_pt - top) * SCALE) - 1,
            int(right * SCALE) + 2,
            int((height_pt - bottom) * SCALE) + 2,
        )
    )
    pixels = crop.tobytes()
    rows = []
    for y in range(crop.height):
        row = pixels[y * crop.width : (y + 1) * crop.width]
        xs = [x for x, value in enumerate(row) if value < 128]
        if xs:
            rows.append(sum(xs) / len(xs))
    assert len(rows) >= 6, "glyph too small to judge"
    middle = rows[len(rows) // 2]
    ends = (sum(rows[: len(rows) // 6 + 1]) + sum(rows[-(len(rows) // 6 + 1) :])) / 2
    ends /= len(rows) // 6 + 1
    return "right" if middle < ends else "left"


def stray_ink(image: Image.Image, line: list[Glyph], slack: float = 1.5) -> list[float]:
    """x positions (points) of ink on ``line`` that no recognised character accounts for.

    A character the font lacks is drawn as a .notdef box, and pdfium drops it
    from the text: what is left is ink between the boxes of the known ones.
    """
    bottom = min(g.bottom for g in line)
    top = max(g.top for g in line)
    pad = (top - bottom) * 0.2
    height_pt = image.height / SCALE
    band = image.crop(
        (0, int((height_pt - top + pad) * SCALE), image.width, int((height_pt - bottom - pad) * SCALE))
    )
    columns = band.point(lambda v: 255 if v < 128 else 0).resize(
        (band.width, 1), Image.Resampling.BOX
    )
    covered = [(g.left - slack, g.right + slack) for g in line]
    stray = []
    for x, value in enumerate(columns.tobytes()):
        point = x / SCALE
        if value and not any(lo <= point <= hi for lo, hi in covered):
            stray.append(point)
    return stray
