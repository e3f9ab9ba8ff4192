"""The print fonts: bundled, registered once from any thread, covering mixed text."""

from __future__ import annotations

import threading

from reportlab.lib.fonts import tt2ps
from reportlab.pdfbase import pdfmetrics

from app import paths
from app.printing import fonts
from app.text.bidi import reshape


def test_fonts_and_licence_are_bundled() -> None:
    folder = paths.fonts_dir()
    for name in ("Amiri-Regular.ttf", "Amiri-Bold.ttf", "Amiri-LICENSE.txt"):
        assert (folder / name).is_file(), name


def test_registration_is_idempotent_and_thread_safe() -> None:
    errors: list[BaseException] = []

    def register() -> None:
        try:
            for _ in range(20):
                fonts.register_fonts()
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)

    threads = [threading.Thread(target=register) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert pdfmetrics.getFont(fonts.REGULAR).fontName == fonts.REGULAR
    assert pdfmetrics.getFont(fonts.BOLD).fontName == fonts.BOLD


def test_the_family_maps_bold_so_reportlab_markup_works() -> None:
    fonts.register_fonts()
    assert tt2ps(fonts.FAMILY, 1, 0) == fonts.BOLD
    assert tt2ps(fonts.FAMILY, 0, 0) == fonts.REGULAR


def test_amiri_covers_shaped_arabic_latin_digits_and_signs() -> None:
    text = (
        "أبجد هوز حطي كلمن سعفص قرشت ثخذ ضظغ لا لأ لإ لآ ة ى ئ ؤ ء الله "
        "بِسْمِ اللَّهِ الرَّحْمَٰنِ ﷺ ٠١٢٣٤٥٦٧٨٩ ، ؛ ؟ « » "
        "ABCXYZ abcxyz 0123456789 @ + - _ . , : / ( ) [ ] { } < > % & '"
    )
    for bold in (False, True):
        missing = {c for c in reshape(text) if not fonts.has_glyph(c, bold)}
        assert missing == set(), (bold, missing)
