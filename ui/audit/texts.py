"""The audit screens' texts: English sources marked with ``N_``, translated when shown.

The catalog (``i18n/ar.po``) carries the Arabic; the screens call ``_()`` on
these constants each time they retranslate, so switching the language works.
"""

from __future__ import annotations

from app.i18n import N_, ngettext

COLUMN_TITLES: tuple[str, ...] = (
    N_("When"),
    N_("Who"),
    N_("Action"),
    N_("Record"),
    N_("Field"),
    N_("Change"),
)
AUDIT_LOG = N_("Audit log")
INTRO = N_("Every change and every login, newest first. Double-click a line to see the "
           "history of its record.")
NO_ACCESS = N_("Only an administrator or the relations manager can read the audit log.")
USER = N_("User:")
ALL_USERS = N_("All users")
ACTION = N_("Action:")
ALL_ACTIONS = N_("All actions")
SINCE = N_("From:")
UNTIL = N_("To:")
SEARCH = N_("Search:")
SEARCH_HINT = N_("A record, a field or a value")
COUNTING = N_("Counting…")
LOADING = N_("Loading…")
NO_HISTORY = N_("This record has no history yet.")
HISTORY_TITLE = N_("History: {record}")
META = N_("{when} · {user}")


def latest_only(n: int, shown: str) -> str:
    """"Only the latest {n} lines are shown", by the language's plural rules; ``shown`` is ``n``
    as the screen writes it."""
    return ngettext("Only the latest {n} line is shown.", "Only the latest {n} lines are shown.",
                    n).format(n=shown)
