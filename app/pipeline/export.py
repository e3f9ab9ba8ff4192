"""The opportunities of the list view to Excel: one row per opportunity and a totals row.

A right-to-left sheet in Arabic. Amounts are numbers in riyals (two decimals),
the probability a whole percentage, the weighted amount the amount times the
probability (as the board computes it, in halalas, then in riyals); dates are
Excel dates with the Hijri date in the next column. The last row counts the
opportunities and sums the amounts and the weighted amounts. Written in
openpyxl's write-only mode, so a large pipeline streams to the file.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.calendars.formatting import format_hijri
from app.errors import UserError
from app.i18n import N_, _, is_rtl
from app.pipeline.records import BoardQuery, Card
from app.pipeline.rules import STAGE_LABELS
from app.services.context import Actor, require
from app.services.roles import Permission

if TYPE_CHECKING:
    from app.services.app_services import AppServices

HEADERS = (
    N_("Opportunity number"), N_("Programme"), N_("Donors"), N_("Relationship owners"), N_("Owner"),
    N_("Stage"), N_("Expected amount (SAR)"), N_("Probability (%)"), N_("Weighted amount (SAR)"),
    N_("Next action"), N_("Next action date"), N_("Next action date (Hijri)"), N_("Last contact"),
)
WIDTHS = (16, 30, 34, 22, 20, 14, 18, 14, 20, 30, 14, 16, 18)
AMOUNT_FORMAT = "#,##0.00"
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
_FORMULA_STARTS = ("=", "+", "-", "@")


def _riyals(halalas: int) -> float:
    return round(halalas / 100, 2)


def export_opportunities(services: AppServices, actor: Actor, q: BoardQuery, path: Path,
                         progress: Callable[[int], None] | None = None) -> int:
    """Write the opportunities matching ``q`` to the .xlsx ``path``; returns how many rows were written
    (the totals row aside). ``progress`` is told the rows written so far, every thousand."""
    require(actor, Permission.OPPORTUNITIES_MANAGE)
    if path.suffix.lower() != ".xlsx":
        raise UserError("not-xlsx", "The output file must end in .xlsx.", field="out")
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("Opportunities")[:31])
    sheet.sheet_view.rightToLeft = is_rtl()
    sheet.freeze_panes = "A2"
    for n, width in enumerate(WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(n)].width = width
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="E6EDF3")

    def cell(value: Any, fmt: str = "", *, strong: bool = False) -> Any:
        c = WriteOnlyCell(sheet, value=value)
        if fmt:
            c.number_format = fmt
        if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
            c.data_type = "s"  # text, not a formula
        if strong:
            c.font, c.fill = bold, fill
        return c

    sheet.append([cell(_(h), strong=True) for h in HEADERS])
    count = total = weighted = 0
    for card in services.opportunities.iter_cards(actor, q):
        sheet.append(_row(card, cell))
        count += 1
        total += card.expected_halalas
        weighted += card.weighted_halalas
        if progress is not None and count % 1000 == 0:
            progress(count)
    totals: list[Any] = [cell(_("Total"), strong=True), cell(count, strong=True)]
    totals += [cell("", strong=True) for _n in range(4)]
    totals += [cell(_riyals(total), AMOUNT_FORMAT, strong=True), cell("", strong=True),
               cell(_riyals(weighted), AMOUNT_FORMAT, strong=True)]
    totals += [cell("", strong=True) for _n in range(len(HEADERS) - len(totals))]
    sheet.append(totals)
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(HEADERS))}{count + 1}"
    book.save(str(path))
    return count


def _row(card: Card, cell: Callable[..., Any]) -> list[Any]:
    last: datetime | None = card.last_contact_at
    on: date | None = card.next_action_on
    return [
        cell(card.number),
        cell(card.programme_name),
        cell("، ".join(f"{d.name} ({d.number})" for d in card.donors) if is_rtl()
             else ", ".join(f"{d.name} ({d.number})" for d in card.donors)),
        cell(("، " if is_rtl() else ", ").join(dict.fromkeys(d.owner_name or d.owner for d in card.donors
                                                               if d.owner))),
        cell(card.owner_name or card.owner),
        cell(_(STAGE_LABELS.get(card.stage, card.stage))),
        cell(_riyals(card.expected_halalas), AMOUNT_FORMAT),
        cell(card.probability),
        cell(_riyals(card.weighted_halalas), AMOUNT_FORMAT),
        cell(card.next_action),
        cell(on, DATE_FORMAT) if on else cell(None),
        cell(format_hijri(on, digits="latin") if on else ""),
        # Excel has no time zones: the local time
        cell(last.astimezone().replace(tzinfo=None), DATETIME_FORMAT) if last else cell(None),
    ]
