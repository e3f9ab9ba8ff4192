"""The printed satisfaction form: rendered to an image, its eleven items read right to left, each
with five empty boxes, and its QR code decoded (saved under artifacts/surveys for a person to look at)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image

from app import i18n
from app.printing.document import MARGIN_SIDE, PAGE_SIZE
from app.services.app_services import AppServices
from app.services.context import Actor
from app.surveys.form_pdf import BOX, BOX_COLUMN, survey_forms_pdf, write_survey_forms
from app.surveys.forms import qr_payload
from app.surveys.records import Item, PrintRun
from tests.surveys_people import survey_desk
from tests.unit.printing.pdfcheck import (
    Glyph,
    glyphs,
    ink_box,
    lines,
    page_count,
    plain,
    render,
    visual,
    words_rtl,
)

LEFT, RIGHT = MARGIN_SIDE, PAGE_SIZE[0] - MARGIN_SIDE


def _write(services: AppServices, run: PrintRun, path: Path) -> Path:
    return write_survey_forms(services, run, path)


def _words(text: str) -> list[str]:
    return plain(text).split()


def _item_line(page: list[list[Glyph]], text: str) -> list[Glyph]:
    """The line showing the start of ``text`` (its first four words, in reading order)."""
    head = _words(text)[:4]
    for line in page:
        words = [plain(w) for w in words_rtl(line)]
        for k in range(len(words) - len(head) + 1):
            if words[k : k + len(head)] == head:
                return line
    raise AssertionError(f"{text!r} is not on the page")


def _reading_text(page: list[list[Glyph]]) -> str:
    return " ".join(" ".join(plain(w) for w in words_rtl(line)) for line in page)


def _qr_texts(image: Image.Image) -> list[str]:
    return [r.text for r in zxingcpp.read_barcodes(image) if r.format == zxingcpp.BarcodeFormat.QRCode]


def _save(path: Path, artifacts: Path, stem: str, page: int = 0) -> Image.Image:
    folder = artifacts / "surveys"
    folder.mkdir(parents=True, exist_ok=True)
    image = render(path, page)
    image.save(folder / f"{stem}.png")
    return image


def test_the_form_shows_eleven_items_right_to_left_with_boxes_and_a_readable_qr(
    services: AppServices, admin: Actor, tmp_path: Path, artifacts: Path
) -> None:
    d = survey_desk(services, admin, copies=2)
    run = d.printed
    path = _write(services, run, tmp_path / "forms.pdf")
    assert page_count(path) == 2  # one A4 page per copy
    image = _save(path, artifacts, "survey-form-ar")
    page = lines(glyphs(path, 0))
    items = run.template.likert
    assert len(items) == 11
    reading = _reading_text(page)
    for item in items:
        assert " ".join(_words(item.ar)) in reading
    rows = [_item_line(page, item.ar) for item in items]
    tops = [max(g.top for g in row) for row in rows]
    assert tops == sorted(tops, reverse=True)  # item 1 above item 2, …
    # Right-aligned at the table's right edge, so each line starts at the same place.
    rights = [max(g.right for g in row) for row in rows]
    assert max(rights) - min(rights) < 1.5
    assert RIGHT - 12 < min(rights) <= RIGHT
    first_words = [plain(words_rtl(row)[0]) for row in rows]
    assert first_words[0].startswith("١")  # the number reads first, at the right
    # Five empty boxes per row, in the five columns at the left (Arabic: 1 at the right).
    for row in rows:
        middle = (min(g.bottom for g in row) + max(g.top for g in row)) / 2
        for k in range(5):
            x0 = LEFT + k * BOX_COLUMN
            box = ink_box(image, x0 + 2, middle - 4 * 2.83, x0 + BOX_COLUMN - 2, middle + 4 * 2.83)
            assert box is not None, f"no box in column {k}"
            left, bottom, right, top = box
            assert abs((right - left) - BOX) < 2.0 and abs((top - bottom) - BOX) < 2.0
            inner = ink_box(image, left + 2, bottom + 2, right - 2, top - 2)
            assert inner is None, "the box is not empty"
    # The QR code decodes to the number and template version; the number is printed too.
    assert _qr_texts(image) == [qr_payload(run.numbers[0], "beneficiary", run.template.version)]
    assert any(run.numbers[0] in visual(line) for line in page)
    second = render(path, 1)
    assert _qr_texts(second) == [qr_payload(run.numbers[1], "beneficiary", run.template.version)]
    assert any(run.numbers[1] in visual(line) for line in lines(glyphs(path, 1)))
    assert run.numbers[0] != run.numbers[1]


def test_the_header_fields_are_filled_in(services: AppServices, admin: Actor, tmp_path: Path) -> None:
    d = survey_desk(services, admin, copies=1)
    path = _write(services, d.printed, tmp_path / "forms.pdf")
    reading = _reading_text(lines(glyphs(path, 0)))
    assert "ملتقى الأسرة الصيفي" in reading
    assert "جدة" in reading
    assert "مركز حي الصفا" in reading  # the centre's label from the settings, not its id
    assert "المعلومات الشخصية" in reading or i18n._("Personal information") in reading


def test_a_donor_copy_carries_the_donors_name(
    services: AppServices, admin: Actor, tmp_path: Path, artifacts: Path
) -> None:
    d = survey_desk(services, admin, copies=1)
    donor = services.survey_templates.get(d.quality, "donor")
    run = replace(d.printed, template=donor, donors=(("CL-TST-000007", "مؤسسة عبدالرحمن الخيرية"),))
    path = _write(services, run, tmp_path / "donor.pdf")
    assert page_count(path) == 1
    image = _save(path, artifacts, "survey-form-donor-ar")
    page = lines(glyphs(path, 0))
    assert "مؤسسة عبدالرحمن الخيرية" in _reading_text(page)
    assert any("CL-TST-000007" in visual(line) for line in page)
    assert _qr_texts(image) == [qr_payload(run.numbers[0], "donor", donor.version)]


def test_a_long_custom_template_flows_to_a_second_page_with_the_number(
    services: AppServices, admin: Actor, tmp_path: Path
) -> None:
    d = survey_desk(services, admin, copies=2)
    template = d.printed.template
    extra = tuple(Item(f"x{n}", "likert", f"بند إضافي رقم {n} عن جودة الخدمة", f"Extra item {n}")
                  for n in range(1, 25))
    long = replace(template, items=template.likert + extra + template.items[len(template.likert):])
    run = replace(d.printed, template=long)
    path = _write(services, run, tmp_path / "long.pdf")
    assert page_count(path) == 4  # two pages per copy
    for page, number in ((0, run.numbers[0]), (1, run.numbers[0]), (2, run.numbers[1])):
        assert any(number in visual(line) for line in lines(glyphs(path, page)))
    assert _qr_texts(render(path, 1)) == [qr_payload(run.numbers[0], "beneficiary", template.version)]


def test_the_english_form_reads_left_to_right(
    services: AppServices, admin: Actor, tmp_path: Path, artifacts: Path
) -> None:
    d = survey_desk(services, admin, copies=1)
    i18n.set_language("en")
    path = tmp_path / "en.pdf"
    path.write_bytes(survey_forms_pdf(services, d.printed))
    image = _save(path, artifacts, "survey-form-en")
    page = lines(glyphs(path, 0))
    texts = [visual(line) for line in page]
    for n, item in enumerate(d.printed.template.likert, 1):
        line = next((line for line, t in zip(page, texts, strict=True) if f"{n}. {item.en}"[:40] in t), None)
        assert line is not None, item.en
        assert min(g.left for g in line) < LEFT + BOX_COLUMN * 0 + 12  # starts at the left edge
    assert _qr_texts(image) == [qr_payload(d.printed.numbers[0], "beneficiary", d.printed.template.version)]


@pytest.mark.parametrize("copies", [30])
def test_many_copies_are_quick(services: AppServices, admin: Actor, copies: int) -> None:
    import time

    d = survey_desk(services, admin, copies=copies)
    start = time.perf_counter()
    data = survey_forms_pdf(services, d.printed)
    assert time.perf_counter() - start < 5
    assert data.startswith(b"%PDF")
