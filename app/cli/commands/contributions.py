"""``sila contributions add|list|totals``: donations and pledges, by hand or for scripts.

Amounts are riyals as people write them (Arabic-Indic digits, ``٬`` and ``٫``
accepted); ``--json`` gives halalas, exact integers.
"""

from __future__ import annotations

import argparse
from datetime import date

from app.cli.context import CommandContext, print_json
from app.clients.contributions import KINDS, METHODS
from app.clients.importing import parse_amount, parse_day
from app.clients.records import ContributionInfo
from app.errors import UserError
from app.i18n import _


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("contributions", help=_("donations and pledges of clients to programmes"))
    actions = p.add_subparsers(dest="contributions_command", metavar="ACTION", required=True,
                               parser_class=type(p))
    add = actions.add_parser("add", help=_("record a donation or a pledge"))
    add.add_argument("client", help=_("the client's number"))
    add.add_argument("--amount", required=True, help=_("in riyals, e.g. 1500 or ١٥٠٠٫٥٠"))
    add.add_argument("--kind", default="donation", help=", ".join(KINDS))
    add.add_argument("--date", default="", help=_("the day given (default: today), e.g. 2026-11-22"))
    add.add_argument("--method", default="", help=", ".join(METHODS))
    add.add_argument("--programme", default="", help=_("the programme or activity"))
    add.add_argument("--receipt", default="", help=_("the receipt reference"))
    add.add_argument("--json", action="store_true")
    add.set_defaults(handler=_add)

    ls = actions.add_parser("list", help=_("one client's contributions, newest first"))
    ls.add_argument("client")
    ls.add_argument("--json", action="store_true")
    ls.set_defaults(handler=_list)

    totals = actions.add_parser("totals", help=_("totals per programme"))
    totals.add_argument("--json", action="store_true")
    totals.set_defaults(handler=_totals)


def contribution_json(c: ContributionInfo) -> dict[str, object]:
    return {"id": c.id, "client": c.client_number, "kind": c.kind, "amount_halalas": c.amount_halalas,
            "date": c.given_on.isoformat(), "method": c.method, "programme": c.programme,
            "receipt": c.receipt}


def riyals(halalas: int) -> str:
    whole, part = divmod(halalas, 100)
    return f"{whole:,}" + (f".{part:02d}" if part else "")


def _add(ctx: CommandContext) -> int:
    a = ctx.args
    actor = ctx.login()
    amount = parse_amount(a.amount)
    if amount is None:
        raise UserError("contribution-amount", "Write an amount in riyals greater than zero.", field="amount")
    given = parse_day(a.date) if a.date.strip() else date.today()
    c = ctx.services.contributions.add(actor, a.client, a.kind.strip(), amount, given, a.method.strip(),
                                       a.programme, a.receipt)
    if a.json:
        print_json(contribution_json(c))
    else:
        print(c.id)
    return 0


def _list(ctx: CommandContext) -> int:
    actor = ctx.login()
    rows = ctx.services.contributions.of_client(actor, ctx.args.client)
    if ctx.args.json:
        print_json([contribution_json(c) for c in rows])
        return 0
    for c in rows:
        print("\t".join((c.given_on.isoformat(), c.kind, riyals(c.amount_halalas), c.programme, c.receipt)))
    return 0


def _totals(ctx: CommandContext) -> int:
    actor = ctx.login()
    rows = ctx.services.contributions.by_programme(actor)
    if ctx.args.json:
        print_json([{"programme": t.programme, "donated_halalas": t.donated_halalas,
                     "pledged_halalas": t.pledged_halalas, "count": t.count, "donors": t.donors}
                    for t in rows])
        return 0
    for t in rows:
        print("\t".join((t.programme or "-", riyals(t.donated_halalas), riyals(t.pledged_halalas),
                         str(t.donors))))
    return 0
