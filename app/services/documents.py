"""What every printed document shares: the association's header from the settings."""

from __future__ import annotations

import base64
import hashlib
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from app.calendars.formatting import format_dual
from app.i18n import current_language
from app.services.settings import SettingsService
from app.text.digits import DigitStyle

if TYPE_CHECKING:  # the print engine loads ReportLab: only when printing
    from app.printing.document import DocumentInfo


class DocumentService:
    def __init__(self, settings: SettingsService, cache_dir: Path | None) -> None:
        self._settings = settings
        self._cache_dir = cache_dir

    def info(self, title: str, reference: str, on: date | None = None) -> DocumentInfo:
        """The page header of a document printed today (or ``on``)."""
        from app.printing.document import DocumentInfo

        english = current_language() == "en"
        name = self._settings.get("association.name")
        if english:
            name = self._settings.get("association.name_en") or name
        digits: DigitStyle = "latin" if english else self._settings.get("display.digits")
        return DocumentInfo(
            association_name=name,
            logo_path=self._logo_file(),
            title=title,
            date_text=format_dual(on or date.today(), digits=digits),
            reference=reference,
            language=current_language(),
            digits=digits,
        )

    def _logo_file(self) -> Path | None:
        """The logo setting as an image file ReportLab can read (cached by content)."""
        encoded = self._settings.get("association.logo")
        if not encoded or self._cache_dir is None:
            return None
        data = base64.b64decode(encoded)
        path = self._cache_dir / f"logo-{hashlib.sha256(data).hexdigest()[:16]}.img"
        if not path.exists():
            self._cache_dir.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        return path
