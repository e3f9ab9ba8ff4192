"""Display helpers the survey screens share: the settings lists, status and kind words,
form-number ranges, and where the printed forms are written."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from app.calendars.formatting import format_gregorian, format_hijri
from app.i18n import _
from app.services.app_services import AppServices
from app.surveys.labels import AUDIENCE_LABELS, ITEM_KIND_LABELS, PROGRAMME_STATUS_LABELS, SECTION_LABELS
from app.surveys.records import ProgrammeInfo
from app.text.bidi import isolate_ltr
from ui.common.files import open_document as open_document  # re-exported: screens call it here
from ui.common.texts import NO_VALUE, day
from ui.complaints.labels import Vocab, load_vocab

SURVEY_VOCAB = ("centres", "programme_kinds")


def load_survey_vocab(services: AppServices) -> Vocab:
    """Runs in an Op: the centres and programme kinds of the settings."""
    return load_vocab(services, SURVEY_VOCAB)


def status_label(status: str) -> str:
    source = PROGRAMME_STATUS_LABELS.get(status)
    return _(source) if source else status or NO_VALUE


def kind_label(kind: str) -> str:
    source = ITEM_KIND_LABELS.get(kind)
    return _(source) if source else kind


def section_label(section: str) -> str:
    source = SECTION_LABELS.get(section)
    return _(source) if source else section


def audience_label(audience: str) -> str:
    source = AUDIENCE_LABELS.get(audience)
    return _(source) if source else audience


def hijri_text(d: date | None) -> str:
    """The Hijri date shown beside a date field."""
    return format_hijri(d) if d else ""


def compact_day(d: date | None) -> str:
    """A day for a table cell: ``٢٣ / ١١ / ٢٠٢٦ (١٣ / ٦ / ١٤٤٨ هـ)``, Hijri beside Gregorian."""
    if d is None:
        return NO_VALUE
    hijri = format_hijri(d)
    return f"{format_gregorian(d)} ({hijri})" if hijri else format_gregorian(d, suffix=True)


def programme_title(p: ProgrammeInfo) -> str:
    """``PG-HQ-0001 · ملتقى الأسرة``: the number kept left to right inside the sentence."""
    return f"{isolate_ltr(p.number)} · {p.name}"


def programme_dates(p: ProgrammeInfo) -> str:
    """The programme's days, Hijri beside Gregorian; one day when it starts and ends the same day."""
    if p.starts_on is None and p.ends_on is None:
        return NO_VALUE
    if p.starts_on is None or p.ends_on is None or p.starts_on == p.ends_on:
        return day(p.starts_on or p.ends_on)
    return _("{start} to {end}").format(start=day(p.starts_on), end=day(p.ends_on))


def range_text(numbers: Sequence[str]) -> str:
    """«النماذج SF-HQ-000101 إلى SF-HQ-000400»: the numbers of a printing."""
    if not numbers:
        return ""
    if len(numbers) == 1:
        return _("Form {number}").format(number=isolate_ltr(numbers[0]))
    return _("Forms {first} to {last}").format(first=isolate_ltr(numbers[0]), last=isolate_ltr(numbers[-1]))


