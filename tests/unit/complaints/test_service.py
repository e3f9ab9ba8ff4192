"""The complaints service: intake, the workflow, permissions, bad input, the audit trail."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from app.complaints.records import ComplaintQuery, NewComplaint
from app.errors import NotFound, PermissionDenied, UserError
from app.persistence.models import AuditEntry, ChangeVersion
from app.services.app_services import AppServices
from app.services.context import Actor

WALK_IN = NewComplaint(type="complaint", channel="walk_in", description="تأخر صرف المساعدة الشهرية",
                       name="سارة علي الزهراني", mobile="٠٥٥ ١٢٣ ٤٥٦٧", centre="HQ", category="service_delay")


def _count(services: AppServices, actor: Actor) -> int:
    return services.complaints.count(actor, ComplaintQuery())


def test_intake_gives_a_reference_with_site_and_hijri_year(services: AppServices, reception: Actor) -> None:
    first = services.complaints.add(reception, WALK_IN)
    second = services.complaints.add(reception, WALK_IN)
    assert first.reference == "C-TST-1448-000001" and second.reference == "C-TST-1448-000002"
    assert first.row.mobile == "+966551234567"
    assert first.status == "received" and first.received_by_name == "نورة القحطاني"
    assert first.row.answer_due is not None and first.row.sla in ("on_time", "due_today")


def test_a_registered_client_is_linked(services: AppServices, admin: Actor, reception: Actor) -> None:
    client = services.clients.register(admin, "عبدالرحمن بن إبراهيم الغامدي", "0551234567", ("beneficiary",))
    detail = services.complaints.add(reception, NewComplaint(
        type="inquiry", channel="phone", description="متى تصرف المساعدة؟",
        client_number=client.number.lower()))
    assert detail.client_number == client.number
    assert detail.row.name == client.name and detail.row.mobile == "+966551234567"


def test_every_step_of_the_workflow(services: AppServices, reception: Actor, officer: Actor) -> None:
    ref = services.complaints.add(reception, WALK_IN).reference
    c = services.complaints
    assert c.move(reception, ref, "acknowledged").status == "acknowledged"
    assigned = c.move(reception, ref, "assigned", assignee="officer", department="centre_affairs")
    assert assigned.row.assignee == "officer" and assigned.department == "centre_affairs"
    assert c.move(officer, ref, "under_study", note="جمع الأدلة").status == "under_study"
    answered = c.move(officer, ref, "answered", answer="صرفت المساعدة اليوم")
    assert answered.answer == "صرفت المساعدة اليوم" and answered.row.answered_at is not None
    closed = c.move(officer, ref, "closed", rating="٤", rating_note="راضية")
    assert closed.status == "closed" and closed.rating == 4 and closed.closed_at is not None
    reopened = c.move(officer, ref, "reopen", note="لم تصل المساعدة")
    assert reopened.status == "under_study" and reopened.reopen_count == 1 and reopened.closed_at is None
    cancelled = c.move(officer, ref, "cancelled", reason="مكررة")
    assert cancelled.status == "cancelled" and cancelled.cancel_reason == "مكررة"
    steps = [(e.kind, e.note) for e in c.timeline(officer, ref)]
    assert steps[0][0] == "created"
    assert [k for k, _ in steps].count("move") == 7
    assert ("move", "جمع الأدلة") in steps


def test_an_inquiry_answered_from_the_faq_is_closed_in_one_step(services: AppServices,
                                                                 reception: Actor) -> None:
    faq = services.complaints.faq("اوقات الدوام")
    assert faq and faq[0].id == "opening_hours"
    detail = services.complaints.add(reception, NewComplaint(
        type="inquiry", channel="phone", description=faq[0].question, name="ماجد", mobile="0501234567",
        faq_id=faq[0].id, answer=faq[0].answer, close=True))
    assert detail.status == "closed" and detail.answer == faq[0].answer
    assert detail.row.sla == "met"


@pytest.mark.parametrize(("change", "code", "field"), [
    ({"description": "   "}, "description-required", "description"),
    ({"channel": "pigeon"}, "unknown-choice", "channel"),
    ({"mobile": "12345"}, "invalid-mobile", "mobile"),
    ({"mobile": ""}, "mobile-required", "mobile"),
    ({"name": " "}, "name-required", "name"),
    ({"type": "praise"}, "unknown-type", "type"),
    ({"centre": "MARS"}, "unknown-choice", "centre"),
])
def test_bad_intake_changes_nothing_and_says_why(services: AppServices, reception: Actor,
                                                 change: dict[str, str], code: str, field: str) -> None:
    with services.db.session() as s:
        versions = s.scalar(select(func.count()).select_from(ChangeVersion))
    bad = NewComplaint(**{**WALK_IN.__dict__, **change})
    with pytest.raises(UserError) as caught:
        services.complaints.add(reception, bad)
    assert caught.value.code == code and caught.value.field == field
    assert caught.value.message.endswith(".")
    assert _count(services, reception) == 0
    with services.db.session() as s:
        assert s.scalar(select(func.count()).select_from(ChangeVersion)) == versions


def test_moves_the_workflow_does_not_allow(services: AppServices, reception: Actor, officer: Actor) -> None:
    ref = services.complaints.add(reception, WALK_IN).reference
    with pytest.raises(UserError) as caught:
        services.complaints.move(officer, ref, "closed")
    assert caught.value.code == "move-not-allowed"
    with pytest.raises(UserError) as caught:
        services.complaints.move(officer, ref, "flying")
    assert caught.value.code == "unknown-status"
    for target, code in (("answered", "answer-required"), ("cancelled", "reason-required"),
                         ("assigned", "assignee-required")):
        with pytest.raises(UserError) as caught:
            services.complaints.move(officer, ref, target)
        assert caught.value.code == code
    with pytest.raises(UserError) as caught:
        services.complaints.move(officer, ref, "assigned", assignee="nobody")
    assert caught.value.code == "unknown-assignee"
    assert services.complaints.get(officer, ref).status == "received"
    with pytest.raises(NotFound):
        services.complaints.get(officer, "C-TST-1448-999999")
    with pytest.raises(NotFound):
        services.complaints.move(officer, "C-XYZ-1", "acknowledged")


def test_reception_cannot_close_someone_elses_assigned_complaint(
        services: AppServices, reception: Actor, reception2: Actor, officer: Actor, manager: Actor) -> None:
    ref = services.complaints.add(reception, WALK_IN).reference
    services.complaints.move(reception, ref, "assigned", assignee="officer")
    services.complaints.move(officer, ref, "answered", answer="تم")
    with pytest.raises(PermissionDenied):
        services.complaints.move(reception, ref, "closed")
    with pytest.raises(PermissionDenied):
        services.complaints.add_note(reception2, ref, "ملاحظة")
    assert "closed" not in services.complaints.get(reception, ref).moves
    assert services.complaints.get(manager, ref).moves == ("closed", "reopen", "cancelled")
    # Their own, unassigned items they may take to the end, but not cancel.
    own = services.complaints.add(reception, WALK_IN).reference
    services.complaints.move(reception, own, "answered", answer="تم الرد فورًا")
    assert services.complaints.move(reception, own, "closed").status == "closed"
    with pytest.raises(PermissionDenied):
        services.complaints.move(reception, own, "reopen")


def test_reception_cannot_change_settings(services: AppServices, reception: Actor) -> None:
    with pytest.raises(PermissionDenied):
        services.settings.set(reception, "sla_rules", [])
    with pytest.raises(PermissionDenied):
        services.complaints.update(reception, services.complaints.add(reception, WALK_IN).reference,
                                   priority="urgent")


def test_roles_without_intake_cannot_add(services: AppServices, secretary: Actor) -> None:
    with pytest.raises(PermissionDenied):
        services.complaints.add(secretary, WALK_IN)
    assert _count(services, secretary) == 0


def test_every_change_lands_in_the_audit_log(services: AppServices, reception: Actor, officer: Actor) -> None:
    detail = services.complaints.add(reception, WALK_IN)
    services.complaints.move(reception, detail.reference, "assigned", assignee="officer")
    services.complaints.update(officer, detail.reference, priority="urgent")
    with services.db.session() as s:
        lines = s.execute(select(AuditEntry.user_name, AuditEntry.action, AuditEntry.field).where(
            AuditEntry.table_name == "complaints", AuditEntry.record_id == detail.row.id)).all()
    assert ("rec", "create", None) in lines
    assert ("rec", "update", "status") in lines and ("rec", "update", "assignee_id") in lines
    assert ("officer", "update", "priority") in lines and ("officer", "update", "answer_due") in lines
    changes = [e for e in services.complaints.timeline(officer, detail.reference) if e.kind == "change"]
    assert any("عاجل" in e.text or "urgent" in e.text for e in changes)


def test_corrective_actions_and_attachments(services: AppServices, reception: Actor, officer: Actor,
                                            tmp_path: object) -> None:
    from pathlib import Path

    ref = services.complaints.add(reception, WALK_IN).reference
    action = services.complaints.add_action(officer, ref, "تدريب موظفي الاستقبال", "officer",
                                            date.today() + timedelta(days=7))
    services.complaints.complete_action(officer, action.id, "تم التدريب")
    letter = Path(str(tmp_path)) / "خطاب.pdf"
    letter.write_bytes(b"%PDF-1.4 letter")
    info = services.complaints.attach(reception, ref, letter)
    assert services.complaints.attachment_path(info.sha256).read_bytes() == b"%PDF-1.4 letter"
    detail = services.complaints.get(officer, ref)
    assert detail.actions[0].done_at is not None and detail.attachments[0].file_name == "خطاب.pdf"
    kinds = [e.kind for e in services.complaints.timeline(officer, ref)]
    assert {"action", "action_done", "attachment"} <= set(kinds)
    with pytest.raises(UserError):
        services.complaints.add_action(officer, ref, "متأخر", "officer", date(2020, 1, 1))


def test_search_folds_spelling_digits_and_joined_names(services: AppServices, admin: Actor,
                                                       reception: Actor) -> None:
    services.clients.register(admin, "عبدُالرَّحمن بن إبراهيم الغامدي", "0551234567")
    client = services.clients.find(admin, "عبد الرحمن ابراهيم")[0]
    services.complaints.add(reception, NewComplaint(
        type="complaint", channel="phone", description="تأخُّر صرف المساعدة", client_number=client.number))
    services.complaints.add(reception, WALK_IN)

    def refs(text: str) -> int:
        return services.complaints.count(reception, ComplaintQuery(search=text))
    assert refs("عبد الرحمن") == 1 and refs("عبدالرحمن الغامدى") == 1
    assert refs("تاخر") == 2 and refs("٠٥٥١٢٣") == 2 and refs("+96655123") == 2
    assert refs("C-TST-1448-000002") == 1 and refs("000002") == 1
    assert refs("سارة المساعدة") == 1 and refs("غير موجود") == 0
    assert services.clients.find(admin, "٠٥٥١٢٣٤٥٦٧")[0].number == client.number
    assert services.clients.find(admin, client.number[:6])[0].number == client.number
    people = services.complaints.find_people(reception, "سارة")
    assert people and people[0].kind == "contact" and people[0].mobile == "+966551234567"


def test_pages_read_from_either_end_agree(services: AppServices, reception: Actor) -> None:
    start = datetime(2026, 11, 1, 8, 0, tzinfo=UTC)
    for i in range(25):
        services.complaints.add(reception, NewComplaint(**{**WALK_IN.__dict__,
                                                           "received_at": start + timedelta(hours=i)}))
    q = ComplaintQuery(sort="received", descending=True)
    forward = [r.reference for r in services.complaints.page(reception, q, 0, 25)]
    tail = [r.reference for r in services.complaints.page(reception, q, 20, 10, total=25)]
    assert tail == forward[20:]
    assert forward == sorted(forward, reverse=True)
    by_name = services.complaints.page(reception, ComplaintQuery(sort="name", descending=False), 0, 5)
    assert len(by_name) == 5


def test_overdue_items_reach_the_managers_queue(services: AppServices, reception: Actor, officer: Actor,
                                                manager: Actor) -> None:
    old = datetime.now(UTC) - timedelta(days=30)
    late = services.complaints.add(reception, NewComplaint(**{**WALK_IN.__dict__, "received_at": old}))
    services.complaints.move(reception, late.reference, "assigned", assignee="officer")
    services.complaints.add(reception, WALK_IN)
    assert services.complaints.count(manager, ComplaintQuery(overdue=True)) == 1
    assert services.complaints.count(manager, ComplaintQuery(view="mine")) == 1
    assert services.complaints.count(officer, ComplaintQuery(view="mine")) == 1
    assert services.complaints.count(reception, ComplaintQuery(view="mine")) == 1  # the one not assigned
    counts = services.complaints.desk_counts(manager)
    assert counts.open == 2 and counts.overdue == 1 and counts.mine == 1
    row = services.complaints.page(manager, ComplaintQuery(overdue=True), 0, 10)[0]
    assert row.sla == "overdue"
