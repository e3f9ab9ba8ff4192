"""All the services of one open database, for the command line and the screens."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from app.clients.contributions import ContributionService
from app.clients.directory import ClientDirectory
from app.clients.import_service import ClientImport
from app.clients.records import RequestDetail
from app.clients.registry import ClientRequests
from app.clients.statistics import ClientStatistics
from app.complaints.service import ComplaintService
from app.config import Location
from app.persistence.db import Database
from app.pipeline.campaigns import CampaignService
from app.pipeline.interests import DonorInterests
from app.pipeline.opportunities import OpportunityService
from app.pipeline.weekly import WeeklyReports
from app.services.audit import AuditService
from app.services.documents import DocumentService
from app.services.settings import SettingsService, seed_defaults
from app.services.site import SiteInfo, SiteService
from app.services.users import UserService
from app.surveys.actions import SurveyActions
from app.surveys.analysis import SurveyAnalysis
from app.surveys.entry import SurveyEntry
from app.surveys.forms import SurveyForms
from app.surveys.programmes import ProgrammeService
from app.surveys.templates import SurveyTemplates

DEFAULT_SITE_CODE = "HQ"


@dataclass(frozen=True)
class InitResult:
    site: SiteInfo
    created: bool
    settings_added: int
    backup: Path | None


class AppServices:
    """Opens (and migrates) the database and exposes every service over it."""

    def __init__(self, db: Database, location: Location | None = None) -> None:
        self.db = db
        self.location = location
        self.site = SiteService(db)
        self.settings = SettingsService(db)
        self.users = UserService(db, self.settings)
        self.audit = AuditService(db)
        self.documents = DocumentService(self.settings, location.data_dir / "cache" if location else None)
        self.clients = ClientDirectory(db)
        self.client_requests = ClientRequests(db, self.settings)
        self.clients.requests = self.client_requests
        if location is not None:
            self._file_approved_forms(location.data_dir / "filed-forms")
        self.contributions = ContributionService(db)
        self.client_import = ClientImport(db, self.settings, self.client_requests, self.contributions)
        self.client_stats = ClientStatistics(db, self.settings)
        self.complaints = ComplaintService(db, self.settings, self.clients,
                                           location.data_dir / "attachments" if location else None)
        self.programmes = ProgrammeService(db, self.settings)
        self.survey_templates = SurveyTemplates(db)
        self.survey_forms = SurveyForms(db)
        self.survey_entry = SurveyEntry(db)
        self.survey_analysis = SurveyAnalysis(db, self.settings)
        self.survey_actions = SurveyActions(db)
        self.opportunities = OpportunityService(db, self.settings)
        self.donor_interests = DonorInterests(db, self.settings)
        self.weekly_reports = WeeklyReports(db, self.settings, self.opportunities)
        self.campaigns = CampaignService(db, self.settings,
                                         location.data_dir / "attachments" if location else None)
        self.last_backup: Path | None = None

    def _file_approved_forms(self, folder: Path) -> None:
        """Approved requests keep their printed form, filed by content (seed 000 files the signed form)."""
        def printer(detail: RequestDetail) -> bytes:
            from app.clients.form_pdf import client_form_bytes, form_from_request  # loads ReportLab

            return client_form_bytes(self, form_from_request(self, detail))

        def store(data: bytes) -> str:
            digest = hashlib.sha256(data).hexdigest()
            path = folder / digest[:2] / digest
            if not path.exists():
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(data)
            return digest

        def read(digest: str) -> bytes | None:
            path = folder / digest[:2] / digest
            return path.read_bytes() if path.exists() else None

        self.client_requests.form_printer = printer
        self.client_requests.form_store = store
        self.client_requests.form_reader = read

    @classmethod
    def open(cls, location: Location, migrate: bool = True) -> AppServices:
        """Open the database at ``location``; migrate it first (after a backup) if needed."""
        db = Database(location.db_url)
        services = cls(db, location)
        if migrate:
            services.last_backup = db.migrate(location.backups_dir)
        return services

    def initialise(self, site_code: str | None = None, site_name: str | None = None) -> InitResult:
        """Create the site and the default settings; running it again changes nothing."""
        backup = self.db.migrate(self.location.backups_dir if self.location else None)
        info, created = self.site.ensure(site_code or DEFAULT_SITE_CODE, site_name or "")
        with self.db.begin() as s:
            added = seed_defaults(s)
        return InitResult(info, created, added, backup or self.last_backup)

    @property
    def is_initialised(self) -> bool:
        return self.site.current() is not None

    def needs_first_admin(self) -> bool:
        return self.users.count() == 0

    def close(self) -> None:
        self.db.dispose()
