"""``sila demo`` on the complaints desk: clients and complaints as the services would write them."""

from __future__ import annotations

import random
import re
import shutil
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.calendars.hijri import to_hijri
from app.clients.directory import client_search_text
from app.complaints import descriptions
from app.complaints.demo import COMPLAINTS_PER_SCALE, EVENT_WINDOW
from app.complaints.records import ComplaintQuery
from app.complaints.service import complaint_search_text
from app.complaints.sla import deadlines
from app.complaints.vocab import OPEN_STATUSES, PRIORITIES, STATUSES, TYPES
from app.config import resolve
from app.demo.loader import DemoResult, load_demo
from app.persistence.models import (
    AuditEntry,
    ChangeVersion,
    Client,
    Complaint,
    ComplaintEvent,
    CorrectiveAction,
)
from app.persistence.models import (
    Counter as NumberCounter,
)
from app.services.app_services import AppServices
from app.services.context import Actor
from tests.conftest import ADMIN_NAME, ADMIN_PASSWORD

REFERENCE = re.compile(r"^C-TST-(\d{4})-(\d{6})$")


@pytest.fixture(scope="module")
def demo_dir(template_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, DemoResult]:
    """One demo at scale 1 for the module's tests, which only read it."""
    folder = tmp_path_factory.mktemp("demo") / "data"
    shutil.copytree(template_dir, folder)
    services = AppServices.open(resolve(str(folder)))
    try:
        result = load_demo(services, 1, services.users.login(ADMIN_NAME, ADMIN_PASSWORD))
    finally:
        services.close()
    return folder, result


@pytest.fixture
def demo(demo_dir: tuple[Path, DemoResult]) -> DemoResult:
    return demo_dir[1]


@pytest.fixture
def services(demo_dir: tuple[Path, DemoResult]) -> Iterator[AppServices]:
    """The services over the module's demo database (the conftest's own is an empty copy)."""
    svc = AppServices.open(resolve(str(demo_dir[0])))
    yield svc
    svc.close()


def _complaints(services: AppServices) -> list[Complaint]:
    with services.db.session() as s:
        rows = list(s.scalars(select(Complaint).order_by(Complaint.row_no)))
        s.expunge_all()
    return rows


def _count(services: AppServices, actor: Actor, **query: object) -> int:
    return services.complaints.count(actor, ComplaintQuery(**query))  # type: ignore[arg-type]


def test_scale_one_covers_every_type_state_channel_centre_and_category(
        services: AppServices, admin: Actor, demo: DemoResult) -> None:
    assert demo.counts["Clients"] == 200 and demo.counts["Complaints"] == COMPLAINTS_PER_SCALE
    assert _count(services, admin) == COMPLAINTS_PER_SCALE
    for type_ in TYPES:
        assert _count(services, admin, types=(type_,)) > 0, type_
    for status in STATUSES:
        assert _count(services, admin, statuses=(status,)) > 0, status
    filters = (("channels", "channels"), ("centres", "centres"), ("complaint_categories", "categories"))
    for key, field in filters:
        for choice in services.settings.choices(key):
            assert _count(services, admin, **{field: (choice.id,)}) > 0, (key, choice.id)
    rows = _complaints(services)
    assert set(Counter(c.priority for c in rows)) == set(PRIORITIES)
    overdue = _count(services, admin, overdue=True)
    assert 0 < overdue < COMPLAINTS_PER_SCALE * 0.1
    # Recent items are the open ones.
    newest = rows[-50:]
    oldest = rows[:200]
    share_open = [sum(c.status in OPEN_STATUSES for c in part) / len(part) for part in (newest, oldest)]
    assert share_open[0] > 3 * share_open[1]


def test_two_thirds_come_from_registered_clients(services: AppServices, demo: DemoResult) -> None:
    rows = _complaints(services)
    with services.db.session() as s:
        clients = {c.id: c for c in s.scalars(select(Client))}
    linked = [c for c in rows if c.client_id is not None]
    assert 0.58 < len(linked) / len(rows) < 0.75
    for c in linked:
        assert c.client_id is not None
        client = clients[c.client_id]
        assert c.contact_name == client.name and c.contact_mobile == client.mobile
    assert all(c.contact_mobile and c.contact_mobile.startswith("+9665") for c in rows)


def test_timestamps_follow_the_workflow(services: AppServices, demo: DemoResult) -> None:
    now = datetime.now(UTC)
    first = now.astimezone().date().toordinal() - 560
    for c in _complaints(services):
        assert first <= c.received_at.astimezone().date().toordinal()
        steps = [c.received_at, c.acknowledged_at, c.assigned_at, c.study_started_at, c.answered_at,
                 c.closed_at, c.cancelled_at]
        taken = [t for t in steps if t is not None]
        assert all(t <= now for t in taken)
        if not c.reopen_count:  # a reopened item was studied before its last answer and close
            assert taken == sorted(taken), c.reference
        assert c.updated_at >= taken[-1] or c.updated_at == max(taken)
        if c.status in OPEN_STATUSES:
            assert c.answered_at is None and c.closed_at is None and c.cancelled_at is None
        if c.status in ("assigned", "under_study"):
            assert c.assigned_at is not None and (c.assignee_id or c.department)
        if c.status in ("answered", "closed"):
            assert c.answer and c.answered_at is not None
        if c.status == "closed":
            assert c.closed_at is not None and c.closed_at >= c.answered_at  # type: ignore[operator]
        if c.status == "cancelled":
            assert c.cancel_reason and c.cancelled_at is not None
        if c.faq_id:
            assert c.type == "inquiry"
    closed = [c for c in _complaints(services) if c.status == "closed"]
    assert sum(c.rating is not None for c in closed) > 0.7 * len(closed)


def test_references_deadlines_and_search_text_are_the_services_own(
        services: AppServices, demo: DemoResult) -> None:
    rows = _complaints(services)
    assert len({c.reference for c in rows}) == len(rows)
    calendar = services.settings.work_calendar()
    rules = services.settings.get("sla_rules")
    with services.db.session() as s:
        numbers = {cid: number for cid, number in s.execute(select(Client.id, Client.number))}
        counters = {(n.series, n.period): n.last for n in s.scalars(select(NumberCounter))}
    last_seq: dict[str, int] = {}
    for c in rows:  # row order is arrival order: the sequence grows within each Hijri year
        match = REFERENCE.match(c.reference)
        assert match, c.reference
        year, seq = match.group(1), int(match.group(2))
        assert year == str(to_hijri(c.received_at.astimezone().date()).year)
        assert seq > last_seq.get(year, 0)
        last_seq[year] = seq
        if not c.reopen_count:
            due = deadlines(calendar, rules, c.type, c.priority, c.received_at.astimezone())
            assert (c.study_due, c.answer_due) == (due.study, due.answer)
        number = numbers[c.client_id] if c.client_id else None
        assert c.search_text == complaint_search_text(c.reference, c.contact_name, c.contact_mobile,
                                                      c.description, number), c.reference
    assert counters[("#complaints", "")] == rows[-1].row_no == len(rows)
    for year, seq in last_seq.items():
        assert counters[("C", year)] == seq


def test_clients_are_numbered_and_searchable(services: AppServices, admin: Actor, demo: DemoResult) -> None:
    with services.db.session() as s:
        clients = list(s.scalars(select(Client).order_by(Client.row_no)))
    assert [c.number for c in clients] == [f"CL-TST-{i:06d}" for i in range(1, 201)]
    # A few people are registered twice on purpose (same mobile, name spelled otherwise):
    # the registry's duplicates screen has something to find.
    twice = len(clients) - len({c.mobile for c in clients})
    assert 0 < twice < len(clients) // 50
    for c in clients:
        assert c.kinds and c.city and c.mobile and c.mobile.startswith("+9665")
        assert c.search_text == client_search_text(c.name, c.number, mobile=c.mobile,
                                                   national_id=c.national_id, email=c.email)
    one = clients[17]
    assert one.number in [f.number for f in services.clients.find(admin, one.name)]
    assert one.number in [f.number for f in services.clients.find(admin, "0" + (one.mobile or "")[4:])]


def test_descriptions_vary_and_are_found_by_search(services: AppServices, admin: Actor,
                                                   demo: DemoResult) -> None:
    rows = _complaints(services)
    texts = [c.description for c in rows]
    lengths = sorted(len(t) for t in texts)
    assert lengths[0] < 80 and lengths[-1] > 600  # one line to several paragraphs
    assert any("\n\n" in t for t in texts)
    assert len(set(texts)) > 0.75 * len(texts)
    # A common word, and the same word written with diacritics and a different alef.
    common = _count(services, admin, search="المساعدة")
    assert common > 20
    assert _count(services, admin, search="الْمُسَاعَدَة") == common
    # A word of one item: found, with the page showing it.
    item = next(c for c in reversed(rows) if c.client_id is None and len(c.description) > 100)
    word = max(item.description.split(), key=len).strip("،.؟:")
    found = services.complaints.page(admin, ComplaintQuery(search=word), 0, 100)
    assert item.reference in [r.reference for r in found]
    # By name, by mobile in any form, by reference number.
    by_name = services.complaints.page(admin, ComplaintQuery(search=item.contact_name), 0, 100)
    assert item.reference in [r.reference for r in by_name]
    local = "0" + (item.contact_mobile or "")[4:]
    arabic_digits = local.translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    assert item.reference in [r.reference for r in
                              services.complaints.page(admin, ComplaintQuery(search=arabic_digits), 0, 10)]
    seq = str(int(item.reference.rsplit("-", 1)[1]))
    assert _count(services, admin, search=item.reference) == 1
    assert _count(services, admin, search=seq) >= 1


def test_change_log_audit_and_timelines(services: AppServices, admin: Actor, demo: DemoResult) -> None:
    with services.db.session() as s:
        def versions(table: str) -> int:
            return int(s.scalar(select(func.count()).select_from(ChangeVersion)
                                .where(ChangeVersion.table_name == table)) or 0)

        def audits(table: str) -> int:
            return int(s.scalar(select(func.count()).select_from(AuditEntry).where(
                AuditEntry.table_name == table, AuditEntry.action == "create")) or 0)

        events = int(s.scalar(select(func.count()).select_from(ComplaintEvent)) or 0)
        actions = int(s.scalar(select(func.count()).select_from(CorrectiveAction)) or 0)
        for table, n in (("complaints", COMPLAINTS_PER_SCALE), ("clients", 200),
                         ("complaint_events", events), ("complaint_actions", actions)):
            assert versions(table) == n and audits(table) == n, table
    assert COMPLAINTS_PER_SCALE <= EVENT_WINDOW and events > 2 * COMPLAINTS_PER_SCALE and actions > 0
    rows = _complaints(services)
    closed = next(c for c in reversed(rows) if c.status == "closed" and c.acknowledged_at and c.assigned_at)
    timeline = services.complaints.timeline(admin, closed.reference)
    kinds = [e.kind for e in timeline]
    assert kinds[0] == "created" and kinds.count("move") >= 4
    assert [e.at for e in timeline] == sorted(e.at for e in timeline)
    cancelled = next(c for c in rows if c.status == "cancelled")
    last = services.complaints.timeline(admin, cancelled.reference)[-1]
    assert last.note == cancelled.cancel_reason


def test_a_second_run_adds_more_with_fresh_numbers(demo_dir: tuple[Path, DemoResult],
                                                   tmp_path: Path) -> None:
    folder = tmp_path / "again"
    shutil.copytree(demo_dir[0], folder)
    services = AppServices.open(resolve(str(folder)))
    try:
        again = load_demo(services, 1, services.users.login(ADMIN_NAME, ADMIN_PASSWORD))
        assert again.counts["Complaints"] == COMPLAINTS_PER_SCALE
        rows = _complaints(services)
        assert len(rows) == 2 * COMPLAINTS_PER_SCALE == len({c.reference for c in rows})
        with services.db.session() as s:
            assert s.scalar(select(func.count()).select_from(Client)) == 400
    finally:
        services.close()


def test_descriptions_are_composed_deterministically() -> None:
    def make(seed: int) -> list[str]:
        rnd = random.Random(seed)
        out = []
        for type_, topics in descriptions.TOPICS.items():
            for topic in topics:
                slots = {k: v[0] for k, v in descriptions.SLOTS.items()}
                slots |= {"centre": "المقر", "hood": "الصفا"}
                out.append("\n\n".join(" ".join(p) for p in
                                       descriptions.compose(rnd.random, type_, topic, slots)))
        return out

    assert make(5) == make(5) and make(5) != make(6)
    assert all("{" not in t for t in make(7))
