"""The demo's registry life: contributions of donors, and requests waiting for the manager.

Runs after the clients and the complaints. The steward and the deputy are the
demo's ``officer`` and ``deputy``; their pending proposals (new clients, one of
them a likely duplicate, changes, and a merge of two records of one person)
go through the real service, so they look exactly like the desk's own.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any, Final

from sqlalchemy import select

from app.clients.contributions import METHODS
from app.demo.loader import DEMO_PASSWORD, DemoContext, DemoPart, register_part
from app.i18n import N_
from app.persistence.bulk import bulk_create
from app.persistence.models import Client, Contribution
from app.surveys.programmes import programme_id_for

ORDER: Final = 300
CONTRIBUTIONS_PER_DONOR: Final = (1, 6)
PROGRAMMES: Final = ("السلة الغذائية الرمضانية", "كسوة العيد", "كفالة الأيتام", "سقيا الماء",
                     "الحقيبة المدرسية", "ترميم المنازل", "برنامج التدريب والتأهيل", "إفطار صائم")
CHUNK: Final = 50_000


def _contributions(ctx: DemoContext, rnd: random.Random) -> int:
    today = date.today()
    with ctx.services.db.engine.begin() as conn:
        donors = list(conn.execute(select(Client.id).where(Client.kinds.contains("donor"),
                                                           Client.deleted_at.is_(None))).scalars())
    with ctx.services.db.session() as s:  # the portfolio's programmes (app.surveys.demo), once each
        programme_ids = {name: programme_id_for(s, name) for name in PROGRAMMES}
    written = 0
    rows: list[dict[str, Any]] = []

    def flush() -> None:
        nonlocal written
        with ctx.services.db.engine.begin() as conn:
            written += bulk_create(conn, Contribution, rows, ctx.actor.writer)
        rows.clear()

    for client_id in donors:
        for _ in range(rnd.randint(*CONTRIBUTIONS_PER_DONOR)):
            pledge = rnd.random() < 0.15
            rows.append({"client_id": client_id, "kind": "pledge" if pledge else "donation",
                         "amount_halalas": rnd.choice((100, 200, 500, 1000, 2500, 5000, 10000, 50000)) * 100,
                         "given_on": today - timedelta(days=rnd.randint(0, 730)),
                         "method": rnd.choice(METHODS[:4]),
                         "programme": (programme := rnd.choice(PROGRAMMES)),
                         "programme_id": programme_ids[programme],
                         "receipt": "" if pledge else f"RC-{rnd.randint(10000, 99999)}", "notes": "",
                         "source": "import" if rnd.random() < 0.7 else "manual"})
        if len(rows) >= CHUNK:
            flush()
    if rows:
        flush()
    return written


def _requests(ctx: DemoContext, rnd: random.Random) -> int:
    services = ctx.services
    services.settings.set(ctx.actor, "client_stewards", {"steward": "officer", "deputy": "deputy"})
    steward = services.users.login("officer", DEMO_PASSWORD)
    deputy = services.users.login("deputy", DEMO_PASSWORD)
    requests = services.client_requests
    made = 0
    for entity, name, kinds, mobile, city in (
            ("organisation", "مؤسسة الخير للتنمية", ["donor"], "0551002003", "جدة"),
            ("person", "ريم سعد العتيبي", ["volunteer"], "0562003004", "مكة المكرمة"),
            ("organisation", "جمعية الأحياء الخيرية", ["provider"], "", "الطائف")):
        requests.propose_create(steward, {"name": name, "kinds": kinds, "mobile": mobile, "city": city,
                                          "entity": entity})
        made += 1
    with services.db.session() as s:
        sample = list(s.execute(select(Client.number, Client.name, Client.mobile).where(
            Client.deleted_at.is_(None)).order_by(Client.row_no).limit(40)))
    # A likely duplicate: someone already registered, proposed again with another spelling.
    _number, known_name, known_mobile = sample[3]
    requests.propose_create(deputy, {"name": known_name.replace("أ", "ا"), "kinds": ["beneficiary"],
                                     "mobile": known_mobile or ""})
    made += 1
    for number, _, _ in rnd.sample(sample[5:], 3):
        requests.propose_modify(rnd.choice((steward, deputy)), number,
                                {"neighbourhood": rnd.choice(("الروضة", "الصفا", "النسيم", "العزيزية")),
                                 "consent": True})
        made += 1
    pairs = requests.duplicate_pairs(steward, limit=5)
    if pairs:
        requests.propose_merge(steward, pairs[0].a_number, pairs[0].b_number,
                               note="سجلان لشخص واحد بالجوال نفسه")
        made += 1
    return made


def run(ctx: DemoContext) -> int:
    rnd = random.Random(f"registry-{ctx.people.seed}")
    return _contributions(ctx, rnd) + _requests(ctx, rnd)


PART: Final = DemoPart(ORDER, N_("Contributions and change requests"), run)
register_part(PART)
