"""The demo's pipeline and marketing campaigns (issue 6, item 7).

Two parts, after the surveys (350), when the programmes and the donors (with
their relationship owners) exist:

* **Opportunities** (order 400): the donors' interests (most donors, one to
  three programme kinds), and ``scale × 40`` opportunities across the demo's
  programmes and donors in every stage. Amounts run from 10,000 to 2,000,000
  SAR (more small ones than large), probabilities follow the stage, next
  actions are due over the coming weeks (some overdue), the owner is mostly
  the donor's relationship owner. Each has a history: created, stage changes
  spread over the last months, calls, meetings, letters and visits with Arabic
  notes (a few by someone other than the donor's owner), won ones with the
  amount received, cancelled ones with their reason. A share of the moves fall
  in the last days, so this week's report has something to show.
* **Marketing campaigns** (order 410): this year's plan, eight campaigns across
  the year in the states their dates call for, with budgets, channels,
  agencies, proposals, and the results and evaluation of those that ran.

Rows are written with :func:`app.persistence.bulk.bulk_create` (the change log
and audit lines as the services would write them), with the event times set in
the past.
"""

from __future__ import annotations

import math
import random
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, Final

from sqlalchemy import Connection, select

from app.demo.loader import DemoContext, DemoPart, register_part
from app.i18n import N_
from app.persistence.base import utcnow
from app.persistence.bulk import bulk_create
from app.persistence.models import (
    Campaign,
    CampaignEvent,
    CampaignProposal,
    Client,
    DonorInterest,
    Opportunity,
    OpportunityDonor,
    OpportunityEvent,
    User,
)
from app.persistence.numbering import format_number, reserve
from app.pipeline.records import CAMPAIGN_STATES, OPEN_STAGES
from app.surveys.records import ProgrammeInfo

OPPORTUNITIES_ORDER: Final = 400  # after the surveys (350): programmes and donors exist
CAMPAIGNS_ORDER: Final = 410
PER_SCALE: Final = 40
CHUNK: Final = 5_000  # opportunities per committed transaction
RELATIONS: Final = ("officer", "deputy", "manager")  # the demo's relations team (app/demo/loader.py)

# The share of opportunities at each stage (the first five are one of each, so every stage shows).
STAGE_WEIGHTS: Final = (("identified", 30), ("follow_up", 25), ("closed", 15), ("successful", 15),
                        ("cancelled", 15))
PROBABILITY: Final = {"identified": (10, 25), "follow_up": (30, 60), "closed": (70, 90)}
PATH: Final = ("identified", "follow_up", "closed", "successful")

NEXT_ACTIONS: Final = {
    "identified": ("الاتصال بالمانح للتعريف بالبرنامج", "إرسال ملف تعريفي بالبرنامج",
                   "طلب موعد لزيارة المانح", "التعرف على صاحب القرار لدى المانح"),
    "follow_up": ("إرسال العرض الفني والمالي", "زيارة المانح لعرض البرنامج", "متابعة رد المانح على العرض",
                  "ترتيب زيارة ميدانية للبرنامج", "إرسال تقرير الأثر للبرنامج السابق"),
    "closed": ("متابعة تحويل المبلغ المتعهد به", "توقيع اتفاقية الدعم", "إرسال خطاب شكر وتأكيد التعهد",
               "تزويد المانح برقم الحساب وبيانات التحويل"),
    "successful": ("إرسال تقرير الإنجاز للمانح", "دعوة المانح لحضور حفل التكريم"),
}
CONTACT_NOTES: Final = {
    "call": ("اتصال للتعريف بالبرنامج وأبدى المانح اهتماماً", "اتصال لمتابعة العرض المرسل",
             "طلب المانح مزيداً من التفاصيل عن الميزانية", "اتصال لتحديد موعد الزيارة",
             "أفاد المانح بأن الطلب معروض على لجنة المنح"),
    "meeting": ("اجتماع مع مدير المسؤولية الاجتماعية لعرض البرنامج", "اجتماع لمناقشة بنود الاتفاقية",
                "اجتماع مع صاحب القرار واتُّفق على الخطوة التالية"),
    "letter": ("خطاب رسمي بطلب دعم البرنامج", "خطاب شكر على الدعم السابق",
               "إرسال العرض الفني والمالي مع خطاب"),
    "visit": ("زيارة المانح في مقر الشركة", "زيارة ميدانية للبرنامج مع ممثل المانح",
              "زيارة مجاملة وتسليم تقرير الأثر"),
    "email": ("إرسال الملف التعريفي بالبريد الإلكتروني", "رد المانح بالموافقة المبدئية"),
    "whatsapp": ("تذكير بموعد الاجتماع عبر الواتساب", "إرسال صور من تنفيذ البرنامج"),
}
CONTACT_WEIGHTS: Final = (("call", 40), ("meeting", 15), ("letter", 15), ("visit", 12), ("email", 10),
                          ("whatsapp", 8))
CANCEL_REASONS: Final = (
    "أعاد المانح توجيه ميزانية المسؤولية الاجتماعية إلى مجال آخر",
    "اعتذر المانح لاكتمال ميزانية العام",
    "لم يتجاوب المانح بعد عدة محاولات تواصل",
    "اشترط المانح تنفيذ البرنامج في مدينة أخرى",
    "دُعم البرنامج من مانح آخر بالكامل",
    "تأجل البرنامج إلى العام القادم",
)
SUCCESS_FACTORS: Final = (
    "للمانح تاريخ في دعم برامج الجمعية",
    "البرنامج يوافق اهتمامات المانح المعلنة",
    "علاقة جيدة مع مدير المسؤولية الاجتماعية",
    "تقارير أثر البرنامج في العام الماضي ممتازة",
    "",
)


def _table(pairs: Sequence[tuple[str, int]]) -> tuple[str, ...]:
    return tuple(item for item, weight in pairs for _ in range(weight))


def _at(day: date, rnd: random.Random) -> datetime:
    """A working-hours moment of ``day`` (Saudi time, stored in UTC)."""
    local = datetime.combine(day, time(8 + rnd.randint(0, 8), rnd.randint(0, 59)))
    return (local - timedelta(hours=3)).replace(tzinfo=UTC)


def _past(moment: datetime, now: datetime) -> datetime:
    return min(moment, now - timedelta(minutes=5))


def _amount(rnd: random.Random) -> int:
    """Riyals from 10,000 to 2,000,000, log-uniform, rounded to a thousand; in halalas."""
    riyals = math.exp(rnd.uniform(math.log(10_000), math.log(2_000_000)))
    return max(10_000, round(riyals / 1000) * 1000) * 100


@dataclass(frozen=True)
class Donor:
    id: uuid.UUID
    owner: str


def _donors(conn: Connection) -> list[Donor]:
    rows = conn.execute(
        select(Client.id, Client.owner)
        .where(Client.kinds.contains("donor"), Client.deleted_at.is_(None), Client.merged_into.is_(None))
        .order_by(Client.row_no)
    ).all()
    return [Donor(i, owner or "") for i, owner in rows]


def _team(conn: Connection, fallback: str) -> list[str]:
    names = set(conn.execute(select(User.name).where(User.deleted_at.is_(None), User.active.is_(True)))
                .scalars())
    team: list[str] = [n for n in RELATIONS if n in names]
    return team or [fallback]


# --- opportunities ------------------------------------------------------------------------------


def _interests(conn: Connection, ctx: DemoContext, donors: Sequence[Donor], rnd: random.Random) -> int:
    kinds = [k["id"] for k in ctx.services.settings.get("programme_kinds")]
    have = set(conn.execute(select(DonorInterest.client_id).where(DonorInterest.deleted_at.is_(None)))
               .scalars())
    rows = []
    for d in donors:
        if d.id in have or rnd.random() > 0.8 or not kinds:
            continue
        for kind in rnd.sample(kinds, min(len(kinds), rnd.choice((1, 1, 2, 2, 3)))):
            rows.append({"client_id": d.id, "kind": kind, "deleted_at": None})
    return bulk_create(conn, DonorInterest, rows, ctx.actor.writer)


@dataclass
class _Built:
    opportunities: list[dict[str, Any]]
    donors: list[dict[str, Any]]
    events: list[dict[str, Any]]


def _one(n: int, number: str, programme: ProgrammeInfo, donors: Sequence[Donor], team: Sequence[str],
         factors: Sequence[str], stage: str, rnd: random.Random, today: date, now: datetime,
         built: _Built) -> None:
    oid = uuid.uuid4()
    owner = donors[0].owner if donors[0].owner in team and rnd.random() < 0.85 else rnd.choice(team)
    # A quarter of the opportunities moved in the last days; the others over the last eight months.
    recent = n < 8 or rnd.random() < 0.25
    age = rnd.randint(20, 240)
    created_day = today - timedelta(days=age)
    created = _at(created_day, rnd)
    if stage == "cancelled":
        path = [*PATH[: rnd.randint(1, 3)], "cancelled"]
    else:
        path = list(PATH[: PATH.index(stage) + 1])
    moves = len(path) - 1
    last_day = today - timedelta(days=rnd.randint(0, 5) if recent else rnd.randint(6, max(6, age - 1)))
    last_day = max(last_day, created_day + timedelta(days=moves))
    span = max(1, (last_day - created_day).days)
    cuts = sorted(rnd.sample(range(1, span + 1), moves)) if moves and span >= moves else \
        [span] * moves
    if cuts:
        cuts[-1] = span
    times = [created] + [_past(_at(created_day + timedelta(days=c), rnd), now) for c in cuts]
    for k in range(1, len(times)):
        if times[k] <= times[k - 1]:
            times[k] = times[k - 1] + timedelta(minutes=30)
    expected = _amount(rnd)
    low, high = PROBABILITY.get(path[-2] if stage == "cancelled" else stage, (100, 100))
    probability = rnd.randint(low, high) // 5 * 5 if stage != "successful" else 100
    events = [{"opportunity_id": oid, "at": created, "user_name": owner, "kind": "created", "from_value": "",
               "to_value": "identified", "contact": "", "client_id": None, "note": "", "outside_owner": False,
               "deleted_at": None}]
    reason = rnd.choice(CANCEL_REASONS) if stage == "cancelled" else ""
    committed_on = None
    for k in range(1, len(path)):
        events.append({**events[0], "at": times[k], "kind": "stage", "from_value": path[k - 1],
                       "to_value": path[k], "note": reason if path[k] == "cancelled" else ""})
        if path[k] == "closed":
            committed_on = times[k].astimezone().date()
    if stage in ("follow_up", "closed") and rnd.random() < 0.4:  # the probability revised on the way
        before = max(5, probability - rnd.choice((10, 15, 20)))
        at = times[1] + (times[-1] - times[1]) / 2 if len(times) > 2 else times[-1] - timedelta(hours=1)
        events.append({**events[0], "at": at, "kind": "probability", "from_value": str(before),
                       "to_value": str(probability)})
    # Contacts: one to five, between the creation and the last stage change (or today, if still open).
    last_contact = None
    until = now if stage in OPEN_STAGES else times[-1]
    if stage in OPEN_STAGES and not recent and rnd.random() < 0.35:
        until = times[-1]  # no contact since the last move: some of these go stale
    kinds = _table(CONTACT_WEIGHTS)
    for _c in range(rnd.randint(1, 5)):
        at = created + (until - created) * rnd.random()
        donor = rnd.choice(donors)
        kind = rnd.choice(kinds)
        by = owner if rnd.random() < 0.9 else rnd.choice(team)
        outside = bool(donor.owner) and by != donor.owner
        events.append({**events[0], "at": at, "user_name": by, "kind": "contact", "contact": kind,
                       "client_id": donor.id, "note": rnd.choice(CONTACT_NOTES[kind]),
                       "outside_owner": outside})
        last_contact = at if last_contact is None or at > last_contact else last_contact
    next_action, next_on = "", None
    if stage in OPEN_STAGES:
        next_action = rnd.choice(NEXT_ACTIONS[stage])
        next_on = today + timedelta(days=rnd.randint(-12, 25))
    elif stage == "successful" and rnd.random() < 0.5:
        next_action = rnd.choice(NEXT_ACTIONS[stage])
        next_on = today + timedelta(days=rnd.randint(3, 40))
    received = received_on = None
    if stage == "successful":
        received = round(expected * rnd.choice((1.0, 1.0, 1.0, 0.9, 0.8, 0.75)) / 100_000) * 100_000
        received_on = times[-1].astimezone().date()
    chosen = rnd.sample(list(factors), min(len(factors), rnd.randint(0, 3))) if factors else []
    built.opportunities.append({
        "id": oid, "number": number, "programme_id": uuid.UUID(programme.id), "title": programme.name,
        "stage": stage, "expected_halalas": expected, "probability": probability,
        "success_factors": rnd.choice(SUCCESS_FACTORS), "factors": ",".join(chosen),
        "next_action": next_action, "next_action_on": next_on, "owner": owner,
        "stage_changed_at": times[-1], "last_contact_at": last_contact, "committed_on": committed_on,
        "received_halalas": received, "received_on": received_on, "cancel_reason": reason, "notes": "",
        "deleted_at": None, "created_at": created, "updated_at": max(times[-1], last_contact or created),
    })
    built.donors += [{"opportunity_id": oid, "client_id": d.id, "deleted_at": None, "created_at": created,
                      "updated_at": created} for d in donors]
    built.events += events


def _stages(count: int, rnd: random.Random) -> Iterator[str]:
    weights = _table(STAGE_WEIGHTS)
    for n in range(count):
        yield STAGE_WEIGHTS[n][0] if n < len(STAGE_WEIGHTS) else rnd.choice(weights)


def run_opportunities(ctx: DemoContext) -> int:
    services = ctx.services
    rnd = random.Random(f"pipeline-{ctx.people.seed}")
    programmes = [p for p in services.programmes.list(ctx.actor) if p.status != "cancelled"]
    factors = [f["id"] for f in services.settings.get("opportunity_factors")]
    site = services.db.site_code or "HQ"
    today = date.today()
    now = utcnow()
    with services.db.engine.begin() as conn:
        donors = _donors(conn)
        team = _team(conn, ctx.actor.name)
        if donors:
            _interests(conn, ctx, donors, rnd)
    if not donors or not programmes:
        return 0
    by_owner: dict[str, list[Donor]] = {}
    for d in donors:
        by_owner.setdefault(d.owner, []).append(d)
    total = ctx.scale * PER_SCALE
    stages = _stages(total, rnd)
    written = 0
    while written < total:
        n = min(CHUNK, total - written)
        built = _Built([], [], [])
        with services.db.engine.begin() as conn:
            last = reserve(conn, "OP", n)
            for k in range(n):
                first = rnd.choice(donors)
                chosen = [first]
                if rnd.random() < 0.15:  # a second donor, of the same owner where there is one
                    other = rnd.choice(by_owner.get(first.owner) or donors)
                    if other.id != first.id:
                        chosen.append(other)
                _one(written + k, format_number("OP", site, "", last - n + 1 + k, width=5),
                     rnd.choice(programmes), chosen, team, factors, next(stages), rnd, today, now, built)
            writer = ctx.actor.writer
            bulk_create(conn, Opportunity, built.opportunities, writer)
            bulk_create(conn, OpportunityDonor, built.donors, writer)
            bulk_create(conn, OpportunityEvent, built.events, writer)
        written += n
        ctx.progress(PART_OPPORTUNITIES.name, written)
    return written


# --- the campaign plan --------------------------------------------------------------------------


@dataclass(frozen=True)
class Plan:
    name: str
    month: int  # planned start in this year
    days: int
    objective: str
    segment: str
    cities: tuple[str, ...]
    neighbourhoods: tuple[str, ...]
    channels: tuple[str, ...]
    budget: int  # riyals
    agency: str
    cancelled: str = ""  # the reason, for the one cancelled


AGENCIES: Final = ("وكالة الأثر للتسويق", "وكالة المدى الإعلانية", "شركة رؤية للدعاية والإعلان",
                   "وكالة نبض الرقمية")
PLANS: Final[tuple[Plan, ...]] = (
    Plan("حملة كفالة اليتيم", 1, 45, "كسب مئتي كافل جديد للأيتام المسجلين",
         "المانحون الأفراد وأصحاب الأعمال", ("جدة", "مكة المكرمة"), (), ("sms", "social", "website"),
         120_000, AGENCIES[0]),
    Plan("حملة رمضان للسلال الغذائية", 2, 40, "تمويل ثلاثة آلاف سلة غذائية قبل رمضان",
         "سكان أحياء الصفا والمروة والنعيم بجدة", ("جدة",), ("الصفا", "المروة", "النعيم"),
         ("brochures", "billboards", "sms", "social"), 250_000, AGENCIES[1]),
    Plan("حملة زكاة الفطر", 3, 15, "جمع زكاة الفطر لألفي أسرة", "المتبرعون في مكة المكرمة والطائف",
         ("مكة المكرمة", "الطائف"), ("العزيزية", "الشوقية"), ("sms", "website"), 60_000, AGENCIES[2]),
    Plan("حملة سقيا الماء في الصيف", 5, 60, "توزيع مئة ألف عبوة ماء في المساجد والأحياء",
         "الشركات والمؤسسات المانحة", ("جدة", "الطائف"), (), ("social", "website"), 90_000, AGENCIES[3]),
    Plan("حملة الحقيبة المدرسية", 7, 35, "توفير ألف وخمسمئة حقيبة مدرسية", "أولياء الأمور والمتطوعون",
         ("جدة",), ("الروضة", "السلامة"), ("brochures", "social"), 70_000, AGENCIES[0],
         cancelled="دُمجت مع برنامج الحقيبة الممول من مانح رئيسي"),
    Plan("حملة التعريف بالجمعية", 9, 30, "زيادة عدد المتابعين والمتبرعين الجدد بنسبة عشرين بالمئة",
         "سكان أحياء جدة ومكة والطائف", ("جدة", "مكة المكرمة", "الطائف"), (),
         ("website", "social", "billboards"), 180_000, AGENCIES[1]),
    Plan("حملة الشتاء الدافئ", 11, 45, "كسوة ألفي أسرة قبل الشتاء", "المانحون السابقون للبرامج الموسمية",
         ("الطائف", "مكة المكرمة"), ("الحوية", "الشهداء"), ("sms", "brochures"), 85_000, AGENCIES[2]),
    Plan("حملة ترميم منازل الأسر", 12, 60, "تمويل ترميم أربعين منزلاً", "رجال الأعمال والشركات في جدة",
         ("جدة",), ("البلد", "الكندرة"), ("website", "billboards"), 150_000, AGENCIES[3]),
)
EVALUATIONS: Final = (
    "حققت الحملة هدفها وتجاوزته بنسبة عشرة بالمئة، وكانت الرسائل النصية أكثر القنوات استجابة.",
    "حققت الحملة أغلب هدفها؛ تأخر إطلاق اللوحات الإعلانية أسبوعاً فقلّ الوصول في بدايتها.",
    "لم تبلغ الحملة هدفها كاملاً، ويُقترح نقلها إلى موسم الإجازة وزيادة حصة وسائل التواصل.",
)


def _state_for(plan: Plan, start: date, end: date, today: date, n: int) -> str:
    if plan.cancelled:
        return "cancelled"
    if end < today:
        return "launched" if end > today - timedelta(days=20) else "evaluated"
    if start <= today:
        return "launched"
    days = (start - today).days
    if days <= 30:
        return "programme_approved"
    if days <= 60:
        return "proposals_received"
    return CAMPAIGN_STATES[n % 5]


def run_campaigns(ctx: DemoContext) -> int:
    services = ctx.services
    rnd = random.Random(f"campaigns-{ctx.people.seed}")
    today = date.today()
    year = today.year
    now = utcnow()
    known_channels = {c["id"] for c in services.settings.get("campaign_channels")}
    have = {c.name for c in services.campaigns.list(ctx.actor, year)}
    programmes = {p.kind: p for p in services.programmes.list(ctx.actor)}
    plans = [p for p in PLANS if p.name not in have]
    if not plans:
        return 0
    site = services.db.site_code or "HQ"
    with services.db.engine.begin() as conn:
        team = _team(conn, ctx.actor.name)
        manager = "manager" if "manager" in team else team[0]
        director = "admin" if conn.execute(select(User.id).where(User.name == "admin")).first() else manager
        last = reserve(conn, "CM", len(plans))
        campaigns, events, proposals = [], [], []
        for n, plan in enumerate(plans):
            cid = uuid.uuid4()
            start = date(year, plan.month, rnd.randint(1, 10))
            end = start + timedelta(days=plan.days)
            state = _state_for(plan, start, end, today, n)
            planned_at = _past(_at(date(year, 1, 1) - timedelta(days=rnd.randint(20, 40)), rnd), now)
            # The steps reached, spread between the plan's approval and the start (or the end + 2 weeks).
            reached = CAMPAIGN_STATES[: CAMPAIGN_STATES.index(state) + 1] if state != "cancelled" else \
                CAMPAIGN_STATES[:3]
            prep_until = min(start, today)
            prep_from = min(prep_until - timedelta(days=10), start - timedelta(days=90))
            times = [planned_at]
            for k, step in enumerate(reached[1:], 1):
                if step == "launched":
                    at = _at(start, rnd)
                elif step == "evaluated":
                    at = _at(end + timedelta(days=14), rnd)
                else:
                    span = max(1, (prep_until - prep_from).days)
                    at = _at(prep_from + timedelta(days=span * k // (len(reached) + 1)), rnd)
                times.append(_past(max(at, times[-1] + timedelta(hours=2)), now))
            by = {"approved": director}
            for k, step in enumerate(reached):
                events.append({"campaign_id": cid, "at": times[k], "user_name": by.get(step, manager),
                               "from_state": reached[k - 1] if k else "", "to_state": step,
                               "note": "اعتمدها المدير التنفيذي" if step == "approved" else "",
                               "deleted_at": None})
            changed = times[-1]
            if state == "cancelled":
                changed = _past(times[-1] + timedelta(days=12), now)
                events.append({"campaign_id": cid, "at": changed, "user_name": manager,
                               "from_state": reached[-1], "to_state": "cancelled", "note": plan.cancelled,
                               "deleted_at": None})
            index = CAMPAIGN_STATES.index(state) if state != "cancelled" else 0
            agency = plan.agency
            chosen_from = CAMPAIGN_STATES.index("programme_approved")
            if index >= CAMPAIGN_STATES.index("proposals_requested"):
                offers = 1 if state == "proposals_requested" else rnd.randint(2, 3)
                others = [a for a in AGENCIES if a != plan.agency]
                names = [plan.agency, *rnd.sample(others, offers - 1)]
                received_on = times[CAMPAIGN_STATES.index("proposals_requested")].astimezone().date()
                for k, name in enumerate(names):
                    cost = round(plan.budget * rnd.uniform(0.85, 1.15) / 500) * 500 * 100
                    proposals.append({"campaign_id": cid, "agency": name, "cost_halalas": cost,
                                      "received_on": min(received_on + timedelta(days=3 + 2 * k), today),
                                      "file_name": "", "sha256": "",
                                      "chosen": k == 0 and index >= chosen_from,
                                      "note": "", "deleted_at": None})
            else:
                agency = ""
            results: dict[str, Any] = {"actual_cost_halalas": None, "reach": None, "responses": None,
                                       "donations_halalas": None, "new_beneficiaries": None, "evaluation": ""}
            if state in ("launched", "evaluated") and end < today:
                reach = rnd.randint(20, 120) * 1000
                responses = round(reach * rnd.uniform(0.004, 0.02))
                results = {"actual_cost_halalas": round(plan.budget * rnd.uniform(0.85, 1.1)) * 100,
                           "reach": reach, "responses": responses,
                           "donations_halalas": round(plan.budget * rnd.uniform(1.5, 6.0) / 1000) * 100_000,
                           "new_beneficiaries": rnd.randint(20, 400),
                           "evaluation": rnd.choice(EVALUATIONS) if state == "evaluated" else ""}
            programme = programmes.get({"حملة كفالة اليتيم": "orphans", "حملة سقيا الماء في الصيف": "water",
                                        "حملة ترميم منازل الأسر": "housing"}.get(plan.name, ""))
            campaigns.append({
                "id": cid, "number": format_number("CM", site, "", last - len(plans) + 1 + n, width=4),
                "year": year, "name": plan.name, "objective": plan.objective, "segment": plan.segment,
                "cities": ",".join(plan.cities), "neighbourhoods": ",".join(plan.neighbourhoods),
                "channels": ",".join(c for c in plan.channels if c in known_channels),
                "planned_start": start, "planned_end": end, "budget_halalas": plan.budget * 100,
                "agency": agency, "programme_id": uuid.UUID(programme.id) if programme else None,
                "state": state, "state_changed_at": changed, **results,
                "cancel_reason": plan.cancelled, "deleted_at": None, "created_at": planned_at,
                "updated_at": changed,
            })
        writer = ctx.actor.writer
        bulk_create(conn, Campaign, campaigns, writer)
        bulk_create(conn, CampaignEvent, events, writer)
        bulk_create(conn, CampaignProposal, proposals, writer)
    return len(campaigns)


PART_OPPORTUNITIES: Final = DemoPart(OPPORTUNITIES_ORDER, N_("Opportunities"), run_opportunities)
PART_CAMPAIGNS: Final = DemoPart(CAMPAIGNS_ORDER, N_("Marketing campaigns"), run_campaigns)
register_part(PART_OPPORTUNITIES)
register_part(PART_CAMPAIGNS)
