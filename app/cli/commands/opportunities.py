"""``sila opportunities add|move|list|show|contact|update``: the fundraising pipeline from a script.

An opportunity is named by its number (``OP-HQ-00001``, any case); ``--json``
gives that number as ``id``, amounts as exact halalas, dates ISO and the stable
stage and contact identifiers. Amounts are typed in riyals (Arabic-Indic digits
and separators accepted). A move the rules forbid is refused in one sentence
(exit status 2) and changes nothing.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date, datetime
from typing import Any

from app.calendars.formatting import format_datetime, format_dual
from app.cli.commands.programmes import iso, table
from app.cli.context import CommandContext, print_json
from app.clients.importing import parse_amount, parse_day
from app.clients.statistics import riyals_text
from app.errors import UserError
from app.i18n import _
from app.pipeline.records import CONTACT_KINDS, STAGES, BoardQuery, Card, OpportunityDetail, TimelineEntry
from app.pipeline.rules import CONTACT_LABELS, STAGE_LABELS
from app.text.digits import parse_decimal


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("opportunities", help=_("the fundraising pipeline: add, move, list and show "
                                               "opportunities"))
    actions = p.add_subparsers(dest="opportunities_command", metavar="ACTION", required=True,
                               parser_class=type(p))

    add = actions.add_parser("add", help=_("add an opportunity: a programme and its potential donors"))
    add.add_argument("--programme", required=True, help=_("the programme's number or name"))
    add.add_argument("--donor", action="append", required=True, metavar="NUMBER",
                     help=_("a potential donor's client number (repeat for several)"))
    add.add_argument("--title", default="", help=_("a title (default: the programme's name)"))
    _fields(add)
    add.add_argument("--json", action="store_true")
    add.set_defaults(handler=_add)

    move = actions.add_parser("move", help=_("move an opportunity to another stage"))
    move.add_argument("opportunity", help=_("the opportunity's number, e.g. OP-HQ-00001"))
    move.add_argument("--to", required=True, metavar="STAGE", help=", ".join(STAGES))
    move.add_argument("--reason", default="", help=_("why it is cancelled (required to cancel)"))
    move.add_argument("--amount", default=None, help=_("the amount received in riyals (required for "
                                                       "successful)"))
    move.add_argument("--date", default=None, help=_("the day the funds were received (default: today)"))
    move.add_argument("--note", default="", help=_("a note on the move"))
    move.add_argument("--json", action="store_true")
    move.set_defaults(handler=_move)

    ls = actions.add_parser("list", help=_("the opportunities, by stage and next action date"))
    ls.add_argument("--stage", default="", help=", ".join(STAGES))
    ls.add_argument("--owner", default="", help=_("the owner's user name"))
    ls.add_argument("--programme", default="", help=_("the programme's number or name"))
    ls.add_argument("--centre", default="", help=_("the centre or branch"))
    ls.add_argument("--search", default="", help=_("a programme or donor name, or a number"))
    ls.add_argument("--limit", default="500", help=_("at most this many (default 500)"))
    ls.add_argument("--json", action="store_true")
    ls.set_defaults(handler=_list)

    show = actions.add_parser("show", help=_("one opportunity with its timeline"))
    show.add_argument("opportunity", help=_("the opportunity's number"))
    show.add_argument("--json", action="store_true")
    show.set_defaults(handler=_show)

    contact = actions.add_parser("contact", help=_("record a call, meeting, letter or visit with a donor"))
    contact.add_argument("opportunity", help=_("the opportunity's number"))
    contact.add_argument("--donor", required=True, metavar="NUMBER", help=_("the donor's client number"))
    contact.add_argument("--kind", required=True, help=", ".join(CONTACT_KINDS))
    contact.add_argument("--note", required=True, help=_("what was said or agreed"))
    contact.add_argument("--json", action="store_true")
    contact.set_defaults(handler=_contact)

    update = actions.add_parser("update", help=_("change an opportunity's amount, probability, next action "
                                                 "or owner"))
    update.add_argument("opportunity", help=_("the opportunity's number"))
    update.add_argument("--title", default=None, help=_("the new title"))
    _fields(update)
    update.add_argument("--add-donor", action="append", default=[], metavar="NUMBER",
                        help=_("add a potential donor"))
    update.add_argument("--remove-donor", action="append", default=[], metavar="NUMBER",
                        help=_("remove a potential donor"))
    update.add_argument("--json", action="store_true")
    update.set_defaults(handler=_update)


def _fields(p: argparse.ArgumentParser) -> None:
    p.add_argument("--amount", default=None, help=_("the expected amount in riyals"))
    p.add_argument("--probability", default=None, help=_("the probability of success, 0 to 100"))
    p.add_argument("--owner", default=None, help=_("the owner's user name (default: you)"))
    p.add_argument("--next-action", default=None, help=_("the next action"))
    p.add_argument("--next-date", default=None, help=_("the next action's date, e.g. 2026-11-22"))
    p.add_argument("--factor", action="append", default=None, metavar="ID",
                   help=_("a success factor of the checklist (repeat for several)"))
    p.add_argument("--success-factors", default=None, help=_("the success factors in words"))
    p.add_argument("--notes", default=None, help=_("notes"))


# --- parsing ---------------------------------------------------------------------------------


def riyals_option(text: str, option: str = "amount") -> int:
    """Halalas from riyals typed any way; one sentence when it is not an amount."""
    halalas = parse_amount(text)
    if halalas is None or halalas < 0:
        raise UserError("cli-amount", "--{option} takes an amount in riyals, e.g. 150000.", field=option,
                        option=option)
    return halalas


def _probability(text: str) -> int:
    value = parse_decimal(text.replace("%", "").replace("٪", ""))
    if value is None or value != int(value):
        raise UserError("cli-probability", "--probability takes a whole percentage from 0 to 100.",
                        field="probability")
    return int(value)


def day_option(text: str | None) -> date | None:
    return parse_day(text) if text and text.strip() else None


def _changes(a: argparse.Namespace) -> dict[str, Any]:
    changes: dict[str, Any] = {}
    if a.amount is not None:
        changes["expected_halalas"] = riyals_option(a.amount)
    if a.probability is not None:
        changes["probability"] = _probability(a.probability)
    if a.owner is not None:
        changes["owner"] = a.owner
    if a.next_action is not None:
        changes["next_action"] = a.next_action
    if a.next_date is not None:
        changes["next_action_on"] = day_option(a.next_date)
    if a.factor is not None:
        changes["factors"] = [f.strip() for item in a.factor for f in item.split(",") if f.strip()]
    if a.success_factors is not None:
        changes["success_factors"] = a.success_factors
    if a.notes is not None:
        changes["notes"] = a.notes
    return changes


# --- output ----------------------------------------------------------------------------------


def stage_label(stage: str) -> str:
    source = STAGE_LABELS.get(stage)
    return _(source) if source else stage


def _when(at: datetime | None) -> str | None:
    return at.isoformat() if at else None


def card_json(c: Card) -> dict[str, Any]:
    return {"id": c.number, "number": c.number, "uuid": c.id, "stage": c.stage,
            "programme": c.programme_number, "programme_name": c.programme_name, "centre": c.centre,
            "donors": [{"number": d.number, "name": d.name, "owner": d.owner} for d in c.donors],
            "expected_halalas": c.expected_halalas, "probability": c.probability,
            "weighted_halalas": c.weighted_halalas, "next_action": c.next_action,
            "next_action_on": iso(c.next_action_on), "overdue": c.overdue, "owner": c.owner,
            "last_contact_at": _when(c.last_contact_at), "stage_changed_at": _when(c.stage_changed_at)}


def entry_json(e: TimelineEntry) -> dict[str, Any]:
    return {"at": e.at.isoformat(), "user": e.user_name, "kind": e.kind, "from": e.from_value,
            "to": e.to_value, "contact": e.contact, "donor": e.donor, "note": e.note,
            "outside_owner": e.outside_owner}


def detail_json(d: OpportunityDetail) -> dict[str, Any]:
    return {**card_json(d.card), "title": d.title, "success_factors": d.success_factors,
            "factors": list(d.factors), "committed_on": iso(d.committed_on),
            "received_halalas": d.received_halalas, "received_on": iso(d.received_on),
            "cancel_reason": d.cancel_reason, "notes": d.notes,
            "timeline": [entry_json(e) for e in d.timeline]}


def _riyals(halalas: int | None) -> str:
    return _("{amount} SAR").format(amount=riyals_text(halalas, "latin", whole=True)) \
        if halalas is not None else ""


def _entry_text(e: TimelineEntry) -> str:
    when = format_datetime(e.at, digits="latin")
    if e.kind == "stage":
        what = _("{start} → {end}").format(start=stage_label(e.from_value), end=stage_label(e.to_value))
    elif e.kind == "created":
        what = _("Created")
    elif e.kind == "probability":
        what = _("Probability {start}% → {end}%").format(start=e.from_value, end=e.to_value)
    elif e.kind == "amount":
        what = _("Expected amount {start} → {end}").format(
            start=riyals_text(int(e.from_value or 0), "latin", whole=True),
            end=riyals_text(int(e.to_value or 0), "latin", whole=True))
    elif e.kind == "contact":
        label = CONTACT_LABELS.get(e.contact)
        what = _(label) if label else e.contact
        if e.donor:
            what = f"{what} – {e.donor}"
        if e.outside_owner:
            what = _("{what} (outside the relationship owner)").format(what=what)
    else:
        what = e.kind
    text = f"{when}  {e.user_name}  {what}"
    return f"{text}: {e.note}" if e.note else text


def _print_detail(ctx: CommandContext, d: OpportunityDetail) -> None:
    if ctx.args.json:
        print_json(detail_json(d))
        return
    c = d.card
    donors = "، ".join(f"{x.name} ({x.number})" for x in c.donors)
    next_action = c.next_action
    if c.next_action_on:
        next_action = f"{next_action} – {format_dual(c.next_action_on, 'latin')}".strip(" –")
        if c.overdue:
            next_action = _("{action} (overdue)").format(action=next_action)
    pairs = [
        (_("Number"), c.number), (_("Title"), d.title), (_("Programme"), f"{c.programme_name} "
                                                                         f"({c.programme_number})"),
        (_("Donors"), donors), (_("Stage"), stage_label(c.stage)),
        (_("Expected amount"), _riyals(c.expected_halalas)), (_("Probability"), f"{c.probability}%"),
        (_("Weighted amount"), _riyals(c.weighted_halalas)), (_("Owner"), c.owner_name or c.owner),
        (_("Next action"), next_action), (_("Success factors"), d.success_factors),
        (_("Committed on"), format_dual(d.committed_on, "latin") if d.committed_on else ""),
        (_("Amount received"), _riyals(d.received_halalas)),
        (_("Received on"), format_dual(d.received_on, "latin") if d.received_on else ""),
        (_("Reason for cancelling"), d.cancel_reason), (_("Notes"), d.notes),
    ]
    print("\n".join(_("{label}:").format(label=k) + " " + v for k, v in pairs if v))
    print(_("Timeline:"))
    for e in d.timeline:
        print("  " + _entry_text(e))


def _print_card(ctx: CommandContext, c: Card) -> None:
    if ctx.args.json:
        print_json(card_json(c))
    else:
        print(_("{number} is now “{stage}”.").format(number=c.number, stage=stage_label(c.stage)))


# --- handlers --------------------------------------------------------------------------------


def _add(ctx: CommandContext) -> int:
    a = ctx.args
    changes = _changes(a)
    actor = ctx.login()
    d = ctx.services.opportunities.add(actor, a.programme, [n.strip() for n in a.donor], title=a.title,
                                       **changes)
    if a.json:
        print_json(detail_json(d))
    else:
        print(d.card.number)
    return 0


def _move(ctx: CommandContext) -> int:
    a = ctx.args
    target = a.to.strip()
    received = riyals_option(a.amount) if a.amount is not None and a.amount.strip() else None
    on = day_option(a.date) or (date.today() if target == "successful" else None)
    actor = ctx.login()
    card = ctx.services.opportunities.move(actor, a.opportunity, target, reason=a.reason,
                                           received_halalas=received, received_on=on, note=a.note)
    _print_card(ctx, card)
    return 0


def _list(ctx: CommandContext) -> int:
    a = ctx.args
    from app.text.digits import parse_int

    limit = parse_int(a.limit)
    if limit is None or not 1 <= limit <= 10_000:
        raise UserError("bad-limit-opportunities", "The limit is a number from 1 to 10,000.", field="limit")
    stage = a.stage.strip()
    if stage and stage not in STAGES:
        raise UserError("unknown-stage", "“{value}” is not a stage of the pipeline.", field="stage",
                        value=stage)
    actor = ctx.login()
    query = BoardQuery(owner=a.owner.strip().lower(), programme=a.programme.strip(), centre=a.centre.strip(),
                       text=a.search, stages=(stage,) if stage else STAGES)
    ops = ctx.services.opportunities
    if stage:
        cards = list(ops.board(actor, query, limit=limit).column(stage).cards)
    else:
        cards = ops.cards(actor, query, 0, limit)
    if a.json:
        print_json([card_json(c) for c in cards])
        return 0
    if not cards:
        print(_("No opportunities match."))
        return 0
    header = [_("Number"), _("Stage"), _("Programme"), _("Donor"), _("Amount"), _("Probability"),
              _("Next action"), _("Owner")]
    body = [[c.number, stage_label(c.stage), c.programme_name, c.donors[0].name if c.donors else "—",
             riyals_text(c.expected_halalas, "latin", whole=True), f"{c.probability}%",
             (iso(c.next_action_on) or "—") + ("!" if c.overdue else ""), c.owner] for c in cards]
    print("\n".join(table(header, body)))
    return 0


def _show(ctx: CommandContext) -> int:
    actor = ctx.login()
    _print_detail(ctx, ctx.services.opportunities.get(actor, ctx.args.opportunity))
    return 0


def _contact(ctx: CommandContext) -> int:
    a = ctx.args
    actor = ctx.login()
    result = ctx.services.opportunities.log_contact(actor, a.opportunity, a.donor.strip(), a.kind.strip(),
                                                    a.note)
    if result.outside_owner:
        print(_("Warning: you are not this donor's relationship owner; the relations manager will see "
                "this contact."), file=sys.stderr)
    if a.json:
        print_json(entry_json(result.entry))
    else:
        print(_entry_text(result.entry))
    return 0


def _update(ctx: CommandContext) -> int:
    a = ctx.args
    changes = _changes(a)
    if a.title is not None:
        changes["title"] = a.title
    actor = ctx.login()
    ops = ctx.services.opportunities
    for number in a.add_donor:
        ops.add_donor(actor, a.opportunity, number.strip())
    for number in a.remove_donor:
        ops.remove_donor(actor, a.opportunity, number.strip())
    d = ops.update(actor, a.opportunity, **changes) if changes else ops.get(actor, a.opportunity)
    _print_detail(ctx, d)
    return 0
