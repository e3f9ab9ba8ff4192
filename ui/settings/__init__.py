"""The settings screen (foundation item 3): association, lists of choices,
response deadlines, working calendar, display and security."""

from ui.settings.page import SettingsPage

__all__ = ["SettingsPage"]
