"""``sila campaigns add|move|list|show|proposal|results``: the annual marketing plan from a script.

A campaign is named by its number (``CM-HQ-0001``); ``--json`` gives it as
``id``, amounts as exact halalas, dates ISO, the stable state and channel
identifiers. A campaign moves one step of the procedure at a time (or is
cancelled with a reason); a refused step is one sentence, exit status 2.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from app.calendars.formatting import format_dual
from app.cli.commands.opportunities import day_option, riyals_option
from app.cli.commands.programmes import choice_label, iso, table
from app.cli.context import CommandContext, print_json
from app.clients.statistics import riyals_text
from app.errors import UserError
from app.i18n import _
from app.pipeline.campaigns import CAMPAIGN_STATE_LABELS
from app.pipeline.records import CAMPAIGN_STATES, CampaignInfo
from app.text.digits import parse_int


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("campaigns", help=_("marketing campaigns of the annual plan: add, move, list, show"))
    actions = p.add_subparsers(dest="campaigns_command", metavar="ACTION", required=True,
                               parser_class=type(p))

    add = actions.add_parser("add", help=_("add a campaign to the annual plan"))
    add.add_argument("--name", required=True, help=_("the campaign's name"))
    add.add_argument("--year", default=None, help=_("the plan's year (default: the start's year)"))
    add.add_argument("--objective", default="", help=_("what the campaign should achieve"))
    add.add_argument("--segment", default="", help=_("the target segment, in words"))
    add.add_argument("--city", action="append", default=[], help=_("a target city (repeat for several)"))
    add.add_argument("--neighbourhood", action="append", default=[],
                     help=_("a target neighbourhood (repeat for several)"))
    add.add_argument("--channel", action="append", default=[],
                     help=_("a channel: website, sms, brochures, billboards, social (repeat)"))
    add.add_argument("--start", default=None, help=_("the planned first day, e.g. 2026-03-01"))
    add.add_argument("--end", default=None, help=_("the planned last day"))
    add.add_argument("--budget", default="0", help=_("the estimated budget in riyals"))
    add.add_argument("--agency", default="", help=_("the advertising agency"))
    add.add_argument("--programme", default="", help=_("the programme it promotes, if any"))
    add.add_argument("--json", action="store_true")
    add.set_defaults(handler=_add)

    move = actions.add_parser("move", help=_("the campaign's next step, or cancel it with a reason"))
    move.add_argument("campaign", help=_("the campaign's number, e.g. CM-HQ-0001"))
    move.add_argument("--to", required=True, metavar="STATE", help=", ".join((*CAMPAIGN_STATES, "cancelled")))
    move.add_argument("--reason", default="", help=_("why it is cancelled (required to cancel)"))
    move.add_argument("--note", default="", help=_("a note on the step"))
    move.add_argument("--json", action="store_true")
    move.set_defaults(handler=_move)

    ls = actions.add_parser("list", help=_("the annual plan: the year's campaigns by planned start"))
    ls.add_argument("--year", default=None, help=_("the plan's year (default: every year)"))
    ls.add_argument("--state", default="", help=_("only campaigns in this state"))
    ls.add_argument("--json", action="store_true")
    ls.set_defaults(handler=_list)

    show = actions.add_parser("show", help=_("one campaign with its steps, proposals and results"))
    show.add_argument("campaign", help=_("the campaign's number"))
    show.add_argument("--json", action="store_true")
    show.set_defaults(handler=_show)

    proposal = actions.add_parser("proposal", help=_("record an agency's proposal for a campaign"))
    proposal.add_argument("campaign", help=_("the campaign's number"))
    proposal.add_argument("--agency", required=True, help=_("the agency's name"))
    proposal.add_argument("--cost", required=True, help=_("the proposed cost in riyals"))
    proposal.add_argument("--date", default=None, help=_("the day it was received (default: today)"))
    proposal.add_argument("--file", default=None, help=_("the proposal's file, kept with the campaign"))
    proposal.add_argument("--note", default="", help=_("a note on the proposal"))
    proposal.add_argument("--choose", action="store_true", help=_("go with this proposal"))
    proposal.add_argument("--json", action="store_true")
    proposal.set_defaults(handler=_proposal)

    results = actions.add_parser("results", help=_("the actual cost, the results and the evaluation"))
    results.add_argument("campaign", help=_("the campaign's number"))
    results.add_argument("--cost", default=None, help=_("the actual cost in riyals"))
    results.add_argument("--reach", default=None, help=_("how many people it reached"))
    results.add_argument("--responses", default=None, help=_("how many responded"))
    results.add_argument("--donations", default=None, help=_("the donations attributed, in riyals"))
    results.add_argument("--new-beneficiaries", default=None, help=_("new beneficiaries registered"))
    results.add_argument("--evaluation", default=None, help=_("the evaluation against the objective"))
    results.add_argument("--json", action="store_true")
    results.set_defaults(handler=_results)


def _year(text: str | None) -> int | None:
    if text is None or not text.strip():
        return None
    year = parse_int(text)
    if year is None:
        raise UserError("campaign-year", "“{value}” is not a year.", field="year", value=text)
    return year


def _count(text: str, option: str) -> int:
    n = parse_int(text)
    if n is None or n < 0:
        raise UserError("cli-count", "--{option} takes a whole number.", field=option, option=option)
    return n


def state_label(state: str) -> str:
    source = CAMPAIGN_STATE_LABELS.get(state)
    return _(source) if source else state


def campaign_json(c: CampaignInfo) -> dict[str, Any]:
    return {
        "id": c.number, "number": c.number, "uuid": c.id, "year": c.year, "name": c.name,
        "objective": c.objective, "segment": c.segment, "cities": list(c.cities),
        "neighbourhoods": list(c.neighbourhoods), "channels": list(c.channels),
        "start": iso(c.planned_start), "end": iso(c.planned_end), "budget_halalas": c.budget_halalas,
        "agency": c.agency, "programme": c.programme_number or None, "state": c.state,
        "actual_cost_halalas": c.actual_cost_halalas, "reach": c.reach, "responses": c.responses,
        "donations_halalas": c.donations_halalas, "new_beneficiaries": c.new_beneficiaries,
        "evaluation": c.evaluation, "cancel_reason": c.cancel_reason,
        "proposals": [{"id": p.id, "agency": p.agency, "cost_halalas": p.cost_halalas,
                       "received_on": iso(p.received_on), "file": p.file_name or None,
                       "sha256": p.sha256 or None,
                       "chosen": p.chosen, "note": p.note} for p in c.proposals],
        "steps": [{"at": s.at.isoformat(), "user": s.user_name, "from": s.from_state, "to": s.to_state,
                   "note": s.note} for s in c.steps],
    }


def _money(halalas: int | None) -> str:
    return _("{amount} SAR").format(amount=riyals_text(halalas, "latin", whole=True)) \
        if halalas is not None else ""


def _print(ctx: CommandContext, c: CampaignInfo) -> None:
    if ctx.args.json:
        print_json(campaign_json(c))
        return
    settings = ctx.services.settings
    dates = " – ".join(format_dual(d, "latin") for d in (c.planned_start, c.planned_end) if d)
    pairs = [
        (_("Number"), c.number), (_("Name"), c.name), (_("Year"), str(c.year)),
        (_("State"), state_label(c.state)),
        (_("Objective"), c.objective), (_("Target segment"), c.segment), (_("Cities"), "، ".join(c.cities)),
        (_("Neighbourhoods"), "، ".join(c.neighbourhoods)),
        (_("Channels"), "، ".join(choice_label(settings, "campaign_channels", ch) for ch in c.channels)),
        (_("Planned dates"), dates), (_("Estimated budget"), _money(c.budget_halalas)),
        (_("Actual cost"), _money(c.actual_cost_halalas)), (_("Agency"), c.agency),
        (_("Programme"), c.programme_number), (_("Reach"), "" if c.reach is None else str(c.reach)),
        (_("Responses"), "" if c.responses is None else str(c.responses)),
        (_("Donations attributed"), _money(c.donations_halalas)),
        (_("New beneficiaries"), "" if c.new_beneficiaries is None else str(c.new_beneficiaries)),
        (_("Evaluation"), c.evaluation), (_("Reason for cancelling"), c.cancel_reason),
    ]
    print("\n".join(_("{label}:").format(label=k) + " " + v for k, v in pairs if v))
    if c.proposals:
        print(_("Proposals:"))
        for p in c.proposals:
            chosen = "  ✓" if p.chosen else ""
            print(f"  {p.received_on.isoformat()}  {p.agency}  {_money(p.cost_halalas)}{chosen}")
    if c.steps:
        print(_("Steps:"))
        for s in c.steps:
            note = f": {s.note}" if s.note else ""
            print(f"  {s.at.astimezone():%Y-%m-%d %H:%M}  {s.user_name}  {state_label(s.to_state)}{note}")


def _add(ctx: CommandContext) -> int:
    a = ctx.args
    values: dict[str, Any] = {
        "year": _year(a.year), "objective": a.objective, "segment": a.segment,
        "cities": [x for item in a.city for x in item.split(",")],
        "neighbourhoods": [x for item in a.neighbourhood for x in item.split(",")],
        "channels": [x.strip() for item in a.channel for x in item.split(",") if x.strip()],
        "planned_start": day_option(a.start), "planned_end": day_option(a.end),
        "budget_halalas": riyals_option(a.budget, "budget"), "agency": a.agency, "programme": a.programme,
    }
    actor = ctx.login()
    c = ctx.services.campaigns.add(actor, a.name, **values)
    if a.json:
        print_json(campaign_json(c))
    else:
        print(c.number)
    return 0


def _move(ctx: CommandContext) -> int:
    a = ctx.args
    actor = ctx.login()
    c = ctx.services.campaigns.move(actor, a.campaign, a.to.strip(), note=a.note, reason=a.reason)
    if a.json:
        print_json(campaign_json(c))
    else:
        print(_("{number} is now “{state}”.").format(number=c.number, state=state_label(c.state)))
    return 0


def _list(ctx: CommandContext) -> int:
    a = ctx.args
    actor = ctx.login()
    rows = ctx.services.campaigns.list(actor, _year(a.year), a.state.strip())
    if a.json:
        print_json([campaign_json(c) for c in rows])
        return 0
    if not rows:
        print(_("No campaigns match."))
        return 0
    header = [_("Number"), _("Name"), _("Start"), _("Budget"), _("Agency"), _("State")]
    body = [[c.number, c.name, iso(c.planned_start) or "—",
             riyals_text(c.budget_halalas, "latin", whole=True), c.agency or "—", state_label(c.state)]
            for c in rows]
    print("\n".join(table(header, body)))
    return 0


def _show(ctx: CommandContext) -> int:
    actor = ctx.login()
    _print(ctx, ctx.services.campaigns.get(actor, ctx.args.campaign))
    return 0


def _proposal(ctx: CommandContext) -> int:
    a = ctx.args
    from datetime import date

    cost = riyals_option(a.cost, "cost")
    received = day_option(a.date) or date.today()
    attachment = Path(a.file).expanduser() if a.file else None
    actor = ctx.login()
    camps = ctx.services.campaigns
    p = camps.add_proposal(actor, a.campaign, a.agency, cost, received, attachment, note=a.note)
    if a.choose:
        camps.choose_proposal(actor, p.id)
    _print(ctx, camps.get(actor, a.campaign))
    return 0


def _results(ctx: CommandContext) -> int:
    a = ctx.args
    results: dict[str, object] = {}
    if a.cost is not None:
        results["actual_cost_halalas"] = riyals_option(a.cost, "cost")
    if a.donations is not None:
        results["donations_halalas"] = riyals_option(a.donations, "donations")
    for option, key in (("reach", "reach"), ("responses", "responses"),
                        ("new_beneficiaries", "new_beneficiaries")):
        value = getattr(a, option)
        if value is not None:
            results[key] = _count(value, option.replace("_", "-"))
    if a.evaluation is not None:
        results["evaluation"] = a.evaluation
    actor = ctx.login()
    _print(ctx, ctx.services.campaigns.record_results(actor, a.campaign, **results))
    return 0
