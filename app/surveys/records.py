"""What the survey services hand to the screens, the printer and the command line."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

# The agreement scale of seed 000's form, 1 to 5: (Arabic, English).
SCALE: dict[int, tuple[str, str]] = {
    1: ("أعارض بشدة", "Strongly disagree"),
    2: ("لا أوافق", "Disagree"),
    3: ("أوافق نوعاً ما", "Somewhat agree"),
    4: ("أوافق", "Agree"),
    5: ("أوافق بشدة", "Strongly agree"),
}
SCALE_MAX = 5
AGREE_FROM = 4  # 4 and 5 count as agreeing

ITEM_KINDS = ("likert", "single", "multiple", "yesno", "number", "text")
SECTIONS = ("items", "suggestions", "demographics")
# Items whose answers the analysis breaks down by, and which link a response to a client.
ROLES = ("", "age_group", "first_time", "name", "mobile", "email", "neighbourhood", "profession")
AUDIENCES = ("beneficiary", "donor")
PROGRAMME_STATUSES = ("planned", "running", "closed", "cancelled")
ACTION_STATUSES = ("open", "done", "cancelled")
FLAG_IDENTICAL = "identical"
FLAG_MISSING_REQUIRED = "missing-required"


@dataclass(frozen=True)
class Option:
    id: str
    ar: str
    en: str = ""

    def text(self, lang: str) -> str:
        return self.en if lang == "en" and self.en else self.ar


@dataclass(frozen=True)
class Item:
    """One question of a template version."""

    id: str
    kind: str  # one of ITEM_KINDS
    ar: str
    en: str = ""
    required: bool = False
    section: str = "items"  # one of SECTIONS
    role: str = ""  # one of ROLES
    options: tuple[Option, ...] = ()
    lines: int = 1  # ruled lines a free-text answer gets on paper

    def text(self, lang: str) -> str:
        return self.en if lang == "en" and self.en else self.ar

    def as_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": self.id,
            "kind": self.kind,
            "ar": self.ar,
            "en": self.en,
            "required": self.required,
            "section": self.section,
            "role": self.role,
        }
        if self.options:
            data["options"] = [{"id": o.id, "ar": o.ar, "en": o.en} for o in self.options]
        if self.lines != 1:
            data["lines"] = self.lines
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Item:
        return cls(
            str(data["id"]),
            str(data["kind"]),
            str(data.get("ar", "")),
            str(data.get("en", "")),
            bool(data.get("required", False)),
            str(data.get("section", "items")),
            str(data.get("role", "")),
            tuple(
                Option(str(o["id"]), str(o.get("ar", "")), str(o.get("en", "")))
                for o in data.get("options", ())
            ),
            int(data.get("lines", 1)),
        )


@dataclass(frozen=True)
class Template:
    """A template version. ``answered`` counts its keyed responses: above zero it is frozen."""

    id: str
    key: str
    version: int
    audience: str
    title: str
    title_en: str
    items: tuple[Item, ...]
    retired: bool = False
    answered: int = 0

    @property
    def likert(self) -> tuple[Item, ...]:
        """The scale items, numbered 1… in this order (on paper, in ``scores``, in the analysis)."""
        return tuple(i for i in self.items if i.kind == "likert")

    def item(self, role: str) -> Item | None:
        return next((i for i in self.items if i.role == role), None)

    def display_title(self, lang: str) -> str:
        return self.title_en if lang == "en" and self.title_en else self.title


@dataclass(frozen=True)
class ProgrammeInfo:
    id: str
    number: str
    name: str
    kind: str
    centre: str
    city: str
    starts_on: date | None
    ends_on: date | None
    status: str
    description: str
    printed: int = 0  # forms printed for it
    keyed: int = 0  # forms keyed (first pass)


@dataclass(frozen=True)
class PrintRun:
    """Copies reserved in one printing: their numbers, in order."""

    run: str
    programme: ProgrammeInfo
    template: Template
    numbers: tuple[str, ...]
    printed_at: datetime
    donors: tuple[tuple[str, str], ...] = ()  # (client number, name) per copy of a donor survey


@dataclass(frozen=True)
class FormState:
    """A printed copy as the keying screen checks it, without asking the database."""

    number: str
    serial: int
    template_id: str
    keyed: bool = False
    verified: bool = False
    client_number: str = ""
    client_name: str = ""


@dataclass(frozen=True)
class ResponseInfo:
    id: str
    form_number: str
    programme_number: str
    template_id: str
    pass_no: int
    scores: tuple[int, ...]  # per scale item, 0 = unanswered
    answers: dict[str, Any]
    age_group: str
    first_time: bool | None
    flags: tuple[str, ...]
    note: str
    keyed_at: datetime
    keyed_by: str
    client_number: str = ""


@dataclass(frozen=True)
class EntryBatch:
    """Everything the keying screen needs for one programme, read once when it opens."""

    programme: ProgrammeInfo
    templates: dict[str, Template]  # by template id: every version printed for it
    forms: dict[str, FormState]  # by form number
    recent: tuple[ResponseInfo, ...]  # newest first

    @property
    def printed(self) -> int:
        return len(self.forms)

    @property
    def keyed(self) -> int:
        return sum(1 for f in self.forms.values() if f.keyed)


@dataclass(frozen=True)
class Verification:
    """The second keying of a sample compared with the first (double entry)."""

    forms: int  # forms keyed twice
    items_compared: int
    items_differing: int
    differences: tuple[tuple[str, str, int, int], ...]  # (form number, item id, first, second)

    @property
    def error_rate(self) -> float | None:
        return self.items_differing / self.items_compared if self.items_compared else None


@dataclass(frozen=True)
class SurveyQuery:
    """Which responses an analysis reads. Empty fields do not filter."""

    template_key: str = "beneficiary"
    programmes: tuple[str, ...] = ()  # numbers, ids or names
    centre: str = ""
    since: date | None = None  # the programme's end date (its start, or the keying day, if none)
    until: date | None = None
    age_group: str = ""
    first_time: bool | None = None


@dataclass(frozen=True)
class ItemStats:
    number: int  # 1… as on paper
    item_id: str
    ar: str
    en: str
    answered: int
    unanswered: int
    distribution: tuple[int, int, int, int, int]  # answers 1…5
    mean: float | None
    agree_share: float | None  # share of answers 4–5

    def text(self, lang: str) -> str:
        return self.en if lang == "en" and self.en else self.ar


@dataclass(frozen=True)
class Summary:
    responses: int
    items: tuple[ItemStats, ...]
    mean: float | None  # of every answer given
    index: float | None  # satisfaction index 0–100: the mean of the item means, rescaled
    agree_share: float | None
    weakest: tuple[int, ...] = ()  # item numbers, weakest first (below the threshold)
    flagged: int = 0  # responses saved with an unusual pattern


@dataclass(frozen=True)
class GroupSummary:
    key: str
    label: str
    summary: Summary


@dataclass(frozen=True)
class Comparison:
    a_label: str
    b_label: str
    a: Summary
    b: Summary

    def change(self, number: int) -> float | None:
        """Item ``number``'s mean in b minus in a."""
        ia = next((i for i in self.a.items if i.number == number), None)
        ib = next((i for i in self.b.items if i.number == number), None)
        if ia is None or ib is None or ia.mean is None or ib.mean is None:
            return None
        return ib.mean - ia.mean


@dataclass(frozen=True)
class Suggestion:
    form_number: str
    programme: str
    text: str
    keyed_at: datetime


@dataclass(frozen=True)
class ActionInfo:
    id: str
    programme_number: str
    programme_name: str
    template_key: str
    item_id: str
    item_text: str
    description: str
    owner: str
    owner_name: str
    due: date
    status: str
    done_at: datetime | None
    done_note: str
    overdue: bool = False


@dataclass(frozen=True)
class ResultsReport:
    """Everything the results report prints (assembled by :mod:`app.surveys.report`)."""

    title: str
    programmes: tuple[ProgrammeInfo, ...]
    template: Template
    summary: Summary
    breakdowns: dict[str, tuple[GroupSummary, ...]]  # "centre", "age_group", "first_time", "programme"
    suggestions: tuple[Suggestion, ...]
    actions: tuple[ActionInfo, ...]
    verification: Verification | None
    complaints: Summary | None  # the complaint-handling rating of the same period
    donors: Summary | None  # donor surveys about the same programmes
    generated_at: datetime
    extra: dict[str, Any] = field(default_factory=dict)
