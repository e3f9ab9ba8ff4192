"""The Arabic catalog is complete, and both languages work without Qt."""

from __future__ import annotations

from app import i18n
from app.i18n_tools import problems


def test_every_user_visible_string_has_an_arabic_translation() -> None:
    missing = problems("ar")
    assert missing == [], "\n".join(missing[:40]) + f"\n… {len(missing)} in all; run make catalogs-update"


def test_arabic_is_the_default_and_english_is_the_source() -> None:
    assert i18n.current_language() == "ar"
    assert i18n._("Administrator") != "Administrator"
    i18n.set_language("en")
    assert i18n._("Administrator") == "Administrator"


def test_arabic_plurals_have_their_six_forms() -> None:
    forms = {i18n.ngettext("{n} user", "{n} users", n) for n in (0, 1, 2, 3, 11, 100)}
    assert len(forms) >= 4
