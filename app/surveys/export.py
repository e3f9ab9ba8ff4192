"""The raw responses to Excel: one row per keyed form, for whoever wants to analyse further.

A right-to-left sheet in Arabic. Columns: the form number, the programme, when
and by whom it was keyed, each scale item (headed by its number and text), every
other question's answer (option labels, not identifiers), age group, first time,
flags, note and the linked client's number. Items are matched across template
versions by their identifier, as the analysis does. Written in openpyxl's
write-only mode, so a large programme streams to the file.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from app.errors import UserError
from app.i18n import _, current_language, is_rtl
from app.services.context import Actor
from app.surveys.access import require_reader
from app.surveys.builtin import AGE_GROUPS
from app.surveys.labels import FLAG_LABELS
from app.surveys.records import Item, ResponseInfo, Template

if TYPE_CHECKING:
    from app.services.app_services import AppServices

HEADER_FILL = PatternFill("solid", fgColor="E6EDF3")


def _answer_text(item: Item, value: Any, lang: str) -> str:
    """An answer as a reader wants it: the option's label, yes / no, the text typed."""
    if value is None or value == "":
        return ""
    if item.kind in ("single", "multiple"):
        labels = {o.id: o.text(lang) for o in item.options}
        values = value if isinstance(value, list) else [value]
        return ("، " if lang == "ar" else ", ").join(labels.get(str(v), str(v)) for v in values)
    if item.kind == "yesno":
        if isinstance(value, str):
            value = value.strip().lower() in ("yes", "true", "1", "نعم")
        return _("Yes") if value else _("No")
    return str(value)


def _columns(
    templates: Sequence[Template], lang: str
) -> tuple[list[tuple[str, str]], list[tuple[str, Item]]]:
    """(item id, header) of the scale items and (item id, item) of the others, newest version first."""
    scale: dict[str, str] = {}
    others: dict[str, Item] = {}
    for t in templates:
        for item in t.likert:
            scale.setdefault(item.id, item.text(lang))
        for item in t.items:
            if item.kind != "likert" and item.role not in ("age_group", "first_time"):
                others.setdefault(item.id, item)
    numbered = [(iid, f"{n}. {text}") for n, (iid, text) in enumerate(scale.items(), 1)]
    return numbered, list(others.items())


def export_responses(services: AppServices, actor: Actor, programmes: tuple[str, ...], path: Path,
                     template_key: str = "beneficiary") -> int:
    """Write the responses of ``programmes`` (every programme if none) to the .xlsx ``path``;
    returns the number of response rows written."""
    require_reader(actor)
    if path.suffix.lower() != ".xlsx":
        raise UserError("not-xlsx", "The output file must end in .xlsx.", field="out")
    lang = current_language()
    refs = programmes or tuple(p.number for p in services.programmes.list(actor, limit=100_000))
    infos = {p: services.programmes.get(actor, p) for p in refs}
    responses: list[ResponseInfo] = []
    for ref in refs:
        responses += services.survey_entry.responses(actor, ref)
    templates: dict[str, Template] = {}
    for r in responses:
        if r.template_id not in templates:
            templates[r.template_id] = services.survey_templates.get(actor, r.template_id)
    kept = [r for r in responses if templates[r.template_id].key == template_key]
    ordered = sorted({t.id: t for t in templates.values() if t.key == template_key}.values(),
                     key=lambda t: -t.version)
    scale, others = _columns(ordered, lang)
    names = {info.number: info.name for info in infos.values()}
    age_labels = {o.id: o.text(lang) for o in AGE_GROUPS}

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Responses"))
    sheet.sheet_view.rightToLeft = is_rtl()
    sheet.freeze_panes = "B2"
    header = [_("Form number"), _("Programme"), _("Keyed at"), _("Keyed by"),
              *(text for _iid, text in scale), *(item.text(lang) for _iid, item in others),
              _("Age group"), _("First time"), _("Flags"), _("Note"), _("Client number")]
    widths = [16, 28, 20, 14] + [12] * len(scale) + [24] * len(others) + [12, 10, 24, 24, 16]
    for k, width in enumerate(widths):
        sheet.column_dimensions[_column_letter(k + 1)].width = width
    bold = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    cells = []
    for text in header:
        cell = WriteOnlyCell(sheet, value=text)
        cell.font, cell.fill, cell.alignment = bold, HEADER_FILL, wrap
        cells.append(cell)
    sheet.append(cells)
    for r in kept:
        t = templates[r.template_id]
        scores = {item.id: score for item, score in zip(t.likert, r.scores, strict=False)}
        items = {i.id: i for i in t.items}
        row: list[Any] = [
            r.form_number,
            names.get(r.programme_number, r.programme_number),
            r.keyed_at.astimezone().replace(tzinfo=None),  # Excel has no time zones: local time
            r.keyed_by,
            *(scores.get(iid) or None for iid, _text in scale),
            *(_answer_text(items.get(iid, item), r.answers.get(iid), lang) for iid, item in others),
            age_labels.get(r.age_group, r.age_group),
            "" if r.first_time is None else (_("Yes") if r.first_time else _("No")),
            "; ".join(_(FLAG_LABELS[f]) if f in FLAG_LABELS else f for f in r.flags),
            r.note,
            r.client_number,
        ]
        sheet.append(row)
    workbook.save(str(path))
    return len(kept)


def _column_letter(n: int) -> str:
    return str(get_column_letter(n))
