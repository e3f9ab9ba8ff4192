"""``sila demo``: a realistic, deterministic demonstration database.

The foundation contributes the site, the settings and one user per role;
each feature adds its own records by registering a :class:`DemoPart`
(ordered, given the scale and a shared :class:`DemoPeople`). Parts write with
:func:`app.persistence.bulk.bulk_create`, so a million records take minutes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from app.demo.people import DemoPeople
from app.errors import UserError
from app.services.app_services import AppServices
from app.services.context import Actor, require
from app.services.roles import Permission, Role

DEMO_PASSWORD = "sila-demo"
DEMO_SEED = 1447

# (user name, role): one account per role, named after it so it is easy to remember.
DEMO_USERS: tuple[tuple[str, Role], ...] = (
    ("admin", Role.ADMIN),
    ("reception", Role.RECEPTION),
    ("officer", Role.RELATIONS_OFFICER),
    ("deputy", Role.RELATIONS_OFFICER),
    ("manager", Role.RELATIONS_MANAGER),
    ("quality", Role.QUALITY_OFFICER),
    ("secretary", Role.COUNCIL_SECRETARY),
)

@dataclass
class DemoContext:
    services: AppServices
    actor: Actor
    scale: int
    people: DemoPeople
    progress: Callable[[str, int], None]
    counts: dict[str, int] = field(default_factory=dict)

@dataclass(frozen=True)
class DemoPart:
    order: int
    name: str  # English source, shown in progress
    run: Callable[[DemoContext], int]

_PARTS: list[DemoPart] = []

def register_part(part: DemoPart) -> None:
    """Features call this at import time to add their records to the demo."""
    if all(p.name != part.name for p in _PARTS):
        _PARTS.append(part)
        _PARTS.sort(key=lambda p: p.order)

@dataclass(frozen=True)
class DemoResult:
    users: tuple[tuple[str, Role, str], ...]  # name, role, password
    counts: dict[str, int]

def _ensure_users(services: AppServices, people: DemoPeople, actor: Actor | None) -> Actor:
    full_names = [people.person().full_name for _ in DEMO_USERS]
    if actor is None:
        if not services.needs_first_admin():
            raise UserError("login-required", "This database already has users: give --user and "
                            "the password of an administrator.")
        name, role = DEMO_USERS[0]
        services.users.add(None, name, role.value, DEMO_PASSWORD, full_names[0])
        actor = services.users.login(name, DEMO_PASSWORD)
    for (name, role), full_name in zip(DEMO_USERS, full_names, strict=True):
        try:
            services.users.add(actor, name, role.value, DEMO_PASSWORD, full_name)
        except UserError as exc:
            if exc.code != "duplicate-user":
                raise
    return actor


def load_demo(services: AppServices, scale: int = 1, actor: Actor | None = None,
              progress: Callable[[str, int], None] | None = None) -> DemoResult:
    """Fill the database; on an empty one the demo administrator is created first."""
    if scale < 1 or scale > 1_000_000:
        raise UserError("invalid-scale", "The scale must be a whole number from 1 to 1,000,000.",
                        field="scale")
    if not services.is_initialised:
        services.initialise()
    if actor is not None:
        require(actor, Permission.DEMO_LOAD)
    # The features' parts register themselves when imported (here: no import cycle).
    from app.clients import demo as _clients  # noqa: F401
    from app.clients import demo_registry as _registry  # noqa: F401
    from app.complaints import demo as _complaints  # noqa: F401
    from app.pipeline import demo as _pipeline  # noqa: F401  (order 400: after the surveys)
    from app.surveys import demo as _surveys  # noqa: F401

    people = DemoPeople(DEMO_SEED)
    acting = _ensure_users(services, people, actor)
    ctx = DemoContext(services, acting, scale, people, progress or (lambda _name, _n: None))
    for part in _PARTS:
        ctx.counts[part.name] = part.run(ctx)
    users = tuple((name, role, DEMO_PASSWORD) for name, role in DEMO_USERS)
    return DemoResult(users, ctx.counts)

