"""Display helpers the campaign screens share: state words, channel labels, money, dates,
reading typed amounts and lists, opening files, and whether the campaign PDFs can be printed."""

from __future__ import annotations

import importlib.util
import re
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from app.calendars.formatting import format_gregorian, format_hijri
from app.clients.importing import parse_amount
from app.i18n import _, current_language, is_rtl
from app.pipeline.campaigns import CAMPAIGN_STATE_LABELS
from app.pipeline.records import CampaignInfo
from app.services.app_services import AppServices
from app.text.bidi import isolate_ltr
from app.text.digits import parse_int
from ui.clients.labels import money_text as money_text  # re-exported for the campaign screens
from ui.common.files import open_document as open_document  # re-exported: screens call it here
from ui.common.texts import NO_VALUE
from ui.complaints.labels import Vocab, cache_dir, load_vocab

CHANNELS_KEY = "campaign_channels"
WARNING_COLOUR = "#b45309"  # over budget: amber, the theme's "due today" warning
MUTED_COLOUR = "#5b6b6f"
_LIST_SEPARATORS = re.compile(r"[,،؛;\n]")


def load_channels(services: AppServices) -> Vocab:
    """Runs in an Op: the campaign channels of the settings."""
    return load_vocab(services, (CHANNELS_KEY,))


def state_label(state: str) -> str:
    source = CAMPAIGN_STATE_LABELS.get(state)
    return _(source) if source else state or NO_VALUE


def list_separator() -> str:
    return "، " if current_language() == "ar" else ", "


def channels_text(vocab: Vocab, channels: Sequence[str]) -> str:
    if not channels:
        return NO_VALUE
    return list_separator().join(vocab.label(CHANNELS_KEY, c) for c in channels)


def words_text(values: Sequence[str]) -> str:
    """Cities or neighbourhoods for a field or a cell: ``جدة، مكة المكرمة، الطائف``."""
    return list_separator().join(values)


def split_words(text: str) -> list[str]:
    """A list typed with commas (Latin or Arabic), semicolons or new lines."""
    return [" ".join(w.split()) for w in _LIST_SEPARATORS.split(text) if w.strip()]


def read_money(text: str) -> int | None:
    """Halalas from riyals typed any way (``٣٠٠٠٠``, ``30,000.50``); 0 for an empty field;
    None when it is not an amount."""
    if not text.strip():
        return 0
    return parse_amount(text)


def read_count(text: str) -> int | None:
    """A whole number typed in any digits; -1 when the text is not one (None when empty)."""
    if not text.strip():
        return None
    value = parse_int(text.replace("٬", "").replace(",", ""))
    return -1 if value is None or value < 0 else value


def hijri_text(d: date | None) -> str:
    return format_hijri(d) if d else ""


def compact_day(d: date | None) -> str:
    """A day for a table cell: Gregorian with the Hijri date in brackets."""
    if d is None:
        return NO_VALUE
    hijri = format_hijri(d)
    return f"{format_gregorian(d)} ({hijri})" if hijri else format_gregorian(d, suffix=True)


def planned_text(start: date | None, end: date | None) -> str:
    """The planned dates for a table cell, on two lines: Gregorian, then Hijri.

    ``١ / ٢ / ٢٠٢٧ – ٨ / ٣ / ٢٠٢٧`` over ``٢٤ / ٨ / ١٤٤٨ – ٢٩ / ٩ / ١٤٤٨ هـ``; one date when only one
    is known.
    """
    days = [d for d in (start, end) if d is not None]
    if not days:
        return NO_VALUE
    if len(days) == 2 and days[0] == days[1]:
        days = days[:1]
    gregorian = " – ".join(format_gregorian(d) for d in days)
    hijri = [format_hijri(d, suffix=False) for d in days]
    if not all(hijri):
        return gregorian
    return f"{gregorian}\n{' – '.join(hijri)} {format_hijri(days[-1])[len(hijri[-1]):].strip()}".rstrip()


def leading(text: str) -> str:
    """``text`` starting on the language's side even when it opens with a word of the other language
    (an Arabic name in the English screens): Qt takes a label's direction from its first strong letter."""
    return ("\u200f" if is_rtl() else "\u200e") + text


def campaign_title(c: CampaignInfo) -> str:
    """``CM-HQ-0001 · حملة رمضان``: the number kept left to right inside the sentence."""
    return f"{isolate_ltr(c.number)} · {c.name}"


def over_budget(c: CampaignInfo) -> bool:
    return c.actual_cost_halalas is not None and c.actual_cost_halalas > c.budget_halalas


def printing_available() -> bool:
    """Whether this version can write the campaign PDFs (their module may land later)."""
    try:
        return importlib.util.find_spec("app.pipeline.campaign_pdf") is not None
    except (ImportError, ValueError):
        return False


def write_plan_pdf(services: AppServices, year: int, campaigns: list[CampaignInfo], path: Path) -> Path:
    """Runs on the long-jobs thread: the year's plan as a PDF at ``path``."""
    from app.pipeline.campaign_pdf import annual_plan_pdf  # type: ignore[import-not-found, unused-ignore]

    data: bytes = annual_plan_pdf(services, year, campaigns)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def write_report_pdf(services: AppServices, info: CampaignInfo, path: Path) -> Path:
    """Runs on the long-jobs thread: the campaign's report as a PDF at ``path``."""
    from app.pipeline.campaign_pdf import campaign_report_pdf  # type: ignore[import-not-found, unused-ignore]

    data: bytes = campaign_report_pdf(services, info)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def copy_proposal(services: AppServices, sha256: str, file_name: str) -> Path | None:
    """Runs in an Op: a proposal's attached file copied under its own name (so a viewer knows its
    type) into the cache folder; None when the file is not kept on this computer."""
    source = services.campaigns.proposal_path(sha256) if sha256 else None
    if source is None:
        return None
    folder = cache_dir(services) / "proposals" / sha256[:12]
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / (Path(file_name).name or sha256)
    if not target.exists():
        target.write_bytes(source.read_bytes())
    return target


