"""The look: the bundled fonts, the colours, the style sheet and tinted icons.

Screens never name a system font: :func:`apply_theme` registers the fonts in
``resources/fonts`` and makes "Noto Sans Arabic" the application font with
"Noto Sans" as its fallback for Latin letters (Noto Sans Arabic has none), so
what a user sees does not depend on what the computer has installed.

Colours live in :class:`Colours` and in ``resources/styles/sila.qss``; icons
are the line drawings in ``resources/icons`` (``currentColor`` strokes), tinted
here, so one drawing serves the dark navigation panel and a light page.
"""

from __future__ import annotations

from functools import lru_cache

from PySide6.QtCore import QByteArray, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontDatabase, QIcon, QImage, QPainter, QPalette, QPixmap
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QApplication

from app.paths import fonts_dir, icons_dir, resources_dir

FONT_FAMILIES = ["Noto Sans Arabic", "Noto Sans"]
BASE_POINT_SIZE = 11.0
FONT_FILES = (
    "NotoSansArabic-Regular.ttf",
    "NotoSansArabic-Bold.ttf",
    "NotoSans-Regular.ttf",
    "NotoSans-Bold.ttf",
)
APP_ICON = "sila"
_ICON_SIZES = (16, 20, 24, 32, 48, 64)


class Colours:
    """The palette shared by the style sheet and the code (keep them in step)."""

    ACCENT = "#0f766e"  # teal: calm, and close to the green of local charities
    ACCENT_DARK = "#134e4a"  # the navigation panel
    ACCENT_SOFT = "#e3f2ef"  # the selected navigation item, hovered rows
    WINDOW = "#f4f7f6"
    BASE = "#ffffff"
    TEXT = "#1f2a2e"
    MUTED = "#5b6b6f"
    BORDER = "#cfdad7"
    ERROR = "#b42318"
    ON_DARK = "#e6f2f0"  # text and icons on the navigation panel


class FontLoadError(RuntimeError):
    """A bundled font is missing or unreadable (a broken installation)."""


_loaded_families: list[str] = []


def load_fonts() -> list[str]:
    """Register the bundled screen fonts once; returns their family names."""
    if _loaded_families:
        return list(_loaded_families)
    families: list[str] = []
    for name in FONT_FILES:
        path = fonts_dir() / name
        font_id = QFontDatabase.addApplicationFont(str(path))
        if font_id < 0:
            raise FontLoadError(f"cannot load the bundled font {path}")
        for family in QFontDatabase.applicationFontFamilies(font_id):
            if family not in families:
                families.append(family)
    _loaded_families.extend(families)
    return families


def ui_font(point_size: float = BASE_POINT_SIZE, *, bold: bool = False) -> QFont:
    """The screen font at ``point_size``: Noto Sans Arabic, falling back to Noto Sans."""
    font = QFont()
    font.setFamilies(FONT_FAMILIES)
    font.setPointSizeF(point_size)
    if bold:
        font.setWeight(QFont.Weight.Bold)
    return font


def style_sheet() -> str:
    return (resources_dir() / "styles" / "sila.qss").read_text(encoding="utf-8")


def palette() -> QPalette:
    p = QPalette()
    roles = {
        QPalette.ColorRole.Window: Colours.WINDOW,
        QPalette.ColorRole.WindowText: Colours.TEXT,
        QPalette.ColorRole.Base: Colours.BASE,
        QPalette.ColorRole.AlternateBase: "#f0f5f4",
        QPalette.ColorRole.Text: Colours.TEXT,
        QPalette.ColorRole.Button: Colours.BASE,
        QPalette.ColorRole.ButtonText: Colours.TEXT,
        QPalette.ColorRole.Highlight: Colours.ACCENT,
        QPalette.ColorRole.HighlightedText: "#ffffff",
        QPalette.ColorRole.ToolTipBase: "#ffffff",
        QPalette.ColorRole.ToolTipText: Colours.TEXT,
        QPalette.ColorRole.PlaceholderText: "#8a999c",
        QPalette.ColorRole.Link: Colours.ACCENT,
    }
    for role, colour in roles.items():
        p.setColor(role, QColor(colour))
    p.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text, QColor("#9aa7aa"))
    p.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.ButtonText, QColor("#9aa7aa"))
    return p


def apply_theme(app: QApplication) -> None:
    """Fonts, palette, style sheet and window icon for the whole application."""
    load_fonts()
    app.setStyle("Fusion")  # the same look on every desktop, and it honours style sheets
    app.setFont(ui_font())
    app.setPalette(palette())
    app.setWindowIcon(app_icon())
    app.setStyleSheet(style_sheet())


def _render(svg: bytes, size: int) -> QPixmap:
    renderer = QSvgRenderer(QByteArray(svg))
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    return QPixmap.fromImage(image)


def _svg(name: str, colour: str) -> bytes:
    text = (icons_dir() / f"{name}.svg").read_text(encoding="utf-8")
    return text.replace("currentColor", colour).encode("utf-8")


@lru_cache(maxsize=128)
def icon(name: str, colour: str = Colours.TEXT, selected_colour: str | None = None) -> QIcon:
    """The line icon ``resources/icons/<name>.svg`` drawn in ``colour``.

    ``selected_colour`` draws the icon of a selected item (a list row) differently,
    so it stays visible on the selection's background.
    """
    result = QIcon()
    normal = _svg(name, colour)
    selected = _svg(name, selected_colour) if selected_colour else None
    for size in _ICON_SIZES:
        result.addPixmap(_render(normal, size), QIcon.Mode.Normal)
        if selected is not None:
            result.addPixmap(_render(selected, size), QIcon.Mode.Selected)
    return result


def app_icon() -> QIcon:
    """Sila's own icon (two linked rings: صلة means "connection")."""
    return icon(APP_ICON)


def icon_pixmap(name: str, size: int, colour: str = Colours.TEXT) -> QPixmap:
    return icon(name, colour).pixmap(QSize(size, size))
