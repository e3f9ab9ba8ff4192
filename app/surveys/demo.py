"""The demo's programmes and satisfaction surveys (issue 5, item 9).

Two parts. **Programmes** (order 250) runs before the registry's contributions
(300), so each gift to a named programme links to it. **Surveys** (order 350)
runs after them, so a closed programme's donors get their donor survey copies.

The surveys part prints numbered batches (``scale × 400`` beneficiary copies
over the programmes that ran) and keys 80–95% of them with a realistic
spread: each programme has its own level, some items are weaker everywhere
(q9 the advertising, q11 the fees, q5 the timing), first-timers answer a little
differently, a few items are left blank, about 1% of forms tick one column
all the way down, and about 15% carry a suggestion. A tenth of one
programme's forms is keyed a second time, with a couple of slips, so the
keying error rate has something to show; a few action items follow the weak
points (some overdue, some done). Rows are written with
:func:`app.persistence.bulk.bulk_create`, exactly as the services would write them.

:func:`print_and_key` is also what the analysis benchmark builds its 100,000 responses with.
"""

from __future__ import annotations

import json
import random
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, Final

from sqlalchemy import Connection, select

from app.demo.loader import DEMO_PASSWORD, DemoContext, DemoPart, register_part
from app.demo.names import CITY_NAMES
from app.errors import UserError
from app.i18n import N_
from app.persistence.base import utcnow
from app.persistence.bulk import bulk_create
from app.persistence.models import Contribution, SurveyForm, SurveyResponse
from app.persistence.numbering import format_number, reserve
from app.persistence.recorder import WriteActor
from app.surveys.builtin import AGE_GROUPS, BENEFICIARY_KEY, DONOR_KEY
from app.surveys.entry import flags_of
from app.surveys.forms import FORM_PREFIX
from app.surveys.records import ProgrammeInfo, Template

PROGRAMMES_ORDER: Final = 250  # after the complaints (200), before the contributions (300)
SURVEYS_ORDER: Final = 350  # after the contributions: closed programmes' donors are known
FORMS_PER_SCALE: Final = 400
CHUNK: Final = 20_000  # copies per committed transaction
KEYER: Final = "quality"  # the demo's quality officer keys the stack
CHECKER: Final = "admin"  # and someone else keys the verification sample


@dataclass(frozen=True)
class Plan:
    """One demo programme: when it ran (days before today), how it went, how much was printed."""

    name: str
    kind: str
    centre: int  # index into the centres in the settings
    starts: int  # days ago
    days: int  # how long it ran
    status: str
    level: float  # the typical answer, 1–5
    share: float = 0.0  # of the printed copies; 0 = nothing printed
    weak: dict[int, float] = field(default_factory=dict)  # this programme's own weak items (0-based)
    description: str = ""


PLANS: Final[tuple[Plan, ...]] = (
    Plan("ملتقى الأسرة", "community", 1, 330, 5, "closed", 4.25, 0.16,
         description="لقاءات وأنشطة ترفيهية وتوعوية للأسر المستفيدة خلال الإجازة الصيفية"),
    Plan("دورة الحاسب للشباب", "education", 0, 280, 30, "closed", 3.95, 0.10, {2: -0.6},
         description="دورة تدريبية في مهارات الحاسب الأساسية للشباب من أبناء الأسر المستفيدة"),
    Plan("السلة الغذائية الرمضانية", "seasonal", 2, 250, 25, "closed", 4.45, 0.18,
         description="توزيع السلال الغذائية على الأسر المسجلة قبل شهر رمضان وخلاله"),
    Plan("كسوة العيد", "seasonal", 3, 220, 10, "closed", 4.3, 0.10,
         description="كسوة العيد لأبناء الأسر المستفيدة والأيتام"),
    Plan("إفطار صائم", "food", 1, 245, 28, "closed", 4.05, 0.08, {4: -0.4},
         description="وجبات إفطار يومية للصائمين في المساجد والأحياء"),
    Plan("الحقيبة المدرسية", "education", 1, 120, 14, "closed", 3.85, 0.09,
         description="حقائب وأدوات مدرسية لأبناء الأسر المستفيدة مع بداية العام الدراسي"),
    Plan("ترميم المنازل", "housing", 3, 200, 120, "closed", 3.6, 0.07, {4: -0.7, 3: -0.3},
         description="ترميم وصيانة منازل الأسر المحتاجة"),
    Plan("كفالة الأيتام", "orphans", 0, 365, 730, "running", 4.5, 0.08,
         description="كفالة شهرية للأيتام ومتابعة تعليمهم ورعايتهم"),
    Plan("سقيا الماء", "water", 2, 90, 180, "running", 4.15, 0.07,
         description="توزيع المياه على المساجد والأحياء الأشد حاجة"),
    Plan("برنامج التدريب والتأهيل", "education", 0, 60, 90, "running", 3.7, 0.07, {10: -0.5},
         description="برامج تأهيل مهني تعين الأسر على الكسب"),
    Plan("ملتقى كبار السن الصحي", "health", 2, -21, 2, "planned", 4.0,
         description="فحوص طبية ومحاضرات توعوية لكبار السن"),
    Plan("أمسية التوعية المرورية", "community", 3, 150, 1, "cancelled", 4.0,
         description="أُلغيت لتعذر حجز القاعة"),
)

# Weaker or stronger everywhere (0-based item index → shift of the typical answer).
ITEM_SHIFTS: Final[dict[int, float]] = {0: 0.1, 2: -0.1, 4: -0.25, 5: 0.15, 6: 0.2, 8: -0.7, 9: -0.05,
                                       10: -0.45}
# First-timers: a little warmer overall, but they heard of the programme by chance (q9).
FIRST_TIME_SHIFTS: Final[dict[int, float]] = {8: -0.3, 6: 0.15}
DONOR_SHIFTS: Final[dict[int, float]] = {2: -0.5, 3: -0.2, 5: 0.1}
AGE_WEIGHTS: Final = (0.25, 0.30, 0.30, 0.12)  # AGE_GROUPS; the rest leave it blank

SUGGESTIONS: Final = (
    "نأمل زيادة عدد المقاعد في الدورات القادمة",
    "الإعلان عن البرامج مبكراً عبر رسائل الجوال",
    "تخصيص أنشطة للأطفال أثناء البرامج الأسرية",
    "تمديد مدة البرنامج",
    "توفير مواقف سيارات قريبة من مكان البرنامج",
    "تحسين التكييف في القاعة",
    "تقديم البرنامج في الفترة المسائية",
    "زيادة كمية المواد في السلة الغذائية",
    "التواصل معنا عبر الواتساب بدلاً من الاتصال",
    "إقامة البرنامج في حي آخر ليسهل الوصول إليه",
    "جزاكم الله خيراً على ما تقدمونه",
    "تقليل وقت الانتظار عند التسجيل",
    "توفير مترجم لغة إشارة",
    "نرجو أن تكون الرسوم رمزية أكثر",
    "الاستمرار في مثل هذه البرامج المفيدة",
)
DONOR_SUGGESTIONS: Final = (
    "نأمل إرسال تقرير مصور عن البرنامج بعد انتهائه",
    "تقارير ربع سنوية عن أثر البرنامج",
    "زيارة ميدانية للمانحين أثناء التنفيذ",
    "شكراً لكم على حسن التنفيذ",
)
PROFESSIONS: Final = ("طالب", "طالبة", "ربة منزل", "موظف", "موظفة", "متقاعد", "معلم", "معلمة", "عامل",
                      "باحث عن عمل")
ACTIONS: Final = (
    # (programme index or -1, item id, description, owner, due in days (negative: past), done)
    (-1, "q9", "الإعلان عن البرامج عبر رسائل الجوال ومنصات التواصل قبل موعدها بأسبوعين", "quality", -20,
     True),
    (1, "q11", "مراجعة رسوم الاشتراك في الدورات التدريبية وإعفاء الأسر المسجلة منها", "manager", -10,
     False),
    (6, "q5", "جدول زمني معلن لزيارات فرق الترميم، والاتصال بالأسرة قبل كل زيارة", "manager", 30, False),
    (1, "q3", "تحديث أجهزة معمل الحاسب وتحسين تكييف القاعة", "quality", 15, False),
    (-1, "", "عرض نتائج استبيانات الرضا على مجلس الإدارة في اجتماعه القادم", "quality", -40, True),
)


def _at(day: date, rnd: random.Random) -> datetime:
    """A working-hours moment of ``day`` (Saudi time, stored in UTC)."""
    local = datetime.combine(day, time(8 + rnd.randint(0, 7), rnd.randint(0, 59)))
    return (local - timedelta(hours=3)).replace(tzinfo=UTC)


def _score(level: float, rnd: random.Random) -> int:
    return min(5, max(1, round(rnd.gauss(level, 0.75))))


@dataclass
class Keyed:
    """What :func:`print_and_key` wrote: copies, responses, and the first keying of each form."""

    printed: int = 0
    keyed: int = 0
    first: list[dict[str, Any]] = field(default_factory=list)  # response rows (kept when asked)


def print_and_key(
    conn: Connection,
    writer: WriteActor,
    *,
    site: str,
    programme_id: uuid.UUID,
    template: Template,
    copies: int,
    keyed_share: float,
    level: float,
    rnd: random.Random,
    printed_on: date,
    keyed_from: date,
    keyed_until: date,
    shifts: dict[int, float] | None = None,
    clients: Sequence[uuid.UUID] = (),
    printed_by: str = KEYER,
    keyed_by: str = KEYER,
    keep: bool = False,
) -> Keyed:
    """Print ``copies`` numbered copies (one per client of ``clients`` if given) and key a share of them.

    Runs in the caller's transaction. Scores, answers and flags are what
    :meth:`app.surveys.entry.SurveyEntry.add` would store for the same paper.
    """
    count = len(clients) if clients else copies
    result = Keyed()
    if count <= 0:
        return result
    last = reserve(conn, FORM_PREFIX, count)
    run = uuid.uuid4().hex
    printed_at = _at(printed_on, rnd)
    template_id = uuid.UUID(template.id)
    likert = template.likert
    age_item, first_item = template.item("age_group"), template.item("first_time")
    donor = template.audience == "donor"
    suggestions_id = next((i.id for i in template.items if i.id == "suggestions"), None)
    item_shifts = shifts if shifts is not None else (DONOR_SHIFTS if donor else ITEM_SHIFTS)
    forms: list[dict[str, Any]] = []
    responses: list[dict[str, Any]] = []
    span = max(0, (keyed_until - keyed_from).days)
    for i, serial in enumerate(range(last - count + 1, last + 1)):
        form_id = uuid.uuid4()
        client_id = clients[i] if clients else None
        forms.append({"id": form_id, "number": format_number(FORM_PREFIX, site, "", serial), "serial": serial,
                      "programme_id": programme_id, "template_id": template_id, "client_id": client_id,
                      "print_run": run, "printed_at": printed_at, "printed_by": printed_by})
        if rnd.random() >= keyed_share:
            continue
        extra: dict[str, Any] = {}
        first_time: bool | None = None
        age = ""
        if age_item is not None:
            r = rnd.random()
            for option, weight in zip(AGE_GROUPS, AGE_WEIGHTS, strict=True):
                if r < weight:
                    age = option.id
                    break
                r -= weight
            if age:
                extra[age_item.id] = age
        if first_item is not None:
            r = rnd.random()
            first_time = True if r < 0.35 else False if r < 0.95 else None
            if first_time is not None:
                extra[first_item.id] = first_time
        person = rnd.gauss(0, 0.45)
        pattern = rnd.random()
        if pattern < 0.01:  # one column ticked all the way down
            same = rnd.choice((5, 5, 5, 4, 3, 1))
            scores = [same] * len(likert)
        else:
            scores = []
            for n in range(len(likert)):
                typical = level + person + item_shifts.get(n, 0.0)
                if first_time:
                    typical += 0.1 + FIRST_TIME_SHIFTS.get(n, 0.0)
                scores.append(_score(typical, rnd))
            if pattern > 0.985:  # a few items left blank (the fees most often: "if any")
                blank = 10 if len(likert) > 10 and rnd.random() < 0.5 else rnd.randrange(len(likert))
                scores[blank] = 0
        if suggestions_id and rnd.random() < 0.15:
            extra[suggestions_id] = rnd.choice(DONOR_SUGGESTIONS if donor else SUGGESTIONS)
        if not donor and rnd.random() < 0.12:
            extra["profession"] = rnd.choice(PROFESSIONS)
        answers = {item.id: score for item, score in zip(likert, scores, strict=True) if score}
        answers.update(extra)
        keyed_on = keyed_from + timedelta(days=rnd.randint(0, span))
        row = {
            "form_id": form_id, "programme_id": programme_id, "template_id": template_id,
            "client_id": client_id, "pass_no": 1, "scores": "".join(map(str, scores)),
            "answers": json.dumps(answers, ensure_ascii=False, sort_keys=True), "age_group": age,
            "first_time": first_time, "flags": ",".join(flags_of(template, scores, extra)), "note": "",
            "keyed_at": _at(keyed_on, rnd), "keyed_by": keyed_by,
        }
        responses.append(row)
    bulk_create(conn, SurveyForm, forms, writer)
    if keep:
        result.first = [dict(r) for r in responses]
    bulk_create(conn, SurveyResponse, responses, writer)
    result.printed, result.keyed = len(forms), len(responses)
    return result


def second_keying(conn: Connection, writer: WriteActor, first: Sequence[dict[str, Any]],
                  rnd: random.Random, share: float = 0.1, slips: int = 2, keyed_by: str = CHECKER) -> int:
    """Key a sample of ``first`` again (pass 2), with ``slips`` answers typed differently."""
    if not first:
        return 0
    sample = rnd.sample(list(first), max(1, round(len(first) * share)))
    rows = []
    for n, original in enumerate(sample):
        scores = list(original["scores"])
        if n < slips:
            k = rnd.randrange(len(scores))
            scores[k] = str(int(scores[k]) % 5 + 1)
        answers = json.loads(original["answers"])
        rows.append({**{k: v for k, v in original.items() if k not in ("id", "created_at", "updated_at",
                                                                       "origin_site")},
                     "pass_no": 2, "scores": "".join(scores),
                     "keyed_at": min(original["keyed_at"] + timedelta(days=1), utcnow()),
                     "keyed_by": keyed_by,
                     "answers": json.dumps(answers, ensure_ascii=False, sort_keys=True)})
    return bulk_create(conn, SurveyResponse, rows, writer)


# --- the demo's two parts -------------------------------------------------------------------


def _programmes_of(ctx: DemoContext) -> dict[str, ProgrammeInfo]:
    return {p.name: p for p in ctx.services.programmes.list(ctx.actor)}


def run_programmes(ctx: DemoContext) -> int:
    """The portfolio: a dozen programmes over the last year, across the centres."""
    services, actor = ctx.services, ctx.actor
    centres = services.settings.get("centres")
    kinds = {k["id"] for k in services.settings.get("programme_kinds")}
    have = _programmes_of(ctx)
    today = date.today()
    made = 0
    for plan in PLANS:
        if plan.name in have:
            continue
        centre = centres[plan.centre % len(centres)] if centres else {}
        starts = today - timedelta(days=plan.starts)
        services.programmes.add(
            actor, plan.name, kind=plan.kind if plan.kind in kinds else "",
            centre=str(centre.get("id", "")), city=CITY_NAMES.get(centre.get("city", ""), ""),
            starts_on=starts, ends_on=starts + timedelta(days=plan.days - 1), status=plan.status,
            description=plan.description)
        made += 1
    return made


def _donors(conn: Connection, programme_id: uuid.UUID, limit: int) -> list[uuid.UUID]:
    return list(conn.execute(
        select(Contribution.client_id).where(Contribution.programme_id == programme_id,
                                             Contribution.deleted_at.is_(None))
        .group_by(Contribution.client_id).order_by(Contribution.client_id).limit(limit)).scalars())


def run_surveys(ctx: DemoContext) -> int:
    """Printed batches, keyed responses, a verification sample, donor surveys and action items."""
    services = ctx.services
    rnd = random.Random(f"surveys-{ctx.people.seed}")
    try:
        keyer = services.users.login(KEYER, DEMO_PASSWORD)
    except UserError:  # a database whose users are not the demo's: the loader's actor keys
        keyer = ctx.actor
    beneficiary = services.survey_templates.get(keyer, BENEFICIARY_KEY)
    donor = services.survey_templates.get(keyer, DONOR_KEY)
    programmes = _programmes_of(ctx)
    site = services.db.site_code or "HQ"
    today = date.today()
    total = ctx.scale * FORMS_PER_SCALE
    shares = sum(p.share for p in PLANS)
    keyed = 0
    verified: list[dict[str, Any]] = []
    biggest = max((p for p in PLANS if p.status == "closed"), key=lambda p: p.share)
    for plan in PLANS:
        info = programmes.get(plan.name)
        if info is None or not plan.share or info.starts_on is None:
            continue
        pid = uuid.UUID(info.id)
        ends = min(info.ends_on or today, today)
        copies = max(5, round(total * plan.share / shares))
        shifts = dict(ITEM_SHIFTS)
        for k, v in plan.weak.items():
            shifts[k] = shifts.get(k, 0.0) + v
        done = 0
        while done < copies:
            n = min(CHUNK, copies - done)
            with services.db.engine.begin() as conn:
                result = print_and_key(
                    conn, keyer.writer, site=site, programme_id=pid, template=beneficiary, copies=n,
                    keyed_share=rnd.uniform(0.80, 0.95), level=plan.level, rnd=rnd,
                    printed_on=info.starts_on - timedelta(days=2),
                    keyed_from=min(ends + timedelta(days=1), today),
                    keyed_until=min(ends + timedelta(days=14), today),
                    shifts=shifts, keep=plan is biggest and done == 0)
            keyed += result.keyed
            verified += result.first
            done += n
            ctx.progress(PART_SURVEYS.name, keyed)
        if plan.status == "closed":
            with services.db.engine.begin() as conn:
                donors = _donors(conn, pid, 10 + 2 * ctx.scale)
                if donors:
                    result = print_and_key(
                        conn, keyer.writer, site=site, programme_id=pid, template=donor, copies=0,
                        clients=donors, keyed_share=0.6, level=4.1, rnd=rnd,
                        printed_on=ends + timedelta(days=7),
                        keyed_from=min(ends + timedelta(days=14), today),
                        keyed_until=min(ends + timedelta(days=40), today))
                    keyed += result.keyed
    if verified:
        try:
            checker = services.users.login(CHECKER, DEMO_PASSWORD).writer
        except UserError:
            checker = keyer.writer
        with services.db.engine.begin() as conn:
            second_keying(conn, checker, verified, rnd, keyed_by=CHECKER)
    _actions(ctx, keyer, programmes, today)
    return keyed


def _actions(ctx: DemoContext, keyer: Any, programmes: dict[str, ProgrammeInfo], today: date) -> None:
    actions = ctx.services.survey_actions
    for index, item, description, owner, due, done in ACTIONS:
        programme = programmes.get(PLANS[index].name) if index >= 0 else None
        try:
            action = actions.add(keyer, description, owner, today + timedelta(days=due),
                                 programme=programme.number if programme else "", item_id=item)
        except UserError:  # an owner missing from a database that is not the demo's
            continue
        if done:
            actions.complete(keyer, action.id, "نُفِّذ وعُرض في اجتماع اللجنة")


PART_PROGRAMMES: Final = DemoPart(PROGRAMMES_ORDER, N_("Programmes"), run_programmes)
PART_SURVEYS: Final = DemoPart(SURVEYS_ORDER, N_("Satisfaction survey responses"), run_surveys)
register_part(PART_PROGRAMMES)
register_part(PART_SURVEYS)
