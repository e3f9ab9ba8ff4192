"""The campaign report (تقرير الحملة التسويقية) and the annual marketing plan (الخطة السنوية)
printed, seed 000 §4.1.8.

The campaign report: the campaign (objective, segment, channels, dates, agency),
the budget against the actual cost, the agencies' proposals, the procedure's
steps with who and when, the results (reach, responses, donations attributed,
new beneficiaries, cost per response) and the evaluation against the objective.

The annual plan is a table wider than A4 portrait: it is printed on landscape
pages with the same header and "page x of y" footer as every other document.
"""

from __future__ import annotations

import dataclasses
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, KeepTogether, PageTemplate, Table, TableStyle

from app.calendars.formatting import format_gregorian, format_hijri
from app.clients.statistics import count_text, percent_text, riyals_text
from app.i18n import _
from app.pipeline.campaigns import CAMPAIGN_STATE_LABELS
from app.pipeline.records import CampaignInfo
from app.pipeline.report_pdf import (
    FONT_SIZE,
    TABLE_SIZE,
    TOTAL_BACKGROUND,
    bold_row,
    cell_day,
    day_text,
    field_rows,
    note,
    user_names,
)
from app.printing import document
from app.printing.blocks import SignatureBlock, heading, signature_blocks, spacer
from app.printing.document import DocumentInfo, build_pdf
from app.printing.fonts import register_fonts
from app.printing.rtl import RTLParagraph, draw_text
from app.printing.tables import rtl_table
from app.services.settings import label_of
from app.text.bidi import first_strong_rtl, isolate_ltr
from app.text.digits import DigitStyle, localize_digits

if TYPE_CHECKING:
    from app.services.app_services import AppServices

LANDSCAPE = landscape(A4)


def state_label(state: str) -> str:
    source = CAMPAIGN_STATE_LABELS.get(state)
    return _(source) if source else state


def _channels(services: AppServices, ids: Sequence[str], rtl: bool) -> str:
    known = {c["id"]: label_of(c) for c in services.settings.get("campaign_channels")}
    return ("، " if rtl else ", ").join(known.get(i, i) for i in ids)


def _dates(info: CampaignInfo, digits: DigitStyle) -> str:
    if info.planned_start and info.planned_end:
        return _("{start} to {end}").format(start=day_text(info.planned_start, digits),
                                            end=day_text(info.planned_end, digits))
    if info.planned_start or info.planned_end:
        return day_text(info.planned_start or info.planned_end, digits)
    return ""


def _plan_dates(info: CampaignInfo, digits: DigitStyle) -> str:
    """The planned dates in a table cell: the Gregorian range, and the Hijri range under it."""
    start, end = info.planned_start, info.planned_end
    if not (start and end):
        return cell_day(start or end, digits)
    first, last = format_gregorian(start, digits=digits), format_gregorian(end, digits=digits, suffix=True)
    lines = [f"{first} – {last}"]
    if format_hijri(start):
        first, last = format_hijri(start, digits=digits, suffix=False), format_hijri(end, digits=digits)
        lines.append(f"{first} – {last}")
    return "\n".join(lines)


def _money(halalas: int | None, digits: DigitStyle) -> str:
    return riyals_text(halalas, digits, whole=True) if halalas is not None else "—"


def _free(text: str, rtl: bool) -> RTLParagraph:
    own = first_strong_rtl(text)
    return RTLParagraph(text, font_size=FONT_SIZE, rtl=rtl if own is None else own, space_after=3)


# --- the campaign report -----------------------------------------------------------------------


def _budget_rows(info: CampaignInfo, digits: DigitStyle) -> list[tuple[str, str]]:
    rows = [(_("Estimated budget"), _("{amount} SAR").format(amount=_money(info.budget_halalas, digits)))]
    if info.actual_cost_halalas is None:
        rows.append((_("Actual cost"), _("Not recorded yet")))
        return rows
    rows.append((_("Actual cost"), _("{amount} SAR").format(amount=_money(info.actual_cost_halalas, digits))))
    difference = info.budget_halalas - info.actual_cost_halalas
    if difference >= 0:
        rows.append((_("Against the budget"), _("{amount} SAR under the budget").format(
            amount=_money(difference, digits))))
    else:
        rows.append((_("Against the budget"), _("{amount} SAR over the budget").format(
            amount=_money(-difference, digits))))
    if info.budget_halalas:
        rows.append((_("Budget used"), percent_text(info.actual_cost_halalas / info.budget_halalas, digits)))
    return rows


def _proposals_table(info: CampaignInfo, rtl: bool, digits: DigitStyle) -> Table:
    rows: list[list[str | Flowable]] = [[_("Agency"), _("Cost (SAR)"), _("Received on"), _("Attachment"),
                                         _("Chosen")]]
    chosen: list[int] = []
    for r, p in enumerate(info.proposals, 1):
        rows.append([p.agency + (f"\n{p.note}" if p.note else ""), _money(p.cost_halalas, digits),
                     cell_day(p.received_on, digits), isolate_ltr(p.file_name) if p.file_name else "—",
                     _("Chosen") if p.chosen else ""])
        if p.chosen:
            chosen.append(r)
    table = rtl_table(rows, ["30%", "15%", "27%", "16%", "12%"], font_size=TABLE_SIZE, numeric_columns=(1,),
                      rtl=rtl)
    if chosen:
        table.setStyle(TableStyle([("BACKGROUND", (0, r), (-1, r), TOTAL_BACKGROUND) for r in chosen]))
    return table


def _steps_table(info: CampaignInfo, names: dict[str, str], rtl: bool, digits: DigitStyle) -> Table:
    rows: list[list[str | Flowable]] = [[_("Step"), _("By"), _("When"), _("Note")]]
    for step in info.steps:
        rows.append([state_label(step.to_state), names.get(step.user_name, step.user_name),
                     cell_day(step.at.astimezone().date(), digits), step.note or ""])
    return rtl_table(rows, ["28%", "20%", "27%", "25%"], font_size=TABLE_SIZE, zebra=True, rtl=rtl)


def _results_rows(info: CampaignInfo, digits: DigitStyle) -> list[tuple[str, str]]:
    def count(n: int | None) -> str:
        return count_text(n, digits) if n is not None else "—"

    rows = [
        (_("Reach"), count(info.reach)),
        (_("Responses"), count(info.responses)),
        (_("Donations attributed"), _("{amount} SAR").format(amount=_money(info.donations_halalas, digits))
         if info.donations_halalas is not None else "—"),
        (_("New beneficiaries"), count(info.new_beneficiaries)),
    ]
    if info.reach and info.responses is not None:
        rows.append((_("Response rate"), percent_text(info.responses / info.reach, digits)))
    if info.actual_cost_halalas is not None and info.responses:
        rows.append((_("Cost per response"), _("{amount} SAR").format(
            amount=riyals_text(info.actual_cost_halalas // info.responses, digits))))
    if info.actual_cost_halalas and info.donations_halalas is not None:
        ratio = info.donations_halalas / info.actual_cost_halalas
        text = f"{ratio:.2f}".replace(".", "٫") if digits == "arabic" else f"{ratio:.2f}"
        rows.append((_("Donations per riyal spent"), localize_digits(text, digits)))
    return rows


def campaign_flowables(services: AppServices, info: CampaignInfo, doc: DocumentInfo) -> list[Flowable]:
    rtl, digits = doc.rtl, doc.digit_style
    names = user_names(services)
    body: list[Flowable] = field_rows([
        (_("Campaign"), info.name),
        (_("Number"), isolate_ltr(info.number)),
        (_("Year"), localize_digits(str(info.year), digits)),
        (_("State"), state_label(info.state)),
        (_("Objective"), info.objective),
        (_("Target segment"), info.segment),
        (_("Cities"), ("، " if rtl else ", ").join(info.cities)),
        (_("Neighbourhoods"), ("، " if rtl else ", ").join(info.neighbourhoods)),
        (_("Channels"), _channels(services, info.channels, rtl)),
        (_("Planned dates"), _dates(info, digits)),
        (_("Programme"), isolate_ltr(info.programme_number) if info.programme_number else ""),
        (_("Agency"), info.agency),
        (_("Reason for cancelling"), info.cancel_reason),
    ], rtl)
    body.append(heading(_("Budget and cost"), level=2, rtl=rtl))
    body += field_rows(_budget_rows(info, digits), rtl)
    body.append(heading(_("Agency proposals"), level=2, rtl=rtl))
    body.append(_proposals_table(info, rtl, digits) if info.proposals
                else note(_("No proposal has been recorded."), rtl))
    body.append(heading(_("The procedure's steps"), level=2, rtl=rtl))
    body.append(_steps_table(info, names, rtl, digits) if info.steps else note(_("No step recorded."), rtl))
    body.append(heading(_("Results"), level=2, rtl=rtl))
    body += field_rows(_results_rows(info, digits), rtl)
    body.append(heading(_("Evaluation against the objective"), level=2, rtl=rtl))
    if info.objective:
        body += field_rows([(_("Objective"), info.objective)], rtl)
    body.append(_free(info.evaluation, rtl) if info.evaluation.strip()
                else note(_("The campaign has not been evaluated yet."), rtl))
    body.append(KeepTogether([spacer(4), signature_blocks([
        SignatureBlock(_("Prepared by (relations officer)")),
        SignatureBlock(_("Approved by (relations manager)")),
    ], rtl=rtl)]))
    return body


def write_campaign_report(services: AppServices, info: CampaignInfo, path: Path) -> int:
    doc = services.documents.info(_("Marketing campaign report"), info.number)
    return build_pdf(path, doc, campaign_flowables(services, info, doc))


def campaign_report_pdf(services: AppServices, info: CampaignInfo) -> bytes:
    with tempfile.TemporaryDirectory(prefix="sila-campaign-") as folder:
        path = Path(folder) / "campaign.pdf"
        write_campaign_report(services, info, path)
        return path.read_bytes()


# --- the annual plan, on landscape pages -------------------------------------------------------


PLAN_WIDTHS = ["3%", "16%", "15%", "13%", "18%", "9%", "9%", "9%", "8%"]


def plan_table(services: AppServices, campaigns: Sequence[CampaignInfo], rtl: bool,
               digits: DigitStyle) -> Table:
    rows: list[list[str | Flowable]] = [[_("No."), _("Campaign"), _("Target segment"), _("Channels"),
                                         _("Planned dates"), _("Budget (SAR)"), _("Actual cost (SAR)"),
                                         _("Agency"), _("State")]]
    for n, c in enumerate(campaigns, 1):
        segment = c.segment
        if c.cities:
            segment = f"{segment}\n({('، ' if rtl else ', ').join(c.cities)})" if segment \
                else ("، " if rtl else ", ").join(c.cities)
        rows.append([localize_digits(str(n), digits), f"{c.name}\n{isolate_ltr(c.number)}", segment or "—",
                     _channels(services, c.channels, rtl) or "—", _plan_dates(c, digits),
                     _money(c.budget_halalas, digits), _money(c.actual_cost_halalas, digits), c.agency or "—",
                     state_label(c.state)])
    numeric = (0, 5, 6)
    live = [c for c in campaigns if c.state != "cancelled"]
    rows.append(bold_row([
        "", _("Total ({count} campaigns)").format(count=count_text(len(campaigns), digits)), "", "", "",
        _money(sum(c.budget_halalas for c in campaigns), digits),
        _money(sum(c.actual_cost_halalas or 0 for c in campaigns), digits), "", ""], numeric, rtl))
    if len(live) != len(campaigns):
        rows.append(bold_row([
            "", _("Without the cancelled ({count})").format(count=count_text(len(live), digits)), "", "", "",
            _money(sum(c.budget_halalas for c in live), digits),
            _money(sum(c.actual_cost_halalas or 0 for c in live), digits), "", ""], numeric, rtl))
    table = rtl_table(rows, PLAN_WIDTHS, font_size=TABLE_SIZE, zebra=True, numeric_columns=numeric, rtl=rtl)
    extra = len(rows) - 1 - len(campaigns)
    table.setStyle(TableStyle([("BACKGROUND", (0, len(rows) - extra), (-1, -1), TOTAL_BACKGROUND)]))
    return table


def plan_flowables(services: AppServices, year: int, campaigns: Sequence[CampaignInfo],
                   doc: DocumentInfo) -> list[Flowable]:
    rtl, digits = doc.rtl, doc.digit_style
    body: list[Flowable] = field_rows([
        (_("Year"), localize_digits(str(year), digits)),
        (_("Campaigns"), count_text(len(campaigns), digits)),
    ], rtl)
    body.append(spacer(2))
    body.append(plan_table(services, campaigns, rtl, digits) if campaigns
                else note(_("No campaign is planned for this year."), rtl))
    body.append(KeepTogether([spacer(4), signature_blocks([
        SignatureBlock(_("Prepared by (relations manager)")),
        SignatureBlock(_("Approved by (executive director)")),
    ], rtl=rtl)]))
    return body


def _landscape_header(canvas: Any, info: DocumentInfo, logo: Any) -> None:
    """The page header of :mod:`app.printing.document`, laid out on a landscape page."""
    page_w, page_h = LANDSCAPE
    side, top_margin = document.MARGIN_SIDE, document.MARGIN_TOP
    left, right = side, page_w - side
    top = page_h - top_margin
    width = right - left
    half = width * 0.48
    rtl = info.rtl
    size = document.LOGO_SIZE
    logo_room = 0.0
    if logo is not None:
        canvas.drawImage(logo, right - size if rtl else left, top - size, size, size,
                         preserveAspectRatio=True, anchor="e" if rtl else "w", mask="auto")
        logo_room = size + 3 * mm
    name_w = half - logo_room
    name_x = right - logo_room - name_w if rtl else left + logo_room
    draw_text(canvas, info.association_name, name_x, top - size / 2 - 4, name_w, font_size=13, bold=True,
              rtl=rtl, color=document.RULE_COLOR)
    end_x = left if rtl else right - half
    draw_text(canvas, info.date_text, end_x, top - 7, half, font_size=9, align="end", rtl=rtl)
    draw_text(canvas, _("Reference: {reference}").format(reference=info.reference), end_x, top - 19, half,
              font_size=9, align="end", rtl=rtl)
    draw_text(canvas, info.title, left, top - size - 8 * mm + 2, width, font_size=15, bold=True,
              align="center", rtl=rtl)
    canvas.saveState()
    canvas.setStrokeColor(document.RULE_COLOR)
    canvas.setLineWidth(0.8)
    rule_y = page_h - top_margin - document.HEADER_HEIGHT + 2 * mm
    canvas.line(left, rule_y, right, rule_y)
    canvas.restoreState()


def _landscape_footer(canvas: Any, info: DocumentInfo, page: int, pages: int) -> None:
    page_w, _h = LANDSCAPE
    left, width = document.MARGIN_SIDE, page_w - 2 * document.MARGIN_SIDE
    rule_y = document.MARGIN_BOTTOM + document.FOOTER_HEIGHT - 3 * mm
    canvas.saveState()
    canvas.setStrokeColor(document.RULE_COLOR)
    canvas.setLineWidth(0.5)
    canvas.line(left, rule_y, left + width, rule_y)
    canvas.restoreState()
    style = info.digit_style
    text = _("Page {page} of {pages}").format(page=localize_digits(str(page), style),
                                              pages=localize_digits(str(pages), style))
    draw_text(canvas, text, left, document.MARGIN_BOTTOM + 1 * mm, width, font_size=9,
              align="center", rtl=info.rtl)


def build_landscape_pdf(path: Path | str, info: DocumentInfo, flowables: Sequence[Flowable]) -> int:
    """:func:`app.printing.document.build_pdf` on A4 landscape pages; returns the page count."""
    register_fonts()
    page_w, page_h = LANDSCAPE
    m = document
    doc = BaseDocTemplate(
        str(path), pagesize=LANDSCAPE, title=info.title, author=info.association_name,
        subject=info.reference, creator="Sila", lang=info.language, invariant=True,
        leftMargin=m.MARGIN_SIDE, rightMargin=m.MARGIN_SIDE, topMargin=m.MARGIN_TOP + m.HEADER_HEIGHT,
        bottomMargin=m.MARGIN_BOTTOM + m.FOOTER_HEIGHT)
    doc.keepTogetherClass = m.KeepWithStart
    y = m.MARGIN_BOTTOM + m.FOOTER_HEIGHT
    frame = Frame(m.MARGIN_SIDE, y, page_w - 2 * m.MARGIN_SIDE, page_h - y - m.MARGIN_TOP - m.HEADER_HEIGHT,
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id="body")
    logo = m.read_logo(info.logo_path)
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame],
                                       onPage=lambda c, _d: _landscape_header(c, info, logo))])
    pages: list[int] = []
    footer = m._numbered_canvas(lambda c, page, total: _landscape_footer(c, info, page, total), pages)
    doc.build(list(flowables), canvasmaker=footer)
    return pages[-1] if pages else 0


def write_annual_plan(services: AppServices, year: int, campaigns: Sequence[CampaignInfo], path: Path) -> int:
    doc = services.documents.info("", f"MP-{year}")
    title = _("Annual marketing plan {year}").format(year=localize_digits(str(year), doc.digit_style))
    doc = dataclasses.replace(doc, title=title)
    return build_landscape_pdf(path, doc, plan_flowables(services, year, campaigns, doc))


def annual_plan_pdf(services: AppServices, year: int, campaigns: list[CampaignInfo]) -> bytes:
    with tempfile.TemporaryDirectory(prefix="sila-plan-") as folder:
        path = Path(folder) / "plan.pdf"
        write_annual_plan(services, year, campaigns, path)
        return path.read_bytes()
