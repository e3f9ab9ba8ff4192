"""What a record's fields are, derived from its versions (SYNC.md) — the rule the
file sync will apply after a set-union import, and that tests here pin down now.

For each field, the candidates are its versions that no other version of that
field names as a parent; the one with the highest clock stamp wins, the others
are conflicts kept for review. A field nobody edited keeps the value of the
record's creation (``*``) version. A tombstone that did not see every edit of
the record (its parents are the heads it saw) is a delete/edit conflict.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from app.persistence.models.changelog import ALL_FIELDS

TOMBSTONE_FIELD = "deleted_at"


@dataclass(frozen=True)
class Version:
    key: str  # "site:seq"
    field: str
    value: Any
    stamp: str
    parents: frozenset[str] = frozenset()

    @classmethod
    def from_row(cls, origin_site: str, seq: int, field_name: str, value: str, stamp: str,
                 parents: str) -> Version:
        return cls(f"{origin_site}:{seq}", field_name, json.loads(value), stamp,
                   frozenset(json.loads(parents)))


@dataclass
class Resolved:
    values: dict[str, Any] = field(default_factory=dict)
    # field → the losing candidates, newest first: shown for review, never dropped.
    conflicts: dict[str, list[Version]] = field(default_factory=dict)
    # Edits the tombstone did not see: the record was deleted at one site and changed at another.
    unseen_by_delete: list[Version] = field(default_factory=list)

    @property
    def deleted(self) -> bool:
        return self.values.get(TOMBSTONE_FIELD) is not None


def resolve(versions: Iterable[Version]) -> Resolved:
    """Merge one record's versions, in any order, duplicates allowed (import is a set union)."""
    unique = {v.key: v for v in versions}
    by_field: dict[str, list[Version]] = defaultdict(list)
    for version in unique.values():
        by_field[version.field].append(version)
    result = Resolved()
    for creation in sorted(by_field.pop(ALL_FIELDS, []), key=lambda v: v.stamp):
        result.values.update(creation.value)
    for name, field_versions in by_field.items():
        seen = set().union(*(v.parents for v in field_versions))
        heads = sorted((v for v in field_versions if v.key not in seen), key=lambda v: v.stamp,
                       reverse=True)
        result.values[name] = heads[0].value
        if len(heads) > 1:
            result.conflicts[name] = heads[1:]
    tombstones = [v for v in by_field.get(TOMBSTONE_FIELD, []) if v.value is not None]
    if tombstones and result.deleted:
        known = _ancestry(tombstones, unique)
        result.unseen_by_delete = sorted(
            (v for v in unique.values()
             if v.field not in (ALL_FIELDS, TOMBSTONE_FIELD) and v.key not in known),
            key=lambda v: v.stamp)
    return result


def _ancestry(starts: list[Version], everything: dict[str, Version]) -> set[str]:
    """Every version key reachable through parents from ``starts`` (themselves included)."""
    known: set[str] = set()
    stack = [v.key for v in starts]
    while stack:
        key = stack.pop()
        if key in known:
            continue
        known.add(key)
        version = everything.get(key)
        if version is not None:
            stack.extend(version.parents)
    return known
