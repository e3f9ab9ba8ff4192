"""Every table of the schema; importing this package registers them all on ``Base``."""

from app.persistence.models.audit import AuditEntry
from app.persistence.models.changelog import ChangeHead, ChangeVersion
from app.persistence.models.client import Client, ClientRequest, Contribution
from app.persistence.models.complaint import Complaint, ComplaintAttachment, ComplaintEvent, CorrectiveAction
from app.persistence.models.counter import Counter
from app.persistence.models.pipeline import (
    Campaign,
    CampaignEvent,
    CampaignProposal,
    DonorInterest,
    Opportunity,
    OpportunityDonor,
    OpportunityEvent,
)
from app.persistence.models.settings import SettingEntry
from app.persistence.models.site import Site
from app.persistence.models.survey import Programme, SurveyAction, SurveyForm, SurveyResponse, SurveyTemplate
from app.persistence.models.user import User

__all__ = [
    "AuditEntry",
    "Campaign",
    "CampaignEvent",
    "CampaignProposal",
    "ChangeHead",
    "ChangeVersion",
    "Client",
    "ClientRequest",
    "Complaint",
    "ComplaintAttachment",
    "ComplaintEvent",
    "Contribution",
    "CorrectiveAction",
    "Counter",
    "DonorInterest",
    "Opportunity",
    "OpportunityDonor",
    "OpportunityEvent",
    "Programme",
    "SettingEntry",
    "Site",
    "SurveyAction",
    "SurveyForm",
    "SurveyResponse",
    "SurveyTemplate",
    "User",
]
