"""The status bar: who is logged in, at which site, and today's date, Gregorian with Hijri.

Codes and names are wrapped in Unicode isolates before they meet the
surrounding sentence: a Latin site code or user name inside Arabic text would
otherwise be reordered with its neighbours. The date is not isolated: its
layout (``٢٥ / ١٠ / ٢٠٢٥ م الموافق …``) is made for a right-to-left line and
would flip (see app.calendars.formatting).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from PySide6.QtCore import QEvent, QTimer, Slot
from PySide6.QtWidgets import QLabel, QStatusBar, QWidget

from app.calendars.formatting import format_dual, format_weekday
from app.i18n import _
from app.services.context import Actor
from app.services.roles import role_label
from app.services.site import SiteInfo
from app.text.bidi import FSI, PDI, isolate_ltr


def isolate(text: str) -> str:
    """Wrap ``text`` in FSI…PDI: it keeps its own direction and does not mix with its neighbours."""
    return f"{FSI}{text}{PDI}"


class ShellStatusBar(QStatusBar):
    """The user's name and role, the site's code and name, and today's date (kept current)."""

    def __init__(self, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("shellStatusBar")
        self._actor = actor
        self._site: SiteInfo | None = None
        self._today = date.today()

        self._user = QLabel(self)
        self._user.setObjectName("statusUser")
        self._site_label = QLabel(self)
        self._site_label.setObjectName("statusSite")
        self._date = QLabel(self)
        self._date.setObjectName("statusDate")
        self.addWidget(self._user)
        self.addWidget(self._site_label)
        self.addPermanentWidget(self._date)

        self._midnight = QTimer(self)
        self._midnight.setSingleShot(True)
        self._midnight.timeout.connect(self._on_midnight_timeout)
        self._schedule_midnight()
        self.retranslate_ui()

    # --- public --------------------------------------------------------------
    def set_site(self, site: SiteInfo | None) -> None:
        self._site = site
        self.retranslate_ui()

    def refresh_date(self, today: date | None = None) -> None:
        """Show ``today`` (default: the computer's date) and re-arm the midnight timer."""
        self._today = today or date.today()
        self._schedule_midnight()
        self.retranslate_ui()

    def summary(self) -> str:
        """Everything the bar shows, as one line (for tests and accessibility)."""
        return " | ".join(label.text() for label in (self._user, self._site_label, self._date)
                          if label.text())

    def retranslate_ui(self) -> None:
        actor = self._actor
        self._user.setText(_("{name} — {role}").format(
            name=isolate(actor.full_name or actor.name), role=role_label(actor.role)))
        self._user.setToolTip(_("Logged in as {user}").format(user=isolate_ltr(actor.name)))
        if self._site is None:
            self._site_label.clear()
        else:
            self._site_label.setText(_("Site {code} — {name}").format(
                code=isolate_ltr(self._site.code), name=isolate(self._site.name)))
        self._date.setText(format_dual(self._today))
        self._date.setToolTip(format_weekday(self._today))
        self.reformat()  # lay the labels out for their new widths now, not on the next pass

    # --- Qt ------------------------------------------------------------------
    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    # --- private -------------------------------------------------------------
    def _schedule_midnight(self) -> None:
        now = datetime.now()
        tomorrow = datetime.combine(now.date() + timedelta(days=1), datetime.min.time())
        self._midnight.start(int((tomorrow - now).total_seconds() * 1000) + 1000)

    @Slot()
    def _on_midnight_timeout(self) -> None:
        self.refresh_date()
