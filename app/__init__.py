"""Sila's core: domain, persistence, services, Arabic text, calendars, printing, CLI.

Nothing under ``app`` imports Qt, so the command line, the tests and the
screens all run the very same services.
"""

__version__ = "0.1.0"
