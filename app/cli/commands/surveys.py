"""``sila surveys add|summary|breakdown|templates|verification|sample|export|actions``.

Keying a paper form from a script, and reading the results. Answers are the
scale items in the form's order, ``5,4,0,…`` (0 = unanswered; Arabic-Indic
digits and the Arabic comma accepted). ``--json`` gives stable shapes: item
numbers as on paper, means as numbers, shares from 0 to 1.
"""

from __future__ import annotations

import argparse
from datetime import datetime
from pathlib import Path
from typing import Any

from app.cli.commands.programmes import iso, table
from app.cli.context import CommandContext, print_json
from app.clients.importing import parse_day
from app.errors import UserError
from app.i18n import _, current_language, ngettext
from app.surveys.analysis import BREAKDOWN_LABELS, BREAKDOWNS
from app.surveys.labels import ACTION_STATUS_LABELS, FLAG_LABELS
from app.surveys.records import (
    ActionInfo,
    ResponseInfo,
    Summary,
    SurveyQuery,
    Template,
    Verification,
)


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("surveys", help=_("satisfaction surveys: key paper forms and read the results"))
    actions = p.add_subparsers(dest="surveys_command", metavar="ACTION", required=True,
                               parser_class=type(p))

    add = actions.add_parser("add", help=_("key one returned paper form"))
    add.add_argument("--programme", required=True, help=_("the programme's number or name"))
    add.add_argument("--form-number", required=True, help=_("the form's number, or its digits alone"))
    add.add_argument("--answers", required=True,
                     help=_("one answer per scale item, 1 to 5, 0 when unanswered: 5,4,4,3,…"))
    add.add_argument("--age", default="", help=_("the age group, e.g. 26-35"))
    add.add_argument("--first-time", default="", help=_("first time: yes or no"))
    add.add_argument("--suggestion", default="", help=_("what the respondent suggested"))
    add.add_argument("--note", default="", help=_("a note on the form (e.g. why a pattern is unusual)"))
    add.add_argument("--second-keying", action="store_true",
                     help=_("key the form a second time, to measure keying errors"))
    add.add_argument("--json", action="store_true")
    add.set_defaults(handler=_add)

    summary = actions.add_parser("summary", help=_("per item: mean, distribution, share agreeing"))
    _query_options(summary)
    summary.add_argument("--json", action="store_true")
    summary.set_defaults(handler=_summary)

    breakdown = actions.add_parser("breakdown", help=_("the summary per programme, centre, age group "
                                                       "or first time"))
    _query_options(breakdown)
    breakdown.add_argument("--by", required=True, help=", ".join(BREAKDOWNS))
    breakdown.add_argument("--json", action="store_true")
    breakdown.set_defaults(handler=_breakdown)

    templates = actions.add_parser("templates", help=_("the survey templates and their versions"))
    templates.add_argument("--json", action="store_true")
    templates.set_defaults(handler=_templates)

    verification = actions.add_parser("verification", help=_("the keying error rate of the forms "
                                                              "keyed twice"))
    verification.add_argument("--programme", required=True, help=_("the programme's number or name"))
    verification.add_argument("--json", action="store_true")
    verification.set_defaults(handler=_verification)

    sample = actions.add_parser("sample", help=_("the form numbers to key a second time"))
    sample.add_argument("--programme", required=True, help=_("the programme's number or name"))
    sample.add_argument("--json", action="store_true")
    sample.set_defaults(handler=_sample)

    export = actions.add_parser("export", help=_("the raw responses of a programme as an Excel file"))
    export.add_argument("--programme", action="append", default=[],
                        help=_("the programme's number or name (repeat for several; none: all)"))
    export.add_argument("--template", default="beneficiary",
                        help=_("the template, e.g. beneficiary or donor"))
    export.add_argument("--out", required=True, help=_("the .xlsx file to write"))
    export.set_defaults(handler=_export)

    acts = actions.add_parser("actions", help=_("the action items that follow weak points"))
    acts.add_argument("--programme", action="append", default=[], help=_("only this programme's"))
    acts.add_argument("--open", action="store_true", help=_("only the open ones"))
    acts.add_argument("--json", action="store_true")
    acts.set_defaults(handler=_actions)


def _query_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--programme", action="append", default=[],
                   help=_("the programme's number or name (repeat for several; none: all)"))
    p.add_argument("--template", default="beneficiary", help=_("the template, e.g. beneficiary or donor"))
    p.add_argument("--centre", default="", help=_("only this centre's programmes"))
    p.add_argument("--since", default="", help=_("programmes ending on or after this day"))
    p.add_argument("--until", default="", help=_("programmes ending on or before this day"))


def _query(a: argparse.Namespace) -> SurveyQuery:
    return SurveyQuery(
        template_key=a.template.strip().lower() or "beneficiary",
        programmes=tuple(p.strip() for p in a.programme if p.strip()),
        centre=a.centre.strip(),
        since=parse_day(a.since) if a.since.strip() else None,
        until=parse_day(a.until) if a.until.strip() else None,
    )


# --- JSON shapes (stable) -----------------------------------------------------------------


def _at(at: datetime | None) -> str | None:
    return at.astimezone().isoformat(timespec="seconds") if at else None


def response_json(r: ResponseInfo) -> dict[str, Any]:
    return {"id": r.id, "form_number": r.form_number, "programme": r.programme_number, "pass": r.pass_no,
            "scores": list(r.scores), "answers": r.answers, "age_group": r.age_group,
            "first_time": r.first_time, "flags": list(r.flags), "note": r.note,
            "keyed_at": _at(r.keyed_at), "keyed_by": r.keyed_by, "client": r.client_number}


def _rounded(value: float | None, digits: int = 4) -> float | None:
    return None if value is None else round(value, digits)


def summary_json(s: Summary) -> dict[str, Any]:
    lang = current_language()
    return {
        "responses": s.responses, "mean": _rounded(s.mean), "index": _rounded(s.index, 2),
        "agree_share": _rounded(s.agree_share), "flagged": s.flagged, "weakest": list(s.weakest),
        "items": [{"number": i.number, "id": i.item_id, "text": i.text(lang), "mean": _rounded(i.mean),
                   "answered": i.answered, "unanswered": i.unanswered, "distribution": list(i.distribution),
                   "agree_share": _rounded(i.agree_share)} for i in s.items],
    }


def template_json(t: Template) -> dict[str, Any]:
    return {"key": t.key, "id": t.id, "version": t.version, "audience": t.audience, "title": t.title,
            "title_en": t.title_en, "retired": t.retired, "answered": t.answered,
            "scale_items": len(t.likert),
            "items": [{"id": i.id, "kind": i.kind, "text": i.ar, "text_en": i.en, "required": i.required,
                       "section": i.section, "role": i.role} for i in t.items]}


def verification_json(v: Verification) -> dict[str, Any]:
    return {"forms": v.forms, "items_compared": v.items_compared, "items_differing": v.items_differing,
            "error_rate": _rounded(v.error_rate, 6),
            "differences": [{"form_number": f, "item": item, "first": a if a >= 0 else None,
                             "second": b if b >= 0 else None} for f, item, a, b in v.differences]}


def action_json(a: ActionInfo) -> dict[str, Any]:
    return {"id": a.id, "programme": a.programme_number, "programme_name": a.programme_name,
            "template": a.template_key, "item": a.item_id, "item_text": a.item_text,
            "description": a.description, "owner": a.owner, "owner_name": a.owner_name, "due": iso(a.due),
            "status": a.status, "done_at": _at(a.done_at), "done_note": a.done_note, "overdue": a.overdue}


# --- handlers -----------------------------------------------------------------------------


def _percent(share: float | None) -> str:
    return "—" if share is None else f"{share * 100:.0f}%"


def _number(value: float | None, digits: int = 2) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


def _flags(flags: tuple[str, ...]) -> str:
    return ", ".join(_(FLAG_LABELS[f]) if f in FLAG_LABELS else f for f in flags)


def _add(ctx: CommandContext) -> int:
    a = ctx.args
    actor = ctx.login()
    extra = {"suggestions": a.suggestion} if a.suggestion.strip() else None
    r = ctx.services.survey_entry.add(actor, a.programme, a.form_number, a.answers, extra=extra,
                                      age_group=a.age or None, first_time=a.first_time or None, note=a.note,
                                      pass_no=2 if a.second_keying else 1)
    if a.json:
        print_json(response_json(r))
        return 0
    line = _("Form {number} saved.").format(number=r.form_number)
    if r.flags:
        line += " " + _("Flagged: {flags}.").format(flags=_flags(r.flags))
    print(line)
    return 0


def _summary_lines(s: Summary) -> list[str]:
    lang = current_language()
    lines = [_("Responses: {n}").format(n=s.responses),
             _("Satisfaction index: {index} / 100").format(index=_number(s.index, 1)),
             _("Mean of all answers: {mean}; agreeing (4–5): {share}").format(mean=_number(s.mean),
                                                                          share=_percent(s.agree_share))]
    if s.flagged:
        lines.append(_("Forms saved with an unusual pattern: {n}").format(n=s.flagged))
    header = ["#", _("Item"), _("Mean"), _("Agreeing"), _("Answered"), _("Unanswered"), "1/2/3/4/5"]
    body = [[str(i.number) + (" ▼" if i.number in s.weakest else ""), i.text(lang), _number(i.mean),
             _percent(i.agree_share), str(i.answered), str(i.unanswered),
             "/".join(str(n) for n in i.distribution)] for i in s.items]
    lines += ["", *table(header, body)]
    if s.weakest:
        lines += ["", _("Weakest items: {items}").format(items=", ".join(str(n) for n in s.weakest))]
    return lines


def _summary(ctx: CommandContext) -> int:
    actor = ctx.login()
    s = ctx.services.survey_analysis.summary(actor, _query(ctx.args))
    if ctx.args.json:
        print_json(summary_json(s))
    else:
        print("\n".join(_summary_lines(s)))
    return 0


def _breakdown(ctx: CommandContext) -> int:
    a = ctx.args
    by = a.by.strip()
    if by not in BREAKDOWNS:
        raise UserError("unknown-filter", "“{value}” is not valid here; choose one of: {ids}.",
                        value=by, ids=", ".join(BREAKDOWNS))
    actor = ctx.login()
    groups = ctx.services.survey_analysis.breakdown(actor, _query(a), by)
    if a.json:
        print_json([{"key": g.key, "label": g.label, **summary_json(g.summary)} for g in groups])
        return 0
    if not groups:
        print(_("No responses match."))
        return 0
    header = [_(BREAKDOWN_LABELS[by]), _("Responses"), _("Index"), _("Mean"), _("Agreeing")]
    body = [[g.label or g.key or "—", str(g.summary.responses), _number(g.summary.index, 1),
             _number(g.summary.mean), _percent(g.summary.agree_share)] for g in groups]
    print("\n".join(table(header, body)))
    return 0


def _templates(ctx: CommandContext) -> int:
    actor = ctx.login()
    found = ctx.services.survey_templates.list(actor, include_retired=True)
    if ctx.args.json:
        print_json([template_json(t) for t in found])
        return 0
    lang = current_language()
    header = [_("Key"), _("Version"), _("Title"), _("Scale items"), _("Answered")]
    body = [[t.key, str(t.version), t.display_title(lang) + (" " + _("(retired)") if t.retired else ""),
             str(len(t.likert)), str(t.answered)] for t in found]
    print("\n".join(table(header, body)))
    return 0


def _verification(ctx: CommandContext) -> int:
    actor = ctx.login()
    v = ctx.services.survey_entry.verification(actor, ctx.args.programme)
    if ctx.args.json:
        print_json(verification_json(v))
        return 0
    if not v.forms:
        print(_("No form of this programme has been keyed a second time yet."))
        return 0
    rate = v.error_rate or 0.0
    print(_("Forms keyed twice: {forms}; answers compared: {compared}; differing: {differing} "
            "(error rate {rate})").format(forms=v.forms, compared=v.items_compared,
                                          differing=v.items_differing, rate=f"{rate * 100:.2f}%"))
    for form, item, first, second in v.differences:
        values = f"{first} → {second}" if first >= 0 else "≠"
        print(f"  {form}  {item}  {values}")
    return 0


def _sample(ctx: CommandContext) -> int:
    actor = ctx.login()
    numbers = ctx.services.survey_entry.verification_sample(actor, ctx.args.programme)
    if ctx.args.json:
        print_json({"form_numbers": numbers})
    else:
        print("\n".join(numbers) if numbers else _("No keyed form is waiting for a second keying."))
    return 0


def _export(ctx: CommandContext) -> int:
    a = ctx.args
    out = Path(a.out)
    actor = ctx.login()
    from app.surveys.export import export_responses  # loads openpyxl: only when asked

    count = export_responses(ctx.services, actor, tuple(p.strip() for p in a.programme if p.strip()), out,
                             a.template.strip().lower() or "beneficiary")
    print(ngettext("{n} response written to {path}.", "{n} responses written to {path}.", count)
          .format(n=count, path=out))
    return 0


def _actions(ctx: CommandContext) -> int:
    a = ctx.args
    actor = ctx.login()
    found = ctx.services.survey_actions.list(actor, programmes=tuple(p for p in a.programme if p.strip()),
                                             open_only=a.open)
    if a.json:
        print_json([action_json(x) for x in found])
        return 0
    if not found:
        print(_("No action items."))
        return 0
    header = [_("Due"), _("Status"), _("Owner"), _("Programme"), _("Action")]
    body = [[iso(x.due) or "", _(ACTION_STATUS_LABELS.get(x.status, x.status))
             + (" " + _("(overdue)") if x.overdue else ""), x.owner_name, x.programme_name or "—",
             x.description] for x in found]
    print("\n".join(table(header, body)))
    return 0
