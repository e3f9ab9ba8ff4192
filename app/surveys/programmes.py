"""The programme and activity portfolio (البرامج والأنشطة) that surveys, contributions
and opportunities refer to."""

from __future__ import annotations

import builtins
import uuid
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, func, or_, select
from sqlalchemy.orm import Session

from app.errors import NotFound, UserError
from app.persistence.db import Database
from app.persistence.models import Client, Contribution, Programme, SurveyForm, SurveyResponse
from app.persistence.numbering import next_number
from app.persistence.search import name_key
from app.services.context import Actor, require
from app.services.roles import Permission
from app.services.settings import SettingsService
from app.surveys import labels as _labels  # noqa: F401  (registers the history labels)
from app.surveys.access import require_login
from app.surveys.records import PROGRAMME_STATUSES, ProgrammeInfo

MAX_NAME = 200
_FIELDS = ("name", "kind", "centre", "city", "starts_on", "ends_on", "status", "description")


def programme_row(s: Session, ref: str) -> Programme:
    """A live programme by number (any case), id, or exact name as people type it."""
    text = ref.strip()
    row: Programme | None = None
    try:
        row = s.get(Programme, uuid.UUID(text))
    except ValueError:
        row = s.scalar(select(Programme).where(func.upper(Programme.number) == text.upper()))
        if row is None and text:
            matches = s.scalars(
                select(Programme)
                .where(Programme.name_key == name_key(text), Programme.deleted_at.is_(None))
                .limit(2)
            ).all()
            row = matches[0] if len(matches) == 1 else None
    if row is None or row.deleted_at is not None:
        raise NotFound(
            "unknown-programme", "There is no programme “{programme}”.", field="programme", programme=ref
        )
    return row


def programme_info(p: Programme, printed: int = 0, keyed: int = 0) -> ProgrammeInfo:
    return ProgrammeInfo(
        str(p.id),
        p.number,
        p.name,
        p.kind,
        p.centre,
        p.city,
        p.starts_on,
        p.ends_on,
        p.status,
        p.description,
        printed,
        keyed,
    )


def programme_id_for(s: Session, name: str) -> uuid.UUID | None:
    """The programme a contribution's free-text programme names, when exactly one matches."""
    if not name.strip():
        return None
    ids = s.scalars(
        select(Programme.id)
        .where(Programme.name_key == name_key(name), Programme.deleted_at.is_(None))
        .limit(2)
    ).all()
    return ids[0] if len(ids) == 1 else None


class ProgrammeService:
    def __init__(self, db: Database, settings: SettingsService) -> None:
        self._db = db
        self._settings = settings

    def add(
        self,
        actor: Actor,
        name: str,
        *,
        kind: str = "",
        centre: str = "",
        city: str = "",
        starts_on: date | None = None,
        ends_on: date | None = None,
        status: str = "planned",
        description: str = "",
    ) -> ProgrammeInfo:
        require(actor, Permission.PROGRAMMES_MANAGE)
        values = self._clean(
            {
                "name": name,
                "kind": kind,
                "centre": centre,
                "city": city,
                "starts_on": starts_on,
                "ends_on": ends_on,
                "status": status,
                "description": description,
            }
        )
        with self._db.begin(actor.writer) as s:
            site = s.info["site_code"] or "HQ"
            p = Programme(
                number=next_number(s, "PG", site, width=4), name_key=name_key(values["name"]), **values
            )
            s.add(p)
            s.flush()
            return programme_info(p)

    def update(self, actor: Actor, ref: str, **changes: Any) -> ProgrammeInfo:
        require(actor, Permission.PROGRAMMES_MANAGE)
        unknown = set(changes) - set(_FIELDS)
        if unknown:
            raise ValueError(f"not programme fields: {sorted(unknown)}")
        with self._db.begin(actor.writer) as s:
            p = programme_row(s, ref)
            current = {f: getattr(p, f) for f in _FIELDS}
            values = self._clean({**current, **changes})
            for f, v in values.items():
                if getattr(p, f) != v:
                    setattr(p, f, v)
            p.name_key = name_key(p.name)
            s.flush()
            return self._info(s, p)

    def get(self, actor: Actor, ref: str) -> ProgrammeInfo:
        require_login(actor)
        with self._db.session() as s:
            return self._info(s, programme_row(s, ref))

    def list(
        self, actor: Actor, *, text: str = "", status: str = "", centre: str = "", limit: int = 1000
    ) -> list[ProgrammeInfo]:
        """Programmes, newest first, with their printed and keyed form counts."""
        require_login(actor)
        cond: list[ColumnElement[bool]] = [Programme.deleted_at.is_(None)]
        if status:
            cond.append(Programme.status == status)
        if centre:
            cond.append(Programme.centre == centre)
        if text.strip():
            key = name_key(text)
            cond.append(
                or_(Programme.name_key.contains(key), func.upper(Programme.number) == text.strip().upper())
            )
        with self._db.session() as s:
            rows = s.scalars(
                select(Programme)
                .where(*cond)
                .order_by(
                    func.coalesce(Programme.starts_on, func.date(Programme.created_at)).desc(),
                    Programme.number.desc(),
                )
                .limit(limit)
            ).all()
            printed = dict(
                s.execute(
                    select(SurveyForm.programme_id, func.count())
                    .where(SurveyForm.deleted_at.is_(None))
                    .group_by(SurveyForm.programme_id)
                ).all()
            )
            keyed = dict(
                s.execute(
                    select(SurveyResponse.programme_id, func.count())
                    .where(SurveyResponse.deleted_at.is_(None), SurveyResponse.pass_no == 1)
                    .group_by(SurveyResponse.programme_id)
                ).all()
            )
            return [programme_info(p, printed.get(p.id, 0), keyed.get(p.id, 0)) for p in rows]

    def donors(self, actor: Actor, ref: str) -> builtins.list[tuple[str, str]]:
        """(client number, name) of everyone who gave to the programme: whom its donor survey asks."""
        require_login(actor)
        with self._db.session() as s:
            p = programme_row(s, ref)
            rows = s.execute(
                select(Client.number, Client.name)
                .join(Contribution, Contribution.client_id == Client.id)
                .where(
                    or_(Contribution.programme_id == p.id, Contribution.programme == p.name),
                    Contribution.deleted_at.is_(None),
                    Client.deleted_at.is_(None),
                )
                .group_by(Client.number, Client.name)
                .order_by(Client.name)
            ).all()
            return [(n, name) for n, name in rows]

    @staticmethod
    def _info(s: Session, p: Programme) -> ProgrammeInfo:
        printed = int(
            s.scalar(
                select(func.count())
                .select_from(SurveyForm)
                .where(SurveyForm.programme_id == p.id, SurveyForm.deleted_at.is_(None))
            )
            or 0
        )
        keyed = int(
            s.scalar(
                select(func.count())
                .select_from(SurveyResponse)
                .where(
                    SurveyResponse.programme_id == p.id,
                    SurveyResponse.pass_no == 1,
                    SurveyResponse.deleted_at.is_(None),
                )
            )
            or 0
        )
        return programme_info(p, printed, keyed)

    def _clean(self, v: dict[str, Any]) -> dict[str, Any]:
        name = " ".join(str(v["name"] or "").split())
        if not name:
            raise UserError("programme-name", "Write the programme's name.", field="name")
        if len(name) > MAX_NAME:
            raise UserError(
                "programme-name-long",
                "The name is longer than {limit} characters.",
                field="name",
                limit=MAX_NAME,
            )
        status = v["status"] or "planned"
        if status not in PROGRAMME_STATUSES:
            raise UserError(
                "programme-status", "“{value}” is not a programme status.", field="status", value=status
            )
        centre = (v["centre"] or "").strip()
        if centre and centre not in {c["id"] for c in self._settings.get("centres")}:
            raise UserError(
                "unknown-centre",
                "“{value}” is not one of the centres in the settings.",
                field="centre",
                value=centre,
            )
        kind = (v["kind"] or "").strip()
        if kind and kind not in {k["id"] for k in self._settings.get("programme_kinds")}:
            raise UserError(
                "programme-kind",
                "“{value}” is not one of the programme kinds in the settings.",
                field="kind",
                value=kind,
            )
        starts, ends = v["starts_on"], v["ends_on"]
        if starts and ends and ends < starts:
            raise UserError("programme-dates", "The programme cannot end before it starts.", field="ends_on")
        return {
            "name": name,
            "kind": kind,
            "centre": centre,
            "city": " ".join(str(v["city"] or "").split()),
            "starts_on": starts,
            "ends_on": ends,
            "status": status,
            "description": str(v["description"] or "").strip(),
        }
