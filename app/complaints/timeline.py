"""A complaint's timeline: its events, files, corrective actions and field changes.

Steps and notes are records of their own (``complaint_events``); field
changes come from the audit log, minus the fields a step already tells
(status and its times), so each thing that happened shows once.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.complaints.records import TimelineEntry
from app.complaints.vocab import FIELD_LABELS, STATUSES, label
from app.i18n import _
from app.persistence.models import (
    AuditEntry,
    Complaint,
    ComplaintAttachment,
    ComplaintEvent,
    CorrectiveAction,
)
from app.persistence.values import decode_value

# Told by the step that changed them.
_STEP_FIELDS = frozenset({"status", "acknowledged_at", "assigned_at", "study_started_at", "answered_at",
                          "closed_at", "cancelled_at", "reopen_count", "answer", "cancel_reason", "rating",
                          "rating_note", "deleted_at", "assignee_id", "department"})


def _text(value: object) -> str:
    return "—" if value in (None, "") else str(value)


def build_timeline(s: Session, c: Complaint) -> list[TimelineEntry]:
    out: list[TimelineEntry] = []
    created = s.execute(select(AuditEntry.at, AuditEntry.user_name).where(
        AuditEntry.table_name == Complaint.__tablename__, AuditEntry.record_id == str(c.id),
        AuditEntry.action == "create")).first()
    out.append(TimelineEntry(c.received_at, created.user_name if created else c.received_by_name, "created",
                             _("Received and registered as {reference}").format(reference=c.reference)))
    for e in s.scalars(select(ComplaintEvent).where(ComplaintEvent.complaint_id == c.id)
                       .order_by(ComplaintEvent.at)):
        if e.kind == "move":
            text = _("{old} → {new}").format(old=label(STATUSES, e.from_status or ""),
                                             new=label(STATUSES, e.to_status or ""))
            out.append(TimelineEntry(e.at, e.user_name, "move", text, e.note))
        else:
            out.append(TimelineEntry(e.at, e.user_name, "note", _("Note"), e.note))
    for a in s.scalars(select(ComplaintAttachment).where(ComplaintAttachment.complaint_id == c.id)):
        who = s.scalar(select(AuditEntry.user_name).where(
            AuditEntry.table_name == ComplaintAttachment.__tablename__, AuditEntry.record_id == str(a.id)))
        out.append(TimelineEntry(a.created_at, who or "", "attachment",
                                 _("File attached: {name}").format(name=a.file_name)))
    for act in s.scalars(select(CorrectiveAction).where(CorrectiveAction.complaint_id == c.id)):
        who = s.scalar(select(AuditEntry.user_name).where(
            AuditEntry.table_name == CorrectiveAction.__tablename__, AuditEntry.record_id == str(act.id),
            AuditEntry.action == "create"))
        out.append(TimelineEntry(act.created_at, who or "", "action",
                                 _("Corrective action planned, due {due}").format(due=act.due.isoformat()),
                                 act.description))
        if act.done_at is not None:
            out.append(TimelineEntry(act.done_at, "", "action_done", _("Corrective action done"),
                                     act.done_note or act.description))
    changes = s.execute(select(AuditEntry).where(
        AuditEntry.table_name == Complaint.__tablename__, AuditEntry.record_id == str(c.id),
        AuditEntry.action == "update").order_by(AuditEntry.id)).scalars()
    for line in changes:
        if line.field is None or line.field in _STEP_FIELDS:
            continue
        name = _(FIELD_LABELS[line.field]) if line.field in FIELD_LABELS else line.field
        out.append(TimelineEntry(line.at, line.user_name, "change",
                                 _("{field}: {old} → {new}").format(
                                     field=name, old=_text(decode_value(line.old_value)),
                                     new=_text(decode_value(line.new_value)))))
    out.sort(key=lambda e: e.at)
    return out
