"""Assembling the results report (تقرير نتائج استبيان رضا العملاء) from the analysis services.

Everything the printed report shows is read here, once, with the reader's
permissions: the summary, the breakdowns, the suggestions, the action items the
report follows, the keying check of a single programme, the complaint-handling
rating of the same period and the donors' survey of the same programmes.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING

from app.i18n import _
from app.persistence.base import utcnow
from app.services.context import Actor
from app.surveys.access import require_reader
from app.surveys.builtin import DONOR_KEY
from app.surveys.records import GroupSummary, ProgrammeInfo, ResultsReport, Summary, SurveyQuery

if TYPE_CHECKING:
    from app.services.app_services import AppServices

BREAKDOWNS = ("centre", "age_group", "first_time")


def report_period(
    query: SurveyQuery, programmes: tuple[ProgrammeInfo, ...]
) -> tuple[date | None, date | None]:
    """The period the report covers: the query's, else the programmes' own dates."""
    since, until = query.since, query.until
    if since is None and until is None and programmes:
        starts = [d for p in programmes for d in (p.starts_on, p.ends_on) if d is not None]
        if starts:
            since, until = min(starts), max(starts)
    return since, until


def build_results_report(services: AppServices, actor: Actor, query: SurveyQuery,
                         title: str = "") -> ResultsReport:
    """Read everything the results report prints for ``query``."""
    require_reader(actor)
    analysis = services.survey_analysis
    programmes = tuple(services.programmes.get(actor, p) for p in query.programmes)
    template = services.survey_templates.get(actor, query.template_key)
    summary = analysis.summary(actor, query)
    breakdowns: dict[str, tuple[GroupSummary, ...]] = {}
    if len(programmes) != 1:
        breakdowns["programme"] = analysis.breakdown(actor, query, "programme")
    for by in BREAKDOWNS:
        breakdowns[by] = analysis.breakdown(actor, query, by)
    numbers = tuple(p.number for p in programmes)
    verification = services.survey_entry.verification(actor, numbers[0]) if len(numbers) == 1 else None
    since, until = report_period(query, programmes)
    complaints: Summary | None = analysis.complaint_rating(actor, since, until, centre=query.centre)
    if complaints is not None and complaints.responses == 0:
        complaints = None
    donors: Summary | None = None
    if query.template_key != DONOR_KEY:
        donor_query = replace(query, template_key=DONOR_KEY, age_group="", first_time=None)
        donors = analysis.summary(actor, donor_query)
        if donors.responses == 0:
            donors = None
    return ResultsReport(
        title=title or _("Client satisfaction survey results report"),
        programmes=programmes,
        template=template,
        summary=summary,
        breakdowns=breakdowns,
        suggestions=tuple(analysis.suggestions(actor, query)),
        actions=tuple(services.survey_actions.list(actor, programmes=numbers)),
        verification=verification,
        complaints=complaints,
        donors=donors,
        generated_at=utcnow(),
        extra={"since": since, "until": until, "prepared_by": actor.full_name or actor.name},
    )
