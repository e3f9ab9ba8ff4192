"""The weekly opportunities report printed (التقرير الأسبوعي للفرص), seed 000 §4.1.15, step 5.

The week (Sunday to Saturday, Hijri beside Gregorian), the pipeline by stage
(count, total and probability-weighted total, with the open pipeline and the
grand total), a bar chart of the weighted totals, then what happened this
week: the opportunities moved (from → to), won (with the amount received),
lost (with the reason), stale (no contact for N days: days since the last
contact, owner and next action), the contacts made by someone other than the
donor's relationship owner, and the two signatures.
"""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from reportlab.lib import colors
from reportlab.platypus import Flowable, KeepTogether, Table, TableStyle
from sqlalchemy import select

from app.calendars.formatting import format_dual, format_gregorian, format_hijri
from app.clients.statistics import count_text, riyals_text
from app.clients.statistics_pdf import BarChart
from app.i18n import _
from app.persistence.models import Opportunity, User
from app.pipeline.records import OPEN_STAGES, Card, Column, WeeklyReport
from app.pipeline.rules import CONTACT_LABELS, STAGE_LABELS
from app.printing.blocks import FieldRow, SignatureBlock, heading, signature_blocks, spacer
from app.printing.document import DocumentInfo, build_pdf
from app.printing.fonts import font_name
from app.printing.rtl import RTLParagraph
from app.printing.tables import rtl_table
from app.printing.wrap import text_width
from app.text.bidi import isolate_ltr
from app.text.digits import DigitStyle

if TYPE_CHECKING:
    from app.services.app_services import AppServices

FONT_SIZE = 10.0
TABLE_SIZE = 8.5
TOTAL_BACKGROUND = colors.HexColor("#E6EDF3")
WARNING_COLOR = colors.HexColor("#B91C1C")


# --- small helpers shared with the campaign report --------------------------------------------


def labelled(text: str) -> str:
    return _("{label}:").format(label=text)


def field_rows(pairs: Sequence[tuple[str, str]], rtl: bool, size: float = FONT_SIZE) -> list[Flowable]:
    """``label: value`` rows with one label width, the widest label's."""
    shown = [(k, v) for k, v in pairs if v]
    if not shown:
        return []
    widest = max(text_width(labelled(k), font_name(True), size) for k, _v in shown)
    width = min(widest + size, 200.0)
    return [FieldRow(labelled(k), v, font_size=size, label_width=width, rtl=rtl) for k, v in shown]


def note(text: str, rtl: bool) -> RTLParagraph:
    return RTLParagraph(text, font_size=FONT_SIZE, rtl=rtl, space_after=2)


def day_text(d: date | None, digits: DigitStyle) -> str:
    return format_dual(d, digits) if d is not None else "—"


def cell_day(d: date | None, digits: DigitStyle) -> str:
    """A date in a table cell: Gregorian, and the Hijri under it (a narrow column never splits one)."""
    if d is None:
        return "—"
    hijri = format_hijri(d, digits=digits)
    gregorian = format_gregorian(d, digits=digits, suffix=True)
    return f"{gregorian}\n{hijri}" if hijri else gregorian


def stage_label(stage: str) -> str:
    source = STAGE_LABELS.get(stage)
    return _(source) if source else stage


def user_names(services: AppServices) -> dict[str, str]:
    """User name → full name, for the people named in a report."""
    with services.db.session() as s:
        return {n: f or n for n, f in s.execute(select(User.name, User.full_name))}


def bold_row(values: Sequence[str], numeric: Sequence[int], rtl: bool) -> list[str | Flowable]:
    return [RTLParagraph(v, font_size=TABLE_SIZE, bold=True, rtl=rtl,
                         align="right" if i in numeric else "start") for i, v in enumerate(values)]


# --- the sections ------------------------------------------------------------------------------


def _donors(card: Card, rtl: bool) -> str:
    sep = "، " if rtl else ", "
    return sep.join(d.name for d in card.donors) or "—"


def _opportunity(card: Card) -> str:
    return f"{isolate_ltr(card.number)}\n{card.programme_name}"


def _pipeline_table(columns: Sequence[Column], rtl: bool, digits: DigitStyle) -> Table:
    rows: list[list[str | Flowable]] = [[_("Stage"), _("Opportunities"), _("Total (SAR)"),
                                         _("Weighted total (SAR)")]]
    for c in columns:
        rows.append([stage_label(c.stage), count_text(c.count, digits), riyals_text(c.total_halalas, digits,
                                                                                  whole=True),
                     riyals_text(c.weighted_halalas, digits, whole=True)])
    numeric = (1, 2, 3)
    open_columns = [c for c in columns if c.stage in OPEN_STAGES]
    for label, chosen in ((_("Open pipeline"), open_columns), (_("Total"), list(columns))):
        rows.append(bold_row([label, count_text(sum(c.count for c in chosen), digits),
                              riyals_text(sum(c.total_halalas for c in chosen), digits, whole=True),
                              riyals_text(sum(c.weighted_halalas for c in chosen), digits, whole=True)],
                             numeric, rtl))
    table = rtl_table(rows, ["31%", "17%", "26%", "26%"], font_size=TABLE_SIZE + 0.5,
                      numeric_columns=numeric, rtl=rtl)
    table.setStyle(TableStyle([("BACKGROUND", (0, len(rows) - 2), (-1, -1), TOTAL_BACKGROUND)]))
    return table


def _moved_table(report: WeeklyReport, rtl: bool, digits: DigitStyle) -> Table:
    arrow = _("{start} to {end}")  # the fonts have no arrows
    rows: list[list[str | Flowable]] = [[_("Opportunity"), _("Donor"), _("Stage change"), _("Amount (SAR)"),
                                         _("Owner")]]
    for card, start, end in report.moved:
        rows.append([_opportunity(card), _donors(card, rtl),
                     arrow.format(start=stage_label(start), end=stage_label(end)),
                     riyals_text(card.expected_halalas, digits, whole=True), card.owner_name or card.owner])
    return rtl_table(rows, ["27%", "24%", "20%", "14%", "15%"], font_size=TABLE_SIZE, zebra=True,
                     numeric_columns=(3,), rtl=rtl)


def _won_table(report: WeeklyReport, received: dict[str, tuple[int | None, date | None]], rtl: bool,
               digits: DigitStyle) -> Table:
    rows: list[list[str | Flowable]] = [[_("Opportunity"), _("Donor"), _("Expected (SAR)"),
                                         _("Received (SAR)"), _("Received on")]]
    total = 0
    for card in report.won:
        amount, on = received.get(card.number, (None, None))
        total += amount or 0
        rows.append([_opportunity(card), _donors(card, rtl), riyals_text(card.expected_halalas, digits,
                                                                         whole=True),
                     riyals_text(amount, digits, whole=True) if amount is not None else "—",
                     cell_day(on, digits)])
    numeric = (2, 3)
    rows.append(bold_row([_("Total"), "", riyals_text(sum(c.expected_halalas for c in report.won), digits,
                                                        whole=True),
                          riyals_text(total, digits, whole=True), ""], numeric, rtl))
    table = rtl_table(rows, ["25%", "22%", "15%", "15%", "23%"], font_size=TABLE_SIZE,
                      numeric_columns=numeric, rtl=rtl)
    table.setStyle(TableStyle([("BACKGROUND", (0, len(rows) - 1), (-1, -1), TOTAL_BACKGROUND)]))
    return table


def _lost_table(report: WeeklyReport, rtl: bool, digits: DigitStyle) -> Table:
    rows: list[list[str | Flowable]] = [[_("Opportunity"), _("Donor"), _("Amount (SAR)"), _("Reason")]]
    for card, reason in report.lost:
        rows.append([_opportunity(card), _donors(card, rtl), riyals_text(card.expected_halalas, digits,
                                                                         whole=True), reason or "—"])
    return rtl_table(rows, ["26%", "22%", "14%", "38%"], font_size=TABLE_SIZE, zebra=True,
                     numeric_columns=(2,), rtl=rtl)


def _stale_table(report: WeeklyReport, rtl: bool, digits: DigitStyle) -> Table:
    rows: list[list[str | Flowable]] = [[_("Opportunity"), _("Stage"), _("Days without contact"),
                                         _("Owner"), _("Next action")]]
    for card, days in report.stale:
        action = card.next_action or "—"
        if card.next_action_on is not None:
            action = f"{action}\n{cell_day(card.next_action_on, digits)}"
        cell: str | Flowable = action
        if card.overdue:
            cell = RTLParagraph(_("{action} (overdue)").format(action=action), font_size=TABLE_SIZE,
                                color=WARNING_COLOR, rtl=rtl)
        rows.append([_opportunity(card), stage_label(card.stage), count_text(days, digits),
                     card.owner_name or card.owner, cell])
    return rtl_table(rows, ["27%", "12%", "12%", "15%", "34%"], font_size=TABLE_SIZE, zebra=True,
                     numeric_columns=(2,), rtl=rtl)


def _outside_table(report: WeeklyReport, names: dict[str, str], rtl: bool, digits: DigitStyle) -> Table:
    rows: list[list[str | Flowable]] = [[_("Opportunity"), _("Donor"), _("Contact by"), _("Kind"), _("When"),
                                         _("Note")]]
    for number, e in report.outside_contacts:
        kind = CONTACT_LABELS.get(e.contact)
        rows.append([isolate_ltr(number), e.donor or "—", names.get(e.user_name, e.user_name),
                     _(kind) if kind else e.contact, cell_day(e.at.astimezone().date(), digits),
                     e.note or "—"])
    return rtl_table(rows, ["14%", "20%", "14%", "9%", "19%", "24%"], font_size=TABLE_SIZE, zebra=True,
                     rtl=rtl)


def _received(services: AppServices, cards: Sequence[Card]) -> dict[str, tuple[int | None, date | None]]:
    """The amounts received of the opportunities won (the card carries the expected amount)."""
    if not cards:
        return {}
    with services.db.session() as s:
        return {n: (h, on) for n, h, on in s.execute(
            select(Opportunity.number, Opportunity.received_halalas, Opportunity.received_on)
            .where(Opportunity.number.in_([c.number for c in cards])))}


def _section(title: str, count: int, rtl: bool, digits: DigitStyle) -> RTLParagraph:
    return heading(_("{title} ({count})").format(title=title, count=count_text(count, digits)), level=2,
                   rtl=rtl)


def weekly_flowables(services: AppServices, report: WeeklyReport, info: DocumentInfo) -> list[Flowable]:
    """The report's body in reading order."""
    rtl, digits = info.rtl, info.digit_style
    names = user_names(services)
    body: list[Flowable] = field_rows([
        (_("Week"), isolate_ltr(report.week)),
        (_("Period"), _("From Sunday {start}\nto Saturday {end}").format(
            start=format_dual(report.starts, digits), end=format_dual(report.ends, digits))),
        (_("Stale after"), _("{days} days without contact").format(days=count_text(report.stale_days,
                                                                                   digits))),
    ], rtl)
    body.append(heading(_("The pipeline by stage"), level=2, rtl=rtl))
    body.append(_pipeline_table(report.pipeline, rtl, digits))
    body.append(note(_("The weighted total is each opportunity's amount times its probability of success."),
                     rtl))
    bars = [(stage_label(c.stage), c.weighted_halalas, riyals_text(c.weighted_halalas, digits, whole=True))
            for c in report.pipeline]
    if any(v for _l, v, _t in bars):
        body.append(KeepTogether([heading(_("Weighted total by stage (SAR)"), level=3, rtl=rtl),
                                  BarChart(bars, rtl=rtl)]))
    body.append(_section(_("Moved this week"), len(report.moved), rtl, digits))
    body.append(_moved_table(report, rtl, digits) if report.moved
                else note(_("No opportunity changed stage this week."), rtl))
    body.append(_section(_("Won this week"), len(report.won), rtl, digits))
    body.append(_won_table(report, _received(services, report.won), rtl, digits) if report.won
                else note(_("No opportunity was won this week."), rtl))
    body.append(_section(_("Lost this week"), len(report.lost), rtl, digits))
    body.append(_lost_table(report, rtl, digits) if report.lost
                else note(_("No opportunity was lost this week."), rtl))
    body.append(_section(_("Stale opportunities"), len(report.stale), rtl, digits))
    body.append(note(_("Open opportunities with no contact with the donor for {days} days or more.").format(
        days=count_text(report.stale_days, digits)), rtl))
    if report.stale:
        body.append(_stale_table(report, rtl, digits))
    body.append(_section(_("Contacts outside the relationship owner"), len(report.outside_contacts), rtl,
                         digits))
    body.append(note(_("Contacts with a donor by someone other than the donor's relationship owner "
                       "(one point of contact)."), rtl))
    if report.outside_contacts:
        body.append(_outside_table(report, names, rtl, digits))
    body.append(KeepTogether([spacer(4), signature_blocks([
        SignatureBlock(_("Prepared by (relations officer)")),
        SignatureBlock(_("Reviewed by (relations manager)")),
    ], rtl=rtl)]))
    return body


def write_weekly_report(services: AppServices, report: WeeklyReport, path: Path) -> int:
    """Print ``report`` to the PDF file ``path``; returns the page count."""
    info = services.documents.info(_("Weekly opportunities report"), f"WR-{report.week}")
    return build_pdf(path, info, weekly_flowables(services, report, info))


def weekly_report_pdf(services: AppServices, report: WeeklyReport) -> bytes:
    """The report as PDF bytes."""
    with tempfile.TemporaryDirectory(prefix="sila-weekly-") as folder:
        path = Path(folder) / "weekly.pdf"
        write_weekly_report(services, report, path)
        return path.read_bytes()
