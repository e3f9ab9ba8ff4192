"""Settings stored in the database: read by everyone, changed by the administrator,
every change versioned and audited (DOMAIN.md §4)."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.calendars.workdays import HolidayRule, WorkCalendar
from app.errors import UserError
from app.i18n import current_language
from app.persistence.db import Database
from app.persistence.models import AuditEntry, SettingEntry
from app.persistence.values import decode_value
from app.services.context import Actor, Changes, require
from app.services.roles import Permission
from app.services.settings_defaults import SPECS

# Settings ids are derived from their key so that every site edits the same record.
_SETTINGS_NAMESPACE = uuid.UUID("6f1d3c52-8a47-4c1e-9a55-0c7a2b1e5d10")


def setting_id(key: str) -> uuid.UUID:
    return uuid.uuid5(_SETTINGS_NAMESPACE, key)


@dataclass(frozen=True)
class SettingChange:
    at: datetime
    user_name: str
    old_value: Any
    new_value: Any


@dataclass(frozen=True)
class Choice:
    """One entry of a list setting (a centre, a channel…), labelled in the current language."""

    id: str
    label: str
    active: bool


def label_of(item: dict[str, Any]) -> str:
    return str(item.get("en") or item["ar"]) if current_language() == "en" else str(item["ar"])


def _spec(key: str) -> Any:
    if key not in SPECS:
        raise UserError("unknown-setting", "There is no setting called “{key}”.", key=key)
    return SPECS[key]


def seed_defaults(session: Session) -> int:
    """Write the default of every setting that is missing; returns how many were added."""
    present = set(session.scalars(select(SettingEntry.key)))
    added = 0
    for key, spec in SPECS.items():
        if key not in present:
            value = spec.validate(key, spec.default())
            text = json.dumps(value, ensure_ascii=False)
            session.add(SettingEntry(id=setting_id(key), key=key, value=text))
            added += 1
    return added


class SettingsService:
    def __init__(self, db: Database) -> None:
        self._db = db

    def get(self, key: str) -> Any:
        spec = _spec(key)
        with self._db.session() as s:
            text = s.scalars(select(SettingEntry.value).where(SettingEntry.key == key)).one_or_none()
        return spec.default() if text is None else json.loads(text)

    def all(self) -> dict[str, Any]:
        with self._db.session() as s:
            stored = {e.key: json.loads(e.value) for e in s.scalars(select(SettingEntry))}
        return {key: stored.get(key, spec.default()) for key, spec in SPECS.items()}

    def version(self, key: str) -> int:
        with self._db.session() as s:
            v = s.scalars(select(SettingEntry.version).where(SettingEntry.key == key)).one_or_none()
        return v or 0

    def set(self, actor: Actor, key: str, value: Any) -> Changes:
        """Validate and store ``value``; a new version and an audit line, or nothing at all."""
        return self.set_many(actor, {key: value})

    def set_many(self, actor: Actor, values: dict[str, Any]) -> Changes:
        """Several settings saved together (one screen section): all of them or none."""
        require(actor, Permission.SETTINGS_MANAGE)
        texts = {key: json.dumps(_spec(key).validate(key, value), ensure_ascii=False)
                 for key, value in values.items()}
        changed = False
        with self._db.begin(actor.writer) as s:
            entries = {e.key: e for e in s.scalars(select(SettingEntry).where(SettingEntry.key.in_(texts)))}
            for key, text in texts.items():
                entry = entries.get(key)
                if entry is None:
                    s.add(SettingEntry(id=setting_id(key), key=key, value=text))
                elif entry.value != text:
                    entry.value = text
                    entry.version += 1
                else:
                    continue
                changed = True
        return Changes(settings=changed)

    def history(self, actor: Actor, key: str) -> list[SettingChange]:
        """Every change of ``key``, newest first, from the audit log."""
        require(actor, Permission.SETTINGS_VIEW)
        _spec(key)
        with self._db.session() as s:
            rows = s.scalars(
                select(AuditEntry)
                .where(AuditEntry.table_name == SettingEntry.__tablename__,
                       AuditEntry.record_id == str(setting_id(key)),
                       AuditEntry.field == "value")
                .order_by(AuditEntry.id.desc())
            ).all()
        return [SettingChange(r.at, r.user_name, _json_in_json(r.old_value), _json_in_json(r.new_value))
                for r in rows]

    # --- typed views used across features ------------------------------------
    def choices(self, key: str, include_inactive: bool = False) -> list[Choice]:
        items = self.get(key)
        return [Choice(i["id"], label_of(i), bool(i.get("active", True)))
                for i in items if include_inactive or i.get("active", True)]

    def work_calendar(self) -> WorkCalendar:
        week = set(self.get("working_week"))
        weekend = frozenset(d for d in range(7) if d not in week)
        rules = [HolidayRule.from_dict(h) for h in self.get("holidays")]
        return WorkCalendar(weekend=weekend, holidays=rules)


def _json_in_json(text: str | None) -> Any:
    # The audit stores the column value (itself JSON text) encoded as JSON.
    inner = decode_value(text)
    return json.loads(inner) if isinstance(inner, str) else inner
