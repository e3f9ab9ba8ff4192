"""Maker-checker changes to the client registry, over a real SQLite file."""

from __future__ import annotations

from datetime import date

import pytest

from app.clients.directory import ClientQuery
from app.complaints.records import NewComplaint
from app.errors import PermissionDenied, UserError
from app.services.app_services import AppServices
from app.services.context import Actor
from tests.clients_people import RegistryPeople

AHMAD = {"name": "أحمد عبدالله الشهري", "kinds": ["donor"], "mobile": "0555123456",
         "city": "جدة", "neighbourhood": "الصفا", "email": "Ahmad@Example.com"}


def _client_count(services: AppServices, actor: Actor) -> int:
    return services.clients.count(actor, ClientQuery())


def test_a_proposal_changes_nothing_until_the_manager_approves(services: AppServices,
                                                               people: RegistryPeople) -> None:
    req = services.client_requests.propose_create(people.steward, AHMAD, note="طلب من المركز")
    assert req.summary.status == "pending" and req.summary.client_number == ""
    assert _client_count(services, people.manager) == 0
    assert services.client_requests.pending_count(people.manager) == 1
    assert {c.field for c in req.changes} >= {"name", "mobile", "kinds"}

    done = services.client_requests.approve(people.manager, req.number)
    assert done.summary.status == "approved" and done.summary.decided_by == "manager"
    number = done.summary.client_number
    assert number.startswith("CL-TST-")
    client = services.clients.detail(people.manager, number)
    assert client.values["mobile"] == "+966555123456"
    assert client.values["email"] == "ahmad@example.com"
    assert services.client_requests.pending_count(people.manager) == 0


def test_modify_shows_old_and_new_and_reject_changes_nothing(services: AppServices,
                                                              people: RegistryPeople) -> None:
    created = services.client_requests.propose_create(people.manager, AHMAD)  # an approver: at once
    number = created.summary.client_number
    assert created.summary.status == "approved"

    change = services.client_requests.propose_modify(people.deputy, number, {"city": "مكة المكرمة"})
    assert [(c.field, c.old, c.new) for c in change.changes] == [("city", "جدة", "مكة المكرمة")]
    other = services.client_requests.propose_modify(people.steward, number, {"neighbourhood": "الروضة"})

    services.client_requests.approve(people.manager, change.number)
    rejected = services.client_requests.reject(people.manager, other.number, "الحي غير صحيح")
    assert rejected.summary.status == "rejected" and rejected.reason == "الحي غير صحيح"
    values = services.clients.detail(people.manager, number).values
    assert values["city"] == "مكة المكرمة" and values["neighbourhood"] == "الصفا"


def test_only_the_steward_and_deputy_propose(services: AppServices, people: RegistryPeople) -> None:
    for actor in (people.officer, people.reception):
        with pytest.raises(PermissionDenied):
            services.client_requests.propose_create(actor, AHMAD)
    assert services.client_requests.pending_count(people.manager) == 0


def test_approval_needs_a_manager_who_did_not_make_the_request(services: AppServices,
                                                               people: RegistryPeople) -> None:
    req = services.client_requests.propose_create(people.steward, AHMAD)
    with pytest.raises(PermissionDenied):
        services.client_requests.approve(people.steward, req.number)
    with pytest.raises(PermissionDenied):
        services.client_requests.approve(people.officer, req.number)
    own = services.client_requests.propose_create(people.manager, {**AHMAD, "name": "سعد"})
    assert own.summary.status == "approved"  # an approver's own proposal is approved at once
    with pytest.raises(UserError) as no_reason:
        services.client_requests.reject(people.manager, req.number, "  ")
    assert no_reason.value.field == "reason"
    assert services.client_requests.detail(people.manager, req.number).summary.status == "pending"


def test_bad_input_changes_nothing(services: AppServices, people: RegistryPeople) -> None:
    for bad, field in (({**AHMAD, "mobile": "12345"}, "mobile"), ({**AHMAD, "name": " "}, "name"),
                       ({**AHMAD, "kinds": []}, "kinds"), ({**AHMAD, "email": "x@"}, "email"),
                       ({**AHMAD, "national_id": "١٢٣"}, "national_id")):
        with pytest.raises(UserError) as error:
            services.client_requests.propose_create(people.steward, bad)
        assert error.value.field == field
    assert services.client_requests.list(people.manager, status=None) == []


def test_duplicates_are_found_by_name_mobile_email_and_id(services: AppServices,
                                                          people: RegistryPeople) -> None:
    services.client_requests.propose_create(people.manager, {**AHMAD, "national_id": "1012345678"})
    matches = services.client_requests.duplicates_of(people.steward, {
        "name": "احمد عبد الله الشهري", "mobile": "٠٥٥٥ ١٢٣ ٤٥٦"})
    assert len(matches) == 1 and set(matches[0].reasons) == {"name", "mobile"}
    by_id = services.client_requests.duplicates_of(people.steward, {"name": "x", "national_id": "1012345678"})
    assert by_id[0].reasons == ("national_id",)
    req = services.client_requests.propose_create(people.steward, {**AHMAD, "name": "احمد عبد الله الشهري"})
    assert req.summary.duplicates == (matches[0].number,)


def test_search_folds_spelling_and_every_form_of_the_mobile(services: AppServices,
                                                            people: RegistryPeople) -> None:
    services.client_requests.propose_create(people.manager, {**AHMAD, "name": "أحمد عبدالله"})
    for text in ("احمد عبد الله", "+966 55 512 3456", "٠٥٥٥١٢٣٤٥٦", "0555123456"):
        found = services.clients.find(people.reception, text)
        assert [c.name for c in found] == ["أحمد عبدالله"], text
        assert services.clients.count(people.reception, ClientQuery(text=text)) == 1


def test_merge_moves_linked_records_and_leaves_a_tombstone(services: AppServices,
                                                           people: RegistryPeople) -> None:
    keep = services.client_requests.propose_create(people.manager, AHMAD).summary.client_number
    twin = {"name": "احمد عبد الله الشهري", "kinds": ["beneficiary"], "mobile": "0501112222"}
    other = services.client_requests.propose_create(people.manager, twin).summary.client_number
    complaint = services.complaints.add(people.manager, NewComplaint(
        type="complaint", channel="phone", description="تأخر الرد", client_number=other)).row
    services.contributions.add(people.manager, other, "donation", 50_000, date.today(), "transfer", "كسوة")

    merge = services.client_requests.propose_merge(people.steward, keep, other)
    assert merge.moves == {"complaint": 1, "contribution": 1}
    services.client_requests.approve(people.manager, merge.number)

    kept = services.clients.file(people.manager, keep)
    assert [c.reference for c in kept.complaints] == [complaint.reference]
    assert kept.contributed_halalas == 50_000
    assert set(kept.client.values["kinds"]) == {"donor", "beneficiary"}
    assert kept.client.values["mobile2"] == "+966501112222"
    tomb = services.clients.detail(people.manager, other)
    assert tomb.merged_into == keep
    assert services.clients.count(people.manager, ClientQuery()) == 1
    assert services.clients.count(people.manager, ClientQuery(text="الشهري")) == 1  # the tombstone subtracted
    for number in (keep, other):
        history = services.audit.record_history(people.manager, "clients",
                                                services.clients.detail(people.manager, number).id)
        assert any(line.action == "client-merged" for line in history), number


def test_an_approved_request_keeps_its_form_on_file(services: AppServices, people: RegistryPeople) -> None:
    req = services.client_requests.propose_create(people.steward, AHMAD)
    assert services.client_requests.filed_form(people.manager, req.number) is None
    done = services.client_requests.approve(people.manager, req.number)
    assert done.has_form
    filed = services.client_requests.filed_form(people.manager, req.number)
    assert filed is not None and filed.startswith(b"%PDF")


def test_pages_read_from_either_end_agree(services: AppServices, people: RegistryPeople) -> None:
    for i in range(23):
        services.client_requests.propose_create(people.manager, {"name": f"عميل {i:02d}", "kinds": ["other"]})
    query = ClientQuery(text="عميل")
    total = services.clients.count(people.manager, query)
    assert total == 23
    forward = [r.number for off in range(0, total, 5)
               for r in services.clients.page(people.manager, query, off, 5)]
    backward = [r.number for off in range(0, total, 5)
                for r in services.clients.page(people.manager, query, off, 5, total=total)]
    assert forward == backward and len(forward) == 23
    assert services.clients.cities(people.manager) == []


def test_a_steward_cannot_slip_an_approval_through_the_proposal(services: AppServices,
                                                                 people: RegistryPeople) -> None:
    with pytest.raises(TypeError):
        services.client_requests.propose_create(people.steward, AHMAD, approve=True)  # type: ignore[call-arg]
    req = services.client_requests.propose_create(people.steward, AHMAD)
    assert req.summary.status == "pending"
    made = services.client_requests.propose_create(people.manager, {**AHMAD, "name": "سعد"})
    assert made.summary.status == "approved" and made.has_form  # the form is filed at once too
