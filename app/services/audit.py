"""Reading the audit log: filtered pages of it, a record's history, and its sentences.

The log grows to millions of lines, so nothing here loads it whole:

- :meth:`AuditService.page` is keyset-paginated on ``id`` (newest first,
  ``id < after_id``), never ``OFFSET``. The log is append-only, so a page
  fetched again with the same ``after_id`` holds the same lines; a screen may
  drop pages from its cache and fetch them again later.
- :meth:`AuditService.count` is separate, so a screen shows the first page
  without waiting for the count of a text search (which has to read every line).

Texts: :func:`describe` turns a line into a sentence in the current language.
Its templates are English sources marked with ``N_`` and translated when shown
(``i18n/ar.po``). User names and values are wrapped in
first-strong isolates (FSI…PDI), so a Latin user name or a number does not
reorder an Arabic sentence, nor an Arabic value an English one. They are for
screens; print strips bidi controls (:mod:`app.text.bidi`).
"""

from __future__ import annotations

import contextlib
import json
import uuid
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, false, func, or_, select
from sqlalchemy.orm import Session

from app.i18n import N_, _, ngettext
from app.persistence.db import Database
from app.persistence.models import AuditEntry, SettingEntry, User
from app.persistence.recorder import SYSTEM_ACTOR
from app.persistence.values import decode_value
from app.services.context import Actor, require
from app.services.roles import Permission, Role, role_label
from app.services.settings import label_of, setting_id
from app.services.settings_defaults import SPECS
from app.text.bidi import FSI, PDI

MAX_PAGE = 1000
MAX_VALUE_CHARS = 80
USERS = User.__tablename__
SETTINGS = SettingEntry.__tablename__


@dataclass(frozen=True)
class HistoryLine:
    """One audit line; ``record_name`` is the record as people know it (a user name, a setting key)."""

    id: int
    at: datetime
    user_name: str
    action: str
    table_name: str | None
    record_id: str | None
    field: str | None
    old_value: Any
    new_value: Any
    record_name: str | None = None
    user_id: str | None = None


@dataclass(frozen=True)
class AuditFilter:
    """What to show; None means "any". Dates are the desk's local days, both inclusive.

    ``text`` matches, case-insensitively, a record's id or name, a field (its
    identifier or its label) or an old or new value.
    """

    user_name: str | None = None
    action: str | None = None
    table_name: str | None = None
    since: date | None = None
    until: date | None = None
    text: str | None = None


# --- texts (English sources, translated when shown) ------------------------------

ACTION_LABELS: dict[str, str] = {
    "create": N_("Created"),
    "update": N_("Changed"),
    "delete": N_("Deleted"),
    "login": N_("Logged in"),
    "login-failed": N_("Failed login"),
    "locked": N_("Account locked"),
    "login-refused-locked": N_("Login refused: account locked"),
}
_SENTENCES: dict[str, str] = {
    "create": N_("{user} created this record"),
    "delete": N_("{user} deleted this record"),
    "login": N_("{user} logged in"),
    "login-failed": N_("{user} failed to log in"),
    "locked": N_("The account of {user} was locked after too many failed logins"),
    "login-refused-locked": N_("{user} tried to log in while the account was locked"),
}
# The Arabic catalog turns the arrow left: the sentence reads from the right, old value first.
_CHANGED = N_("{user} changed {field}: {old} → {new}")
_OLD_NEW = N_("{old} → {new}")
_OTHER_EVENT = N_("{user}: {action}")
_WHAT = N_("{table}: {record}")
_TABLE_LABELS: dict[str, str] = {
    USERS: N_("User account"),
    SETTINGS: N_("Setting"),
}
_FIELD_LABELS: dict[tuple[str, str], str] = {
    (USERS, "name"): N_("User name"),
    (USERS, "full_name"): N_("Full name"),
    (USERS, "role"): N_("Role"),
    (USERS, "active"): N_("Account enabled"),
    (USERS, "password_hash"): N_("Password"),
    (USERS, "language"): N_("Language"),
    (USERS, "deleted_at"): N_("Deleted on"),
    (SETTINGS, "version"): N_("Version"),
    (SETTINGS, "key"): N_("Key"),
}
_FIELD_OF = N_("{field} ({record})")
_SYSTEM = N_("System")
_YES = N_("yes")
_NO = N_("no")
_EMPTY = N_("(empty)")
_IMAGE = N_("(an image)")

_SETTING_KEYS: dict[str, str] = {str(setting_id(key)): key for key in SPECS}
# Who may read a record's history besides the auditors: the table's own viewers.
_TABLE_VIEWERS: dict[str, Permission] = {}


def register_labels(table_name: str, label: str, fields: dict[str, str],
                    viewers: Permission | None = None) -> None:
    """A feature's table as the history shows it: its name, its fields' labels (N_ sources),
    and the permission that lets a user read its records' history."""
    _TABLE_LABELS[table_name] = label
    _FIELD_LABELS.update({(table_name, f): text for f, text in fields.items()})
    if viewers is not None:
        _TABLE_VIEWERS[table_name] = viewers


def register_event(action: str, label: str, sentence: str) -> None:
    """An audit event of a feature; ``sentence`` may use ``{user}`` and ``{detail}``."""
    ACTION_LABELS[action] = label
    _SENTENCES[action] = sentence


def _iso(text: str) -> str:
    return f"{FSI}{text}{PDI}"


def count_text(n: int, shown: str | None = None) -> str:
    """``{n} entries`` by the language's plural rules; ``shown`` is ``n`` as the screen writes it."""
    # Literal arguments, so the catalog gets one entry with Arabic's six forms.
    return ngettext("{n} entry", "{n} entries", n).format(n=str(n) if shown is None else shown)


def known_actions() -> list[str]:
    """The actions the log knows, in the order a filter offers them."""
    return list(ACTION_LABELS)


def action_label(action: str) -> str:
    source = ACTION_LABELS.get(action)
    return _(source) if source else action


def table_label(table_name: str) -> str:
    source = _TABLE_LABELS.get(table_name)
    return _(source) if source else table_name


def field_label(line: HistoryLine) -> str:
    """The changed field as people call it; "" for lines that change no field.

    A setting's ``value`` is the setting itself ("Digits"); its other columns
    name the setting beside them ("Version (Digits)").
    """
    if not line.field:
        return ""
    source = _FIELD_LABELS.get((line.table_name or "", line.field))
    label = _(source) if source else line.field
    if line.table_name == SETTINGS and line.record_name in SPECS:
        setting = _(SPECS[line.record_name].label)
        return setting if line.field == "value" else _(_FIELD_OF).format(field=label, record=setting)
    return label


def user_label(line: HistoryLine) -> str:
    """Who wrote the line: a user name, or "System" for the application's own writes."""
    if line.user_id is None and line.user_name == SYSTEM_ACTOR.user_name:
        return _(_SYSTEM)
    return line.user_name or "?"


def record_label(line: HistoryLine) -> str:
    """The record: a setting's label, a user's name, else a short id."""
    if line.table_name == SETTINGS and line.record_name in SPECS:
        return _(SPECS[line.record_name].label)
    if line.record_name:
        return line.record_name
    return (line.record_id or "")[:8]


def what_text(line: HistoryLine) -> str:
    """Which record a line is about, e.g. "Setting: Digits"; "" for none."""
    if not line.table_name:
        return ""
    return _(_WHAT).format(table=table_label(line.table_name), record=_iso(record_label(line)))


def _shorten(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= MAX_VALUE_CHARS else text[: MAX_VALUE_CHARS - 1].rstrip() + "…"


def _plain(value: Any) -> str:
    if value is None or value == "" or value == []:
        return _(_EMPTY)
    if isinstance(value, bool):
        return _(_YES) if value else _(_NO)
    if isinstance(value, list) and all(isinstance(i, dict) and "ar" in i for i in value):
        return _(", ").join(label_of(i) for i in value)
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def value_text(line: HistoryLine, value: Any) -> str:
    """A value as a short, readable text (a role's label, yes/no, a list's names…)."""
    if line.table_name == SETTINGS and line.field == "value" and isinstance(value, str):
        with contextlib.suppress(ValueError):  # a setting's column holds JSON text, stored as JSON
            value = json.loads(value)
        if line.record_name == "association.logo" and value:
            return _(_IMAGE)
    if line.table_name == USERS and line.field == "role" and isinstance(value, str) and value in set(Role):
        return role_label(value)
    return _shorten(_plain(value))


def change_text(line: HistoryLine) -> str:
    """"old → new" for a field change; the sentence for anything else."""
    if line.action == "update" and line.field:
        return _(_OLD_NEW).format(old=_iso(value_text(line, line.old_value)),
                                    new=_iso(value_text(line, line.new_value)))
    return describe(line)


def describe(line: HistoryLine) -> str:
    """The line as one sentence in the current language, e.g. "admin changed Role: …"."""
    user = _iso(user_label(line))
    if line.action == "update" and line.field:
        return _(_CHANGED).format(user=user, field=field_label(line),
                                    old=_iso(value_text(line, line.old_value)),
                                    new=_iso(value_text(line, line.new_value)))
    sentence = _SENTENCES.get(line.action)
    if sentence is not None:
        return _(sentence).format(user=user, detail=_iso(str(line.new_value or "")))
    return _(_OTHER_EVENT).format(user=user, action=action_label(line.action))


# --- queries --------------------------------------------------------------------

def _local_midnight(day: date) -> datetime:
    return datetime.combine(day, time.min).astimezone()  # the desk's clock, as an aware time


def _text_condition(text: str) -> ColumnElement[bool]:
    needle = text.strip()
    folded = needle.casefold()
    columns = (AuditEntry.record_id, AuditEntry.field, AuditEntry.old_value, AuditEntry.new_value)
    found: list[ColumnElement[bool]] = [c.icontains(needle, autoescape=True) for c in columns]
    settings = [sid for sid, key in _SETTING_KEYS.items()
                if folded in key.casefold() or folded in _(SPECS[key].label).casefold()]
    if settings:
        found.append(and_(AuditEntry.table_name == SETTINGS, AuditEntry.record_id.in_(settings)))
    fields = [name for (table, name), source in _FIELD_LABELS.items() if folded in _(source).casefold()]
    if fields:
        found.append(and_(AuditEntry.table_name == USERS, AuditEntry.field.in_(fields)))
    return or_(*found)


def _filtered(query: Select[Any], flt: AuditFilter, s: Session) -> Select[Any]:
    if flt.user_name:
        query = query.where(AuditEntry.user_name == flt.user_name)
    if flt.action:
        query = query.where(AuditEntry.action == flt.action)
    if flt.table_name:
        query = query.where(AuditEntry.table_name == flt.table_name)
    if flt.since is not None:
        query = query.where(AuditEntry.at >= _local_midnight(flt.since))
    if flt.until is not None:
        query = query.where(AuditEntry.at < _local_midnight(flt.until + timedelta(days=1)))
    if flt.since is not None and flt.until is not None and flt.until < flt.since:
        query = query.where(false())
    if flt.text and flt.text.strip():
        condition = _text_condition(flt.text)
        users = [str(i) for i in s.scalars(select(User.id).where(
            User.name.icontains(flt.text.strip(), autoescape=True)).limit(50))]
        if users:
            condition = or_(condition, and_(AuditEntry.table_name == USERS,
                                            AuditEntry.record_id.in_(users)))
        query = query.where(condition)
    return query


def _lines(s: Session, entries: list[AuditEntry]) -> list[HistoryLine]:
    """DTOs of ``entries``, with user names looked up (one query for the whole page)."""
    user_ids = {e.record_id for e in entries if e.table_name == USERS and e.record_id}
    names: dict[str, str] = {}
    if user_ids:
        ids = [uuid.UUID(i) for i in user_ids]
        names = {str(i): n for i, n in s.execute(select(User.id, User.name).where(User.id.in_(ids)))}

    def name_of(e: AuditEntry) -> str | None:
        if e.table_name == SETTINGS:
            return _SETTING_KEYS.get(e.record_id or "")
        return names.get(e.record_id or "") if e.table_name == USERS else None

    return [HistoryLine(e.id, e.at, e.user_name, e.action, e.table_name, e.record_id, e.field,
                        decode_value(e.old_value), decode_value(e.new_value), name_of(e), e.user_id)
            for e in entries]


class AuditService:
    def __init__(self, db: Database) -> None:
        self._db = db

    def count(self, actor: Actor, flt: AuditFilter) -> int:
        """How many lines ``flt`` selects."""
        require(actor, Permission.AUDIT_VIEW)
        with self._db.session() as s:
            query = _filtered(select(func.count()).select_from(AuditEntry), flt, s)
            return int(s.scalar(query) or 0)

    def page(self, actor: Actor, flt: AuditFilter, after_id: int | None = None,
             limit: int = 200) -> list[HistoryLine]:
        """Up to ``limit`` lines newest first, those older than ``after_id`` (the last one seen)."""
        require(actor, Permission.AUDIT_VIEW)
        limit = max(1, min(limit, MAX_PAGE))
        with self._db.session() as s:
            query = _filtered(select(AuditEntry), flt, s)
            if after_id is not None:
                query = query.where(AuditEntry.id < after_id)
            entries = list(s.scalars(query.order_by(AuditEntry.id.desc()).limit(limit)))
            return _lines(s, entries)

    def record_history(self, actor: Actor, table_name: str, record_id: str,
                       limit: int | None = None) -> list[HistoryLine]:
        """One record's lines, oldest first (its timeline); only the latest ``limit`` if given."""
        viewers = _TABLE_VIEWERS.get(table_name)
        if viewers is None or not actor.can(viewers):
            require(actor, Permission.AUDIT_VIEW)
        with self._db.session() as s:
            query = select(AuditEntry).where(AuditEntry.table_name == table_name,
                                             AuditEntry.record_id == str(record_id))
            if limit is None:
                entries = list(s.scalars(query.order_by(AuditEntry.id)))
            else:
                entries = list(s.scalars(query.order_by(AuditEntry.id.desc()).limit(limit)))[::-1]
            return _lines(s, entries)

    def distinct_users(self, actor: Actor) -> list[str]:
        """Every user name that appears in the log, alphabetically."""
        require(actor, Permission.AUDIT_VIEW)
        with self._db.session() as s:
            return list(s.scalars(select(AuditEntry.user_name).distinct().order_by(AuditEntry.user_name)))

    def actions(self) -> list[str]:
        """The actions a filter offers (identifiers; :func:`action_label` names them)."""
        return known_actions()

    def latest(self, actor: Actor, limit: int = 200) -> list[HistoryLine]:
        return self.page(actor, AuditFilter(), None, limit)
