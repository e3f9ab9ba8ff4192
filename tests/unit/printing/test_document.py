"""Page furniture (header, logo, "page x of y"), blocks, and the English (left-to-right) mode."""

from __future__ import annotations

from pathlib import Path

from app import i18n
from app.i18n import _
from app.printing.blocks import SignatureBlock, field_row, heading, signature_blocks
from app.printing.document import (
    LOGO_SIZE,
    MARGIN_SIDE,
    MARGIN_TOP,
    PAGE_SIZE,
    build_pdf,
    content_box,
)
from app.printing.rtl import RTLParagraph
from app.printing.tables import rtl_table
from tests.unit.printing.conftest import REFERENCE, BuildPdf, document_info, make_logo
from tests.unit.printing.pdfcheck import (
    FRAME_LEFT,
    FRAME_RIGHT,
    body_lines,
    find_line,
    footer_line,
    header_lines,
    ink_box,
    line_ink,
    page_count,
    plain,
    render,
    save_pages,
    visual,
    words_rtl,
    x_of,
)

ENGLISH = (
    "The association serves every beneficiary fairly and keeps in touch with its clients, "
    "partners, donors and government bodies. Write to info@albir.org.sa or call "
    "055 123 4567 (+966 55 123 4567 from abroad), quoting the reference C-JED-1447-000123, "
    "and a relations officer will answer within three working days. The client's name, "
    "محمد العتيبي, is printed as written."
)


def _logo_ink(path: Path) -> tuple[float, float, float, float] | None:
    page_w, page_h = PAGE_SIZE
    top = page_h - MARGIN_TOP
    return ink_box(render(path), 0, top - LOGO_SIZE, page_w, top + 1)


def test_build_pdf_counts_pages_and_every_footer_knows_the_total(tmp_path: Path) -> None:
    path = tmp_path / "three.pdf"
    flowables = [RTLParagraph(" ".join(["الجمعية تقدم خدماتها لجميع المستفيدين"] * 300))]
    pages = build_pdf(path, document_info(), flowables)
    assert pages == page_count(path) >= 3
    for page in range(pages):
        footer = visual(footer_line(path, page))
        arabic_total = "٠١٢٣٤٥٦٧٨٩"[pages]
        assert arabic_total in footer and "٠١٢٣٤٥٦٧٨٩"[page + 1] in footer


def test_the_logo_is_on_the_right_in_arabic_and_on_the_left_in_english(tmp_path: Path) -> None:
    logo = make_logo(tmp_path)
    arabic, english = tmp_path / "ar.pdf", tmp_path / "en.pdf"
    build_pdf(arabic, document_info("ar", logo), [RTLParagraph("نص")])
    build_pdf(english, document_info("en", logo), [RTLParagraph("Text", rtl=False)])
    right_box = _logo_ink(arabic)
    left_box = _logo_ink(english)
    assert right_box is not None and left_box is not None
    assert right_box[2] > PAGE_SIZE[0] - MARGIN_SIDE - 3  # inked up to the right margin
    assert left_box[0] < MARGIN_SIDE + 3


def test_the_header_shows_name_title_date_and_reference(tmp_path: Path) -> None:
    path = tmp_path / "h.pdf"
    build_pdf(path, document_info(), [RTLParagraph("نص")])
    header = header_lines(path)
    reading = [" ".join(words_rtl(line)) for line in header]
    drawn = " ".join(visual(line) for line in header)
    assert "جمعية البر الخيرية بجدة" in reading
    assert "نموذج مستند تجريبي" in reading
    assert REFERENCE in drawn
    assert "١٤٤٧" in drawn and "٢٠٢٥" in drawn
    assert "2025-10-25 10:30" in visual(footer_line(path))  # the printed-at stamp


def test_signature_blocks_run_right_to_left(pdf_of: BuildPdf) -> None:
    blocks = [
        SignatureBlock("إعداد", "محمد", "٣ / ٥ / ١٤٤٧ هـ"),
        SignatureBlock("مراجعة", "سارة"),
        SignatureBlock("اعتماد", "خالد"),
    ]
    path = pdf_of([signature_blocks(blocks)])
    labels = find_line(path, "دادعإ")
    assert x_of(labels, "دادعإ") > x_of(labels, "ةعجارم") > x_of(labels, "دامتعا")
    names = " ".join(" ".join(words_rtl(line)) for line in body_lines(path))
    for label in (_("Name"), _("Signature"), _("Date")):
        assert plain(label) in plain(names) or label in names


def test_a_field_row_puts_its_label_first_in_reading_order(pdf_of: BuildPdf) -> None:
    path = pdf_of([heading("البيانات"), field_row("الجوال:", "055 123 4567")])
    line = find_line(path, "055 123 4567")
    assert x_of(line, "لاوجلا") > x_of(line, "055")
    assert max(g.right for g in line) > FRAME_RIGHT - 1


def test_english_mode_is_left_aligned_and_left_to_right(pdf_of: BuildPdf, artifacts: Path) -> None:
    i18n.set_language("en")
    flowables = [
        heading("About the association"),
        RTLParagraph(ENGLISH),
        field_row("Mobile:", "055 123 4567"),
        rtl_table(
            [["Channel", "Address", "Requests"], ["Email", "info@albir.org.sa", "3,410"]],
            ["30%", "50%", "20%"],
            numeric_columns={2},
        ),
        signature_blocks(
            [SignatureBlock(_("Prepared by"), "Mohammed"), SignatureBlock(_("Approved by"))]
        ),
    ]
    path = pdf_of(flowables)
    save_pages(path, artifacts / "printing", "english")
    image = render(path)
    for line in body_lines(path)[1:4]:
        left, right = line_ink(image, line)
        assert left < FRAME_LEFT + 2  # flush left
        assert right <= FRAME_RIGHT + 1
    text = " ".join(visual(line) for line in body_lines(path)[1:6])
    assert text.startswith("The association serves every beneficiary")
    assert "055 123 4567 (+966 55 123 4567 from abroad)" in text
    assert "info@albir.org.sa" in text
    assert "يبيتعلا دمحم" in text  # an Arabic name inside English still reads right to left
    assert "Page 1 of 1" in visual(footer_line(path))


def _page_of(path: Path, needle: str) -> int:
    for page in range(page_count(path)):
        if any(needle in " ".join(words_rtl(line)) for line in body_lines(path, page)):
            return page
    raise AssertionError(needle)


def test_a_heading_stays_with_the_start_of_a_long_table(pdf_of: BuildPdf) -> None:
    filler = RTLParagraph(" ".join(["الجمعية تقدم خدماتها لجميع المستفيدين"] * 40))
    rows = [["م", "الإجراء"]] + [[str(n), "متابعة"] for n in range(1, 60)]
    path = pdf_of([filler, heading("سجل المتابعة"), rtl_table(rows, [40, 200])])
    # The table does not fit the rest of page 1, yet it starts there under its heading.
    assert _page_of(path, "سجل المتابعة") == 0
    assert _page_of(path, "الإجراء") == 0


def test_a_heading_at_the_foot_of_a_page_moves_to_the_next(pdf_of: BuildPdf) -> None:
    # Fill page 1 but for about one line, then a heading and a table.
    _x, _y, _w, height = content_box()
    line = RTLParagraph("سطر").leading
    fillers = [RTLParagraph("سطر") for _ in range(int(height // line) - 2)]
    rows = [["م", "الإجراء"]] + [[str(n), "متابعة"] for n in range(1, 10)]
    path = pdf_of([*fillers, heading("سجل المتابعة"), rtl_table(rows, [40, 200])])
    assert _page_of(path, "سجل المتابعة") == 1


def test_a_long_field_value_flows_over_pages_under_one_label(pdf_of: BuildPdf) -> None:
    value = " ".join(["تفاصيل الشكوى كما رواها صاحبها"] * 250)
    path = pdf_of([field_row("الوصف:", value)])
    assert page_count(path) >= 2
    labels = [
        page
        for page in range(page_count(path))
        for line in body_lines(path, page)
        if "الوصف:" in " ".join(words_rtl(line))
    ]
    assert labels == [0]


def test_an_unreadable_logo_is_left_out_rather_than_failing(tmp_path: Path) -> None:
    bad = tmp_path / "logo.img"
    bad.write_bytes(b"not an image")
    path = tmp_path / "d.pdf"
    assert build_pdf(path, document_info("ar", bad), [RTLParagraph("نص")]) == 1
    assert _logo_ink(path) is not None  # the association's name is still there
