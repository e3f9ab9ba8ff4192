"""The demo's complaints desk: ``scale × 1,000`` items (a million at scale 1,000).

Every type, status, channel, centre, category and priority; two thirds from
registered clients, a third from quick contacts; received over the last
eighteen months, more of them lately, fewer on weekends and holidays. Each item
lives a plausible life — acknowledged, assigned, studied, answered, closed with
a rating, sometimes reopened, cancelled with a reason or left stuck — drawn in
full and then cut at the present moment, so recent items are still open and
some old ones are overdue. Timestamps follow the workflow's order.

Rows carry every column :meth:`ComplaintService.add` and the workflow set:
references ``C-<site>-<Hijri year>-<seq>`` and ``row_no`` reserved through the
counters, deadlines from the settings' SLA rules and work calendar, and the
normalised ``search_text``. The most recent :data:`EVENT_WINDOW` items (all of
them up to scale 20) also get their timeline's events and some corrective actions.

Speed: writing is the cost. Each complaint goes with its change-log version,
its audit line, its FTS entry and thirteen indexes, about 2,000 a second; at
scale 1,000 the whole demo (200,000 clients, a million complaints) took 10.5
minutes on the 2-core development container and left a 5.1 GB file. Making a
row is 60–100 µs of that (a fifth): deadlines and Hijri years are computed once
per day, and the search words of each distinct sentence and each person are
cached, since descriptions are composed from a bounded set of filled fragments.
Rows are committed 50,000 at a time, which keeps the WAL file small.
"""

from __future__ import annotations

import math
import random
import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any, Final

from sqlalchemy import Connection, select

from app.calendars.hijri import to_hijri
from app.complaints import descriptions as texts
from app.complaints.service import REFERENCE_PREFIX, ROW_SERIES, complaint_search_text
from app.complaints.sla import Deadlines, deadlines
from app.demo.loader import DemoContext, DemoPart, register_part
from app.demo.names import CITY_IDS
from app.i18n import N_
from app.persistence.bulk import bulk_create
from app.persistence.models import Client, Complaint, ComplaintEvent, CorrectiveAction, User
from app.persistence.numbering import format_number, reserve
from app.persistence.search import index_text, reference_words, words
from app.text.phone import phone_search_key

COMPLAINTS_PER_SCALE: Final = 1_000
ORDER: Final = 200
DAYS_BACK: Final = 548  # about eighteen months
EVENT_WINDOW: Final = 20_000
CHUNK: Final = 50_000  # rows per committed transaction: keeps the WAL file small
CLIENT_SHARE: Final = 2 / 3
_CANCELLED: Final = 0.04  # share of items cancelled with a reason
_ANSWERED_ONLY: Final = 0.08  # answered, the complainant not yet told (so not closed)
# Where a stuck item stays, and how far each step of its plan goes.
_STUCK_AT: Final = ("received", "acknowledged", "assigned", "under_study")
_STEP_RANK: Final[Mapping[str, int]] = {"received": 0, "acknowledged": 1, "assigned": 2, "under_study": 3,
                                        "note": 3}

HOUR: Final = 3600.0
DAY: Final = 86400.0

_TYPES: Final = (("complaint", 45), ("inquiry", 35), ("suggestion", 12), ("compliment", 8))
_PRIORITIES: Final[Mapping[str, tuple[tuple[str, int], ...]]] = {
    "complaint": (("normal", 78), ("high", 16), ("urgent", 6)),
    "inquiry": (("normal", 95), ("high", 5)),
    "suggestion": (("normal", 97), ("high", 3)),
    "compliment": (("normal", 100),),
}
# A category the desk often leaves empty for what is not a complaint.
_NO_CATEGORY: Final[Mapping[str, float]] = {"complaint": 0.03, "inquiry": 0.2, "suggestion": 0.35,
                                            "compliment": 0.4}
_TOPIC_WEIGHTS: Final[Mapping[str, int]] = {
    "service_delay": 22, "service_quality": 16, "staff_conduct": 10, "eligibility": 14,
    "aid_distribution": 18, "facilities": 7, "donations": 9, "other": 6,
}
_CHANNELS: Final[Mapping[str, int]] = {
    "walk_in": 30, "phone": 18, "toll_free": 12, "whatsapp": 15, "email": 4, "social": 4, "letter": 2,
    "website": 7, "branch_office": 8,
}
# Channels that need the office open; the rest also bring items on weekends and at night.
_OFFICE_CHANNELS: Final = frozenset({"walk_in", "letter", "branch_office"})
_PHONE_CHANNELS: Final = frozenset({"phone", "toll_free"})
_FAQ_CHANNELS: Final = frozenset({"walk_in", "phone", "toll_free", "whatsapp"})
_DEPARTMENTS: Final[Mapping[str, str]] = {
    "service_delay": "centre_affairs", "service_quality": "quality", "staff_conduct": "quality",
    "eligibility": "centre_affairs", "aid_distribution": "centre_affairs", "facilities": "centre_affairs",
    "donations": "finance", "other": "client_relations", "suggestion": "programmes",
    "compliment": "client_relations",
}
_RATINGS: Final[Mapping[str, tuple[tuple[int, int], ...]]] = {
    "complaint": ((1, 8), (2, 10), (3, 17), (4, 35), (5, 30)),
    "other": ((3, 10), (4, 30), (5, 60)),
}
# Demo user names (app.demo.loader.DEMO_USERS) and how often each does a step.
_RECEIVERS: Final = (("reception", 60), ("officer", 25), ("manager", 10), ("admin", 5))
_ASSIGNERS: Final = (("manager", 80), ("admin", 20))
_ASSIGNEES: Final = (("officer", 65), ("quality", 15), ("manager", 10), ("reception", 10))


def _table(pairs: Sequence[tuple[Any, int]]) -> tuple[Any, ...]:
    """One slot per unit of weight: a uniform index then follows the weights."""
    return tuple(item for item, weight in pairs for _ in range(weight))


def _pick(r: Callable[[], float], seq: Sequence[Any]) -> Any:
    return seq[int(r() * len(seq))]


def _exp(r: Callable[[], float], mean: float) -> float:
    return -mean * math.log(1.0 - r())


@dataclass(frozen=True)
class _User:
    id: uuid.UUID
    name: str
    full_name: str


@dataclass(frozen=True)
class _Person:
    name: str
    mobile: str | None
    city: str
    hood: str
    client_id: uuid.UUID | None = None
    client_number: str | None = None


@dataclass
class _Day:
    day: date
    midnight: datetime  # local midnight, in UTC
    hijri_year: str
    working: bool
    count: int = 0


@dataclass
class _World:
    """What every row draws from: settings, users, clients, the calendar by day."""

    site: str
    now: datetime
    today: date
    channels: tuple[str, ...]
    off_hours_channels: tuple[str, ...]
    centres: dict[str, str]  # id → Arabic name
    centres_by_city: dict[str, tuple[str, ...]]
    head_office: str
    categories: frozenset[str]
    departments: dict[str, str]  # id → Arabic name
    faq: tuple[dict[str, Any], ...]
    users: dict[str, _User]
    clients: list[_Person]
    deadlines: Callable[[date, str, str], Deadlines]
    is_working: Callable[[date], bool]
    # The local clock's offset now: office hours are placed with it (a daylight-saving
    # shift moves a demo step by an hour, which does not matter; days come from ``days``).
    offset: timedelta
    days: list[_Day] = field(default_factory=list)


class _Slots(dict[str, str]):
    """A description's slot values, each drawn the first time a sentence asks for it."""

    def __init__(self, r: Callable[[], float]) -> None:
        super().__init__()
        self._r = r

    def __missing__(self, name: str) -> str:
        values = texts.SLOTS[name]
        value = self[name] = values[int(self._r() * len(values))]
        return value


class _SearchText:
    """:func:`complaint_search_text`, with each sentence's words cached.

    A description's words are its sentences' words in order, unless a sentence
    holds a joined name (``عبدالله``) whose parts the index adds after all the
    words: such a description goes through the service's own function.
    """

    LIMIT = 250_000

    def __init__(self) -> None:
        self._cache: dict[str, list[str] | None] = {}
        # (name, mobile, client number) → the person's words and phone key, in index order.
        self._people: dict[tuple[str, str | None, str | None], tuple[list[str], list[str]]] = {}

    def _words(self, sentence: str) -> list[str] | None:
        try:
            return self._cache[sentence]
        except KeyError:
            pass
        plain = words(sentence)
        simple = " " + " ".join(dict.fromkeys(plain)) if plain else ""
        found = plain if index_text(sentence) == simple else None
        if len(self._cache) >= self.LIMIT:
            self._cache.clear()
        self._cache[sentence] = found
        return found

    def text(self, reference: str, name: str, mobile: str | None, paragraphs: list[list[str]],
             description: str, client_number: str | None) -> str:
        body: list[str] = []
        for paragraph in paragraphs:
            for sentence in paragraph:
                ws = self._words(sentence)
                if ws is None:
                    return complaint_search_text(reference, name, mobile, description, client_number)
                body.extend(ws)
        # Reference and client number are Latin letters and digits: no joined names in them.
        person = self._people.get((name, mobile, client_number))
        if person is None:
            key = phone_search_key(mobile) if mobile else None
            person = index_text(client_number, name).split(), [key] if key else []
            if len(self._people) >= self.LIMIT:
                self._people.clear()
            self._people[(name, mobile, client_number)] = person
        out = words(reference + " " + " ".join(reference_words(reference)))
        out += person[0]
        out += body
        out += person[1]
        return " " + " ".join(dict.fromkeys(out)) if out else ""


# --- the world ------------------------------------------------------------------------


def _active(items: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    return [i for i in items if i.get("active", True)]


def _world(ctx: DemoContext, conn: Connection) -> _World:
    settings = ctx.services.settings
    channel_ids = [c["id"] for c in _active(settings.get("channels"))]
    channels = _table([(c, _CHANNELS.get(c, 2)) for c in channel_ids])
    off_hours = _table([(c, _CHANNELS.get(c, 2)) for c in channel_ids if c not in _OFFICE_CHANNELS]) \
        or channels
    centre_items = _active(settings.get("centres"))
    centres = {c["id"]: c["ar"] for c in centre_items}
    head = "HQ" if "HQ" in centres else centre_items[0]["id"]
    by_city: dict[str, tuple[str, ...]] = {
        city: tuple(c["id"] for c in centre_items if c.get("city") == city and c["id"] != head)
        for city in CITY_IDS}
    users = {name: _User(uid, name, full or name) for uid, name, full in conn.execute(
        select(User.id, User.name, User.full_name).where(User.deleted_at.is_(None), User.active.is_(True)))}
    fallback = users.get(ctx.actor.name) or _User(uuid.UUID(ctx.actor.user_id), ctx.actor.name,
                                                  ctx.actor.full_name or ctx.actor.name)
    for name, _weight in (*_RECEIVERS, *_ASSIGNERS, *_ASSIGNEES):
        users.setdefault(name, fallback)
    clients = [_Person(name, mobile, city, hood, cid, number) for cid, number, name, mobile, city, hood in
               conn.execute(select(Client.id, Client.number, Client.name, Client.mobile, Client.city,
                                   Client.neighbourhood)
                            .where(Client.deleted_at.is_(None), Client.status == "active")
                            .order_by(Client.row_no))]
    calendar = settings.work_calendar()
    rules = settings.get("sla_rules")
    cache: dict[tuple[int, str, str], Deadlines] = {}

    def due(day: date, type_: str, priority: str) -> Deadlines:
        key = (day.toordinal(), type_, priority)
        found = cache.get(key)
        if found is None:
            found = cache[key] = deadlines(calendar, rules, type_, priority, day)
        return found

    now = datetime.now(UTC)
    today = now.astimezone().date()
    world = _World(
        site=ctx.services.db.site_code or "", now=now, today=today, channels=channels,
        off_hours_channels=off_hours, centres=centres, centres_by_city=by_city, head_office=head,
        categories=frozenset(c["id"] for c in _active(settings.get("complaint_categories"))),
        departments={d["id"]: d["ar"] for d in _active(settings.get("departments"))},
        faq=tuple(_active(settings.get("faq"))), users=users, clients=clients, deadlines=due,
        is_working=calendar.is_working_day, offset=now.astimezone().utcoffset() or timedelta(0),
    )
    for i in range(DAYS_BACK, -1, -1):
        day = today - timedelta(days=i)
        world.days.append(_Day(day, datetime(day.year, day.month, day.day).astimezone().astimezone(UTC),
                               str(to_hijri(day).year), calendar.is_working_day(day)))
    return world


def _spread(world: _World, total: int) -> None:
    """Items per day: more lately, a third as many on days off, today only so far."""
    days = world.days
    elapsed = (world.now - days[-1].midnight).total_seconds()
    weights = []
    for i, d in enumerate(days):
        w = (0.5 + 0.5 * i / max(1, len(days) - 1)) * (1.0 if d.working else 0.35)
        if i == len(days) - 1:
            w *= max(0.0, (elapsed - 120) / DAY)
        weights.append(w)
    scale = total / sum(weights)
    exact = [w * scale for w in weights]
    counts = [int(e) for e in exact]
    by_remainder = sorted(range(len(days)), key=lambda i: (counts[i] - exact[i], i))
    for i in by_remainder[: total - sum(counts)]:
        counts[i] += 1
    for d, n in zip(days, counts, strict=True):
        d.count = n


# --- one item's life --------------------------------------------------------------------

# A step: when, the target status (or "reopen"), who, and what it carries.
_Step = tuple[datetime, str, _User, dict[str, Any]]


class _Maker:
    """Draws the rows; one instance per demo run so the draws follow one seeded stream."""

    def __init__(self, ctx: DemoContext, world: _World, total: int, first_index: int) -> None:
        self.ctx = ctx
        self.world = world
        self.rnd = random.Random(f"complaints-{ctx.people.seed}")
        self.search = _SearchText()
        self.total = total
        self.index = first_index  # position of the next row among all of this run's rows
        self.types = _table(_TYPES)
        self.priorities = {t: _table(p) for t, p in _PRIORITIES.items()}
        self.topics = {t: _table([(c, _TOPIC_WEIGHTS.get(c, 5)) for c in topics
                                  if c in world.categories or c == "other"])
                       for t, topics in texts.TOPICS.items()}
        self.ratings = {k: _table(v) for k, v in _RATINGS.items()}
        self.receivers = _table(_RECEIVERS)
        self.assigners = _table(_ASSIGNERS)
        self.assignees = _table(_ASSIGNEES)
        self.recent: list[_Person] = []  # quick contacts who may call again
        self.stuck_turn = 0
        self.events: list[dict[str, Any]] = []
        self.actions: list[dict[str, Any]] = []

    # -- the person ------------------------------------------------------------------
    def _person(self) -> _Person:
        r = self.rnd.random
        clients = self.world.clients
        if clients and r() < CLIENT_SHARE:
            return clients[int(r() * len(clients))]
        if self.recent and r() < 0.1:
            return self.recent[int(r() * len(self.recent))]
        p = self.ctx.people.person()
        person = _Person(p.full_name, p.mobile, p.city, p.neighbourhood)
        if len(self.recent) < 500:
            self.recent.append(person)
        else:
            self.recent[int(r() * 500)] = person
        return person

    def _centre(self, channel: str, person: _Person) -> str | None:
        r = self.rnd.random
        world = self.world
        if channel not in ("walk_in", "branch_office") and r() < 0.3:
            return None
        local = world.centres_by_city.get(person.city) or ()
        if channel == "branch_office" or (local and r() < 0.6):
            pool = local or tuple(c for c in world.centres if c != world.head_office) or (world.head_office,)
            return str(_pick(r, pool))
        return world.head_office

    # -- the description ---------------------------------------------------------------
    def _slots(self, centre: str | None, person: _Person) -> dict[str, str]:
        r = self.rnd.random
        world = self.world
        if centre is None:
            local = world.centres_by_city.get(person.city)
            centre = _pick(r, local) if local else world.head_office
        slots = _Slots(r)
        slots["centre"] = world.centres.get(centre or "", "")
        slots["hood"] = person.hood or "الصفا"
        return slots

    # -- the life ------------------------------------------------------------------------
    def _office(self, at: datetime) -> datetime:
        """``at``, or the next opening of the office (8:00 on a working day) when it is closed."""
        local = at + self.world.offset  # wall-clock fields, in a UTC-labelled datetime
        day = local.date()
        if 8 <= local.hour < 16 and self.world.is_working(day):
            return at
        if local.hour >= 16:
            day += timedelta(days=1)
        for _ in range(60):  # a long holiday at most
            if self.world.is_working(day):
                break
            day += timedelta(days=1)
        opening = datetime(day.year, day.month, day.day, 8, tzinfo=UTC) - self.world.offset
        return opening + timedelta(seconds=self.rnd.random() * 2 * HOUR)

    def _answer_time(self, after: datetime, received_day: date, due: date) -> datetime:
        """Mostly by the due day, sometimes late; in office hours, never before ``after``."""
        r = self.rnd.random
        start = max((after + self.world.offset).date(), received_day)
        if r() < 0.82 and due >= start:
            day = start + timedelta(days=int(r() * ((due - start).days + 1)))
        else:
            day = max(start, due) + timedelta(days=1 + int(r() * 6))
        opening = datetime(day.year, day.month, day.day, 8, 30, tzinfo=UTC) - self.world.offset
        at = opening + timedelta(seconds=r() * 7 * HOUR)
        return self._office(at if at > after else after + timedelta(seconds=900 + r() * 3 * HOUR))

    def _plan(self, type_: str, channel: str, topic: str | None, received: datetime, received_day: date,
              answer_due: date, receiver: _User) -> list[_Step]:
        r = self.rnd.random
        office = self._office
        world = self.world
        steps: list[_Step] = []
        if type_ == "inquiry" and channel in _FAQ_CHANNELS and world.faq and r() < 0.35:
            at = office(received + timedelta(seconds=120 + r() * 900))
            item = _pick(r, world.faq)
            steps.append((at, "answered", receiver, {"answer": item["answer_ar"], "faq_id": item["id"]}))
            steps.append((at, "closed", receiver, {"rating": self._rating(type_) if r() < 0.5 else None}))
            return steps
        fate = r()
        # Items left stuck are mostly recent: an old forgotten one is rare, but it happens.
        age = (world.today - received_day).days
        stuck = _CANCELLED + 0.025 + 0.05 * math.exp(-age / 30)
        # Stuck items take the open states in turn, so even a small demo has each of them.
        left_at = ""
        if _CANCELLED <= fate < stuck:
            left_at = _STUCK_AT[self.stuck_turn % len(_STUCK_AT)]
            self.stuck_turn += 1
        at = received
        if r() < 0.85 or left_at == "acknowledged":
            at = office(at + timedelta(seconds=180 + _exp(r, 2 * HOUR)))
            steps.append((at, "acknowledged", receiver, {}))
        at = office(at + timedelta(seconds=600 + _exp(r, 10 * HOUR)))
        assignee = world.users[_pick(r, self.assignees)] if r() < 0.85 else None
        department = _DEPARTMENTS.get(type_ if type_ in ("suggestion", "compliment") else topic or "other")
        if department not in world.departments:
            department = _pick(r, tuple(world.departments)) if world.departments else None
        if assignee is None and department is None:
            assignee = world.users["officer"]
        steps.append((at, "assigned", world.users[_pick(r, self.assigners)],
                      {"assignee": assignee, "department": department}))
        worker = assignee or receiver
        if type_ in ("complaint", "inquiry") or r() < 0.5 or left_at == "under_study":
            at = office(at + timedelta(seconds=300 + _exp(r, 10 * HOUR)))
            steps.append((at, "under_study", worker, {}))
            if r() < 0.15:
                at = office(at + timedelta(seconds=600 + r() * 4 * HOUR))
                steps.append((at, "note", worker, {"note": _pick(r, texts.NOTES)}))
        if fate < _CANCELLED:  # at some point before the answer
            keep = int(r() * (len(steps) + 1))
            del steps[keep:]
            last = steps[-1][0] if steps else received
            manager = world.users[_pick(r, self.assigners)]
            steps.append((office(last + timedelta(seconds=900 + _exp(r, DAY))), "cancelled", manager,
                          {"reason": _pick(r, texts.CANCEL_REASONS)}))
            return steps
        if left_at:  # never answered, so overdue once its deadline has passed
            return [s for s in steps if _STEP_RANK[s[1]] <= _STEP_RANK[left_at]]
        answers = texts.ANSWERS[type_]
        at = self._answer_time(at, received_day, answer_due)
        steps.append((at, "answered", worker, {"answer": _pick(r, answers)}))
        if fate < stuck + _ANSWERED_ONLY:  # the complainant not yet told
            return steps
        at = office(at + timedelta(seconds=600 + _exp(r, 20 * HOUR)))
        closer = receiver if r() < 0.5 else worker
        steps.append((at, "closed", closer, self._closing(type_)))
        if type_ == "complaint" and r() < 0.03:  # the complainant came back: reopened, answered again
            at = office(at + timedelta(seconds=HOUR + _exp(r, 3 * DAY)))
            steps.append((at, "reopen", world.users["manager"], {"note": _pick(r, texts.NOTES)}))
            at = self._answer_time(at, received_day, answer_due)
            steps.append((at, "answered", worker, {"answer": _pick(r, answers)}))
            at = office(at + timedelta(seconds=600 + _exp(r, 20 * HOUR)))
            steps.append((at, "closed", closer, self._closing(type_)))
        return steps

    def _rating(self, type_: str) -> int:
        return int(_pick(self.rnd.random, self.ratings["complaint" if type_ == "complaint" else "other"]))

    def _closing(self, type_: str) -> dict[str, Any]:
        r = self.rnd.random
        rating = self._rating(type_) if r() < 0.85 else None
        note = _pick(r, texts.RATING_NOTES) if rating is not None and r() < 0.25 else ""
        return {"rating": rating, "rating_note": note}

    # -- one row ---------------------------------------------------------------------------
    def row(self, d: _Day, seconds: float, channel: str, reference: str, row_no: int) -> dict[str, Any]:
        r = self.rnd.random
        world = self.world
        received = d.midnight + timedelta(seconds=seconds)
        type_ = _pick(r, self.types)
        priority = _pick(r, self.priorities[type_])
        topic = _pick(r, self.topics[type_])
        category = None if r() < _NO_CATEGORY[type_] or topic not in world.categories else topic
        person = self._person()
        centre = self._centre(channel, person)
        receiver = world.users[_pick(r, self.receivers)]
        due = world.deadlines(d.day, type_, priority)
        answer_due = due.answer or d.day + timedelta(days=3)
        steps = self._plan(type_, channel, topic, received, d.day, answer_due, receiver)

        faq_item = steps[0][3].get("faq_id") if steps and steps[0][1] == "answered" else None
        if faq_item is not None:
            question = next(f["ar"] for f in world.faq if f["id"] == faq_item)
            paragraphs = [[question]]
        else:
            paragraphs = texts.compose(r, type_, topic, self._slots(centre, person))
        description = "\n\n".join(" ".join(p) for p in paragraphs)

        cid = uuid.uuid4()
        row: dict[str, Any] = {
            "id": cid, "created_at": received, "updated_at": received, "deleted_at": None,
            "row_no": row_no, "reference": reference, "type": type_, "status": "received",
            "channel": channel, "centre": centre, "category": category, "priority": priority,
            "description": description, "client_id": person.client_id, "contact_name": person.name,
            "contact_mobile": person.mobile, "received_at": received, "received_by": receiver.id,
            "received_by_name": receiver.full_name, "study_due": due.study, "answer_due": due.answer,
            "department": None, "assignee_id": None, "acknowledged_at": None, "assigned_at": None,
            "study_started_at": None, "answered_at": None, "closed_at": None, "cancelled_at": None,
            "answer": "", "faq_id": faq_item, "cancel_reason": "", "reopen_count": 0, "rating": None,
            "rating_note": "",
            "search_text": self.search.text(reference, person.name, person.mobile, paragraphs, description,
                                            person.client_number),
        }
        with_events = self.index >= self.total - EVENT_WINDOW
        self.index += 1
        self._apply(row, steps, with_events)
        return row

    def _apply(self, row: dict[str, Any], steps: list[_Step], with_events: bool) -> None:
        """Take the steps that have happened by now, as the workflow would have."""
        now = self.world.now
        cid = row["id"]
        for at, target, who, extra in steps:
            if at > now:
                break
            source = row["status"]
            note = ""
            if target == "note":
                if with_events:
                    self._event(cid, at, who, "note", None, None, extra["note"])
                row["updated_at"] = at
                continue
            if target == "acknowledged":
                row["acknowledged_at"] = at
            elif target == "assigned":
                assignee: _User | None = extra["assignee"]
                department: str | None = extra["department"]
                if assignee is not None:
                    row["assignee_id"] = assignee.id
                row["department"] = department or row["department"]
                names = [self.world.departments[department]] if department else []
                names += [assignee.full_name] if assignee is not None else []
                note = "، ".join(names)
                row["assigned_at"] = at
            elif target == "under_study":
                row["study_started_at"] = row["study_started_at"] or at
            elif target == "answered":
                row["answer"] = extra["answer"]
                row["answered_at"] = at
            elif target == "closed":
                row["rating"] = extra.get("rating")
                row["rating_note"] = extra.get("rating_note", "")
                row["closed_at"] = at
            elif target == "cancelled":
                row["cancel_reason"] = note = extra["reason"]
                row["cancelled_at"] = at
            elif target == "reopen":
                target = "under_study"
                note = extra["note"]
                row["reopen_count"] += 1
                row["answered_at"] = row["closed_at"] = row["cancelled_at"] = None
                due = self.world.deadlines(at.astimezone().date(), row["type"], row["priority"])
                row["study_due"], row["answer_due"] = due.study, due.answer
            row["status"] = target
            row["updated_at"] = at
            if with_events:
                self._event(cid, at, who, "move", source, target, note)
        if with_events and row["type"] == "complaint" and row["answered_at"] is not None \
                and self.rnd.random() < 0.15:
            self._action(row)

    def _event(self, cid: uuid.UUID, at: datetime, who: _User, kind: str, source: str | None,
               target: str | None, note: str) -> None:
        self.events.append({
            "id": uuid.uuid4(), "created_at": at, "updated_at": at, "deleted_at": None, "complaint_id": cid,
            "at": at, "user_id": who.id, "user_name": who.name, "kind": kind, "from_status": source,
            "to_status": target, "note": note})

    def _action(self, row: dict[str, Any]) -> None:
        r = self.rnd.random
        start: datetime = row["answered_at"]
        due = (start + self.world.offset).date() + timedelta(days=7 + int(r() * 30))
        done = start + timedelta(days=2 + r() * 20) if r() < 0.6 else None
        if done is not None and done > self.world.now:
            done = None
        owner = self.world.users[_pick(r, self.assignees)]
        self.actions.append({
            "id": uuid.uuid4(), "created_at": start, "updated_at": done or start, "deleted_at": None,
            "complaint_id": row["id"], "description": _pick(r, texts.CORRECTIVE_ACTIONS),
            "owner_id": owner.id, "due": due, "done_at": done,
            "done_note": "نُفذ الإجراء وتمت متابعته." if done is not None else ""})

    # -- a day's arrivals ---------------------------------------------------------------
    def arrivals(self, d: _Day) -> list[tuple[float, str]]:
        """``(seconds after local midnight, channel)`` of the day's items, in order."""
        r = self.rnd.random
        world = self.world
        out: list[tuple[float, str]] = []
        is_today = d.day == world.today
        limit = (world.now - d.midnight).total_seconds() - 60 if is_today else DAY
        for _ in range(d.count):
            if d.working:
                channel = _pick(r, world.channels)
                if channel in _OFFICE_CHANNELS:
                    seconds = 8 * HOUR + r() * 7.5 * HOUR
                elif channel in _PHONE_CHANNELS and r() < 0.75:
                    seconds = 8 * HOUR + r() * 8 * HOUR
                else:
                    seconds = 7 * HOUR + r() * 16.5 * HOUR
            else:
                channel = _pick(r, world.off_hours_channels)
                seconds = 9 * HOUR + r() * 14 * HOUR
            if is_today and seconds >= limit:
                seconds = r() * max(1.0, limit)
            out.append((seconds, channel))
        out.sort()
        return out


# --- writing --------------------------------------------------------------------------


def _chunks(days: list[_Day]) -> Iterator[list[_Day]]:
    group: list[_Day] = []
    size = 0
    for d in days:
        if d.count == 0:
            continue
        group.append(d)
        size += d.count
        if size >= CHUNK:
            yield group
            group, size = [], 0
    if group:
        yield group


def _write_chunk(ctx: DemoContext, maker: _Maker, group: list[_Day], done: int) -> int:
    world = maker.world
    n = sum(d.count for d in group)
    per_year: dict[str, int] = {}
    for d in group:
        per_year[d.hijri_year] = per_year.get(d.hijri_year, 0) + d.count
    with ctx.services.db.engine.begin() as conn:
        row_no = reserve(conn, ROW_SERIES, n) - n + 1
        next_seq = {year: reserve(conn, REFERENCE_PREFIX, count, year) - count + 1
                    for year, count in per_year.items()}

        def rows() -> Iterator[dict[str, Any]]:
            nonlocal row_no
            for d in group:
                for seconds, channel in maker.arrivals(d):
                    seq = next_seq[d.hijri_year]
                    next_seq[d.hijri_year] = seq + 1
                    yield maker.row(d, seconds, channel,
                                    format_number(REFERENCE_PREFIX, world.site, d.hijri_year, seq), row_no)
                    row_no += 1

        def progress(k: int) -> None:
            ctx.progress(PART.name, done + k)

        written = bulk_create(conn, Complaint, rows(), ctx.actor.writer, progress=progress)
        if maker.events:
            bulk_create(conn, ComplaintEvent, maker.events, ctx.actor.writer)
            maker.events = []
        if maker.actions:
            bulk_create(conn, CorrectiveAction, maker.actions, ctx.actor.writer)
            maker.actions = []
    return written


def run(ctx: DemoContext) -> int:
    total = ctx.scale * COMPLAINTS_PER_SCALE
    with ctx.services.db.engine.connect() as conn:
        world = _world(ctx, conn)
    _spread(world, total)
    maker = _Maker(ctx, world, total, 0)
    written = 0
    for group in _chunks(world.days):
        written += _write_chunk(ctx, maker, group, written)
    return written


PART: Final = DemoPart(ORDER, N_("Complaints"), run)
register_part(PART)

__all__ = ["COMPLAINTS_PER_SCALE", "EVENT_WINDOW", "PART", "run"]
