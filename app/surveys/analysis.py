"""Turning keyed forms into results: per item the mean, the distribution, the share
agreeing and the unanswered; an overall satisfaction index; breakdowns and comparisons.

Responses are read as their compact ``scores`` strings, joined by the database
into one string per template version (and group), and counted column by column
in C (a strided slice and ``str.count``), so 100,000 forms take a fraction of a
second. Items are matched across template versions by their identifier.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Date, case, cast, func, select
from sqlalchemy.orm import Session

from app.i18n import N_, _, current_language
from app.persistence.db import Database
from app.persistence.models import Complaint, Programme, SurveyForm, SurveyResponse, SurveyTemplate
from app.services.context import Actor
from app.services.settings import SettingsService
from app.surveys.access import require_reader
from app.surveys.builtin import AGE_GROUPS
from app.surveys.programmes import programme_row
from app.surveys.records import (
    AGREE_FROM,
    SCALE_MAX,
    Comparison,
    GroupSummary,
    ItemStats,
    Suggestion,
    Summary,
    SurveyQuery,
)
from app.surveys.templates import template_of

BREAKDOWNS = ("programme", "centre", "age_group", "first_time")
BREAKDOWN_LABELS = {
    "programme": N_("Programme"),
    "centre": N_("Centre"),
    "age_group": N_("Age group"),
    "first_time": N_("First time"),
}
WEAKEST = 3  # items highlighted as the weakest
COMPLAINT_ITEM = (
    "complaint_rating",
    "الرضا عن معالجة الشكوى أو الاستفسار",
    "Satisfaction with how the complaint or inquiry was handled",
)


# Per template version (and group): how many responses, how many flagged, their scores joined.
_PACKED = (
    func.count(),
    func.sum(case((SurveyResponse.flags != "", 1), else_=0)),
    func.aggregate_strings(SurveyResponse.scores, ","),
)


@dataclass(frozen=True)
class _Layout:
    """The items of a template key across its versions, and where each version's digits go."""

    items: tuple[tuple[str, str, str], ...]  # (id, Arabic, English), numbered 1… in this order
    positions: dict[Any, tuple[int, ...]]  # template id → unified index of each of its scale items


def _layout(s: Session, key: str) -> _Layout:
    rows = s.scalars(
        select(SurveyTemplate).where(SurveyTemplate.key == key).order_by(SurveyTemplate.version.desc())
    ).all()
    items: list[tuple[str, str, str]] = []
    index: dict[str, int] = {}
    positions: dict[Any, tuple[int, ...]] = {}
    for row in rows:  # the newest version sets the numbering; items dropped since come last
        for item in template_of(row).likert:
            if item.id not in index:
                index[item.id] = len(items)
                items.append((item.id, item.ar, item.en))
        positions[row.id] = tuple(index[i.id] for i in template_of(row).likert)
    return _Layout(tuple(items), positions)


def summarise_packed(layout: _Layout, groups: Iterable[tuple[Any, int, int, str]]) -> Summary:
    """``groups`` are (template id, responses, flagged, their scores joined by commas), one per version.

    A column of a version whose scores all have its width is a strided slice of
    the joined string, counted digit by digit in C; any other shape is split.
    """
    counts = [[0] * (SCALE_MAX + 1) for _ in layout.items]
    responses = flagged = 0
    digits = [str(d) for d in range(SCALE_MAX + 1)]
    for template_id, n, n_flagged, packed in groups:
        responses += int(n)
        flagged += int(n_flagged or 0)
        positions = layout.positions.get(template_id, ())
        width = len(positions)
        if not n or not width or not packed:
            continue
        if len(packed) == n * (width + 1) - 1:
            for k, position in enumerate(positions):
                column = packed[k :: width + 1]
                row = counts[position]
                for d, digit in enumerate(digits):
                    row[d] += column.count(digit)
        else:  # not every response has the version's width (should not happen): count what is there
            for position, answers in zip(positions, zip(*packed.split(","), strict=False), strict=False):
                for digit, m in Counter(answers).items():
                    if digit.isdigit() and int(digit) <= SCALE_MAX:
                        counts[position][int(digit)] += m
    return _stats(layout, counts, responses, flagged)


def _stats(layout: _Layout, counts: list[list[int]], responses: int, flagged: int) -> Summary:
    stats: list[ItemStats] = []
    for number, ((item_id, ar, en), c) in enumerate(zip(layout.items, counts, strict=True), 1):
        answered = sum(c[1:])
        total = sum(v * c[v] for v in range(1, SCALE_MAX + 1))
        stats.append(
            ItemStats(
                number,
                item_id,
                ar,
                en,
                answered,
                c[0],
                (c[1], c[2], c[3], c[4], c[5]),
                total / answered if answered else None,
                sum(c[AGREE_FROM:]) / answered if answered else None,
            )
        )
    return _overall(responses, stats, flagged)


def _overall(responses: int, stats: list[ItemStats], flagged: int = 0) -> Summary:
    answered = sum(i.answered for i in stats)
    means = [i.mean for i in stats if i.mean is not None]
    mean = sum(i.mean * i.answered for i in stats if i.mean is not None) / answered if answered else None
    agree = sum(sum(i.distribution[AGREE_FROM - 1 :]) for i in stats) / answered if answered else None
    index = (sum(means) / len(means) - 1) / (SCALE_MAX - 1) * 100 if means else None
    weakest = (
        tuple(
            i.number
            for i in sorted((i for i in stats if i.mean is not None), key=lambda i: (i.mean, i.number))[
                :WEAKEST
            ]
        )
        if len(means) > 1
        else ()
    )
    return Summary(responses, tuple(stats), mean, index, agree, weakest, flagged)


class SurveyAnalysis:
    def __init__(self, db: Database, settings: SettingsService) -> None:
        self._db = db
        self._settings = settings

    def summary(self, actor: Actor, q: SurveyQuery) -> Summary:
        require_reader(actor)
        with self._db.session() as s:
            layout = _layout(s, q.template_key)
            rows = s.execute(
                self._select(s, q, SurveyResponse.template_id, *_PACKED).group_by(SurveyResponse.template_id)
            )
            return summarise_packed(layout, rows)

    def breakdown(self, actor: Actor, q: SurveyQuery, by: str) -> tuple[GroupSummary, ...]:
        """One summary per programme, centre, age group or first-time answer, largest first."""
        require_reader(actor)
        if by not in BREAKDOWNS:
            raise ValueError(f"unknown breakdown {by!r}")
        column: Any = {
            "programme": Programme.number,
            "centre": Programme.centre,
            "age_group": SurveyResponse.age_group,
            "first_time": SurveyResponse.first_time,
        }[by]
        with self._db.session() as s:
            layout = _layout(s, q.template_key)
            groups: dict[Any, list[tuple[Any, int, int, str]]] = {}
            for key, template_id, n, flagged, packed in s.execute(
                self._select(s, q, column, SurveyResponse.template_id, *_PACKED).group_by(
                    column, SurveyResponse.template_id
                )
            ):
                groups.setdefault(key, []).append((template_id, n, flagged, packed))
            labels = self._labels(s, by, groups)
        found = [
            GroupSummary("" if k is None else str(k), labels.get(k, ""), summarise_packed(layout, rows))
            for k, rows in groups.items()
        ]
        if by == "age_group":
            order = [o.id for o in AGE_GROUPS]
            return tuple(sorted(found, key=lambda g: order.index(g.key) if g.key in order else len(order)))
        return tuple(sorted(found, key=lambda g: (-g.summary.responses, g.label)))

    def compare(
        self, actor: Actor, a: SurveyQuery, b: SurveyQuery, a_label: str = "", b_label: str = ""
    ) -> Comparison:
        """Two programmes or two periods side by side, item by item."""
        return Comparison(a_label, b_label, self.summary(actor, a), self.summary(actor, b))

    def suggestions(self, actor: Actor, q: SurveyQuery, limit: int = 2000) -> list[Suggestion]:
        """What respondents wrote in the suggestion lines, newest first, for reading."""
        require_reader(actor)
        with self._db.session() as s:
            rows = s.execute(
                self._select(
                    s,
                    q,
                    SurveyResponse.answers,
                    SurveyForm.number,
                    Programme.name,
                    SurveyResponse.keyed_at,
                    SurveyResponse.template_id,
                )
                .outerjoin(SurveyForm, SurveyForm.id == SurveyResponse.form_id)
                .where(SurveyResponse.answers.like('%"suggestions"%'))
                .order_by(SurveyResponse.keyed_at.desc())
                .limit(limit)
            ).all()
        found = []
        for answers, form, programme, at, _template in rows:
            text = str(json.loads(answers).get("suggestions", "")).strip()
            if text:
                found.append(Suggestion(form or "", programme, text, at))
        return found

    def complaint_rating(
        self, actor: Actor, since: date | None = None, until: date | None = None, centre: str = ""
    ) -> Summary:
        """The complaints desk's closing rating (1–5) as a one-item survey, for the same analysis."""
        require_reader(actor)
        cond: list[ColumnElement[bool]] = [Complaint.rating.is_not(None), Complaint.deleted_at.is_(None)]
        day = cast(func.coalesce(Complaint.closed_at, Complaint.received_at), Date)
        if since:
            cond.append(day >= since)
        if until:
            cond.append(day <= until)
        if centre:
            cond.append(Complaint.centre == centre)
        with self._db.session() as s:
            counts = dict(
                s.execute(
                    select(Complaint.rating, func.count()).where(*cond).group_by(Complaint.rating)
                ).all()
            )
        dist = tuple(int(counts.get(v, 0)) for v in range(1, SCALE_MAX + 1))
        answered = sum(dist)
        total = sum(v * n for v, n in zip(range(1, SCALE_MAX + 1), dist, strict=True))
        item = ItemStats(
            1,
            COMPLAINT_ITEM[0],
            COMPLAINT_ITEM[1],
            COMPLAINT_ITEM[2],
            answered,
            0,
            (dist[0], dist[1], dist[2], dist[3], dist[4]),
            total / answered if answered else None,
            sum(dist[AGREE_FROM - 1 :]) / answered if answered else None,
        )
        return _overall(answered, [item])

    # -- helpers ---------------------------------------------------------------------------------

    def _select(self, s: Session, q: SurveyQuery, *columns: Any) -> Any:
        stmt = (
            select(*columns)
            .select_from(SurveyResponse)
            .join(Programme, Programme.id == SurveyResponse.programme_id)
            .join(SurveyTemplate, SurveyTemplate.id == SurveyResponse.template_id)
            .where(
                SurveyTemplate.key == q.template_key,
                SurveyResponse.pass_no == 1,
                SurveyResponse.deleted_at.is_(None),
            )
        )
        if q.programmes:
            stmt = stmt.where(SurveyResponse.programme_id.in_([programme_row(s, p).id for p in q.programmes]))
        if q.centre:
            stmt = stmt.where(Programme.centre == q.centre)
        if q.since or q.until:
            day = func.coalesce(Programme.ends_on, Programme.starts_on, cast(SurveyResponse.keyed_at, Date))
            if q.since:
                stmt = stmt.where(day >= q.since)
            if q.until:
                stmt = stmt.where(day <= q.until)
        if q.age_group:
            stmt = stmt.where(SurveyResponse.age_group == q.age_group)
        if q.first_time is not None:
            stmt = stmt.where(SurveyResponse.first_time.is_(q.first_time))
        return stmt

    def _labels(self, s: Session, by: str, groups: Sequence[Any] | dict[Any, Any]) -> dict[Any, str]:
        keys = list(groups)
        if by == "programme":
            return dict(
                s.execute(
                    select(Programme.number, Programme.name).where(
                        Programme.number.in_([k for k in keys if k])
                    )
                ).all()
            )
        if by == "centre":
            lang = current_language()
            names = {c["id"]: c.get(lang) or c["ar"] for c in self._settings.get("centres")}
            return {k: names.get(k, k) if k else _("No centre") for k in keys}
        if by == "age_group":
            labels = {o.id: o.text(current_language()) for o in AGE_GROUPS}
            return {k: labels.get(k, k) if k else _("Not given") for k in keys}
        return {True: _("First time"), False: _("Returning"), None: _("Not given")}
