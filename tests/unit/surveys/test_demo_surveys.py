"""``sila demo`` at the smallest scale: programmes, printed batches, keyed responses, a realistic spread."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import func, select

from app.demo.loader import load_demo
from app.persistence.models import Contribution, SurveyForm
from app.services.app_services import AppServices
from app.services.context import Actor
from app.surveys.analysis import _Layout, _stats, summarise_packed
from app.surveys.demo import FORMS_PER_SCALE, PLANS
from app.surveys.records import SCALE_MAX, Summary, SurveyQuery


def test_the_demo_fills_the_portfolio_and_its_surveys(services: AppServices, admin: Actor) -> None:
    result = load_demo(services, 1, admin)
    assert result.counts["Programmes"] == len(PLANS)
    keyed = result.counts["Satisfaction survey responses"]
    programmes = services.programmes.list(admin)
    assert {p.name for p in programmes} == {p.name for p in PLANS}
    assert {p.status for p in programmes} == {"planned", "running", "closed", "cancelled"}
    assert len({p.centre for p in programmes}) == 4 and all(p.kind and p.city for p in programmes)

    with services.db.session() as s:
        beneficiary_copies = s.scalar(select(func.count()).select_from(SurveyForm)
                                      .where(SurveyForm.client_id.is_(None)))
        donor_copies = s.scalar(select(func.count()).select_from(SurveyForm)
                                .where(SurveyForm.client_id.is_not(None)))
        linked, named = s.execute(select(func.count(Contribution.programme_id), func.count())
                                  .where(Contribution.programme != "")).one()
    assert beneficiary_copies is not None and abs(beneficiary_copies - FORMS_PER_SCALE) <= 10
    assert donor_copies and named and linked == named  # every gift names a programme of the portfolio
    for p in programmes:
        if p.status in ("planned", "cancelled"):
            assert p.printed == 0
        else:
            assert p.printed and 0.65 <= p.keyed / p.printed <= 1

    quality = services.users.login("quality", "sila-demo")
    analysis = services.survey_analysis
    summary = analysis.summary(quality, SurveyQuery())
    assert 0.7 * beneficiary_copies <= summary.responses <= 0.97 * beneficiary_copies
    assert 60 <= (summary.index or 0) <= 90
    assert all(3.0 <= (i.mean or 0) <= 4.7 for i in summary.items)
    assert 9 in summary.weakest and 11 in summary.weakest  # the advertising and the fees
    assert sum(i.unanswered for i in summary.items) > 0
    assert 0 < summary.flagged < 0.1 * summary.responses
    donors = analysis.summary(quality, SurveyQuery(template_key="donor"))
    assert donors.responses and keyed == summary.responses + donors.responses
    suggestions = analysis.suggestions(quality, SurveyQuery())
    assert 0.08 * summary.responses <= len(suggestions) <= 0.25 * summary.responses
    by_first = {g.key: g.summary for g in analysis.breakdown(quality, SurveyQuery(), "first_time")}
    assert by_first["True"].responses and by_first["False"].responses
    assert len(analysis.breakdown(quality, SurveyQuery(), "centre")) == 4
    assert {g.key for g in analysis.breakdown(quality, SurveyQuery(), "age_group")} >= {"10-25", "51+"}

    checks = [services.survey_entry.verification(quality, p.number) for p in programmes]
    checked = [v for v in checks if v.forms]
    assert len(checked) == 1 and checked[0].items_differing == 2
    assert 0 < (checked[0].error_rate or 0) < 0.05

    actions = services.survey_actions.list(quality)
    assert len(actions) == 5
    assert any(a.overdue for a in actions) and sum(a.status == "done" for a in actions) == 2


def summarise(layout: _Layout, rows: Sequence[tuple[Any, str, str]]) -> Summary:
    """The plain way: (template id, scores, flags) rows counted one by one, digit by digit."""
    counts = [[0] * (SCALE_MAX + 1) for _ in layout.items]
    flagged = 0
    for template_id, scores, flags in rows:
        flagged += bool(flags)
        for position, digit in zip(layout.positions[template_id], scores, strict=True):
            counts[position][int(digit)] += 1
    return _stats(layout, counts, len(rows), flagged)


def test_counting_joined_scores_agrees_with_counting_row_by_row() -> None:
    layout = _Layout((("q1", "", ""), ("q2", "", ""), ("q3", "", "")), {"v1": (0, 1, 2), "v2": (2, 0)})
    rows = [("v1", "541", ""), ("v1", "302", "missing-required"), ("v1", "555", "identical"),
            ("v2", "14", ""), ("v2", "50", "")]
    expected = summarise(layout, rows)
    packed = [("v1", 3, 2, "541,302,555"), ("v2", 2, 0, "14,50")]
    assert summarise_packed(layout, packed) == expected
    assert expected.items[2].distribution == (2, 1, 0, 0, 2) and expected.flagged == 2
    odd = [("v1", 3, 2, "541,30,555")]  # a response shorter than its version: still counted, not misread
    assert summarise_packed(layout, odd).items[0].distribution == (0, 0, 1, 0, 2)
