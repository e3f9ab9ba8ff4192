"""``sila complaints add|list|show|move``: the complaints desk for scripts and administrators.

Types, statuses and channels are the stable identifiers of DESIGN.md; the text
output is for people (translated labels), ``--json`` for machines (identifiers,
ISO dates, mobiles in E.164).
"""

from __future__ import annotations

import argparse
import sys
import unicodedata
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from app.calendars.formatting import format_datetime, format_gregorian
from app.cli.context import CommandContext, print_json
from app.complaints.records import (
    SORT_KEYS,
    VIEWS,
    ComplaintDetail,
    ComplaintQuery,
    ComplaintRow,
    NewComplaint,
)
from app.complaints.service import MAX_PAGE, label_of_choice
from app.complaints.vocab import FIELD_LABELS, PRIORITIES, RATINGS, SLA_STATES, STATUSES, TYPES, label
from app.complaints.workflow import REOPEN
from app.errors import UserError
from app.i18n import _
from app.services.context import Actor
from app.services.settings import SettingsService
from app.text.digits import parse_int
from app.text.phone import display_mobile

DEFAULT_LIMIT = 50


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("complaints", help=_("the complaints desk: register, list, show and move items"))
    actions = p.add_subparsers(dest="complaints_command", metavar="ACTION", required=True,
                               parser_class=type(p))

    add = actions.add_parser("add", help=_("register a complaint, inquiry, suggestion or compliment"))
    add.add_argument("--type", required=True, help=", ".join(TYPES))
    add.add_argument("--channel", required=True, help=_("how it arrived, e.g. walk_in, phone, whatsapp"))
    add.add_argument("--name", default="", help=_("the person's name (a quick contact)"))
    add.add_argument("--mobile", default="", help=_("the person's mobile number"))
    add.add_argument("--client", help=_("a registered client's number, instead of name and mobile"))
    add.add_argument("--description", required=True,
                     help=_("what the person said (- reads it from standard input)"))
    add.add_argument("--centre", help=_("the centre or branch concerned"))
    add.add_argument("--category", help=_("the category"))
    add.add_argument("--priority", default="normal", help=", ".join(PRIORITIES))
    add.add_argument("--json", action="store_true")
    add.set_defaults(handler=_add)

    ls = actions.add_parser("list", help=_("list the complaints log, newest first"))
    ls.add_argument("--search", default="", help=_("words of the reference, name, mobile or description"))
    ls.add_argument("--status", action="append", default=[], help=", ".join(STATUSES))
    ls.add_argument("--type", action="append", default=[], help=", ".join(TYPES))
    ls.add_argument("--channel", action="append", default=[])
    ls.add_argument("--centre", action="append", default=[])
    ls.add_argument("--category", action="append", default=[])
    ls.add_argument("--assignee", help=_("a user name (\"\" for unassigned items)"))
    ls.add_argument("--overdue", action="store_true", help=_("only items past their answer date"))
    ls.add_argument("--due-today", action="store_true", help=_("only items due today"))
    ls.add_argument("--view", default="all", help=", ".join(VIEWS))
    ls.add_argument("--sort", default="received", help=", ".join(SORT_KEYS))
    ls.add_argument("--ascending", action="store_true", help=_("oldest (or smallest) first"))
    ls.add_argument("--limit", default=str(DEFAULT_LIMIT),
                    help=_("at most this many rows (default {n})").format(n=DEFAULT_LIMIT))
    ls.add_argument("--offset", default="0", help=_("skip this many rows first"))
    ls.add_argument("--json", action="store_true")
    ls.set_defaults(handler=_list)

    show = actions.add_parser("show", help=_("show one item with its timeline"))
    show.add_argument("reference")
    show.add_argument("--json", action="store_true")
    show.set_defaults(handler=_show)

    move = actions.add_parser("move", help=_("take an item to the next step of the workflow"))
    move.add_argument("reference")
    move.add_argument("--to", required=True, help=", ".join([*STATUSES, REOPEN]))
    move.add_argument("--note", default="", help=_("a note for the timeline"))
    move.add_argument("--assignee", help=_("assign to this user (with --to assigned)"))
    move.add_argument("--department", help=_("assign to this department (with --to assigned)"))
    move.add_argument("--answer", default="", help=_("the answer given (with --to answered)"))
    move.add_argument("--reason", default="", help=_("why it is cancelled (with --to cancelled)"))
    move.add_argument("--rating", help=_("the person's rating from 1 to 5 (with --to closed)"))
    move.add_argument("--rating-note", default="", help=_("what the person said about the handling"))
    move.add_argument("--json", action="store_true")
    move.set_defaults(handler=_move)


# --- JSON shapes (stable) -----------------------------------------------------------


def _iso(at: datetime | date | None) -> str | None:
    if at is None:
        return None
    if isinstance(at, datetime):
        return at.astimezone().isoformat(timespec="seconds")
    return at.isoformat()


def row_json(row: ComplaintRow) -> dict[str, Any]:
    return {
        "reference": row.reference, "type": row.type, "status": row.status, "channel": row.channel,
        "centre": row.centre, "category": row.category, "priority": row.priority, "name": row.name,
        "mobile": row.mobile, "received": _iso(row.received_at), "due": _iso(row.answer_due),
        "answered": _iso(row.answered_at), "assignee": row.assignee, "sla": row.sla,
    }


def detail_json(detail: ComplaintDetail) -> dict[str, Any]:
    return {
        **row_json(detail.row),
        "description": detail.description, "client_number": detail.client_number,
        "department": detail.department, "assignee_full_name": detail.assignee_full_name,
        "received_by": detail.received_by_name, "study_due": _iso(detail.study_due),
        "acknowledged": _iso(detail.acknowledged_at), "assigned": _iso(detail.assigned_at),
        "study_started": _iso(detail.study_started_at), "closed": _iso(detail.closed_at),
        "cancelled": _iso(detail.cancelled_at), "answer": detail.answer,
        "cancel_reason": detail.cancel_reason, "reopen_count": detail.reopen_count,
        "rating": detail.rating, "rating_note": detail.rating_note, "moves": list(detail.moves),
        "actions": [{"description": a.description, "owner": a.owner, "due": _iso(a.due),
                     "done": _iso(a.done_at), "done_note": a.done_note} for a in detail.actions],
        "attachments": [{"file_name": a.file_name, "size": a.size, "sha256": a.sha256,
                         "added": _iso(a.added_at), "added_by": a.added_by} for a in detail.attachments],
    }


# --- add ---------------------------------------------------------------------------------


def _description(text: str) -> str:
    return sys.stdin.read() if text == "-" else text


def _add(ctx: CommandContext) -> int:
    a = ctx.args
    actor = ctx.login()
    new = NewComplaint(type=a.type, channel=a.channel, description=_description(a.description),
                       name=a.name, mobile=a.mobile, client_number=a.client or None,
                       centre=a.centre or None, category=a.category or None, priority=a.priority)
    detail = ctx.services.complaints.add(actor, new)
    if a.json:
        print_json(detail_json(detail))
    else:
        print(detail.reference)
    return 0


# --- list --------------------------------------------------------------------------------


def _ids(values: Sequence[str]) -> tuple[str, ...]:
    """Repeated options and comma-separated lists both work: ``--status a,b --status c``."""
    return tuple(v.strip() for value in values for v in value.split(",") if v.strip())


def _known(values: tuple[str, ...], allowed: Sequence[str]) -> tuple[str, ...]:
    for value in values:
        if value not in allowed:
            raise UserError("unknown-filter", "“{value}” is not valid here; choose one of: {ids}.",
                            value=value, ids=", ".join(allowed))
    return values


def _count(text: str, name: str, lowest: int, highest: int) -> int:
    value = parse_int(text)
    if value is None or not lowest <= value <= highest:
        raise UserError("invalid-number", "--{option} takes a whole number from {lowest} to {highest}.",
                        field=name, option=name, lowest=lowest, highest=highest)
    return value


def _choice_ids(settings: SettingsService, key: str) -> list[str]:
    return [c.id for c in settings.choices(key, include_inactive=True)]


def _query(ctx: CommandContext) -> ComplaintQuery:
    a = ctx.args
    settings = ctx.services.settings
    return ComplaintQuery(
        search=a.search,
        statuses=_known(_ids(a.status), list(STATUSES)),
        types=_known(_ids(a.type), list(TYPES)),
        channels=_known(_ids(a.channel), _choice_ids(settings, "channels")),
        centres=_known(_ids(a.centre), _choice_ids(settings, "centres")),
        categories=_known(_ids(a.category), _choice_ids(settings, "complaint_categories")),
        assignee=a.assignee,
        overdue=a.overdue,
        due_today=a.due_today,
        view=_known((a.view,), VIEWS)[0],
        sort=_known((a.sort,), SORT_KEYS)[0],
        descending=not a.ascending,
    )


def _width(text: str) -> int:
    """Terminal columns: combining marks (tashkeel) take none."""
    return sum(0 if unicodedata.combining(c) else 1 for c in text)


def _table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    widths = [max(_width(r[i]) for r in [header, *rows]) for i in range(len(header))]
    return ["  ".join(cell + " " * (w - _width(cell)) for cell, w in zip(r, widths, strict=True)).rstrip()
            for r in [header, *rows]]


def _mobile(mobile: str | None) -> str:
    return display_mobile(mobile) if mobile else "—"


def _day(d: date | None) -> str:
    return format_gregorian(d) if d else "—"


def _list(ctx: CommandContext) -> int:
    a = ctx.args
    actor = ctx.login()
    query = _query(ctx)
    limit = _count(a.limit, "limit", 1, MAX_PAGE)
    offset = _count(a.offset, "offset", 0, 10**12)
    service = ctx.services.complaints
    rows = service.page(actor, query, offset, limit)
    if a.json:
        print_json([row_json(r) for r in rows])
        return 0
    if not rows:
        print(_("No items match."))
        return 0
    header = [_("Reference"), label(FIELD_LABELS, "type"), _("Status"), _("Received on"),
              label(FIELD_LABELS, "answer_due"), _("Deadline"), label(FIELD_LABELS, "contact_name"),
              label(FIELD_LABELS, "contact_mobile")]
    body = [[r.reference, label(TYPES, r.type), label(STATUSES, r.status),
             _day(r.received_at.astimezone().date()), _day(r.answer_due), label(SLA_STATES, r.sla),
             r.name, _mobile(r.mobile)] for r in rows]
    print("\n".join(_table(header, body)))
    total = service.count(actor, query)
    if offset + len(rows) < total or offset:
        print(_("Rows {first}–{last} of {total}.").format(first=offset + 1, last=offset + len(rows),
                                                          total=total))
    return 0


# --- show --------------------------------------------------------------------------------


def _show_text(ctx: CommandContext, actor: Actor, detail: ComplaintDetail) -> list[str]:
    settings = ctx.services.settings
    row = detail.row
    pairs: list[tuple[str, str | None]] = [
        (_("Reference"), row.reference),
        (label(FIELD_LABELS, "type"), label(TYPES, row.type)),
        (_("Status"), label(STATUSES, row.status)),
        (label(FIELD_LABELS, "priority"), label(PRIORITIES, row.priority)),
        (label(FIELD_LABELS, "channel"), label_of_choice(settings, "channels", row.channel)),
        (label(FIELD_LABELS, "centre"),
         label_of_choice(settings, "centres", row.centre) if row.centre else None),
        (label(FIELD_LABELS, "category"),
         label_of_choice(settings, "complaint_categories", row.category) if row.category else None),
        (label(FIELD_LABELS, "contact_name"), row.name),
        (label(FIELD_LABELS, "contact_mobile"), display_mobile(row.mobile) if row.mobile else None),
        (_("Client number"), detail.client_number),
        (_("Received on"), format_datetime(row.received_at, dual=True)),
        (_("Received by"), detail.received_by_name),
        (label(FIELD_LABELS, "study_due"), _day(detail.study_due) if detail.study_due else None),
        (label(FIELD_LABELS, "answer_due"),
         f"{_day(row.answer_due)} ({label(SLA_STATES, row.sla)})" if row.answer_due else None),
        (label(FIELD_LABELS, "department"),
         label_of_choice(settings, "departments", detail.department) if detail.department else None),
        (label(FIELD_LABELS, "assignee_id"), detail.assignee_full_name),
        (_("Answered on"), format_datetime(row.answered_at) if row.answered_at else None),
        (_("Rating"), f"{detail.rating} — {_rating_label(detail.rating)}" if detail.rating else None),
        (_("Reason for cancelling"), detail.cancel_reason or None),
    ]
    lines = [_("{label}:").format(label=k) + " " + v for k, v in pairs if v]
    lines += ["", _("{label}:").format(label=label(FIELD_LABELS, "description")), detail.description]
    if detail.answer:
        lines += ["", _("{label}:").format(label=_("Our answer")), detail.answer]
    if detail.moves:
        lines += ["", _("Next steps: {steps}").format(steps=", ".join(detail.moves))]
    lines += ["", _("{label}:").format(label=_("Timeline"))]
    for entry in ctx.services.complaints.timeline(actor, row.reference):
        line = f"  {format_datetime(entry.at)}  {entry.user}  {entry.text}"
        if entry.note:
            line += "  — " + " ".join(entry.note.split())
        lines.append(line)
    return lines


def _rating_label(rating: int) -> str:
    source = RATINGS.get(rating)
    return _(source) if source else str(rating)


def _show(ctx: CommandContext) -> int:
    actor = ctx.login()
    service = ctx.services.complaints
    detail = service.get(actor, ctx.args.reference)
    if ctx.args.json:
        timeline = service.timeline(actor, detail.reference)
        print_json({**detail_json(detail), "timeline": [
            {"at": _iso(e.at), "user": e.user, "kind": e.kind, "text": e.text, "note": e.note}
            for e in timeline]})
        return 0
    print("\n".join(_show_text(ctx, actor, detail)))
    return 0


# --- move --------------------------------------------------------------------------------


def _move(ctx: CommandContext) -> int:
    a = ctx.args
    actor = ctx.login()
    detail = ctx.services.complaints.move(
        actor, a.reference, a.to.strip(), note=a.note, assignee=a.assignee, department=a.department,
        answer=a.answer, reason=a.reason, rating=a.rating, rating_note=a.rating_note)
    if a.json:
        print_json(detail_json(detail))
    else:
        print(_("{reference} is now “{status}”.").format(reference=detail.reference,
                                                        status=label(STATUSES, detail.status)))
    return 0
