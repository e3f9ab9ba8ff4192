"""The results report printed (تقرير نتائج استبيان رضا العملاء), for management.

The programmes and the period, the number of responses, the overall
satisfaction index, a table per item (mean, share agreeing, the distribution
1–5, unanswered) with the weakest items shaded, a bar chart of the item means
(bars growing from the right in Arabic), the breakdowns, the keying error rate,
the complaint-handling rating, the donors' survey, the suggestions collected,
the action items the report follows, and the two signatures.
"""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Table, TableStyle

from app.calendars.formatting import format_dual
from app.clients.statistics import count_text, percent_text
from app.i18n import N_, _, ngettext
from app.printing.blocks import FieldRow, SignatureBlock, heading, signature_blocks, spacer
from app.printing.document import DocumentInfo, build_pdf
from app.printing.fonts import font_name
from app.printing.rtl import RTLParagraph, draw_text, fit_font_size
from app.printing.tables import rtl_table
from app.printing.wrap import text_width
from app.surveys.analysis import BREAKDOWN_LABELS
from app.surveys.labels import ACTION_STATUS_LABELS
from app.surveys.records import SCALE, SCALE_MAX, ActionInfo, GroupSummary, ItemStats, ResultsReport, Summary
from app.text.bidi import first_strong_rtl, isolate_ltr
from app.text.digits import DigitStyle, localize_digits

if TYPE_CHECKING:
    from app.services.app_services import AppServices

FONT_SIZE = 10.0
TABLE_SIZE = 9.0
BAR_COLOR = colors.HexColor("#0F766E")
WEAK_COLOR = colors.HexColor("#C2410C")
WEAK_BACKGROUND = colors.HexColor("#FDEBDD")
AXIS_COLOR = colors.HexColor("#8A939C")
OVERDUE_COLOR = colors.HexColor("#B91C1C")
MAX_SUGGESTIONS = 300

BREAKDOWN_TITLES = {
    "programme": N_("By programme"),
    "centre": N_("By centre"),
    "age_group": N_("By age group"),
    "first_time": N_("First time or returning"),
}


def number_text(value: float | None, digits: DigitStyle, places: int = 2) -> str:
    """``4.25`` / ``٤٫٢٥``; a dash when there is nothing to show."""
    if value is None:
        return "—"
    text = f"{value:.{places}f}"
    if digits == "arabic":
        text = text.replace(".", "٫")
    return localize_digits(text, digits)


def _percent(share: float | None, digits: DigitStyle) -> str:
    return percent_text(share, digits) or "—"


def _date(d: date | None, digits: DigitStyle) -> str:
    return format_dual(d, digits) if d is not None else ""


def _labelled(text: str) -> str:
    return _("{label}:").format(label=text)


# --- the chart ---------------------------------------------------------------------------------


class MeansChart(Flowable):
    """One horizontal bar per item, its length the mean on the 1–5 scale (0 to 5).

    In Arabic the labels are on the right and the bars grow leftwards from them;
    the weakest items' bars are drawn in a warning colour.
    """

    ROW_HEIGHT = 6.5 * mm
    BAR_HEIGHT = 4 * mm
    AXIS_ROOM = 6 * mm

    def __init__(self, items: Sequence[ItemStats], weakest: Sequence[int], *, rtl: bool, lang: str,
                 digits: DigitStyle, font_size: float = 8.5) -> None:
        super().__init__()
        self.items = list(items)
        self.weakest = set(weakest)
        self.rtl = rtl
        self.lang = lang
        self.digits = digits
        self.font_size = font_size
        self.spaceBefore = 2 * mm
        self.spaceAfter = 3 * mm

    def _label(self, item: ItemStats) -> str:
        return f"{localize_digits(str(item.number), self.digits)}. {item.text(self.lang)}"

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width = availWidth
        self.height = max(1, len(self.items)) * self.ROW_HEIGHT + self.AXIS_ROOM
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        return [self] if availHeight >= self.height else []

    def draw(self) -> None:
        canvas = self.canv
        font = font_name(False)
        label_w = self.width * 0.46
        value_w = 12 * mm
        gap = 2 * mm
        bar_room = self.width - label_w - value_w - 2 * gap
        origin = self.width - label_w - gap if self.rtl else label_w + gap
        label_x = self.width - label_w if self.rtl else 0.0
        size = min((fit_font_size(self._label(i), font, self.font_size, label_w, 6.0) for i in self.items),
                   default=self.font_size)
        top = self.height
        bottom = self.AXIS_ROOM
        canvas.saveState()
        # Grid lines at 1…5, labelled under the axis.
        canvas.setStrokeColor(AXIS_COLOR)
        canvas.setLineWidth(0.4)
        for v in range(0, SCALE_MAX + 1):
            offset = bar_room * v / SCALE_MAX
            x = origin - offset if self.rtl else origin + offset
            if v:
                canvas.setDash(1, 2)
            canvas.line(x, bottom, x, top)
            canvas.setDash()
            draw_text(canvas, localize_digits(str(v), self.digits), x - 5 * mm, bottom - 4 * mm, 10 * mm,
                      font_size=7.5, align="center", rtl=self.rtl, color=AXIS_COLOR)
        for k, item in enumerate(self.items):
            y = top - (k + 1) * self.ROW_HEIGHT
            middle = y + self.ROW_HEIGHT / 2
            baseline = middle - size * 0.3
            draw_text(canvas, self._label(item), label_x, baseline, label_w, font_size=size, rtl=self.rtl,
                      min_size=6.0)
            mean = item.mean or 0.0
            length = bar_room * mean / SCALE_MAX
            if length > 0:
                left = origin - length if self.rtl else origin
                canvas.setFillColor(WEAK_COLOR if item.number in self.weakest else BAR_COLOR)
                canvas.rect(left, middle - self.BAR_HEIGHT / 2, length, self.BAR_HEIGHT, stroke=0, fill=1)
            end = origin - length if self.rtl else origin + length
            text_x = end - gap - value_w if self.rtl else end + gap
            draw_text(canvas, number_text(item.mean, self.digits), text_x, baseline, value_w,
                      font_size=self.font_size, rtl=self.rtl, align="end" if self.rtl else "start")
        canvas.restoreState()


# --- tables ------------------------------------------------------------------------------------


def _items_table(summary: Summary, rtl: bool, lang: str, digits: DigitStyle, *,
                 distribution: bool = True) -> Table:
    """Item by item: number, text, mean, share agreeing, (the answers 1…5,) unanswered."""
    header = [_("No."), _("Item"), _("Mean"), _("Agreeing")]
    widths: list[float | str] = ["5%", "37%", "8%", "10%"]
    if distribution:
        header += [localize_digits(str(v), digits) for v in range(1, SCALE_MAX + 1)]
        widths += ["6.5%"] * SCALE_MAX
    header.append(_("Unanswered"))
    widths.append("7.5%" if distribution else "10%")
    if not distribution:
        widths[1] = "67%"
    rows: list[list[str | Flowable]] = [list(header)]
    for item in summary.items:
        row: list[str | Flowable] = [localize_digits(str(item.number), digits), item.text(lang),
                                     number_text(item.mean, digits), _percent(item.agree_share, digits)]
        if distribution:
            row += [count_text(n, digits) for n in item.distribution]
        row.append(count_text(item.unanswered, digits))
        rows.append(row)
    numeric = [0, *range(2, len(header))]
    table = rtl_table(rows, widths, font_size=TABLE_SIZE, numeric_columns=numeric, rtl=rtl)
    weak = [r for r, item in enumerate(summary.items, 1) if item.number in summary.weakest]
    if weak:
        table.setStyle(TableStyle([("BACKGROUND", (0, r), (-1, r), WEAK_BACKGROUND) for r in weak]))
    return table


def _summary_rows(summary: Summary, digits: DigitStyle) -> list[tuple[str, str]]:
    return [
        (_("Responses"), count_text(summary.responses, digits)),
        (_("Satisfaction index"), _("{value} of 100").format(value=number_text(summary.index, digits, 1))),
        (_("Mean of every answer"), number_text(summary.mean, digits)),
        (_("Agreeing (4 or 5)"), _percent(summary.agree_share, digits)),
    ]


def _group_table(groups: Sequence[GroupSummary], rtl: bool, digits: DigitStyle, title: str) -> Table:
    rows: list[list[str | Flowable]] = [[title, _("Responses"), _("Satisfaction index"), _("Mean"),
                                         _("Agreeing")]]
    for g in groups:
        s = g.summary
        rows.append([g.label or "—", count_text(s.responses, digits), number_text(s.index, digits, 1),
                     number_text(s.mean, digits), _percent(s.agree_share, digits)])
    return rtl_table(rows, ["40%", "14%", "18%", "13%", "15%"], font_size=TABLE_SIZE, zebra=True,
                     numeric_columns=range(1, 5), rtl=rtl)


def _action_status(action: ActionInfo) -> str:
    label = _(ACTION_STATUS_LABELS.get(action.status, action.status))
    if action.overdue:
        return _("{status}, overdue").format(status=label)
    return label


def _actions_table(actions: Sequence[ActionInfo], rtl: bool, lang: str, digits: DigitStyle) -> Table:
    rows: list[list[str | Flowable]] = [[_("Action"), _("Item"), _("Owner"), _("Due"), _("Status")]]
    overdue: list[int] = []
    for r, a in enumerate(actions, 1):
        status: str | Flowable = _action_status(a)
        if a.overdue:
            overdue.append(r)
            status = RTLParagraph(str(status), font_size=TABLE_SIZE, bold=True, color=OVERDUE_COLOR, rtl=rtl)
        description = a.description
        if a.programme_name:
            description = f"{description}\n({a.programme_name})"
        rows.append([description, a.item_text or "—", a.owner_name or a.owner, _date(a.due, digits), status])
    table = rtl_table(rows, ["33%", "22%", "14%", "19%", "12%"], font_size=TABLE_SIZE, zebra=True, rtl=rtl)
    return table


# --- the report --------------------------------------------------------------------------------


def _programme_text(report: ResultsReport, rtl: bool) -> str:
    if not report.programmes:
        return _("All programmes")
    sep = "، " if rtl else ", "
    return sep.join(f"{p.name} ({isolate_ltr(p.number)})" for p in report.programmes)


def _period_text(report: ResultsReport, digits: DigitStyle) -> str:
    since = report.extra.get("since")
    until = report.extra.get("until")
    if since and until:
        return _("{start} to {end}").format(start=_date(since, digits), end=_date(until, digits))
    if since:
        return _("From {start}").format(start=_date(since, digits))
    if until:
        return _("Until {end}").format(end=_date(until, digits))
    return _("Every period")


def _field_rows(pairs: Sequence[tuple[str, str]], rtl: bool) -> list[Flowable]:
    widest = max(text_width(_labelled(k), font_name(True), FONT_SIZE) for k, _v in pairs)
    width = min(widest + FONT_SIZE, 60 * mm)
    return [FieldRow(_labelled(k), v, font_size=FONT_SIZE, label_width=width, rtl=rtl) for k, v in pairs]


def _free_text(text: str, rtl: bool, size: float = FONT_SIZE) -> RTLParagraph:
    own = first_strong_rtl(text)
    return RTLParagraph(text, font_size=size, rtl=rtl if own is None else own, space_after=2)


def report_flowables(report: ResultsReport, info: DocumentInfo) -> list[Flowable]:
    """The report's body in reading order."""
    rtl, lang, digits = info.rtl, info.language, info.digit_style
    summary = report.summary
    pairs = [
        (_("Programmes") if len(report.programmes) > 1 else _("Programme"), _programme_text(report, rtl)),
        (_("Survey"), _("{title}, version {version}").format(
            title=report.template.display_title(lang), version=localize_digits(str(report.template.version),
                                                                               digits))),
        (_("Period"), _period_text(report, digits)),
        (_("Responses"), count_text(summary.responses, digits)),
    ]
    if len(report.programmes) == 1:
        p = report.programmes[0]
        pairs.append((_("Forms printed / keyed"), _("{printed} printed, {keyed} keyed").format(
            printed=count_text(p.printed, digits), keyed=count_text(p.keyed, digits))))
    body: list[Flowable] = _field_rows(pairs, rtl)
    body.append(heading(_("Overall satisfaction"), level=2, rtl=rtl))
    if summary.responses == 0:
        body.append(RTLParagraph(_("No responses have been keyed for this selection yet."),
                                 font_size=FONT_SIZE + 1, rtl=rtl, space_before=4))
    else:
        body.append(RTLParagraph(
            _("Satisfaction index: {value} of 100").format(value=number_text(summary.index, digits, 1)),
            font_size=16, bold=True, rtl=rtl, color=BAR_COLOR, space_after=4))
        body += _field_rows(_summary_rows(summary, digits)[2:], rtl)
        if summary.flagged:
            flagged = ngettext("{n} form was saved with an unusual pattern (flagged).",
                               "{n} forms were saved with an unusual pattern (flagged).", summary.flagged)
            flagged = flagged.format(n=count_text(summary.flagged, digits))
            body.append(RTLParagraph(flagged, font_size=FONT_SIZE, rtl=rtl))
        body.append(heading(_("Results by item"), level=2, rtl=rtl))
        scale = "   ".join(f"{localize_digits(str(v), digits)} = {SCALE[v][1 if lang == 'en' else 0]}"
                           for v in range(1, SCALE_MAX + 1))
        body.append(RTLParagraph(scale, font_size=TABLE_SIZE, rtl=rtl, space_after=3))
        body.append(_items_table(summary, rtl, lang, digits))
        if summary.weakest:
            weakest = "، ".join(localize_digits(str(n), digits) for n in summary.weakest) if rtl else \
                ", ".join(str(n) for n in summary.weakest)
            body.append(RTLParagraph(_("Shaded: the weakest items ({items}), to act on first.").format(
                items=weakest), font_size=TABLE_SIZE, rtl=rtl, space_before=3))
        body.append(KeepTogether([  # the chart does not split: its heading goes with it
            heading(_("Mean of each item (1 to 5)"), level=2, rtl=rtl),
            MeansChart(summary.items, summary.weakest, rtl=rtl, lang=lang, digits=digits),
        ]))
        for by, groups in report.breakdowns.items():
            if not groups:
                continue
            body.append(heading(_(BREAKDOWN_TITLES.get(by, by)), level=3, rtl=rtl))
            body.append(_group_table(groups, rtl, digits, _(BREAKDOWN_LABELS.get(by, by))))
    body += _checks(report, rtl, digits)
    if report.donors is not None:
        body.append(heading(_("Donor satisfaction survey"), level=2, rtl=rtl))
        body += _field_rows(_summary_rows(report.donors, digits), rtl)
        body.append(spacer(2))
        body.append(_items_table(report.donors, rtl, lang, digits, distribution=False))
    body.append(heading(_("Suggestions collected"), level=2, rtl=rtl))
    if report.suggestions:
        shown = report.suggestions[:MAX_SUGGESTIONS]
        for s in shown:
            body.append(_free_text(f"• {s.text}  ({isolate_ltr(s.form_number)})" if s.form_number
                                   else f"• {s.text}", rtl))
        if len(report.suggestions) > len(shown):
            body.append(RTLParagraph(_("…and {n} more.").format(
                n=count_text(len(report.suggestions) - len(shown), digits)), font_size=FONT_SIZE, rtl=rtl))
    else:
        body.append(RTLParagraph(_("No suggestions were written."), font_size=FONT_SIZE, rtl=rtl))
    body.append(heading(_("Action items"), level=2, rtl=rtl))
    if report.actions:
        body.append(_actions_table(report.actions, rtl, lang, digits))
    else:
        body.append(RTLParagraph(_("No action items yet."), font_size=FONT_SIZE, rtl=rtl))
    body.append(KeepTogether([spacer(4), signature_blocks([
        SignatureBlock(_("Prepared by (quality officer)"), str(report.extra.get("prepared_by", ""))),
        SignatureBlock(_("Approved by")),
    ], rtl=rtl)]))
    return body


def _checks(report: ResultsReport, rtl: bool, digits: DigitStyle) -> list[Flowable]:
    """The keying check and the complaint-handling rating, when there is something to say."""
    out: list[Flowable] = []
    v = report.verification
    if v is not None:
        out.append(heading(_("Keying check (second keying of a sample)"), level=2, rtl=rtl))
        if v.forms:
            out += _field_rows([
                (_("Forms keyed twice"), count_text(v.forms, digits)),
                (_("Answers compared"), count_text(v.items_compared, digits)),
                (_("Answers differing"), count_text(v.items_differing, digits)),
                (_("Keying error rate"), _percent(v.error_rate, digits)),
            ], rtl)
        else:
            out.append(RTLParagraph(_("No sample has been keyed a second time yet."), font_size=FONT_SIZE,
                                    rtl=rtl))
    c = report.complaints
    if c is not None:
        out.append(heading(_("Complaint handling rating"), level=2, rtl=rtl))
        out += _field_rows([
            (_("Ratings given"), count_text(c.responses, digits)),
            (_("Mean (1 to 5)"), number_text(c.mean, digits)),
            (_("Satisfied (4 or 5)"), _percent(c.agree_share, digits)),
        ], rtl)
    return out


def report_reference(report: ResultsReport) -> str:
    stamp = report.generated_at.astimezone().strftime("%Y%m%d-%H%M")
    if len(report.programmes) == 1:
        return f"SR-{report.programmes[0].number}-{stamp}"
    return f"SR-{stamp}"


def write_results_report(services: AppServices, report: ResultsReport, path: Path) -> int:
    """Print ``report`` to the PDF file ``path``; returns the page count."""
    info = services.documents.info(report.title, report_reference(report))
    return build_pdf(path, info, report_flowables(report, info))


def results_report_pdf(services: AppServices, report: ResultsReport) -> bytes:
    """The report as PDF bytes."""
    with tempfile.TemporaryDirectory(prefix="sila-report-") as folder:
        path = Path(folder) / "report.pdf"
        write_results_report(services, report, path)
        return path.read_bytes()
