"""``sila clients add|list|show|import`` and ``sila requests list|approve|reject``.

``clients add`` makes a change request, as the registry demands; when the acting
user may approve, it is approved at once. Kinds are the stable identifiers of
DESIGN.md; ``--json`` output is for machines (identifiers, E.164 mobiles).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from app.calendars.formatting import format_datetime
from app.cli.commands.client_stats import add_stats_parser
from app.cli.context import CommandContext, print_json
from app.clients.directory import ClientQuery, ClientRow
from app.clients.fields import ENTITY_LABELS, FIELD_LABELS, STATUS_LABELS
from app.clients.records import ClientDetail, RequestDetail, RequestSummary
from app.clients.registry import REQUEST_ACTION_LABELS, REQUEST_STATUS_LABELS
from app.errors import UserError
from app.i18n import _
from app.text.digits import parse_int
from app.text.phone import display_mobile, display_phone

DEFAULT_LIMIT = 50


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("clients", help=_("the client registry: propose, list, show and import clients"))
    actions = p.add_subparsers(dest="clients_command", metavar="ACTION", required=True,
                               parser_class=type(p))

    add = actions.add_parser("add", help=_("propose a new client (approved at once for a manager)"))
    add.add_argument("--name", required=True, help=_("the client's name in Arabic"))
    add.add_argument("--kind", action="append", required=True,
                     help=_("a client kind, e.g. donor, beneficiary (repeat for several)"))
    add.add_argument("--mobile", default="")
    add.add_argument("--email", default="")
    add.add_argument("--national-id", default="", help=_("national ID or commercial registration"))
    add.add_argument("--city", default="")
    add.add_argument("--neighbourhood", default="")
    add.add_argument("--organisation", action="store_true", help=_("the client is an organisation"))
    add.add_argument("--note", default="", help=_("a note for the approving manager"))
    add.add_argument("--json", action="store_true")
    add.set_defaults(handler=_add)

    ls = actions.add_parser("list", help=_("list clients by name"))
    ls.add_argument("--search", default="", help=_("words of the name, a mobile or a client number"))
    ls.add_argument("--kind", default=None)
    ls.add_argument("--status", default=None)
    ls.add_argument("--limit", default=str(DEFAULT_LIMIT))
    ls.add_argument("--json", action="store_true")
    ls.set_defaults(handler=_list)

    show = actions.add_parser("show", help=_("show one client"))
    show.add_argument("number")
    show.add_argument("--json", action="store_true")
    show.set_defaults(handler=_show)

    imp = actions.add_parser("import", help=_("import a client list from Excel or CSV"))
    imp.add_argument("file")
    imp.add_argument("--dry-run", action="store_true", help=_("check every row and change nothing"))
    imp.add_argument("--skip-bad", action="store_true", help=_("import the good rows, skip the others"))
    imp.add_argument("--json", action="store_true")
    imp.set_defaults(handler=_import)

    add_stats_parser(actions)

    r = sub.add_parser("requests", help=_("change requests to the client registry"))
    ractions = r.add_subparsers(dest="requests_command", metavar="ACTION", required=True,
                                parser_class=type(r))
    rls = ractions.add_parser("list", help=_("list change requests (pending ones by default)"))
    rls.add_argument("--status", default="pending", help="pending, approved, rejected, withdrawn, all")
    rls.add_argument("--json", action="store_true")
    rls.set_defaults(handler=_requests_list)
    ok = ractions.add_parser("approve", help=_("approve a change request"))
    ok.add_argument("number")
    ok.add_argument("--json", action="store_true")
    ok.set_defaults(handler=_approve)
    no = ractions.add_parser("reject", help=_("reject a change request, with the reason"))
    no.add_argument("number")
    no.add_argument("--reason", required=True)
    no.add_argument("--json", action="store_true")
    no.set_defaults(handler=_reject)


# --- clients ---------------------------------------------------------------------------------

def _add(ctx: CommandContext) -> int:
    a = ctx.args
    actor = ctx.login()
    values = {"name": a.name, "kinds": [k for kind in a.kind for k in kind.split(",") if k.strip()],
              "mobile": a.mobile, "email": a.email, "national_id": a.national_id, "city": a.city,
              "neighbourhood": a.neighbourhood, "entity": "organisation" if a.organisation else "person"}
    requests = ctx.services.client_requests
    matches = requests.duplicates_of(actor, values) if a.name.strip() else []
    detail = requests.propose_create(actor, values, note=a.note)
    for m in matches:
        print(_("Warning: {number} “{name}” may be the same client.").format(number=m.number, name=m.name),
              file=sys.stderr)
    if a.json:
        print_json(request_json(detail))
    elif detail.summary.status == "approved":
        print(detail.summary.client_number)
    else:
        print(_("{number} awaits the relations manager's approval.").format(number=detail.number))
    return 0


def client_row_json(row: ClientRow) -> dict[str, Any]:
    return {"number": row.number, "name": row.name, "kinds": list(row.kinds), "mobile": row.mobile,
            "city": row.city, "neighbourhood": row.neighbourhood, "status": row.status, "owner": row.owner}


def _list(ctx: CommandContext) -> int:
    a = ctx.args
    actor = ctx.login()
    limit = parse_int(a.limit)
    if limit is None or not 1 <= limit <= 1000:
        raise UserError("bad-limit", "The limit is a number from 1 to 1000.")
    query = ClientQuery(text=a.search, kind=a.kind, status=a.status)
    rows = ctx.services.clients.page(actor, query, 0, limit)
    if a.json:
        print_json([client_row_json(r) for r in rows])
        return 0
    for r in rows:
        mobile = display_mobile(r.mobile) if r.mobile else ""
        print("\t".join((r.number, r.name, mobile, r.city)))
    return 0


def client_json(detail: ClientDetail) -> dict[str, Any]:
    return {"number": detail.number, **detail.values, "merged_into": detail.merged_into,
            "pending_request": detail.pending_request, "created": detail.created_at.isoformat(),
            "updated": detail.updated_at.isoformat()}


def _show(ctx: CommandContext) -> int:
    actor = ctx.login()
    detail = ctx.services.clients.detail(actor, ctx.args.number)
    if ctx.args.json:
        print_json(client_json(detail))
        return 0
    kinds = {c.id: c.label for c in ctx.services.settings.choices("client_kinds", include_inactive=True)}
    v = detail.values
    lines = [f"{_(FIELD_LABELS['number'])}: {detail.number}"]
    for field in ("entity", "name", "name_latin", "kinds", "national_id", "mobile", "mobile2", "phone",
                  "email", "city", "neighbourhood", "owner", "consent", "status", "notes"):
        value: Any = v.get(field)
        if field == "kinds":
            value = _(", ").join(kinds.get(k, k) for k in value)
        elif field in ("mobile", "mobile2") and value:
            value = display_mobile(value)
        elif field == "phone" and value:
            value = display_phone(value)
        elif field == "entity":
            value = _(ENTITY_LABELS[value])
        elif field == "status":
            value = _(STATUS_LABELS.get(value, value))
        elif field == "consent":
            value = _("yes") if value else _("no")
        if value:
            lines.append(f"{_(FIELD_LABELS[field])}: {value}")
    if detail.merged_into:
        lines.append(f"{_(FIELD_LABELS['merged_into'])}: {detail.merged_into}")
    if detail.pending_request:
        lines.append(_("Waiting for approval: {number}").format(number=detail.pending_request))
    print("\n".join(lines))
    return 0


def _import(ctx: CommandContext) -> int:
    a = ctx.args
    actor = ctx.login()
    service = ctx.services.client_import
    path = Path(a.file)
    table = service.columns(actor, path)
    mapping = service.guess(table.headers)
    preview = service.preview_clients(actor, path, mapping)
    bad = [row for row in preview.rows if row.problems]
    if a.dry_run:
        for row in bad:
            print(_("Line {line}: {problem}").format(line=row.line, problem=row.problems[0]))
        summary = {"rows": len(preview.rows), "bad": len(bad), "imported": 0}
        if a.json:
            print_json(summary)
        else:
            print(_("{rows} rows checked, {bad} with problems; nothing was imported.").format(**summary))
        return 1 if bad else 0
    report = service.import_clients(actor, preview, skip_bad=a.skip_bad)
    if a.json:
        print_json({"created": report.created, "batch": report.batch, "direct": report.direct,
                    "skipped": [{"line": s.line, "reason": s.reason} for s in report.skipped]})
    else:
        print(report.summary())
    return 0


# --- requests --------------------------------------------------------------------------------

def summary_json(s: RequestSummary) -> dict[str, Any]:
    return {"request": s.number, "action": s.action, "status": s.status, "number": s.client_number or None,
            "name": s.client_name, "proposed_by": s.proposed_by, "proposed_at": s.proposed_at.isoformat(),
            "decided_by": s.decided_by or None,
            "decided_at": s.decided_at.isoformat() if s.decided_at else None,
            "batch": s.batch or None, "duplicates": list(s.duplicates)}


def request_json(d: RequestDetail) -> dict[str, Any]:
    return {**summary_json(d.summary), "reason": d.reason, "note": d.note,
            "changes": [{"field": c.field, "old": c.old, "new": c.new} for c in d.changes],
            "merge_from": d.other_number or None, "moves": d.moves}


def _requests_list(ctx: CommandContext) -> int:
    a = ctx.args
    actor = ctx.login()
    status = None if a.status == "all" else a.status
    if status not in (None, "pending", "approved", "rejected", "withdrawn"):
        raise UserError("unknown-filter", "“{value}” is not valid here; choose one of: {ids}.",
                        value=a.status, ids="pending, approved, rejected, withdrawn, all")
    rows = ctx.services.client_requests.list(actor, status=status)
    if a.json:
        print_json([summary_json(r) for r in rows])
        return 0
    for r in rows:
        author = r.proposed_by_name or r.proposed_by
        print("\t".join((r.number, _(REQUEST_ACTION_LABELS[r.action]), r.client_name, author,
                         format_datetime(r.proposed_at), _(REQUEST_STATUS_LABELS[r.status]))))
    return 0


def _approve(ctx: CommandContext) -> int:
    actor = ctx.login()
    detail = ctx.services.client_requests.approve(actor, ctx.args.number)
    if ctx.args.json:
        print_json(request_json(detail))
    else:
        print(_("{number} approved; the client is {client}.").format(number=detail.number,
                                                                   client=detail.summary.client_number))
    return 0


def _reject(ctx: CommandContext) -> int:
    actor = ctx.login()
    detail = ctx.services.client_requests.reject(actor, ctx.args.number, ctx.args.reason)
    if ctx.args.json:
        print_json(request_json(detail))
    else:
        print(_("{number} rejected.").format(number=detail.number))
    return 0
