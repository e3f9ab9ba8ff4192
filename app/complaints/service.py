"""The complaints desk's service: intake, the workflow, the log's queries.

Every method takes the acting user and checks the permission itself; every
change goes through one transaction whose writes the recorder puts in the
change log and the audit log.

Who may move an item: holders of ``complaints.manage`` any item; the
reception desk (``complaints.create`` only) items that are unassigned or
assigned to them, and not to cancel or reopen — so reception cannot close
someone else's assigned complaint.
"""

from __future__ import annotations

import hashlib
import shutil
import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import ColumnElement, and_, func, or_, select
from sqlalchemy.orm import Session, aliased

from app.calendars.hijri import to_hijri
from app.clients.directory import ClientDirectory, client_by_number
from app.complaints import workflow
from app.complaints.faq import FaqEntry, search_faq
from app.complaints.messages import acknowledgement_message
from app.complaints.records import (
    SORT_KEYS,
    VIEWS,
    ActionInfo,
    AttachmentInfo,
    ComplaintDetail,
    ComplaintQuery,
    ComplaintRow,
    DeskCounts,
    NewComplaint,
    PersonMatch,
    TimelineEntry,
)
from app.complaints.sla import deadlines, sla_state
from app.complaints.timeline import build_timeline
from app.complaints.vocab import OPEN_STATUSES, PRIORITIES, STATUSES, TYPES, label
from app.errors import NotFound, PermissionDenied, UserError
from app.i18n import _
from app.persistence.db import Database
from app.persistence.models import (
    AuditEntry,
    Client,
    Complaint,
    ComplaintAttachment,
    ComplaintEvent,
    CorrectiveAction,
    Counter,
    User,
)
from app.persistence.numbering import format_number, reserve
from app.persistence.search import index_text, query_words, reference_words
from app.persistence.search_indexes import COMPLAINT_SEARCH
from app.services.context import Actor, require
from app.services.roles import Permission, Role, permissions_of
from app.services.settings import SettingsService, label_of
from app.services.settings_defaults import SPECS
from app.text.digits import parse_int
from app.text.phone import parse_mobile

REFERENCE_PREFIX = "C"
ROW_SERIES = "#complaints"
MAX_DESCRIPTION = 10_000
MAX_NOTE = 4_000
MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024
MAX_PAGE = 1_000
SUMMARY_CHARS = 160
# Roles whose "my queue" also holds every overdue item: escalation (DOMAIN.md §1).
ESCALATION_ROLES = frozenset({Role.RELATIONS_MANAGER, Role.ADMIN})

_SORT_COLUMNS: dict[str, Any] = {
    "reference": Complaint.reference, "type": Complaint.type, "status": Complaint.status,
    "channel": Complaint.channel, "centre": Complaint.centre, "category": Complaint.category,
    "priority": Complaint.priority, "name": Complaint.contact_name, "received": Complaint.received_at,
    "due": Complaint.answer_due, "assignee": Complaint.assignee_id,
}


def local_today() -> date:
    return datetime.now().astimezone().date()


def _local_day(at: datetime) -> date:
    return at.astimezone().date()


def complaint_search_text(reference: str, name: str, mobile: str | None, description: str,
                          client_number: str | None = None) -> str:
    return index_text(reference, " ".join(reference_words(reference)), client_number, name, description,
                      phones=[mobile])


def _clean(text: str, limit: int, code: str, message: str, field: str, required: bool = True) -> str:
    text = (text or "").strip()
    if required and not text:
        raise UserError(code, message, field=field)
    if len(text) > limit:
        raise UserError("text-too-long", "The text is too long: at most {limit} characters.", field=field,
                        limit=limit)
    return text


class ComplaintService:
    def __init__(self, db: Database, settings: SettingsService, clients: ClientDirectory,
                 attachments_dir: Path | None = None) -> None:
        self._db = db
        self._settings = settings
        self._clients = clients
        self._attachments_dir = attachments_dir

    # --- vocabulary checks ----------------------------------------------------
    def _choice(self, key: str, value: str | None, field: str, required: bool) -> str | None:
        if not value:
            if required:
                raise UserError("choice-required", "Choose the {what}.", field=field,
                                what=self._settings_label(key))
            return None
        ids = [c.id for c in self._settings.choices(key)]
        if value not in ids:
            raise UserError("unknown-choice", "“{value}” is not one of the {what}: {ids}.", field=field,
                            value=value, what=self._settings_label(key), ids=", ".join(ids))
        return value

    @staticmethod
    def _settings_label(key: str) -> str:
        return _(SPECS[key].label)

    @staticmethod
    def _vocab(table: dict[str, str], value: str, field: str, code: str) -> str:
        if value not in table:
            raise UserError(code, "“{value}” is not valid here; choose one of: {ids}.", field=field,
                            value=value, ids=", ".join(table))
        return value

    # --- intake ---------------------------------------------------------------
    def add(self, actor: Actor, new: NewComplaint) -> ComplaintDetail:
        require(actor, Permission.COMPLAINTS_CREATE)
        type_ = self._vocab(TYPES, new.type, "type", "unknown-type")
        priority = self._vocab(PRIORITIES, new.priority or "normal", "priority", "unknown-priority")
        channel = self._choice("channels", new.channel, "channel", required=True)
        centre = self._choice("centres", new.centre, "centre", required=False)
        category = self._choice("complaint_categories", new.category, "category", required=False)
        description = _clean(new.description, MAX_DESCRIPTION, "description-required",
                             "Write what the person said: the description cannot be empty.", "description")
        received = new.received_at or datetime.now(UTC)
        if received.tzinfo is None:
            raise ValueError("received_at must carry a timezone")
        client: Client | None = None
        with self._db.begin(actor.writer) as s:
            if new.client_number:
                client = client_by_number(s, new.client_number)
                name = client.name
                mobile = parse_mobile(new.mobile) if new.mobile.strip() else client.mobile
            else:
                name = " ".join(new.name.split())
                if not name:
                    raise UserError("name-required", "Write the person's name or choose a client.",
                                    field="name")
                if not new.mobile.strip():
                    raise UserError("mobile-required", "Write a mobile number so the person can be called "
                                    "back.", field="mobile")
                mobile = parse_mobile(new.mobile)
            answer = new.answer.strip()
            if new.close and not answer:
                raise UserError("answer-required", "Write the answer given before closing.", field="answer")
            due = deadlines(self._settings.work_calendar(), self._settings.get("sla_rules"), type_, priority,
                            received.astimezone())
            site = s.info["site_code"]
            hijri_year = str(to_hijri(_local_day(received)).year)
            reference = format_number(REFERENCE_PREFIX, site, hijri_year,
                                      reserve(s, REFERENCE_PREFIX, 1, hijri_year))
            user = s.get(User, uuid.UUID(actor.user_id))
            c = Complaint(
                row_no=reserve(s, ROW_SERIES), reference=reference, type=type_, status="received",
                channel=channel, centre=centre, category=category, priority=priority,
                description=description, client_id=client.id if client else None, contact_name=name,
                contact_mobile=mobile, received_at=received, received_by=uuid.UUID(actor.user_id),
                received_by_name=(user.full_name if user and user.full_name else actor.name),
                study_due=due.study, answer_due=due.answer, faq_id=new.faq_id,
                search_text=complaint_search_text(reference, name, mobile, description,
                                                  client.number if client else None),
            )
            s.add(c)
            s.flush()
            if answer:
                self._apply_move(s, actor, c, "answered", note="", answer=answer)
                if new.close:
                    self._apply_move(s, actor, c, "closed", note="")
            return self._detail(s, actor, c)

    # --- reading one ------------------------------------------------------------
    def get(self, actor: Actor, reference: str) -> ComplaintDetail:
        require(actor, Permission.COMPLAINTS_VIEW)
        with self._db.session() as s:
            return self._detail(s, actor, self._find(s, reference))

    @staticmethod
    def _find(s: Session, reference: str) -> Complaint:
        ref = (reference or "").strip().upper()
        c = s.scalar(select(Complaint).where(Complaint.reference == ref, Complaint.deleted_at.is_(None)))
        if c is None:
            raise NotFound("unknown-complaint", "There is no complaint with the reference {reference}.",
                           field="reference", reference=reference)
        return c

    def _detail(self, s: Session, actor: Actor, c: Complaint) -> ComplaintDetail:
        assignee = s.get(User, c.assignee_id) if c.assignee_id else None
        client_number = (s.scalar(select(Client.number).where(Client.id == c.client_id))
                         if c.client_id else None)
        actions = s.execute(
            select(CorrectiveAction, User.name).outerjoin(User, User.id == CorrectiveAction.owner_id)
            .where(CorrectiveAction.complaint_id == c.id, CorrectiveAction.deleted_at.is_(None))
            .order_by(CorrectiveAction.due, CorrectiveAction.created_at)).all()
        attachments = s.execute(
            select(ComplaintAttachment).where(ComplaintAttachment.complaint_id == c.id,
                                              ComplaintAttachment.deleted_at.is_(None))
            .order_by(ComplaintAttachment.created_at)).scalars().all()
        adders = self._attachment_adders(s, [a.id for a in attachments])
        return ComplaintDetail(
            row=self._row(c, assignee.name if assignee else None, local_today(), summary=False),
            description=c.description, client_number=client_number, department=c.department,
            assignee_full_name=(assignee.full_name or assignee.name) if assignee else None,
            received_by_name=c.received_by_name, study_due=c.study_due, acknowledged_at=c.acknowledged_at,
            assigned_at=c.assigned_at, study_started_at=c.study_started_at, closed_at=c.closed_at,
            cancelled_at=c.cancelled_at, answer=c.answer, cancel_reason=c.cancel_reason,
            reopen_count=c.reopen_count, rating=c.rating, rating_note=c.rating_note,
            moves=tuple(m for m in workflow.allowed_moves(c.status) if self._may_move(actor, c, m)),
            actions=tuple(ActionInfo(str(a.id), a.description, owner, a.due, a.done_at, a.done_note)
                          for a, owner in actions),
            attachments=tuple(AttachmentInfo(str(a.id), a.file_name, a.size, a.sha256, a.created_at,
                                             adders.get(str(a.id), "")) for a in attachments),
        )

    @staticmethod
    def _attachment_adders(s: Session, ids: list[uuid.UUID]) -> dict[str, str]:
        if not ids:
            return {}
        rows = s.execute(select(AuditEntry.record_id, AuditEntry.user_name).where(
            AuditEntry.table_name == ComplaintAttachment.__tablename__,
            AuditEntry.record_id.in_([str(i) for i in ids]), AuditEntry.action == "create")).all()
        return {str(r): n for r, n in rows}

    @staticmethod
    def _row(c: Complaint, assignee: str | None, today: date, summary: bool = True) -> ComplaintRow:
        answered_on = _local_day(c.answered_at) if c.answered_at else None
        return ComplaintRow(
            id=str(c.id), reference=c.reference, type=c.type, status=c.status, channel=c.channel,
            centre=c.centre, category=c.category, priority=c.priority, name=c.contact_name,
            mobile=c.contact_mobile, received_at=c.received_at, answer_due=c.answer_due,
            answered_at=c.answered_at, assignee=assignee,
            sla=sla_state(c.status, c.answer_due, answered_on, today),
            summary=" ".join(c.description[:SUMMARY_CHARS].split()) if summary else "",
        )

    # --- the workflow -------------------------------------------------------------
    def _may_move(self, actor: Actor, c: Complaint, target: str) -> bool:
        if actor.can(Permission.COMPLAINTS_MANAGE):
            return True
        if not actor.can(Permission.COMPLAINTS_CREATE) or target in ("cancelled", workflow.REOPEN):
            return False
        return c.assignee_id is None or str(c.assignee_id) == actor.user_id

    def move(self, actor: Actor, reference: str, target: str, *, note: str = "", assignee: str | None = None,
             department: str | None = None, answer: str = "", reason: str = "",
             rating: int | str | None = None, rating_note: str = "") -> ComplaintDetail:
        """Take the item to ``target`` (a status, or ``reopen``), with what that step needs."""
        require(actor, Permission.COMPLAINTS_VIEW)
        if target not in STATUSES and target != workflow.REOPEN:
            raise UserError("unknown-status",
                            "“{value}” is not a step of the workflow; choose one of: {ids}.", field="to",
                            value=target, ids=", ".join([*STATUSES, workflow.REOPEN]))
        with self._db.begin(actor.writer) as s:
            c = self._find(s, reference)
            if not workflow.can_move(c.status, target):
                raise UserError("move-not-allowed", "A complaint that is “{status}” cannot be moved to "
                                "“{target}”.", field="to", status=label(STATUSES, c.status),
                                target=label(STATUSES, target) if target in STATUSES else target)
            if not self._may_move(actor, c, target):
                raise PermissionDenied("not-your-complaint", "This item is assigned to someone else; only "
                                       "its assignee or a manager can move it.")
            self._apply_move(s, actor, c, target, note=note, assignee=assignee, department=department,
                             answer=answer, reason=reason, rating=rating, rating_note=rating_note)
            return self._detail(s, actor, c)

    def _apply_move(self, s: Session, actor: Actor, c: Complaint, target: str, *, note: str = "",
                    assignee: str | None = None, department: str | None = None, answer: str = "",
                    reason: str = "", rating: int | str | None = None, rating_note: str = "") -> None:
        now = datetime.now(UTC)
        note = _clean(note, MAX_NOTE, "", "", "note", required=False)
        source = c.status
        if target == "acknowledged":
            c.acknowledged_at = now
        elif target == "assigned":
            to_whom = self._assign(s, actor, c, assignee, department)
            note = f"{to_whom}\n{note}" if note else to_whom
            c.assigned_at = now
        elif target == "under_study":
            if c.study_started_at is None:
                c.study_started_at = now
        elif target == "answered":
            c.answer = _clean(answer, MAX_DESCRIPTION, "answer-required",
                              "Write the answer given to the person.", "answer")
            c.answered_at = now
        elif target == "closed":
            c.rating = self._rating(rating)
            c.rating_note = _clean(rating_note, MAX_NOTE, "", "", "rating_note", required=False)
            c.closed_at = now
        elif target == "cancelled":
            c.cancel_reason = _clean(reason, MAX_NOTE, "reason-required",
                                     "Write why the item is cancelled.", "reason")
            c.cancelled_at = now
        elif target == workflow.REOPEN:
            target = workflow.REOPEN_TO
            c.reopen_count += 1
            c.answered_at = c.closed_at = c.cancelled_at = None
            due = deadlines(self._settings.work_calendar(), self._settings.get("sla_rules"), c.type,
                            c.priority, now.astimezone())
            c.study_due, c.answer_due = due.study, due.answer
        c.status = target
        s.add(ComplaintEvent(complaint_id=c.id, at=now, user_id=uuid.UUID(actor.user_id),
                             user_name=actor.name, kind="move", from_status=source, to_status=target,
                             note=note or (reason if target == "cancelled" else "")))
        s.flush()

    def _assign(self, s: Session, actor: Actor, c: Complaint, assignee: str | None,
                department: str | None) -> str:
        """Set the assignee and/or department; returns them as the timeline says it."""
        department = self._choice("departments", department, "department", required=False)
        if not assignee and not department:
            raise UserError("assignee-required", "Choose the department or the employee to assign it to.",
                            field="assignee")
        names = [label_of_choice(self._settings, "departments", department)] if department else []
        if assignee:
            user = s.scalar(select(User).where(func.lower(User.name) == assignee.strip().lower(),
                                               User.deleted_at.is_(None), User.active.is_(True)))
            if user is None:
                raise UserError("unknown-assignee", "There is no active user named {name}.", field="assignee",
                                name=assignee)
            if (str(user.id) != actor.user_id and c.assignee_id not in (None, user.id)
                    and not actor.can(Permission.COMPLAINTS_MANAGE)):
                raise PermissionDenied("not-your-complaint", "This item is assigned to someone else; only "
                                       "its assignee or a manager can move it.")
            c.assignee_id = user.id
            names.append(user.full_name or user.name)
        c.department = department or c.department
        return _(", ").join(names)

    @staticmethod
    def _rating(rating: int | str | None) -> int | None:
        if rating is None or rating == "":
            return None
        value = parse_int(rating) if isinstance(rating, str) else rating
        if value is None or not 1 <= value <= 5:
            raise UserError("invalid-rating", "The rating is a number from 1 to 5.", field="rating")
        return value

    def add_note(self, actor: Actor, reference: str, note: str) -> None:
        require(actor, Permission.COMPLAINTS_VIEW)
        text = _clean(note, MAX_NOTE, "note-required", "Write the note.", "note")
        with self._db.begin(actor.writer) as s:
            c = self._find(s, reference)
            if not self._may_move(actor, c, "note"):
                raise PermissionDenied("not-your-complaint", "This item is assigned to someone else; only "
                                       "its assignee or a manager can move it.")
            s.add(ComplaintEvent(complaint_id=c.id, at=datetime.now(UTC), user_id=uuid.UUID(actor.user_id),
                                 user_name=actor.name, kind="note", note=text))

    def update(self, actor: Actor, reference: str, *, category: str | None = None,
               priority: str | None = None, centre: str | None = None) -> ComplaintDetail:
        """Correct the classification; a new priority recomputes the deadlines."""
        require(actor, Permission.COMPLAINTS_MANAGE)
        with self._db.begin(actor.writer) as s:
            c = self._find(s, reference)
            if category is not None:
                c.category = self._choice("complaint_categories", category, "category", required=False)
            if centre is not None:
                c.centre = self._choice("centres", centre, "centre", required=False)
            if priority is not None and priority != c.priority:
                c.priority = self._vocab(PRIORITIES, priority, "priority", "unknown-priority")
                due = deadlines(self._settings.work_calendar(), self._settings.get("sla_rules"), c.type,
                                c.priority, c.received_at.astimezone())
                c.study_due, c.answer_due = due.study, due.answer
            s.flush()
            return self._detail(s, actor, c)

    def link_client(self, actor: Actor, reference: str, client_number: str) -> ComplaintDetail:
        """Attach a quick contact's item to the client they turned out to be (or became)."""
        require(actor, Permission.COMPLAINTS_CREATE)
        with self._db.begin(actor.writer) as s:
            c = self._find(s, reference)
            client = client_by_number(s, client_number)
            c.client_id = client.id
            c.search_text = complaint_search_text(c.reference, c.contact_name, c.contact_mobile,
                                                  c.description, client.number)
            s.flush()
            return self._detail(s, actor, c)

    # --- corrective actions and attachments -----------------------------------------
    def add_action(self, actor: Actor, reference: str, description: str, owner: str, due: date) -> ActionInfo:
        require(actor, Permission.COMPLAINTS_MANAGE)
        text = _clean(description, MAX_NOTE, "action-required", "Describe the corrective action.",
                      "description")
        with self._db.begin(actor.writer) as s:
            c = self._find(s, reference)
            user = s.scalar(select(User).where(func.lower(User.name) == owner.strip().lower(),
                                               User.deleted_at.is_(None)))
            if user is None:
                raise UserError("unknown-owner", "There is no user named {name}.", field="owner", name=owner)
            if due < local_today():
                raise UserError("due-in-past", "The due date cannot be in the past.", field="due")
            action = CorrectiveAction(complaint_id=c.id, description=text, owner_id=user.id, due=due)
            s.add(action)
            s.flush()
            return ActionInfo(str(action.id), text, user.name, due, None, "")

    def complete_action(self, actor: Actor, action_id: str, note: str = "") -> None:
        require(actor, Permission.COMPLAINTS_MANAGE)
        with self._db.begin(actor.writer) as s:
            action = s.get(CorrectiveAction, uuid.UUID(action_id))
            if action is None or action.deleted_at is not None:
                raise NotFound("unknown-action", "This corrective action no longer exists.")
            if action.done_at is None:
                action.done_at = datetime.now(UTC)
                action.done_note = _clean(note, MAX_NOTE, "", "", "note", required=False)

    def attach(self, actor: Actor, reference: str, source: Path) -> AttachmentInfo:
        require(actor, Permission.COMPLAINTS_CREATE)
        if self._attachments_dir is None:
            raise UserError("attachments-unavailable", "Files cannot be attached with this database.")
        if not source.is_file():
            raise UserError("attachment-missing", "The file {path} does not exist.", path=str(source))
        size = source.stat().st_size
        if size > MAX_ATTACHMENT_BYTES:
            raise UserError("attachment-too-large", "The file is too large: at most 20 MB.")
        digest = hashlib.sha256(source.read_bytes()).hexdigest()
        target = self.attachment_path(digest)
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
        with self._db.begin(actor.writer) as s:
            c = self._find(s, reference)
            a = ComplaintAttachment(complaint_id=c.id, file_name=source.name[:255], size=size, sha256=digest)
            s.add(a)
            s.flush()
            return AttachmentInfo(str(a.id), a.file_name, size, digest, a.created_at, actor.name)

    def attachment_path(self, sha256: str) -> Path:
        if self._attachments_dir is None:
            raise UserError("attachments-unavailable", "Files cannot be attached with this database.")
        return self._attachments_dir / sha256[:2] / sha256

    # --- the log ------------------------------------------------------------------
    def _conditions(self, actor: Actor, q: ComplaintQuery, today: date) -> list[ColumnElement[bool]]:
        if q.view not in VIEWS:
            raise UserError("unknown-view", "“{value}” is not a view of the log.", value=q.view)
        cond: list[ColumnElement[bool]] = [Complaint.deleted_at.is_(None)]
        for column, values in ((Complaint.type, q.types), (Complaint.status, q.statuses),
                               (Complaint.channel, q.channels), (Complaint.centre, q.centres),
                               (Complaint.category, q.categories)):
            if values:
                cond.append(column.in_(values))
        open_ = Complaint.status.in_(sorted(OPEN_STATUSES))
        overdue = and_(open_, Complaint.answer_due < today)
        if q.assignee is not None:
            if q.assignee == "":
                cond.append(Complaint.assignee_id.is_(None))
            else:
                cond.append(Complaint.assignee_id == select(User.id).where(
                    func.lower(User.name) == q.assignee.lower()).scalar_subquery())
        if q.received_from:
            cond.append(Complaint.received_at >= _local_midnight(q.received_from))
        if q.received_to:
            day_after = date.fromordinal(q.received_to.toordinal() + 1)
            cond.append(Complaint.received_at < _local_midnight(day_after))
        if q.overdue:
            cond.append(overdue)
        if q.due_today:
            cond.append(and_(open_, Complaint.answer_due == today))
        me = uuid.UUID(actor.user_id)
        if q.view == "mine":
            mine = [Complaint.assignee_id == me,
                    and_(Complaint.assignee_id.is_(None), Complaint.received_by == me, open_)]
            if actor.role in ESCALATION_ROLES:
                mine.append(overdue)
            cond.append(or_(*mine))
        elif q.view == "team":
            cond.append(open_)
        return cond

    def _with_search(self, s: Session, q: ComplaintQuery, cond: list[ColumnElement[bool]],
                     for_count: bool) -> list[ColumnElement[bool]]:
        terms = query_words(q.search)
        if not terms:
            return cond
        conn = s.connection()
        if COMPLAINT_SEARCH.has_index(conn) and (for_count or not COMPLAINT_SEARCH.prefer_scan(
                conn, terms, self._table_rows(s))):
            return [*cond, COMPLAINT_SEARCH.indexed(Complaint.row_no, terms)]
        return [*cond, COMPLAINT_SEARCH.scanned(Complaint.search_text, terms)]

    @staticmethod
    def _table_rows(s: Session) -> int:
        return int(s.scalar(select(Counter.last).where(Counter.series == ROW_SERIES)) or 0)

    def count(self, actor: Actor, q: ComplaintQuery) -> int:
        """How many items the log shows for ``q``."""
        require(actor, Permission.COMPLAINTS_VIEW)
        with self._db.session() as s:
            cond = self._conditions(actor, q, local_today())
            terms = query_words(q.search)
            if terms and len(cond) == 1:  # only a search: the index counts its matches itself
                live = COMPLAINT_SEARCH.live_count(s, Complaint.row_no, Complaint.deleted_at, terms)
                if live is not None:
                    return live
            cond = self._with_search(s, q, cond, for_count=True)
            return int(s.scalar(select(func.count()).select_from(Complaint).where(*cond)) or 0)

    def page(self, actor: Actor, q: ComplaintQuery, offset: int, limit: int,
             total: int | None = None) -> list[ComplaintRow]:
        """Rows ``offset`` to ``offset + limit`` of the log in ``q``'s order.

        Give ``total`` (from :meth:`count`) and a page past the middle is read from
        the other end, so jumping to the last row costs what the first page costs.
        """
        require(actor, Permission.COMPLAINTS_VIEW)
        if q.sort not in SORT_KEYS:
            raise UserError("unknown-sort", "The log cannot be sorted by “{value}”.", value=q.sort)
        limit = max(1, min(limit, MAX_PAGE))
        offset = max(0, offset)
        descending = q.descending
        reverse = total is not None and offset > total // 2
        if reverse:
            assert total is not None
            end = min(total, offset + limit)
            limit = max(0, end - offset)
            offset = total - end
            descending = not descending
            if limit == 0:
                return []
        today = local_today()
        with self._db.session() as s:
            query = self._rows_query(s, actor, q, today, descending).offset(offset).limit(limit)
            rows = [self._row(c, name, today) for c, name in s.execute(query)]
            s.expunge_all()
        return rows[::-1] if reverse else rows

    def _rows_query(self, s: Session, actor: Actor, q: ComplaintQuery, today: date,
                    descending: bool) -> Any:  # a Select of (Complaint, assignee name)
        cond = self._with_search(s, q, self._conditions(actor, q, today), for_count=False)
        assignee = aliased(User)
        return (select(Complaint, assignee.name).outerjoin(assignee, assignee.id == Complaint.assignee_id)
                .where(*cond).order_by(*(o.desc() if descending else o.asc() for o in _order(q.sort))))

    def iter_rows(self, actor: Actor, q: ComplaintQuery, batch: int = 2_000) -> Iterator[ComplaintRow]:
        """Every row of ``q`` in order, streamed from one query (exports of a million rows)."""
        require(actor, Permission.COMPLAINTS_VIEW)
        if q.sort not in SORT_KEYS:
            raise UserError("unknown-sort", "The log cannot be sorted by “{value}”.", value=q.sort)
        today = local_today()
        with self._db.session() as s:
            query = self._rows_query(s, actor, q, today, q.descending).execution_options(yield_per=batch)
            for c, name in s.execute(query):
                yield self._row(c, name, today)
                s.expunge(c)

    def desk_counts(self, actor: Actor) -> DeskCounts:
        require(actor, Permission.COMPLAINTS_VIEW)
        today = local_today()
        with self._db.session() as s:
            open_ = Complaint.status.in_(sorted(OPEN_STATUSES))

            def n(*cond: ColumnElement[bool]) -> int:
                return int(s.scalar(select(func.count()).select_from(Complaint)
                                    .where(Complaint.deleted_at.is_(None), *cond)) or 0)
            mine = self._conditions(actor, ComplaintQuery(view="mine"), today)
            return DeskCounts(open=n(open_), due_today=n(open_, Complaint.answer_due == today),
                              overdue=n(open_, Complaint.answer_due < today), mine=n(*mine[1:], open_))

    # --- the timeline ----------------------------------------------------------------
    def timeline(self, actor: Actor, reference: str) -> list[TimelineEntry]:
        """Every step, note, file, corrective action and field change, oldest first."""
        require(actor, Permission.COMPLAINTS_VIEW)
        with self._db.session() as s:
            c = self._find(s, reference)
            return build_timeline(s, c)

    def faq(self, text: str = "") -> list[FaqEntry]:
        return search_faq(self._settings.get("faq"), text)

    def acknowledgement_message(self, detail: ComplaintDetail) -> str:
        return acknowledgement_message(detail, self._settings.get("association.name"),
                                       self._settings.get("association.phone"))

    # --- helpers for the intake form --------------------------------------------------
    def find_people(self, actor: Actor, text: str, limit: int = 8) -> list[PersonMatch]:
        """Registered clients, then earlier quick contacts, matching what was typed."""
        require(actor, Permission.COMPLAINTS_CREATE)
        found: list[PersonMatch] = []
        if actor.can(Permission.CLIENTS_VIEW):
            found = [PersonMatch("client", c.name, c.mobile, c.number, c.kinds)
                     for c in self._clients.find(actor, text, limit)]
        terms = query_words(text)
        if len(found) < limit and terms:
            with self._db.session() as s:
                cond = self._with_search(s, ComplaintQuery(search=text),
                                         [Complaint.deleted_at.is_(None), Complaint.client_id.is_(None)],
                                         for_count=False)
                rows = s.execute(select(Complaint.contact_name, Complaint.contact_mobile, Complaint.reference)
                                 .where(*cond).order_by(Complaint.received_at.desc()).limit(limit * 4)).all()
            seen = {(p.name, p.mobile) for p in found}
            for name, mobile, reference in rows:
                if (name, mobile) not in seen and len(found) < limit:
                    seen.add((name, mobile))
                    found.append(PersonMatch("contact", name, mobile, last_reference=reference))
        return found

    def assignable_users(self, actor: Actor) -> list[tuple[str, str]]:
        """(user name, full name) of the active users who can work on complaints."""
        require(actor, Permission.COMPLAINTS_VIEW)
        with self._db.session() as s:
            users = s.execute(select(User.name, User.full_name, User.role).where(
                User.deleted_at.is_(None), User.active.is_(True)).order_by(User.name)).all()
        return [(n, f or n) for n, f, r in users if Permission.COMPLAINTS_VIEW in permissions_of(r)]


def label_of_choice(settings: SettingsService, key: str, ident: str) -> str:
    item = next((i for i in settings.get(key) if i["id"] == ident), None)
    return label_of(item) if item else ident


def _order(sort: str) -> list[Any]:
    """The sort key, then received time and row number: every order matches an index."""
    if sort == "reference":
        return [Complaint.reference]
    tail = [Complaint.received_at, Complaint.row_no]
    return tail if sort == "received" else [_SORT_COLUMNS[sort], *tail]


def _local_midnight(day: date) -> datetime:
    return datetime(day.year, day.month, day.day).astimezone()
