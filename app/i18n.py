"""The one translation catalog, shared by the core and the screens.

Source strings are English; ``i18n/ar.po`` holds the Arabic. The catalog is a
plain gettext one (compiled with Babel), so ``app/`` can put translated text
into PDFs, command-line output and validation messages without Qt; ``ui/``
uses the very same ``_``.

Strings defined at import time (labels in tables of constants) are marked
with ``N_`` and translated where they are shown, so switching the language
takes effect everywhere.
"""

from __future__ import annotations

import gettext
import threading
from pathlib import Path

from app import paths

DOMAIN = "sila"
LANGUAGES = ("ar", "en")
DEFAULT_LANGUAGE = "ar"

_lock = threading.Lock()
_language = DEFAULT_LANGUAGE
_translations: gettext.NullTranslations = gettext.NullTranslations()


def _compile_from_source(lang: str, target: Path) -> bool:
    """In a source checkout, compile ``i18n/<lang>.po`` when its .mo is missing or older."""
    source = paths.catalog_sources_dir() / f"{lang}.po"
    if not source.is_file():
        return False
    if target.is_file() and target.stat().st_mtime >= source.stat().st_mtime:
        return True
    try:
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po
    except ImportError:  # pragma: no cover - Babel is a build and dev dependency
        return target.is_file()
    with source.open("rb") as f:
        catalog = read_po(f, locale=lang)
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("wb") as f:
        write_mo(f, catalog)
    return True


def _load(lang: str) -> gettext.NullTranslations:
    if lang == "en":
        return gettext.NullTranslations()
    mo = paths.locale_dir() / lang / "LC_MESSAGES" / f"{DOMAIN}.mo"
    if not mo.is_file() or paths.catalog_sources_dir().is_dir():
        _compile_from_source(lang, mo)
    if not mo.is_file():
        return gettext.NullTranslations()
    with mo.open("rb") as f:
        return gettext.GNUTranslations(f)


def set_language(lang: str) -> None:
    """Switch the whole process to ``lang`` (``ar`` or ``en``)."""
    global _language, _translations
    if lang not in LANGUAGES:
        raise ValueError(f"unsupported language {lang!r}")
    with _lock:
        _translations = _load(lang)
        _language = lang


def current_language() -> str:
    return _language


def is_rtl() -> bool:
    return _language == "ar"


def _(message: str) -> str:
    """Translate ``message`` into the current language."""
    return _translations.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """Translate with the target language's plural rules (Arabic has six forms)."""
    return _translations.ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    """Translate a short string whose meaning depends on ``context``."""
    return _translations.pgettext(context, message)


def N_(message: str) -> str:
    """Mark ``message`` for extraction without translating it yet."""
    return message


set_language(DEFAULT_LANGUAGE)
