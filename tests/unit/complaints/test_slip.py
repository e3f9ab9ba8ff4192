"""The acknowledgement slip, printed, read back with pdfium and rendered to images."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image

from app import i18n
from app.calendars.formatting import format_dual
from app.complaints.records import ComplaintDetail, NewComplaint
from app.complaints.slip import build_ack_slip
from app.complaints.vocab import FIELD_LABELS, label
from app.i18n import _, ngettext
from app.printing.fonts import has_glyph
from app.services.app_services import AppServices
from app.services.context import Actor
from app.text.bidi import BIDI_CONTROLS
from tests.unit.printing.pdfcheck import (
    FRAME_LEFT,
    FRAME_RIGHT,
    SCALE,
    Glyph,
    body_lines,
    glyphs,
    header_lines,
    line_ink,
    page_count,
    render,
    save_pages,
    stray_ink,
    visual,
    words_rtl,
)

# Distinct sentences, with brackets and Arabic punctuation, long enough for several pages.
_SENTENCES = (
    "راجعت مركز حي الصفا صباح يوم الأحد لاستلام السلة الغذائية الشهرية (المخصصة للأسر المسجلة)،",
    "فأخبرني الموظف أن اسمي غير موجود في كشف التوزيع لهذا الشهر دون أن يوضح السبب،",
    "مع أنني استلمت السلة في الأشهر الماضية بانتظام ولم يتغير شيء في وضع أسرتي،",
    "وطلبت مقابلة مدير المركز فقيل لي إنه في اجتماع وعليّ العودة بعد أسبوع،",
    "وأنا أسكن بعيدًا عن المركز وأتكبد أجرة النقل في كل مرة أراجع فيها،",
    "لذلك أرجو مراجعة ملفي وإفادتي بسبب الاستبعاد وموعد صرف المستحقات المتأخرة.",
)
LAST_WORD = "بانتهاء."
DESCRIPTION = (
    " ".join(_SENTENCES * 4) + "\n" + " ".join(_SENTENCES * 3) + " وأشكركم على حسن المتابعة " + LAST_WORD
)
NAME = "عبدالله سعيد القحطاني"
MOBILE_TYPED = "٠٥٥ ١٢٣ ٤٥٦٧"  # Arabic-Indic with spaces, as the desk may type it
MOBILE_SHOWN = "055 123 4567"
TATWEEL = "\u0640"


@pytest.fixture
def walk_in(services: AppServices, reception: Actor) -> ComplaintDetail:
    assert len(DESCRIPTION) > 3000
    return services.complaints.add(reception, NewComplaint(
        type="complaint", channel="walk_in", description=DESCRIPTION, name=NAME, mobile=MOBILE_TYPED,
        centre="JED-SAFA", category="aid_distribution"))


@pytest.fixture
def english() -> Iterator[None]:
    i18n.set_language("en")
    yield
    i18n.set_language("ar")


def _slip(tmp_path: Path, services: AppServices, detail: ComplaintDetail, name: str = "ack.pdf") -> Path:
    path = tmp_path / name
    assert build_ack_slip(path, services, detail) == page_count(path)
    return path


def _all_body_lines(path: Path) -> list[list[Glyph]]:
    return [line for page in range(page_count(path)) for line in body_lines(path, page)]


def _description_lines(path: Path) -> list[list[Glyph]]:
    """The description's lines, across pages, top to bottom."""
    body = _all_body_lines(path)
    first = DESCRIPTION.split()[:3]
    start = next(i for i, line in enumerate(body) if words_rtl(line)[:3] == first)
    end = next(i for i in range(start, len(body)) if words_rtl(body[i])[-1] == LAST_WORD)
    return body[start : end + 1]


def _arabic_words(text: str) -> list[str]:
    """The Arabic words of ``text`` (numbers left out: they read left to right)."""
    words = [w.replace(TATWEEL, "") for w in text.split()]  # pdfium boxes "ـ" on a line of its own
    return [w for w in words
            if w and all(("\u0600" <= c <= "\u06ff" and not c.isdigit()) or c in "()،.:" for c in w)]


def _reading_words(path: Path) -> list[str]:
    return [w for line in _all_body_lines(path) for w in words_rtl(line)]


def _in_order(needles: list[str], haystack: list[str]) -> bool:
    it = iter(haystack)
    return all(any(w == h for h in it) for w in needles)


def _line_with(path: Path, needle: str) -> list[Glyph]:
    for page in range(page_count(path)):
        for line in body_lines(path, page):
            if needle in visual(line):
                return line
    raise AssertionError(f"{needle!r} not on the slip")


def test_the_slip_is_saved_for_a_person_to_look_at(tmp_path: Path, services: AppServices,
                                                    walk_in: ComplaintDetail, artifacts: Path) -> None:
    path = _slip(tmp_path, services, walk_in)
    folder = artifacts / "printing"
    saved = save_pages(path, folder, "ack_slip_ar")
    saved[0].replace(folder / "ack_slip_ar.png")
    assert (folder / "ack_slip_ar.png").stat().st_size > 10_000


def test_a_long_description_wraps_in_reading_order_over_pages(tmp_path: Path, services: AppServices,
                                                               walk_in: ComplaintDetail) -> None:
    path = _slip(tmp_path, services, walk_in)
    assert page_count(path) >= 2
    described = _description_lines(path)
    assert len(described) >= 15
    read = [w for line in described for w in words_rtl(line)]
    assert read == DESCRIPTION.split()  # every word, once, in order: lines top-down, words right to left


def test_the_description_is_right_aligned_and_nothing_is_clipped(tmp_path: Path, services: AppServices,
                                                                 walk_in: ComplaintDetail) -> None:
    path = _slip(tmp_path, services, walk_in)
    images = [render(path, page) for page in range(page_count(path))]
    for page, image in enumerate(images):
        for line in body_lines(path, page):
            if {g.char for g in line} == {TATWEEL}:
                continue  # pdfium boxes the stroke of "هـ" (the Hijri era mark) as a line of its own
            left, right = line_ink(image, line)
            assert left >= FRAME_LEFT - 1 and right <= FRAME_RIGHT + 1, visual(line)
            assert stray_ink(image, line) == [], visual(line)
    first = _description_lines(path)[0]
    assert line_ink(images[0], first)[1] >= FRAME_RIGHT - 2.5


def test_reference_and_mobile_read_left_to_right_beside_their_labels(
        tmp_path: Path, services: AppServices, walk_in: ComplaintDetail) -> None:
    path = _slip(tmp_path, services, walk_in)
    assert any(walk_in.reference in visual(line) for line in header_lines(path))
    assert any(walk_in.reference in visual(line) for line in body_lines(path))
    line = _line_with(path, MOBILE_SHOWN)  # the groups in order, not "4567 123 055"
    mobile_label = _("{label}:").format(label=label(FIELD_LABELS, "contact_mobile"))
    # The label is at the start of the line: on the right in Arabic.
    assert words_rtl(line)[0].startswith(mobile_label)
    assert visual(line).replace(" ", "").endswith(mobile_label[::-1].replace(" ", ""))


def test_letters_are_joined(tmp_path: Path, services: AppServices, walk_in: ComplaintDetail) -> None:
    # "سعيد": every letter joins the next, so the word is one unbroken stroke of ink;
    # drawn unshaped (isolated forms) it would fall apart into four letters.
    path = _slip(tmp_path, services, walk_in)
    line = next(line for line in body_lines(path) if "سعيد" in words_rtl(line))
    word = _word_glyphs(line, "سعيد")
    image = render(path)
    assert _ink_gaps(image, word) == 0


def test_the_promise_names_the_due_date_and_working_days(tmp_path: Path, services: AppServices,
                                                         walk_in: ComplaintDetail) -> None:
    path = _slip(tmp_path, services, walk_in)
    due = walk_in.row.answer_due
    assert due is not None
    days = ngettext("{n} working day", "{n} working days", 3).format(n="٣")
    promise = _("We will answer you by {date}, within {days} of receiving it.").format(
        date=format_dual(due, "arabic"), days=days)
    assert _in_order(_arabic_words(promise), _reading_words(path))
    last = page_count(path) - 1
    signatures = " ".join(" ".join(words_rtl(line)) for line in body_lines(path, last))
    for text in (_("Received by"), _("Submitted by"), "نورة القحطاني", NAME):
        if _arabic_words(text):
            assert " ".join(_arabic_words(text)) in signatures, text


def test_no_control_characters_and_no_missing_glyphs(tmp_path: Path, services: AppServices,
                                                     walk_in: ComplaintDetail) -> None:
    path = _slip(tmp_path, services, walk_in)
    for page in range(page_count(path)):
        drawn = {g.char for g in glyphs(path, page)}
        assert not BIDI_CONTROLS & drawn
        assert {c for c in drawn if not c.isspace() and not has_glyph(c)} == set()


def test_a_short_item_fits_on_one_page(tmp_path: Path, services: AppServices, reception: Actor) -> None:
    detail = services.complaints.add(reception, NewComplaint(
        type="inquiry", channel="phone", description="متى تصرف المساعدة الشهرية؟", name=NAME,
        mobile="0551234567"))
    path = _slip(tmp_path, services, detail)
    assert page_count(path) == 1
    assert any(MOBILE_SHOWN in visual(line) for line in body_lines(path))


def test_an_answered_inquiry_shows_the_answer_instead_of_a_promise(
        tmp_path: Path, services: AppServices, reception: Actor, english: None) -> None:
    detail = services.complaints.add(reception, NewComplaint(
        type="inquiry", channel="phone", description="What are the opening hours?", name="Sara Ali",
        mobile="0551234567", answer="Sunday to Thursday, 8 a.m. to 4 p.m.", close=True))
    text = " ".join(visual(line) for line in _all_body_lines(_slip(tmp_path, services, detail)))
    assert "Sunday to Thursday, 8 a.m. to 4 p.m." in text
    assert "We will answer you by" not in text and "Answered on" in text


def test_the_english_slip(tmp_path: Path, services: AppServices, reception: Actor, english: None,
                          artifacts: Path) -> None:
    detail = services.complaints.add(reception, NewComplaint(
        type="complaint", channel="whatsapp", description=" ".join(_SENTENCES), name=NAME,
        mobile="+966 55 123 4567", centre="HQ"))
    path = _slip(tmp_path, services, detail, "ack-en.pdf")
    folder = artifacts / "printing"
    save_pages(path, folder, "ack_slip_en")[0].replace(folder / "ack_slip_en.png")
    header = [visual(line) for line in header_lines(path)]
    assert "Acknowledgement of receipt" in header
    body = [visual(line) for line in _all_body_lines(path)]
    assert any(line.startswith("Reference:") and detail.reference in line for line in body)
    assert any(line.startswith("Mobile:") and MOBILE_SHOWN in line for line in body)
    assert any(line.startswith("Channel:") and "WhatsApp" in line for line in body)
    due = detail.row.answer_due
    assert due is not None
    promise = (f"We will answer you by {format_dual(due, 'latin')}, within 3 working days of "
               "receiving it.")
    assert promise in " ".join(body)
    # An Arabic description keeps its own direction on an English slip: right-aligned.
    image = render(path)
    first = next(line for line in body_lines(path) if words_rtl(line)[:2] == _SENTENCES[0].split()[:2])
    assert line_ink(image, first)[1] >= FRAME_RIGHT - 2.5


def test_one_slip_takes_well_under_the_target(tmp_path: Path, services: AppServices,
                                              walk_in: ComplaintDetail) -> None:
    # A smoke figure, not a benchmark (tests/bench has the real one): a generous bound
    # that catches an accidental slowdown by an order of magnitude, printed with -s.
    _slip(tmp_path, services, walk_in)  # warm-up: fonts, shaping caches
    times = []
    for n in range(3):
        start = time.perf_counter()
        build_ack_slip(tmp_path / f"t{n}.pdf", services, walk_in)
        times.append(time.perf_counter() - start)
    print(f"ack slip: {min(times) * 1000:.0f} ms (best of 3)")
    assert min(times) < 3.0


# --- ink helpers ------------------------------------------------------------------------


def _word_glyphs(line: list[Glyph], word: str) -> list[Glyph]:
    """The glyphs of ``word`` in a right-to-left line (drawn last letter first)."""
    chars = "".join(g.char for g in line)
    start = chars.index(word[::-1])
    return line[start : start + len(word)]


def _ink_gaps(image: Image.Image, word: list[Glyph]) -> int:
    """Blank pixel columns between the first and the last ink of ``word``."""
    left = min(g.left for g in word)
    right = max(g.right for g in word)
    bottom = min(g.bottom for g in word)
    top = max(g.top for g in word)
    height_pt = image.height / SCALE
    crop = image.crop((int(left * SCALE), int((height_pt - top) * SCALE), int(right * SCALE) + 1,
                       int((height_pt - bottom) * SCALE) + 1))
    columns = crop.point(lambda v: 255 if v < 128 else 0).resize((crop.width, 1), Image.Resampling.BOX)
    inked = [value > 0 for value in columns.tobytes()]
    first, last = inked.index(True), len(inked) - 1 - inked[::-1].index(True)
    return sum(1 for x in range(first, last + 1) if not inked[x])

