"""Handing a written file to the computer's viewer."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices


def open_document(path: Path) -> bool:
    """Open ``path`` in the computer's viewer (each feature's labels module re-exports it, and tests
    replace it there)."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
