"""``sila clients stats --by DIMENSION``: the client statistics for scripts and administrators.

Registered under ``sila clients`` by :mod:`app.cli.commands.clients` (``add_stats_parser``).
The text output is a table for people; ``--json`` gives identifiers and exact
amounts in halalas; ``--out`` writes the report to a PDF or an Excel file.
"""

from __future__ import annotations

import argparse
import unicodedata
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from app.cli.context import CommandContext, print_json
from app.clients.statistics import (
    DIMENSIONS,
    MEASURES,
    StatsFilter,
    StatsReport,
    StatsRow,
    column_titles,
    count_text,
    export_xlsx,
    generated_text,
    percent_text,
    riyals_text,
)
from app.errors import UserError
from app.i18n import _
from app.text.digits import to_latin_digits


def add_stats_parser(actions: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``stats`` to the ``sila clients`` actions."""
    p = actions.add_parser("stats", help=_("client statistics: clients, donations and pledges by group"))
    p.add_argument("--by", required=True, help=", ".join(DIMENSIONS))
    p.add_argument("--measure", default="clients", help=", ".join(MEASURES))
    p.add_argument("--kind", help=_("only clients of this kind"))
    p.add_argument("--status", help=_("only active or inactive clients"))
    p.add_argument("--city", help=_("only clients in this city"))
    p.add_argument("--centre", help=_("only clients of this centre"))
    p.add_argument("--owner", help=_("only clients of this relationship owner (a user name)"))
    p.add_argument("--from", dest="created_from", metavar="YYYY-MM-DD",
                   help=_("only clients registered on or after this day"))
    p.add_argument("--to", dest="created_to", metavar="YYYY-MM-DD",
                   help=_("only clients registered on or before this day"))
    p.add_argument("--out", metavar="FILE", help=_("also write the report to FILE.pdf or FILE.xlsx"))
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=run_stats)


def _day(text: str | None, option: str) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(to_latin_digits(text.strip()))
    except ValueError:
        raise UserError("invalid-date", "--{option} takes a date written YYYY-MM-DD.", field=option,
                        option=option) from None


def _filters(args: argparse.Namespace) -> StatsFilter:
    return StatsFilter(kind=args.kind or None, status=args.status or None, city=args.city or None,
                       centre=args.centre or None, owner=args.owner or None,
                       created_from=_day(args.created_from, "from"), created_to=_day(args.created_to, "to"))


def _output(text: str) -> Path:
    path = Path(text).expanduser()
    if path.suffix.lower() not in (".pdf", ".xlsx"):
        raise UserError("stats-out-format", "The output file must end in .pdf or .xlsx.", field="out")
    if not path.parent.is_dir():
        raise UserError("no-such-folder", "The folder {path} does not exist.", path=str(path.parent))
    return path


def row_json(report: StatsReport, row: StatsRow) -> dict[str, Any]:
    share = report.share(row)
    return {"key": row.key, "label": row.label, "clients": row.clients, "contributors": row.contributors,
            "donated_halalas": row.donated_halalas, "pledged_halalas": row.pledged_halalas,
            "share": None if share is None else round(share, 6)}


def report_json(report: StatsReport) -> dict[str, Any]:
    return {"by": report.by, "measure": report.measure,
            "generated": report.generated_at.astimezone().isoformat(timespec="seconds"),
            "overlapping": report.overlapping, "rows": [row_json(report, r) for r in report.rows],
            "total": row_json(report, report.total), "notes": list(report.notes)}


def _width(text: str) -> int:
    """Terminal columns: combining marks (tashkeel) take none."""
    return sum(0 if unicodedata.combining(c) else 1 for c in text)


def table_lines(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    """Columns padded to their widest cell; figures right-aligned."""
    widths = [max(_width(r[i]) for r in [header, *rows]) for i in range(len(header))]

    def cell(text: str, i: int) -> str:
        pad = " " * (widths[i] - _width(text))
        return text + pad if i == 0 else pad + text

    return ["  ".join(cell(c, i) for i, c in enumerate(r)).rstrip() for r in [header, *rows]]


def report_lines(report: StatsReport) -> list[str]:
    def cells(row: StatsRow) -> list[str]:
        return [row.label, count_text(row.clients), count_text(row.contributors),
                riyals_text(row.donated_halalas), riyals_text(row.pledged_halalas),
                percent_text(report.share(row))]

    lines = [report.title, _("Measure: {measure}").format(measure=report.measure_label),
             generated_text(report), ""]
    if not report.rows:
        return [*lines, _("No clients match.")]
    lines += table_lines([report.dimension_label, *column_titles()],
                         [cells(r) for r in report.rows] + [cells(report.total)])
    return [*lines, "", *report.notes] if report.notes else lines


def run_stats(ctx: CommandContext) -> int:
    args = ctx.args
    actor = ctx.login()
    services = ctx.services
    stats = services.client_stats
    out = _output(args.out) if args.out else None
    report = stats.report(actor, args.by.strip(), args.measure.strip(), _filters(args))
    result: dict[str, Any] = report_json(report)
    if out is not None:
        if out.suffix.lower() == ".pdf":
            from app.clients.statistics_pdf import write_stats_pdf  # loads ReportLab: only when printing

            result["pages"] = write_stats_pdf(services, report, out)
        else:
            export_xlsx(report, out)
        result["path"] = str(out)
    if args.json:
        print_json(result)
        return 0
    print("\n".join(report_lines(report)))
    if out is not None:
        print(_("Written to {path}.").format(path=out))
    return 0
