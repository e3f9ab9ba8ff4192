"""Real PDFs for the print tests: built with the real layer, read back with pdfium."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import pytest
from PIL import Image, ImageDraw
from reportlab.platypus import Flowable

from app import i18n
from app.printing.document import DocumentInfo, build_pdf
from app.printing.sample import build_sample_document

ASSOCIATION = "جمعية البر الخيرية بجدة"
TITLE = "نموذج مستند تجريبي"
DATE_TEXT = "٢٥ / ١٠ / ٢٠٢٥ م الموافق ٣ / ٥ / ١٤٤٧ هـ"
REFERENCE = "C-JED-1447-000123"

BuildPdf = Callable[[Sequence[Flowable]], Path]


def make_logo(folder: Path) -> Path:
    path = folder / "logo.png"
    image = Image.new("RGBA", (120, 120), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse((4, 4, 116, 116), fill=(31, 58, 95, 255))
    draw.rectangle((50, 24, 70, 96), fill=(255, 255, 255, 255))
    image.save(path)
    return path


def document_info(language: str = "ar", logo: Path | None = None) -> DocumentInfo:
    return DocumentInfo(
        association_name=ASSOCIATION,
        title=TITLE,
        date_text=DATE_TEXT,
        reference=REFERENCE,
        logo_path=logo,
        language=language,
        printed_at="2025-10-25 10:30",
    )


@pytest.fixture
def pdf_of(tmp_path: Path) -> BuildPdf:
    """Build a PDF of some flowables in the current language; returns its path."""
    counter = iter(range(1000))

    def build(flowables: Sequence[Flowable]) -> Path:
        path = tmp_path / f"doc-{next(counter)}.pdf"
        build_pdf(path, document_info(i18n.current_language()), flowables)
        return path

    return build


@pytest.fixture(scope="session")
def sample_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Arabic sample document, built once."""
    folder = tmp_path_factory.mktemp("sample")
    i18n.set_language("ar")
    path = folder / "sample-ar.pdf"
    build_sample_document(path, document_info("ar", make_logo(folder)))
    return path
