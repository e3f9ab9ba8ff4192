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


def test_arabic_plurals_follow_arabic_rules() -> None:
    def days(n: int) -> str:
        return i18n.ngettext("{n} day", "{n} days", n).format(n=n)

    assert days(1) != days(2) != days(3)  # singular, dual, plural are different words
    assert days(3) != days(11)  # 3–10 take the plural, 11–99 the singular accusative
    assert "3" in days(3) and "1" not in days(1)
