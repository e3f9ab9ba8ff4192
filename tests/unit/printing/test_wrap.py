"""Line breaking in logical order, measured on shaped text (no PDF needed here)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from app.printing.fonts import font_name
from app.printing.rtl import RTLParagraph
from app.printing.wrap import break_token, text_width, tokens, wrap_text
from app.text.bidi import LRI, PDI, isolate_embedded, strip_bidi_controls

FONT = font_name()
SIZE = 11.0


def measure(text: str) -> float:
    return text_width(text, FONT, SIZE)


SPACE = measure(" ")


def test_width_is_measured_on_the_shaped_word() -> None:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    word = "المستفيدين"
    assert measure(word) != stringWidth(word, FONT, SIZE)  # joined forms differ in width
    assert measure(isolate_embedded("055 123 4567")) == stringWidth("055 123 4567", FONT, SIZE)


def test_an_isolated_phone_number_is_one_token() -> None:
    text = isolate_embedded("اتصل على 055 123 4567 الآن")
    assert tokens(text) == ["اتصل", "على", f"{LRI}055 123 4567{PDI}", "الآن"]


def test_lines_keep_logical_order_and_explicit_newlines() -> None:
    words = [f"كلمة{n}" for n in "ابجدهوزحطيكلمنسعفصقرشت"]
    text = " ".join(words[:10]) + "\n" + " ".join(words[10:])
    lines = wrap_text(text, 120, measure, SPACE)
    assert len(lines) > 3
    assert " ".join(line.text for line in lines).split() == words
    hard = [i for i, line in enumerate(lines) if line.hard_end]
    assert len(hard) == 2 and hard[-1] == len(lines) - 1
    assert lines[hard[0]].text.split()[-1] == words[9]


def test_a_long_email_breaks_after_its_punctuation() -> None:
    email = isolate_embedded("albir.customer.relations.department@branch-office.albir.org.sa")
    pieces = break_token(email, 80, 80, measure)
    assert len(pieces) > 2
    assert all(measure(p) <= 80 for p in pieces)
    assert "".join(strip_bidi_controls(p) for p in pieces) == strip_bidi_controls(email)
    # Each piece is its own balanced isolate, so every line stays left to right.
    assert all(p.startswith(LRI) and p.endswith(PDI) and p.count(LRI) == 1 for p in pieces)
    assert all(strip_bidi_controls(p)[-1] in "@.-" for p in pieces[:-1])


def test_nothing_fits_a_zero_first_space_so_the_token_starts_a_new_line() -> None:
    pieces = break_token("abcdefghijklmnopqrstuvwxyz" * 3, 0, 100, measure)
    assert pieces[0] == ""
    assert all(0 < measure(p) <= 100 for p in pieces[1:])


def test_a_mark_is_never_cut_from_its_letter() -> None:
    word = "بِسْمِاللَّهِالرَّحْمَٰنِالرَّحِيمِ"
    for piece in break_token(word, 20, 20, measure)[1:]:
        assert piece and not "\u064b" <= piece[0] <= "\u0670"


ARABIC = st.sampled_from(["الجمعية", "تقدم", "خدماتها", "لجميع", "المستفيدين", "بكفاءة", "(محمد)"])
OTHER = st.sampled_from(
    ["info@albir.org.sa", "055 123 4567", "+966 55 123 4567", "C-JED-1447-000123", "x" * 60]
)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.one_of(ARABIC, OTHER), min_size=1, max_size=40), st.floats(40, 400))
def test_every_line_fits_and_nothing_is_lost(words: list[str], width: float) -> None:
    paragraph = RTLParagraph(" ".join(words), font_size=SIZE)
    lines = paragraph.lines(width)
    for line in lines:
        assert measure(line.text) <= width + 0.01 or len(strip_bidi_controls(line.text)) == 1
        assert line.text.count(LRI) == line.text.count(PDI)
    joined = "".join(strip_bidi_controls(line.text).replace(" ", "") for line in lines)
    assert joined == "".join(words).replace(" ", "")


def test_split_keeps_every_line_once() -> None:
    paragraph = RTLParagraph(" ".join(["الجمعية تقدم خدماتها"] * 40), font_size=SIZE)
    width = 200.0
    _, height = paragraph.wrap(width, 10_000)
    first, rest = paragraph.split(width, height / 3)
    assert first.lines(width) + rest.lines(width) == paragraph.lines(width)
    assert first.wrap(width, 10_000)[1] <= height / 3
    assert paragraph.split(width, paragraph.leading * 0.5) == []
    assert paragraph.split(width, height) == [paragraph]


def test_a_latin_phrase_wraps_at_its_spaces_but_a_phone_number_does_not() -> None:
    phrase = "and a relations officer will answer within three working days"
    text = isolate_embedded(f"قال {phrase} ثم اتصل على 055 123 4567 أو +966 55 123 4567")
    lines = wrap_text(text, 150, measure, SPACE)
    assert len(lines) >= 4
    for line in lines:
        assert line.text.count(LRI) == line.text.count(PDI)
        assert measure(line.text) <= 150
    stripped = [strip_bidi_controls(line.text) for line in lines]
    assert " ".join(stripped).split() == f"قال {phrase} ثم اتصل على 055 123 4567 أو +966 55 123 4567".split()
    assert any("055 123 4567" in line for line in stripped)
    assert any("+966 55 123 4567" in line for line in stripped)
