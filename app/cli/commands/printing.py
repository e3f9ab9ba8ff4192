"""``sila print KIND ... --out FILE.pdf``: every printed document is reachable here."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from app.cli.context import CommandContext, print_json
from app.errors import UserError
from app.i18n import _
from app.text.digits import parse_int, to_latin_digits


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("print", help=_("print a document to a PDF file"))
    kinds = p.add_subparsers(dest="print_kind", metavar="KIND", required=True, parser_class=type(p))
    sample = kinds.add_parser("sample", help=_("a sample document that shows the print engine"))
    sample.add_argument("--out", required=True, help=_("the PDF file to write"))
    sample.add_argument("--json", action="store_true")
    sample.set_defaults(handler=_sample)
    ack = kinds.add_parser("ack", help=_("the acknowledgement slip of a complaint or request"))
    ack.add_argument("reference", help=_("the item's reference, e.g. C-JED-1447-000123"))
    ack.add_argument("--out", required=True, help=_("the PDF file to write"))
    ack.add_argument("--json", action="store_true")
    ack.set_defaults(handler=_ack)
    form = kinds.add_parser("client-form", help=_("the client create / modify form, filled or blank"))
    form.add_argument("--request", metavar="ID", help=_("a change request's number, e.g. RQ-JED-000012"))
    form.add_argument("--client", metavar="NUMBER",
                      help=_("a client's number: the form with its current data"))
    form.add_argument("--blank", action="store_true", help=_("an empty form to fill in by hand"))
    form.add_argument("--out", required=True, help=_("the PDF file to write"))
    form.add_argument("--json", action="store_true")
    form.set_defaults(handler=_client_form)
    add_survey_parsers(kinds)
    add_pipeline_parsers(kinds)


def add_pipeline_parsers(kinds: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """``sila print pipeline-report``, ``campaign-report`` and ``annual-plan``."""
    weekly = kinds.add_parser("pipeline-report", help=_("the weekly opportunities report"))
    weekly.add_argument("--week", default="", help=_("the week, e.g. 2026-W47 (default: this week)"))
    weekly.add_argument("--stale-days", default=None,
                        help=_("days without contact before an opportunity is stale (default: the setting)"))
    weekly.add_argument("--out", required=True, help=_("the PDF file to write"))
    weekly.add_argument("--json", action="store_true")
    weekly.set_defaults(handler=_pipeline_report)
    campaign = kinds.add_parser("campaign-report", help=_("a marketing campaign's report"))
    campaign.add_argument("campaign", help=_("the campaign's number, e.g. CM-HQ-0001"))
    campaign.add_argument("--out", required=True, help=_("the PDF file to write"))
    campaign.add_argument("--json", action="store_true")
    campaign.set_defaults(handler=_campaign_report)
    plan = kinds.add_parser("annual-plan", help=_("the annual marketing plan as a table"))
    plan.add_argument("--year", required=True, help=_("the plan's year"))
    plan.add_argument("--out", required=True, help=_("the PDF file to write"))
    plan.add_argument("--json", action="store_true")
    plan.set_defaults(handler=_annual_plan)


def add_survey_parsers(kinds: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """``sila print survey-form`` and ``sila print survey-report``."""
    survey = kinds.add_parser("survey-form", help=_("numbered satisfaction forms to hand out, one page each"))
    survey.add_argument("--programme", required=True, metavar="ID",
                        help=_("the programme's number, e.g. PG-JED-000012"))
    survey.add_argument("--template", default="",
                        help=_("the survey template (default: beneficiary, or donor with --donors)"))
    survey.add_argument("--copies", default="1", help=_("how many numbered copies to print"))
    survey.add_argument("--donors", action="store_true",
                        help=_("one copy addressed to each donor of the programme"))
    survey.add_argument("--out", required=True, help=_("the PDF file to write"))
    survey.add_argument("--json", action="store_true")
    survey.set_defaults(handler=_survey_form)
    report = kinds.add_parser("survey-report", help=_("the satisfaction survey results report"))
    report.add_argument("--programme", action="append", default=[], metavar="ID",
                        help=_("a programme to report on (repeat for several; none: every programme)"))
    report.add_argument("--template", default="beneficiary", help=_("the survey template key"))
    report.add_argument("--since", default=None, help=_("first day of the period, YYYY-MM-DD"))
    report.add_argument("--until", default=None, help=_("last day of the period, YYYY-MM-DD"))
    report.add_argument("--out", required=True, help=_("the PDF file to write"))
    report.add_argument("--json", action="store_true")
    report.set_defaults(handler=_survey_report)


def output_path(text: str) -> Path:
    path = Path(text).expanduser()
    if path.suffix.lower() != ".pdf":
        raise UserError("not-pdf", "The output file must end in .pdf.", field="out")
    if not path.parent.is_dir():
        raise UserError("no-such-folder", "The folder {path} does not exist.", path=str(path.parent))
    return path


def _sample(ctx: CommandContext) -> int:
    from app.printing.sample import build_sample_document

    out = output_path(ctx.args.out)
    info = ctx.services.documents.info(_("Sample document"), "DOC-{}-0001".format(
        ctx.services.db.site_code or "HQ"))
    pages = build_sample_document(out, info)
    if ctx.args.json:
        print_json({"path": str(out), "pages": pages})
    else:
        print(_("Written to {path}.").format(path=out))
    return 0


def _ack(ctx: CommandContext) -> int:
    from app.complaints.slip import build_ack_slip

    out = output_path(ctx.args.out)
    detail = ctx.services.complaints.get(ctx.login(), ctx.args.reference)
    pages = build_ack_slip(out, ctx.services, detail)
    if ctx.args.json:
        print_json({"path": str(out), "pages": pages, "reference": detail.reference})
    else:
        print(_("Written to {path}.").format(path=out))
    return 0


def _client_form(ctx: CommandContext) -> int:
    from app.clients.form_pdf import blank_form, build_client_form, form_from_client, form_from_request

    args = ctx.args
    if sum(1 for given in (args.request, args.client, args.blank) if given) != 1:
        raise UserError("client-form-source", "Give exactly one of --request, --client or --blank.")
    out = output_path(args.out)
    services = ctx.services
    if args.request:
        form = form_from_request(services, services.client_requests.detail(ctx.login(), args.request))
    elif args.client:
        form = form_from_client(services, services.clients.detail(ctx.login(), args.client))
    else:
        form = blank_form(services)  # no data on it: no login needed
    pages = build_client_form(out, services, form)
    if args.json:
        print_json({"out": str(out), "pages": pages})
    else:
        print(_("Written to {path}.").format(path=out))
    return 0


def _copies(text: str) -> int:
    copies = parse_int(text)
    if copies is None:
        raise UserError("form-copies-number", "The number of copies must be a whole number.", field="copies")
    return copies


def _day(text: str | None, name: str) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(to_latin_digits(text).strip())
    except ValueError:
        raise UserError("invalid-date", "--{option} takes a date written YYYY-MM-DD.", field=name,
                        option=name) from None


def _survey_form(ctx: CommandContext) -> int:
    from app.surveys.builtin import BENEFICIARY_KEY, DONOR_KEY
    from app.surveys.form_pdf import write_survey_forms

    args = ctx.args
    out = output_path(args.out)
    actor = ctx.login()
    services = ctx.services
    template = args.template or (DONOR_KEY if args.donors else BENEFICIARY_KEY)
    if args.donors:
        donors = [number for number, _name in services.programmes.donors(actor, args.programme)]
        if not donors:
            raise UserError("no-donors", "No donor has given to the programme {programme}.",
                            field="programme", programme=args.programme)
        run = services.survey_forms.reserve(actor, args.programme, template, donors=donors)
    else:
        run = services.survey_forms.reserve(actor, args.programme, template, _copies(args.copies))
    write_survey_forms(services, run, out)
    if args.json:
        print_json({
            "file": str(out),
            "out": str(out),
            "programme": run.programme.number,
            "template": run.template.key,
            "version": run.template.version,
            "run": run.run,
            "copies": len(run.numbers),
            "form_numbers": list(run.numbers),
            "donors": [number for number, _name in run.donors],
        })
    else:
        print(_("Written to {path}.").format(path=out))
    return 0


def _survey_report(ctx: CommandContext) -> int:
    from app.surveys.records import SurveyQuery
    from app.surveys.report import build_results_report
    from app.surveys.report_pdf import write_results_report

    args = ctx.args
    out = output_path(args.out)
    actor = ctx.login()
    services = ctx.services
    query = SurveyQuery(template_key=args.template, programmes=tuple(args.programme),
                        since=_day(args.since, "since"), until=_day(args.until, "until"))
    report = build_results_report(services, actor, query)
    pages = write_results_report(services, report, out)
    if args.json:
        summary = report.summary
        print_json({
            "file": str(out),
            "out": str(out),
            "pages": pages,
            "programmes": [p.number for p in report.programmes],
            "responses": summary.responses,
            "index": None if summary.index is None else round(summary.index, 1),
            "weakest": list(summary.weakest),
            "actions": len(report.actions),
        })
    else:
        print(_("Written to {path}.").format(path=out))
    return 0


def _pipeline_report(ctx: CommandContext) -> int:
    from app.pipeline.report_pdf import write_weekly_report
    from app.pipeline.weekly import week_of

    args = ctx.args
    out = output_path(args.out)
    stale = None
    if args.stale_days is not None:
        stale = parse_int(args.stale_days)
        if stale is None or not 1 <= stale <= 365:
            raise UserError("stale-days", "--stale-days takes a number of days from 1 to 365.",
                            field="stale_days")
    actor = ctx.login()
    week = args.week.strip() or week_of(date.today())
    report = ctx.services.weekly_reports.build(actor, week, stale)
    pages = write_weekly_report(ctx.services, report, out)
    if args.json:
        print_json({
            "file": str(out), "out": str(out), "pages": pages, "week": report.week,
            "starts": report.starts.isoformat(), "ends": report.ends.isoformat(),
            "moved": len(report.moved), "won": len(report.won), "lost": len(report.lost),
            "stale": len(report.stale), "outside_contacts": len(report.outside_contacts),
            "pipeline": [{"stage": c.stage, "count": c.count, "total_halalas": c.total_halalas,
                          "weighted_halalas": c.weighted_halalas} for c in report.pipeline],
        })
    else:
        print(_("Written to {path}.").format(path=out))
    return 0


def _campaign_report(ctx: CommandContext) -> int:
    from app.pipeline.campaign_pdf import write_campaign_report

    args = ctx.args
    out = output_path(args.out)
    info = ctx.services.campaigns.get(ctx.login(), args.campaign)
    pages = write_campaign_report(ctx.services, info, out)
    if args.json:
        print_json({"file": str(out), "out": str(out), "pages": pages, "campaign": info.number})
    else:
        print(_("Written to {path}.").format(path=out))
    return 0


def _annual_plan(ctx: CommandContext) -> int:
    from app.pipeline.campaign_pdf import write_annual_plan

    args = ctx.args
    out = output_path(args.out)
    year = parse_int(args.year)
    if year is None or not 2000 <= year <= 2100:
        raise UserError("campaign-year", "“{value}” is not a year.", field="year", value=args.year)
    campaigns = ctx.services.campaigns.list(ctx.login(), year)
    pages = write_annual_plan(ctx.services, year, campaigns, out)
    if args.json:
        print_json({"file": str(out), "out": str(out), "pages": pages, "year": year,
                    "campaigns": len(campaigns)})
    else:
        print(_("Written to {path}.").format(path=out))
    return 0
