"""Where the bundled resources and compiled catalogs live.

An installed wheel carries them inside the package (``app/_data``, copied by
setup.py at build time); a source checkout uses the repository's own folders.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
_INSTALLED = _PACKAGE / "_data"
_CHECKOUT = _PACKAGE.parent


def resources_dir() -> Path:
    """The ``resources/`` folder: fonts, icons, style sheets, form assets."""
    installed = _INSTALLED / "resources"
    return installed if installed.is_dir() else _CHECKOUT / "resources"


def fonts_dir() -> Path:
    return resources_dir() / "fonts"


def icons_dir() -> Path:
    return resources_dir() / "icons"


def locale_dir() -> Path:
    """Compiled gettext catalogs: ``<lang>/LC_MESSAGES/sila.mo``."""
    installed = _INSTALLED / "locale"
    return installed if installed.is_dir() else _PACKAGE / "locale"


def catalog_sources_dir() -> Path:
    """The ``i18n/`` folder with the ``.po`` sources (a source checkout only)."""
    return _CHECKOUT / "i18n"
