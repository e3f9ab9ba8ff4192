"""Expected failures: one clear sentence for the user, in their language.

Services raise :class:`UserError` for anything a user can cause (bad input, a
missing permission, a wrong password). Anything else is a bug. The command
line prints ``str(error)`` on stderr; the screens show it beside the field.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from app.i18n import _, ngettext


@dataclass(frozen=True)
class Plural:
    """A message whose wording depends on a number (Arabic has six plural forms).

    ``count`` names the parameter that holds the number. Translated when shown,
    like every message, so it follows a later change of language.
    """

    singular: str
    plural: str
    count: str


class UserError(Exception):
    """A failure the user can understand and fix.

    ``code`` is a stable identifier (for tests and scripts); ``message`` is an
    English source string (or a :class:`Plural`) with ``{placeholders}`` filled
    from ``params`` after translation; ``field`` names the input it concerns, if any.
    """

    def __init__(self, code: str, message: str | Plural, *, field: str | None = None, **params: Any):
        self.code = code
        self.source_message = message if isinstance(message, str) else message.plural
        self._plural = message if isinstance(message, Plural) else None
        self.field = field
        self.params = params
        super().__init__(code)

    @property
    def message(self) -> str:
        if self._plural is not None:
            p = self._plural
            return ngettext(p.singular, p.plural, self.params[p.count]).format(**self.params)
        return _(self.source_message).format(**self.params)

    def __str__(self) -> str:
        return self.message


class PermissionDenied(UserError):
    """The acting user's role does not allow the operation."""


class NotFound(UserError):
    """The record asked for does not exist (or was deleted)."""
