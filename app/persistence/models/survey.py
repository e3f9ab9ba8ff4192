"""Programmes and activities, and the satisfaction surveys about them (DOMAIN.md §3).

A survey's life on paper: a template version is printed as numbered copies
(:class:`SurveyForm`) for one programme; each returned copy is keyed once as
a :class:`SurveyResponse` (and a sample a second time, to measure keying
errors); weak points become :class:`SurveyAction` items the report follows.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.persistence.base import Base, SyncedRecord


class Programme(SyncedRecord, Base):
    """A programme or activity of the portfolio (البرامج والأنشطة)."""

    __tablename__ = "programmes"

    number: Mapped[str] = mapped_column(String(32), unique=True)  # PG-<site>-0001
    name: Mapped[str] = mapped_column(String(200))
    # The normalised name: a programme is found by the name people type.
    name_key: Mapped[str] = mapped_column(String(200), default="", index=True)
    kind: Mapped[str] = mapped_column(String(32), default="")  # programme_kinds setting id
    centre: Mapped[str] = mapped_column(String(32), default="")
    city: Mapped[str] = mapped_column(String(64), default="")
    starts_on: Mapped[date | None] = mapped_column(Date, default=None)
    ends_on: Mapped[date | None] = mapped_column(Date, default=None)
    status: Mapped[str] = mapped_column(String(16), default="planned")  # planned|running|closed|cancelled
    description: Mapped[str] = mapped_column(Text, default="")


class SurveyTemplate(SyncedRecord, Base):
    """One version of a survey's questions. A version that has answers never changes.

    (key, version) is not unique: two offline sites may each save "version 2" of a
    template; both travel and both stay answerable, told apart by their ids.
    """

    __tablename__ = "survey_templates"
    __table_args__ = (Index("ix_survey_templates_key_version", "key", "version"),)

    key: Mapped[str] = mapped_column(String(64))  # "beneficiary", "donor", or the editor's slug
    version: Mapped[int] = mapped_column(Integer)
    audience: Mapped[str] = mapped_column(String(16), default="beneficiary")  # beneficiary | donor
    title: Mapped[str] = mapped_column(String(200))
    title_en: Mapped[str] = mapped_column(String(200), default="")
    items: Mapped[str] = mapped_column(Text, default="[]")  # JSON list of item definitions
    retired: Mapped[bool] = mapped_column(Boolean, default=False)


class SurveyForm(SyncedRecord, Base):
    """A printed, numbered copy of a template version for one programme."""

    __tablename__ = "survey_forms"
    __table_args__ = (Index("ix_survey_forms_programme_serial", "programme_id", "serial"),)

    number: Mapped[str] = mapped_column(String(32), unique=True)  # SF-<site>-000123
    serial: Mapped[int] = mapped_column(Integer)  # the number's digits, what an officer types
    programme_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("programmes.id"))
    template_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("survey_templates.id"))
    # A donor survey's copy is addressed to one donor; a beneficiary's copy to nobody.
    client_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("clients.id"), default=None, index=True)
    print_run: Mapped[str] = mapped_column(String(64), default="", index=True)
    printed_at: Mapped[datetime]
    printed_by: Mapped[str] = mapped_column(String(64), default="")


class SurveyResponse(SyncedRecord, Base):
    """One keyed paper form (pass 1), or its second keying for the error rate (pass 2)."""

    __tablename__ = "survey_responses"
    __table_args__ = (Index("ix_survey_responses_programme", "programme_id", "pass_no", "keyed_at"),
                      Index("ix_survey_responses_form", "form_id", "pass_no"))

    form_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("survey_forms.id"), default=None)
    programme_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("programmes.id"))
    template_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("survey_templates.id"))
    client_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("clients.id"), default=None, index=True)
    pass_no: Mapped[int] = mapped_column(Integer, default=1)
    # One digit per scale item in the version's order, 0 = unanswered: what the analysis reads,
    # so 100,000 responses are counted without parsing JSON.
    scores: Mapped[str] = mapped_column(String(100), default="")
    answers: Mapped[str] = mapped_column(Text, default="{}")  # JSON: item id → value (every item)
    # Copies of two answers, so that breakdowns by age group and first time group in SQL.
    age_group: Mapped[str] = mapped_column(String(16), default="")
    first_time: Mapped[bool | None] = mapped_column(Boolean, default=None)
    flags: Mapped[str] = mapped_column(String(100), default="")  # "identical,missing-required"
    note: Mapped[str] = mapped_column(Text, default="")
    keyed_at: Mapped[datetime]
    keyed_by: Mapped[str] = mapped_column(String(64), default="")


class SurveyAction(SyncedRecord, Base):
    """A weak point turned into an action with an owner and a due date (seed 000, steps 6–7)."""

    __tablename__ = "survey_actions"

    programme_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("programmes.id"), default=None,
                                                           index=True)
    template_key: Mapped[str] = mapped_column(String(64), default="")
    item_id: Mapped[str] = mapped_column(String(32), default="")  # the weak item it answers
    description: Mapped[str] = mapped_column(Text)
    owner: Mapped[str] = mapped_column(String(64))  # user name
    due: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16), default="open")  # open | done | cancelled
    done_at: Mapped[datetime | None] = mapped_column(default=None)
    done_note: Mapped[str] = mapped_column(Text, default="")
    created_by: Mapped[str] = mapped_column(String(64), default="")
