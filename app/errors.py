"""Expected failures: one clear sentence for the user, in their language.

Services raise :class:`UserError` for anything a user can cause (bad input, a
missing permission, a wrong password). Anything else is a bug. The command
line prints ``str(error)`` on stderr; the screens show it beside the field.
"""

from __future__ import annotations

from typing import Any

from app.i18n import _


class UserError(Exception):
    """A failure the user can understand and fix.

    ``code`` is a stable identifier (for tests and scripts); ``message`` is an
    English source string with ``{placeholders}`` filled from ``params`` after
    translation; ``field`` names the input it concerns, if any.
    """

    def __init__(self, code: str, message: str, *, field: str | None = None, **params: Any):
        self.code = code
        self.source_message = message
        self.field = field
        self.params = params
        super().__init__(code)

    @property
    def message(self) -> str:
        return _(self.source_message).format(**self.params)

    def __str__(self) -> str:
        return self.message


class PermissionDenied(UserError):
    """The acting user's role does not allow the operation."""


class NotFound(UserError):
    """The record asked for does not exist (or was deleted)."""
