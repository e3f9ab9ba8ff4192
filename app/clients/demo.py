"""The demo's clients: ``scale × 200`` people and organisations (200,000 at scale 1,000).

Written with :func:`app.persistence.bulk.bulk_create` in committed chunks, each
row carrying every column :meth:`ClientDirectory.register` would set: the local
``row_no`` and the client number reserved through the same counters, the
canonical mobile and the normalised ``search_text``. The complaints part links
two thirds of its items to these clients, so it runs after this one.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from typing import Any, Final

from app.clients.directory import NUMBER_PREFIX, ROW_SERIES, client_search_text
from app.demo.loader import DemoContext, DemoPart, register_part
from app.demo.names import CITY_NAMES
from app.i18n import N_
from app.persistence.bulk import bulk_create
from app.persistence.models import Client
from app.persistence.numbering import format_number, reserve
from app.persistence.search import name_key

CLIENTS_PER_SCALE: Final = 200
ORDER: Final = 100  # before the complaints (200), which link to these clients
CHUNK: Final = 50_000  # rows per committed transaction: keeps the WAL file small

# Kinds of a person, about as often as an association's registry holds them.
_PERSON_KINDS: Final[tuple[tuple[str, int], ...]] = (
    ("beneficiary", 70), ("beneficiary,volunteer", 3), ("volunteer", 7), ("donor", 10), ("member", 4),
    ("council_member", 2), ("donor,member", 2), ("other", 2),
)
_ORGANISATION_KINDS: Final[tuple[tuple[str, int], ...]] = (("donor", 60), ("government", 20),
                                                          ("provider", 20))
_ORGANISATION_SHARE: Final = 0.05
_DUPLICATE_SHARE: Final = 0.03  # of the recently remembered people: about 0.6% of the registry
# Relationship owners of donors and government bodies (the demo's relations users).
_OWNERS: Final = ("officer", "deputy", "manager")
_BOOKKEEPING: Final = frozenset({"id", "origin_site", "created_at", "updated_at"})  # filled by bulk_create


def _table(pairs: tuple[tuple[str, int], ...]) -> tuple[str, ...]:
    """One slot per unit of weight: a uniform index then follows the weights."""
    return tuple(item for item, weight in pairs for _ in range(weight))


def _spelled_again(name: str, rnd: random.Random) -> str:
    """The same name as another desk might type it: hamza dropped, compounds split, ta marbuta."""
    variants = (name.replace("أ", "ا").replace("إ", "ا"), name.replace("عبدال", "عبد ال"),
                name.replace("ة", "ه"), name.replace(" بن ", " "))
    changed = [v for v in variants if v != name]
    if changed:
        return rnd.choice(changed)
    parts = name.split()
    return f"{parts[0]} {parts[-1]}" if len(parts) > 2 else name  # the father's name left out


def _rows(ctx: DemoContext, rnd: random.Random, site: str, first_row: int, first_number: int,
          count: int) -> Iterator[dict[str, Any]]:
    people = ctx.people
    r = rnd.random
    person_kinds, organisation_kinds = _table(_PERSON_KINDS), _table(_ORGANISATION_KINDS)
    centres = [c.id for c in ctx.services.settings.choices("centres")]
    channels = ("phone", "whatsapp", "email", "walk_in", "letter")
    recent: dict[str, Any] | None = None
    for i in range(count):
        number = format_number(NUMBER_PREFIX, site, "", first_number + i)
        if recent is not None and r() < _DUPLICATE_SHARE:
            # Registered twice, by two desks: the same mobile, the name spelled differently.
            name = _spelled_again(recent["name"], rnd)
            kept = {k: v for k, v in recent.items() if k not in _BOOKKEEPING}
            row = {**kept, "row_no": first_row + i, "number": number, "name": name,
                   "name_key": name_key(name), "national_id": None, "mobile2": None,
                   "search_text": client_search_text(name, number, mobile=recent["mobile"])}
            recent = None
            yield row
            continue
        if r() < _ORGANISATION_SHARE:
            org = people.organisation()
            entity, name, mobile, phone = "organisation", org.name, people.mobile(), org.phone
            city, hood, email, national_id = org.city, org.neighbourhood, "", None
            kinds = organisation_kinds[int(r() * len(organisation_kinds))]
        else:
            person = people.person()
            entity, name, mobile, phone = "person", person.full_name, person.mobile, None
            city, hood, email = person.city, person.neighbourhood, person.email or ""
            national_id = person.national_id
            kinds = person_kinds[int(r() * len(person_kinds))]
        donor = "donor" in kinds or "government" in kinds
        row = {
            "row_no": first_row + i, "number": number, "entity": entity,
            "name": name, "name_latin": "", "name_key": name_key(name), "kinds": kinds,
            "national_id": national_id, "mobile": mobile, "mobile2": None, "phone": phone,
            "email": (email or "").lower(), "city": CITY_NAMES.get(city, city), "neighbourhood": hood,
            "centre": centres[int(r() * len(centres))] if centres else "",
            "channel": channels[int(r() * len(channels))],
            "owner": _OWNERS[int(r() * len(_OWNERS))] if donor else "", "consent": r() < 0.8,
            "status": "active" if r() < 0.95 else "inactive", "notes": "", "merged_into": None,
            "deleted_at": None,
            "search_text": client_search_text(name, number, mobile=mobile, national_id=national_id,
                                              email=(email or "").lower()),
        }
        if r() < 0.2:
            recent = row
        yield row


def run(ctx: DemoContext) -> int:
    total = ctx.scale * CLIENTS_PER_SCALE
    site = ctx.services.db.site_code or ""
    rnd = random.Random(f"clients-{ctx.people.seed}")
    written = 0
    while written < total:
        n = min(CHUNK, total - written)
        with ctx.services.db.engine.begin() as conn:
            first_row = reserve(conn, ROW_SERIES, n) - n + 1
            first_number = reserve(conn, NUMBER_PREFIX, n) - n + 1
            written += bulk_create(conn, Client, _rows(ctx, rnd, site, first_row, first_number, n),
                                   ctx.actor.writer, progress=_reporter(ctx, written))
    return written


def _reporter(ctx: DemoContext, done: int) -> Callable[[int], None]:
    def report(k: int) -> None:
        ctx.progress(PART.name, done + k)
    return report


PART: Final = DemoPart(ORDER, N_("Clients"), run)
register_part(PART)
