"""Reading the client file (ملف العميل): the client and every record linked to it."""

from __future__ import annotations

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from app.clients.contributions import client_totals, contribution_info
from app.clients.directory import client_detail
from app.clients.links import count_linked_records
from app.clients.records import ClientFile, LinkedItem, RequestSummary
from app.i18n import _
from app.persistence.models import (
    Client,
    ClientRequest,
    Complaint,
    Contribution,
    Opportunity,
    OpportunityDonor,
    Programme,
    SurveyForm,
    SurveyResponse,
)
from app.pipeline.rules import STAGE_LABELS

CONTRIBUTIONS_LIMIT = 500
REQUESTS_LIMIT = 100
SURVEYS_LIMIT = 100


def read_client_file(s: Session, client: Client, complaints_limit: int) -> ClientFile:
    complaints_total = int(s.scalar(select(func.count()).select_from(Complaint).where(
        Complaint.client_id == client.id, Complaint.deleted_at.is_(None))) or 0)
    complaints = tuple(
        LinkedItem("complaint", c.reference, _first_line(c.description), c.status, c.received_at)
        for c in s.scalars(select(Complaint).where(Complaint.client_id == client.id,
                                                   Complaint.deleted_at.is_(None))
                           .order_by(Complaint.received_at.desc()).limit(complaints_limit)))
    contributions = tuple(
        contribution_info(c, client.number, client.name)
        for c in s.scalars(select(Contribution).where(Contribution.client_id == client.id,
                                                      Contribution.deleted_at.is_(None))
                           .order_by(Contribution.given_on.desc()).limit(CONTRIBUTIONS_LIMIT)))
    requests = tuple(
        RequestSummary(r.number, r.action, r.status, client.number, client.name, r.proposed_by,
                       r.proposed_by_name, r.proposed_at, r.decided_by, r.decided_by_name, r.decided_at,
                       r.batch)
        for r in s.scalars(select(ClientRequest).where(
            or_(ClientRequest.client_id == client.id, ClientRequest.other_id == client.id))
            .order_by(ClientRequest.proposed_at.desc()).limit(REQUESTS_LIMIT)))
    donated, pledged = client_totals(s, client.id)
    return ClientFile(client_detail(s, client), complaints, contributions, requests, donated, pledged,
                      complaints_total,
                      other_links={"survey": _survey_responses(s, client),
                                   "opportunity": _opportunities(s, client)},
                      linked=count_linked_records(s, client.id))


def _survey_responses(s: Session, client: Client) -> tuple[LinkedItem, ...]:
    """The client's keyed survey forms: the form number, the programme, and the mean answer."""
    rows = s.execute(select(SurveyForm.number, Programme.name, SurveyResponse.scores, SurveyResponse.keyed_at)
                     .join(Programme, Programme.id == SurveyResponse.programme_id)
                     .outerjoin(SurveyForm, SurveyForm.id == SurveyResponse.form_id)
                     .where(SurveyResponse.client_id == client.id, SurveyResponse.pass_no == 1,
                            SurveyResponse.deleted_at.is_(None))
                     .order_by(SurveyResponse.keyed_at.desc()).limit(SURVEYS_LIMIT))
    return tuple(LinkedItem("survey", number or "", programme, _mean_text(scores), at)
                 for number, programme, scores, at in rows)


def _opportunities(s: Session, client: Client) -> tuple[LinkedItem, ...]:
    """The opportunities the client is approached in: number, programme, stage."""
    rows = s.execute(select(Opportunity.number, Programme.name, Opportunity.stage,
                            Opportunity.stage_changed_at)
                     .join(OpportunityDonor, OpportunityDonor.opportunity_id == Opportunity.id)
                     .join(Programme, Programme.id == Opportunity.programme_id)
                     .where(OpportunityDonor.client_id == client.id, OpportunityDonor.deleted_at.is_(None),
                            Opportunity.deleted_at.is_(None))
                     .order_by(Opportunity.stage_changed_at.desc()).limit(SURVEYS_LIMIT))
    return tuple(LinkedItem("opportunity", number, programme, _(STAGE_LABELS.get(stage, stage)), at)
                 for number, programme, stage, at in rows)


def _mean_text(scores: str) -> str:
    """"4.2 / 5": the mean of the answered scale items, as the file's status column shows it."""
    answered = [int(c) for c in scores if c != "0"]
    return f"{sum(answered) / len(answered):.1f} / 5" if answered else ""


def _first_line(text: str, limit: int = 120) -> str:
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"
