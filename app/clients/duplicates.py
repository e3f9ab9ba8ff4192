"""Finding clients that may be the same person or organisation.

Offline sites may register the same person twice, so national ID and mobile
are not UNIQUE (DESIGN.md): likely duplicates are shown for a person to
decide. A proposal is checked against the registry by its normalised name,
mobiles, email and ID (index probes). The duplicates screen pairs clients
that share a contact detail or an exact normalised name, and clients whose
names are merely similar within the same first-and-last-name block, scored
by name similarity plus the details they share.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz.fuzz import ratio
from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from app.clients.records import DuplicateMatch, DuplicatePair
from app.persistence.models import Client
from app.persistence.search import name_key

# Reasons, in the order they are shown.
REASONS = ("national_id", "mobile", "email", "name", "similar_name")
SIMILAR_NAME = 0.88  # whole-name similarity above which two clients are paired on the name alone
SIMILAR_MIDDLE = 0.75  # middle-name similarity that makes a same first-and-last-name pair a candidate
MAX_SHARED = 50  # a key shared by more clients is a placeholder (an office phone), not a person
MAX_BLOCK = 2_000
_WEIGHTS = {"national_id": 0.5, "mobile": 0.35, "email": 0.3}


@dataclass
class ExistingIndex:
    """Every live client's keys → its number, for checking a whole import in memory."""

    names: dict[str, str] = field(default_factory=dict)
    mobiles: dict[str, str] = field(default_factory=dict)
    emails: dict[str, str] = field(default_factory=dict)
    national_ids: dict[str, str] = field(default_factory=dict)

    def match(self, values: dict[str, Any]) -> tuple[str, str] | None:
        """(number, reason) of the first existing client sharing a key with ``values``."""
        checks = (("national_id", self.national_ids, [values.get("national_id")]),
                  ("mobile", self.mobiles, [values.get("mobile"), values.get("mobile2")]),
                  ("email", self.emails, [values.get("email")]),
                  ("name", self.names, [name_key(str(values.get("name", "")))]))
        for reason, table, keys in checks:
            for key in keys:
                if key and key in table:
                    return table[key], reason
        return None


def existing_index(s: Session) -> ExistingIndex:
    index = ExistingIndex()
    rows = s.execute(select(Client.number, Client.name_key, Client.mobile, Client.mobile2, Client.email,
                            Client.national_id).where(Client.deleted_at.is_(None)))
    for number, key, mobile, mobile2, email, national_id in rows:
        if key:
            index.names.setdefault(key, number)
        for m in (mobile, mobile2):
            if m:
                index.mobiles.setdefault(m, number)
        if email:
            index.emails.setdefault(email, number)
        if national_id:
            index.national_ids.setdefault(national_id, number)
    return index


def matches_for(s: Session, values: dict[str, Any],
                exclude_number: str | None = None) -> list[DuplicateMatch]:
    """Live clients sharing the normalised name, a mobile, the email or the ID with ``values``."""
    key = name_key(str(values.get("name", "")))
    mobiles = [m for m in (values.get("mobile"), values.get("mobile2")) if m]
    conditions = []
    if key:
        conditions.append(Client.name_key == key)
    if mobiles:
        conditions += [Client.mobile.in_(mobiles), Client.mobile2.in_(mobiles)]
    if values.get("email"):
        conditions.append(Client.email == values["email"])
    if values.get("national_id"):
        conditions.append(Client.national_id == values["national_id"])
    if not conditions:
        return []
    query = select(Client).where(or_(*conditions), Client.deleted_at.is_(None))
    if exclude_number:
        query = query.where(Client.number != exclude_number)
    found = []
    for c in s.scalars(query.order_by(Client.number).limit(20)):
        reasons = []
        if values.get("national_id") and c.national_id == values["national_id"]:
            reasons.append("national_id")
        if {c.mobile, c.mobile2} & set(mobiles):
            reasons.append("mobile")
        if values.get("email") and c.email == values["email"]:
            reasons.append("email")
        if key and c.name_key == key:
            reasons.append("name")
        found.append(DuplicateMatch(c.number, c.name, tuple(reasons)))
    return found


def name_similarity(a: str, b: str) -> float:
    """0–1, as difflib's ratio (matched characters over both lengths), computed in C."""
    return ratio(a, b) / 100.0


@dataclass
class _Row:
    number: str
    name: str
    key: str
    contacts: dict[str, set[str]]


def scan_pairs(s: Session, limit: int = 500) -> list[DuplicatePair]:
    """Likely duplicate pairs across the registry, most likely first."""
    rows: dict[str, _Row] = {}
    by_key: dict[tuple[str, str], list[str]] = defaultdict(list)
    blocks: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
    query = select(Client.number, Client.name, Client.name_key, Client.mobile, Client.mobile2, Client.email,
                   Client.national_id).where(Client.deleted_at.is_(None))
    for number, name, key, mobile, mobile2, email, national_id in s.execute(query):
        contacts = {"mobile": {m for m in (mobile, mobile2) if m}, "email": {email} if email else set(),
                    "national_id": {national_id} if national_id else set()}
        rows[number] = _Row(number, name, key or "", contacts)
        for reason, values in contacts.items():
            for v in values:
                by_key[(reason, v)].append(number)
        if key:
            by_key[("name", key)].append(number)
            parts = key.split()
            if len(parts) > 1:
                blocks[(parts[0], parts[-1])].append((number, " ".join(parts[1:-1])))
    candidates: set[tuple[str, str]] = set()
    for members in by_key.values():
        if 1 < len(members) <= MAX_SHARED:
            candidates.update(_pairs(sorted(members)))
    for block in blocks.values():
        if len(block) > 1:
            candidates.update(_similar_in_block(block))
    pairs = [p for p in (_score(rows[a], rows[b]) for a, b in candidates) if p is not None]
    pairs.sort(key=lambda p: (-p.score, p.a_number, p.b_number))
    return pairs[:limit]


def _pairs(members: list[str]) -> Iterable[tuple[str, str]]:
    return ((a, b) for i, a in enumerate(members) for b in members[i + 1:])


def _similar_in_block(block: list[tuple[str, str]]) -> Iterable[tuple[str, str]]:
    """Pairs of one first-and-last-name block whose middle names look alike, or where one
    leaves the father's name out. Compared only within a sub-block of the middle name's
    first letters, so a block of hundreds costs little."""
    if len(block) > MAX_BLOCK:
        return
    without_middle = [n for n, middle in block if not middle]
    by_start: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for number, middle in block:
        if middle:
            by_start[middle[:3]].append((number, middle))
    for bare in without_middle:
        for number, middle in block:
            if middle:
                yield (min(bare, number), max(bare, number))
    for group in by_start.values():
        if len(group) > MAX_SHARED:
            continue
        for i, (a, middle_a) in enumerate(group):
            for b, middle_b in group[i + 1:]:
                if middle_a != middle_b and abs(len(middle_a) - len(middle_b)) <= 2 \
                        and name_similarity(middle_a, middle_b) >= SIMILAR_MIDDLE:
                    yield (min(a, b), max(a, b))


def _score(a: _Row, b: _Row) -> DuplicatePair | None:
    reasons = [r for r in ("national_id", "mobile", "email") if a.contacts[r] & b.contacts[r]]
    similarity = 1.0 if a.key == b.key else name_similarity(a.key, b.key)
    if a.key == b.key:
        reasons.append("name")
    if not reasons:
        if similarity < SIMILAR_NAME:
            return None
        reasons.append("similar_name")
    score = min(1.0, 0.5 * similarity + sum(_WEIGHTS.get(r, 0.0) for r in reasons))
    return DuplicatePair(a.number, a.name, b.number, b.name, round(score, 3), tuple(_ordered(reasons)))


def _ordered(reasons: Iterable[str]) -> list[str]:
    got = set(reasons)
    return [r for r in REASONS if r in got]


def live_count(s: Session) -> int:
    return int(s.scalar(select(func.count()).select_from(Client).where(Client.deleted_at.is_(None))) or 0)
