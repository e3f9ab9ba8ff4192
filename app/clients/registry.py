"""Maker-checker changes to the client registry (seed 000 §6.1.4–6.1.5).

Only the data steward and the deputy named in the settings (``client_stewards``)
propose a create, a modify or a merge; the relations manager (``clients.approve``)
approves or rejects it with a reason; only an approved request writes the
client, and the audit log names both people. Someone who may approve may also
propose and approve in one step (the command line's ``clients add``), but never
approves a request somebody else is waiting on as its author: the author of a
pending request cannot approve it.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Select, func, or_, select, update
from sqlalchemy.orm import Session

from app.clients.directory import (
    NUMBER_PREFIX,
    ROW_SERIES,
    client_by_number,
    client_values,
    set_client_values,
)
from app.clients.duplicates import ExistingIndex, existing_index, matches_for, scan_pairs
from app.clients.fields import FIELD_LABELS, FIELDS, changed_fields, clean_values
from app.clients.links import LINKED_RECORDS, count_linked_records
from app.clients.records import (
    DuplicateMatch,
    DuplicatePair,
    FieldChange,
    RequestDetail,
    RequestSummary,
)
from app.errors import NotFound, PermissionDenied, UserError
from app.i18n import N_
from app.persistence.bulk import bulk_create, bulk_update
from app.persistence.db import Database
from app.persistence.models import Client, ClientRequest, User
from app.persistence.numbering import format_number, reserve
from app.persistence.recorder import audit_event
from app.services.audit import register_event, register_labels
from app.services.context import Actor, require
from app.services.roles import Permission
from app.services.settings import SettingsService
from app.text.digits import to_latin_digits
from app.text.phone import canonical_mobile

REQUEST_PREFIX = "RQ"
_FILLED_BY_BULK = frozenset({"id", "origin_site", "created_at", "updated_at", "deleted_at"})
ACTIONS = ("create", "modify", "merge")
REQUEST_STATUSES = ("pending", "approved", "rejected", "withdrawn")
REQUEST_STATUS_LABELS = {"pending": N_("Waiting for approval"), "approved": N_("Approved"),
                         "rejected": N_("Rejected"), "withdrawn": N_("Withdrawn")}
REQUEST_ACTION_LABELS = {"create": N_("New client"), "modify": N_("Change of data"), "merge": N_("Merge")}

register_labels("clients", N_("Client"), {**FIELD_LABELS, "number": N_("Client number")},
                viewers=Permission.CLIENTS_VIEW)
register_event("client-approved", N_("Client change approved"),
               N_("{user} approved the change request {detail}"))
register_event("client-merged", N_("Clients merged"), N_("{user} merged the clients: {detail}"))

@dataclass(frozen=True)
class BatchResult:
    count: int
    batch: str
    direct: bool  # clients written at once (a new installation's first load), not requests


# Renders an approved request's form as PDF bytes (the print layer, wired by AppServices).
FormPrinter = Callable[[RequestDetail], bytes]


def _now() -> datetime:
    return datetime.now(UTC)


def _loads(text: str) -> dict[str, Any]:
    value = json.loads(text or "{}")
    return value if isinstance(value, dict) else {}


class ClientRequests:
    def __init__(self, db: Database, settings: SettingsService) -> None:
        self._db = db
        self._settings = settings
        self.form_printer: FormPrinter | None = None
        self.form_store: Callable[[bytes], str] | None = None  # saves bytes, returns the sha256
        self.form_reader: Callable[[str], bytes | None] | None = None

    # --- who may do what --------------------------------------------------------------
    def stewards(self) -> tuple[str, str]:
        value = self._settings.get("client_stewards")
        return str(value.get("steward", "")), str(value.get("deputy", ""))

    def may_propose(self, actor: Actor) -> bool:
        """The steward or the deputy; anyone with clients.propose while none is named yet;
        and whoever approves (their proposal is approved at once)."""
        if actor.can(Permission.CLIENTS_APPROVE):
            return True
        if not actor.can(Permission.CLIENTS_PROPOSE):
            return False
        named = [n.casefold() for n in self.stewards() if n]
        return not named or actor.name.casefold() in named

    def may_approve(self, actor: Actor) -> bool:
        return actor.can(Permission.CLIENTS_APPROVE)

    def _require_proposer(self, actor: Actor) -> None:
        require(actor, Permission.CLIENTS_VIEW)
        if not self.may_propose(actor):
            raise PermissionDenied("not-the-steward",
                                   "Only the data steward or the deputy named in the settings may "
                                   "propose changes to clients.")

    def _clean(self, values: dict[str, Any]) -> dict[str, Any]:
        ids = lambda key: [c.id for c in self._settings.choices(key, include_inactive=True)]  # noqa: E731
        return clean_values(values, ids("client_kinds"), ids("centres"), ids("channels"))

    def _check_owner(self, s: Session, owner: str) -> None:
        if owner and s.scalar(select(func.count()).select_from(User).where(
                func.lower(User.name) == owner.casefold(), User.deleted_at.is_(None))) == 0:
            raise UserError("client-owner-unknown", "There is no user called “{name}”.", field="owner",
                            name=owner)

    # --- duplicates --------------------------------------------------------------------
    def duplicates_of(self, actor: Actor, values: dict[str, Any],
                      exclude_number: str | None = None) -> list[DuplicateMatch]:
        """Existing clients that share the normalised name, a mobile, the email or the ID."""
        require(actor, Permission.CLIENTS_VIEW)
        with self._db.session() as s:
            return matches_for(s, probe_values(values), exclude_number)

    def duplicate_pairs(self, actor: Actor, limit: int = 500) -> list[DuplicatePair]:
        require(actor, Permission.CLIENTS_VIEW)
        with self._db.session() as s:
            return scan_pairs(s, limit)

    def existing_index(self) -> ExistingIndex:
        """Every live client's keys, for checking a whole import in memory."""
        with self._db.session() as s:
            return existing_index(s)

    # --- proposing -----------------------------------------------------------------------
    def propose_create(self, actor: Actor, values: dict[str, Any], note: str = "") -> RequestDetail:
        self._require_proposer(actor)
        clean = self._clean(values)
        with self._db.begin(actor.writer) as s:
            self._check_owner(s, clean["owner"])
            warned = [m.number for m in matches_for(s, clean)]
            req = self._new_request(s, actor, "create", proposed=clean, note=note, warned=warned)
            if self.may_approve(actor):  # the checker's own proposal needs no other checker
                self._decide(s, actor, req, allow_own=True)
            detail = self._detail(s, req)
        return self._file_form(actor, detail) if detail.summary.status == "approved" else detail

    def propose_modify(self, actor: Actor, number: str, values: dict[str, Any],
                       note: str = "") -> RequestDetail:
        self._require_proposer(actor)
        with self._db.begin(actor.writer) as s:
            client = client_by_number(s, number)
            current = client_values(client)
            clean = self._clean({**current, **values})
            if not changed_fields(current, clean):
                raise UserError("request-changes-nothing", "The request changes nothing.")
            if clean["owner"] != current["owner"]:
                self._check_owner(s, clean["owner"])
            warned = [m.number for m in matches_for(s, clean, exclude_number=client.number)]
            req = self._new_request(s, actor, "modify", proposed=clean, previous=current, note=note,
                                    warned=warned, client_id=client.id)
            if self.may_approve(actor):  # the checker's own proposal needs no other checker
                self._decide(s, actor, req, allow_own=True)
            detail = self._detail(s, req)
        return self._file_form(actor, detail) if detail.summary.status == "approved" else detail

    def propose_merge(self, actor: Actor, keep_number: str, other_number: str,
                      note: str = "") -> RequestDetail:
        """Fold ``other_number`` into ``keep_number``: the kept client takes the other's kinds and
        any detail it lacks; every linked record moves to it; the other becomes a tombstone."""
        self._require_proposer(actor)
        with self._db.begin(actor.writer) as s:
            keep, other = client_by_number(s, keep_number), client_by_number(s, other_number)
            if keep.id == other.id:
                raise UserError("merge-same-client", "A client cannot be merged with itself.")
            current = client_values(keep)
            merged = merge_values(current, client_values(other))
            req = self._new_request(s, actor, "merge", proposed=merged, previous=current, note=note,
                                    client_id=keep.id, other_id=other.id)
            if self.may_approve(actor):  # the checker's own proposal needs no other checker
                self._decide(s, actor, req, allow_own=True)
            detail = self._detail(s, req)
        return self._file_form(actor, detail) if detail.summary.status == "approved" else detail

    def propose_batch(self, actor: Actor, rows: Sequence[dict[str, Any]], label: str) -> BatchResult:
        """Many creates in one transaction (an import), already checked by the caller.

        Pending requests sharing one batch id, for the manager to approve together;
        clients directly when the actor may approve and the registry is still empty
        (the administrator's first load on a new installation).
        """
        self._require_proposer(actor)
        batch = f"{label[:40]}#{uuid.uuid4().hex[:8]}"
        with self._db.begin(actor.writer) as s:
            direct = self.may_approve(actor) and not s.scalar(
                select(func.count()).select_from(Client).where(Client.deleted_at.is_(None)))
            site = s.info["site_code"]
            first = reserve(s, REQUEST_PREFIX, len(rows)) - len(rows) + 1
            now = _now()
            created = self._bulk_create_clients(s, actor, rows) if direct else []
            decided = ({"status": "approved", "decided_by": actor.name, "decided_by_name": actor.full_name,
                        "decided_at": now} if direct else {})
            bulk_create(s.connection(), ClientRequest, (
                {"number": format_number(REQUEST_PREFIX, site, "", first + i), "action": "create",
                 "proposed": json.dumps(row, ensure_ascii=False), "batch": batch, "proposed_by": actor.name,
                 "proposed_by_name": actor.full_name, "proposed_at": now,
                 "client_id": created[i] if direct else None, **decided}
                for i, row in enumerate(rows)), actor.writer)
            return BatchResult(len(rows), batch, direct)

    def _bulk_create_clients(self, s: Session, actor: Actor,
                             rows: Sequence[dict[str, Any]]) -> list[uuid.UUID]:
        """Clients for many approved creates at once (an import), written like the ORM would."""
        site = s.info["site_code"]
        n = len(rows)
        first_row = reserve(s, ROW_SERIES, n) - n + 1
        first_number = reserve(s, NUMBER_PREFIX, n) - n + 1
        ids = [uuid.uuid4() for _ in rows]
        records = []
        for i, values in enumerate(rows):
            client = Client(id=ids[i], row_no=first_row + i,
                            number=format_number(NUMBER_PREFIX, site, "", first_number + i), name="")
            set_client_values(client, values)
            # Every row with the same keys (executemany); bulk_create fills the bookkeeping.
            records.append({c.key: getattr(client, c.key) for c in Client.__table__.columns
                            if c.key not in _FILLED_BY_BULK or getattr(client, c.key) is not None})
        bulk_create(s.connection(), Client, records, actor.writer)
        return ids

    def _new_request(self, s: Session, actor: Actor, action: str, *, proposed: dict[str, Any],
                     previous: dict[str, Any] | None = None, note: str = "", warned: Sequence[str] = (),
                     client_id: uuid.UUID | None = None, other_id: uuid.UUID | None = None) -> ClientRequest:
        site = s.info["site_code"]
        req = ClientRequest(
            number=format_number(REQUEST_PREFIX, site, "", reserve(s, REQUEST_PREFIX)), action=action,
            client_id=client_id, other_id=other_id, proposed=json.dumps(proposed, ensure_ascii=False),
            previous=json.dumps(previous or {}, ensure_ascii=False), note=note.strip(),
            warned_duplicates=",".join(warned), proposed_by=actor.name, proposed_by_name=actor.full_name,
            proposed_at=_now())
        s.add(req)
        s.flush()
        return req

    # --- deciding ---------------------------------------------------------------------------
    def approve(self, actor: Actor, number: str) -> RequestDetail:
        require(actor, Permission.CLIENTS_APPROVE)
        with self._db.begin(actor.writer) as s:
            req = self._pending(s, number)
            self._decide(s, actor, req)
            detail = self._detail(s, req)
        return self._file_form(actor, detail)

    def reject(self, actor: Actor, number: str, reason: str) -> RequestDetail:
        require(actor, Permission.CLIENTS_APPROVE)
        reason = _rejection_reason(reason)
        with self._db.begin(actor.writer) as s:
            req = self._pending(s, number)
            self._refuse_own(actor, req)
            self._close(req, actor, "rejected", reason)
            s.flush()
            return self._detail(s, req)

    def withdraw(self, actor: Actor, number: str) -> RequestDetail:
        require(actor, Permission.CLIENTS_VIEW)
        with self._db.begin(actor.writer) as s:
            req = self._pending(s, number)
            if req.proposed_by.casefold() != actor.name.casefold():
                raise PermissionDenied("not-your-request",
                                       "Only the person who made a request may withdraw it.")
            self._close(req, actor, "withdrawn", "")
            s.flush()
            return self._detail(s, req)

    def approve_batch(self, actor: Actor, batch: str) -> int:
        require(actor, Permission.CLIENTS_APPROVE)
        with self._db.begin(actor.writer) as s:
            requests = list(s.scalars(_pending_in(batch)))
            self._approve_all(s, actor, requests)
            return len(requests)

    def reject_batch(self, actor: Actor, batch: str, reason: str) -> int:
        require(actor, Permission.CLIENTS_APPROVE)
        reason = _rejection_reason(reason)
        with self._db.begin(actor.writer) as s:
            requests = list(s.scalars(_pending_in(batch)))
            for req in requests:
                self._refuse_own(actor, req)
                self._close(req, actor, "rejected", reason)
            return len(requests)

    def _pending(self, s: Session, number: str) -> ClientRequest:
        req = s.scalar(_by_number(number))
        if req is None:
            raise NotFound("unknown-request", "There is no change request with the number {number}.",
                           field="request", number=number)
        if req.status != "pending":
            raise UserError("request-decided", "The request {number} was already decided.", number=req.number)
        return req

    @staticmethod
    def _refuse_own(actor: Actor, req: ClientRequest) -> None:
        if req.proposed_by.casefold() == actor.name.casefold():
            raise PermissionDenied("own-request",
                                   "You made this request; another manager must approve or reject it.")

    @staticmethod
    def _close(req: ClientRequest, actor: Actor, status: str, reason: str) -> None:
        req.status = status
        req.decided_by, req.decided_by_name, req.decided_at = actor.name, actor.full_name, _now()
        req.reason = reason

    def _decide(self, s: Session, actor: Actor, req: ClientRequest, allow_own: bool = False) -> None:
        """Apply an approved request to the registry, in the caller's transaction."""
        if not allow_own:
            self._refuse_own(actor, req)
        if req.action == "create":
            client = self._create_client(s, _loads(req.proposed))
            req.client_id = client.id
        elif req.action == "modify":
            client = s.get_one(Client, req.client_id)
            self._check_live(client)
            self._check_unchanged(client, _loads(req.previous), _loads(req.proposed))
            set_client_values(client, _loads(req.proposed))
        else:
            client = s.get_one(Client, req.client_id)
            other = s.get_one(Client, req.other_id)
            self._check_live(client)
            self._check_live(other)
            set_client_values(client, _loads(req.proposed))
            moves = move_linked_records(s, other.id, client.id)
            other.deleted_at, other.merged_into = _now(), client.id
            other.status = "inactive"
            detail = f"{other.number} → {client.number} ({_moves_text(moves)})"
            for record in (client, other):
                audit_event(s, actor.writer, "client-merged", table_name="clients", record_id=str(record.id),
                            detail=detail)
        self._close(req, actor, "approved", "")
        s.flush()
        audit_event(s, actor.writer, "client-approved", table_name="clients", record_id=str(client.id),
                    detail=f"{req.number} ({req.proposed_by_name or req.proposed_by})")

    def _approve_all(self, s: Session, actor: Actor, requests: Sequence[ClientRequest]) -> None:
        """Many requests at once (an import's batch): the creates are written in bulk."""
        creates = [r for r in requests if r.action == "create"]
        for req in requests:
            self._refuse_own(actor, req)
            if req.action != "create":
                self._decide(s, actor, req)
        s.flush()
        ids = self._bulk_create_clients(s, actor, [_loads(r.proposed) for r in creates])
        now = _now()
        decided = {"status": ("pending", "approved"), "decided_by": ("", actor.name),
                   "decided_by_name": ("", actor.full_name), "decided_at": (None, now)}
        bulk_update(s.connection(), ClientRequest,
                    [(req.id, {**decided, "client_id": (None, client_id)})
                     for req, client_id in zip(creates, ids, strict=True)], actor.writer)
        for req in creates:  # the session's copies are stale now: never flush them
            s.expunge(req)

    def _create_client(self, s: Session, values: dict[str, Any]) -> Client:
        site = s.info["site_code"]
        number = format_number(NUMBER_PREFIX, site, "", reserve(s, NUMBER_PREFIX))
        client = Client(row_no=reserve(s, ROW_SERIES), number=number, name=values["name"])
        set_client_values(client, values)
        s.add(client)
        s.flush()
        return client

    @staticmethod
    def _check_live(client: Client) -> None:
        if client.deleted_at is not None:
            raise UserError("client-merged-away", "The client {number} was merged into another one.",
                            number=client.number)

    @staticmethod
    def _check_unchanged(client: Client, previous: dict[str, Any], proposed: dict[str, Any]) -> None:
        """Someone else's approved change since the proposal wins; this one must be redone."""
        current = client_values(client)
        for f in changed_fields(previous, proposed):
            if current.get(f) != previous.get(f) and current.get(f) != proposed.get(f):
                raise UserError("request-stale",
                                "The client changed after this request was made; reject it and propose "
                                "the change again.")

    def _file_form(self, actor: Actor, detail: RequestDetail) -> RequestDetail:
        """Keep the approved request's form as a filed PDF (seed 000: the signed form is filed)."""
        if self.form_printer is None or self.form_store is None:
            return detail
        sha = self.form_store(self.form_printer(detail))
        with self._db.begin(actor.writer) as s:
            s.execute(update(ClientRequest).where(ClientRequest.number == detail.number)
                      .values(form_sha256=sha, updated_at=_now()))
        return replace(detail, has_form=True)

    def filed_form(self, actor: Actor, number: str) -> bytes | None:
        require(actor, Permission.CLIENTS_VIEW)
        with self._db.session() as s:
            sha = s.scalar(select(ClientRequest.form_sha256).where(ClientRequest.number == number))
        if not sha or self.form_reader is None:
            return None
        return self.form_reader(sha)

    # --- reading --------------------------------------------------------------------------
    def list(self, actor: Actor, status: str | None = "pending", limit: int = 500,
             client_number: str | None = None) -> list[RequestSummary]:
        """Requests, newest first (pending ones oldest first: the order they are dealt with)."""
        require(actor, Permission.CLIENTS_VIEW)
        with self._db.session() as s:
            query = select(ClientRequest)
            if status:
                query = query.where(ClientRequest.status == status)
            if client_number:
                ids = select(Client.id).where(Client.number == client_number)
                query = query.where(or_(ClientRequest.client_id.in_(ids), ClientRequest.other_id.in_(ids)))
            order = ClientRequest.proposed_at if status == "pending" else ClientRequest.proposed_at.desc()
            rows = list(s.scalars(query.order_by(order, ClientRequest.number).limit(limit)))
            names = _client_names(s, [r.client_id for r in rows if r.client_id])
            return [_summary(r, names) for r in rows]

    def pending_count(self, actor: Actor) -> int:
        if not actor.can(Permission.CLIENTS_VIEW):
            return 0
        with self._db.session() as s:
            return int(s.scalar(select(func.count()).select_from(ClientRequest)
                                .where(ClientRequest.status == "pending")) or 0)

    def detail(self, actor: Actor, number: str) -> RequestDetail:
        require(actor, Permission.CLIENTS_VIEW)
        with self._db.session() as s:
            req = s.scalar(_by_number(number))
            if req is None:
                raise NotFound("unknown-request", "There is no change request with the number {number}.",
                               field="request", number=number)
            return self._detail(s, req)

    def _detail(self, s: Session, req: ClientRequest) -> RequestDetail:
        names = _client_names(s, [i for i in (req.client_id, req.other_id) if i])
        proposed, previous = _loads(req.proposed), _loads(req.previous)
        if req.action == "create":
            changes = tuple(FieldChange(f, None, proposed.get(f)) for f in FIELDS)
        else:
            changes = tuple(FieldChange(f, previous.get(f), proposed.get(f))
                            for f in changed_fields(previous, proposed))
        other_number, other_name = names.get(req.other_id, ("", "")) if req.other_id else ("", "")
        moves = count_linked_records(s, req.other_id) if req.action == "merge" and req.other_id else {}
        return RequestDetail(summary=_summary(req, names), proposed=proposed, previous=previous,
                             changes=changes, note=req.note, reason=req.reason, other_number=other_number,
                             other_name=other_name, moves=moves, has_form=bool(req.form_sha256))


def probe_values(values: dict[str, Any]) -> dict[str, Any]:
    """Values as typed, put in the stored forms a duplicate probe compares (unchecked: a form
    half filled in is probed too)."""
    probe = dict(values)
    for f in ("mobile", "mobile2"):
        if probe.get(f):
            probe[f] = canonical_mobile(str(probe[f])) or probe[f]
    probe["email"] = str(probe.get("email") or "").strip().lower()
    probe["national_id"] = to_latin_digits(str(probe.get("national_id") or "")).replace(" ", "")
    return probe


def merge_values(keep: dict[str, Any], other: dict[str, Any]) -> dict[str, Any]:
    """The kept client's values, with the other's kinds added and its details where the kept has none."""
    merged = dict(keep)
    merged["kinds"] = list(dict.fromkeys([*keep.get("kinds", []), *other.get("kinds", [])]))
    for f in ("name_latin", "national_id", "mobile", "phone", "email", "city", "neighbourhood", "centre",
              "channel", "owner"):
        if not merged.get(f) and other.get(f):
            merged[f] = other[f]
    if not merged.get("mobile2") and other.get("mobile") and other["mobile"] != merged.get("mobile"):
        merged["mobile2"] = other["mobile"]
    merged["consent"] = bool(keep.get("consent")) or bool(other.get("consent"))
    if other.get("notes") and other["notes"] not in str(merged.get("notes", "")):
        merged["notes"] = "\n".join(n for n in (str(merged.get("notes", "")), str(other["notes"])) if n)
    return merged


def move_linked_records(s: Session, from_id: uuid.UUID, to_id: uuid.UUID) -> dict[str, int]:
    """Every record linked to ``from_id`` now points at ``to_id``, through the ORM so each move is
    audited and change-logged like any edit."""
    moved: dict[str, int] = {}
    for link in LINKED_RECORDS:
        column = getattr(link.model, link.column)
        rows = list(s.scalars(select(link.model).where(column == from_id)))
        for row in rows:
            setattr(row, link.column, to_id)
        if rows:
            moved[link.kind] = len(rows)
    s.flush()
    return moved




def _moves_text(moves: dict[str, int]) -> str:
    return ", ".join(f"{kind}: {n}" for kind, n in moves.items()) or "-"


def _client_names(s: Session, ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, tuple[str, str]]:
    if not ids:
        return {}
    rows = s.execute(select(Client.id, Client.number, Client.name).where(Client.id.in_(set(ids))))
    return {r.id: (r.number, r.name) for r in rows}


def _summary(req: ClientRequest, names: dict[uuid.UUID, tuple[str, str]]) -> RequestSummary:
    number, name = names.get(req.client_id, ("", "")) if req.client_id else ("", "")
    if not name:
        name = str(_loads(req.proposed).get("name", ""))
    return RequestSummary(
        number=req.number, action=req.action, status=req.status, client_number=number, client_name=name,
        proposed_by=req.proposed_by, proposed_by_name=req.proposed_by_name, proposed_at=req.proposed_at,
        decided_by=req.decided_by, decided_by_name=req.decided_by_name, decided_at=req.decided_at,
        batch=req.batch, duplicates=tuple(n for n in req.warned_duplicates.split(",") if n))


def _rejection_reason(reason: str) -> str:
    reason = reason.strip()
    if not reason:
        raise UserError("reason-required", "Write the reason for the rejection.", field="reason")
    return reason


def _pending_in(batch: str) -> Select[ClientRequest]:
    return select(ClientRequest).where(ClientRequest.batch == batch, ClientRequest.status == "pending")


def _by_number(number: str) -> Select[ClientRequest]:
    return select(ClientRequest).where(func.upper(ClientRequest.number) == number.strip().upper())
