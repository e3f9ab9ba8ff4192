"""Weak points turned into actions with an owner and a due date, which the results
report follows until they are done (seed 000, procedure steps 6–7)."""

from __future__ import annotations

import builtins
import uuid
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import NotFound, UserError
from app.i18n import current_language
from app.persistence.base import utcnow
from app.persistence.db import Database
from app.persistence.models import Programme, SurveyAction, SurveyTemplate, User
from app.services.context import Actor, require
from app.services.roles import Permission
from app.surveys.access import require_reader
from app.surveys.programmes import programme_row
from app.surveys.records import ActionInfo
from app.surveys.templates import template_of

MAX_DESCRIPTION = 1000


def _today() -> date:
    return utcnow().astimezone().date()


class SurveyActions:
    def __init__(self, db: Database) -> None:
        self._db = db

    def add(
        self,
        actor: Actor,
        description: str,
        owner: str,
        due: date,
        *,
        programme: str = "",
        template_key: str = "beneficiary",
        item_id: str = "",
    ) -> ActionInfo:
        require(actor, Permission.SURVEYS_ANALYSE)
        text = " ".join(description.split())
        if not text:
            raise UserError("action-description", "Describe the action to take.", field="description")
        if len(text) > MAX_DESCRIPTION:
            raise UserError(
                "action-description-long",
                "The description is longer than {limit} characters.",
                field="description",
                limit=MAX_DESCRIPTION,
            )
        if due is None:
            raise UserError("action-due", "Choose the date the action is due.", field="due")
        with self._db.begin(actor.writer) as s:
            user = s.scalar(select(User).where(User.name == owner.strip().lower(), User.deleted_at.is_(None)))
            if user is None or not user.active:
                raise UserError("action-owner", "Choose who owns the action.", field="owner")
            p = programme_row(s, programme) if programme.strip() else None
            a = SurveyAction(
                programme_id=p.id if p else None,
                template_key=template_key,
                item_id=item_id,
                description=text,
                owner=user.name,
                due=due,
                created_by=actor.name,
            )
            s.add(a)
            s.flush()
            return self._info(s, a)

    def complete(self, actor: Actor, action_id: str, note: str = "", status: str = "done") -> ActionInfo:
        """Mark an action done (or cancelled), with what was done."""
        require(actor, Permission.SURVEYS_ANALYSE)
        if status not in ("done", "cancelled", "open"):
            raise ValueError(status)
        with self._db.begin(actor.writer) as s:
            a = self._row(s, action_id)
            a.status = status
            a.done_at = None if status == "open" else utcnow()
            a.done_note = note.strip()
            s.flush()
            return self._info(s, a)

    def list(
        self, actor: Actor, *, programmes: tuple[str, ...] = (), open_only: bool = False
    ) -> list[ActionInfo]:
        """Actions, the open ones first by due date."""
        require_reader(actor)
        with self._db.session() as s:
            stmt = select(SurveyAction).where(SurveyAction.deleted_at.is_(None))
            if programmes:
                stmt = stmt.where(SurveyAction.programme_id.in_([programme_row(s, p).id for p in programmes]))
            if open_only:
                stmt = stmt.where(SurveyAction.status == "open")
            rows = s.scalars(stmt.order_by(SurveyAction.due, SurveyAction.created_at)).all()
            infos = [self._info(s, a) for a in rows]
        return sorted(infos, key=lambda a: (a.status != "open", a.due))

    def owners(self, actor: Actor) -> builtins.list[tuple[str, str]]:
        """(user name, full name) of the active users an action may be given to."""
        require(actor, Permission.SURVEYS_ANALYSE)
        with self._db.session() as s:
            rows = s.execute(
                select(User.name, User.full_name)
                .where(User.active.is_(True), User.deleted_at.is_(None))
                .order_by(User.full_name, User.name)
            ).all()
        return [(name, full or name) for name, full in rows]

    @staticmethod
    def _row(s: Session, action_id: str) -> SurveyAction:
        try:
            a = s.get(SurveyAction, uuid.UUID(action_id))
        except ValueError:
            a = None
        if a is None or a.deleted_at is not None:
            raise NotFound("unknown-action", "That action no longer exists.")
        return a

    @staticmethod
    def _info(s: Session, a: SurveyAction) -> ActionInfo:
        p = s.get(Programme, a.programme_id) if a.programme_id else None
        owner_name = s.scalar(select(User.full_name).where(User.name == a.owner)) or a.owner
        item_text = ""
        if a.item_id:
            row = s.scalar(
                select(SurveyTemplate)
                .where(SurveyTemplate.key == a.template_key)
                .order_by(SurveyTemplate.version.desc())
                .limit(1)
            )
            item = next((i for i in template_of(row).items if i.id == a.item_id), None) if row else None
            item_text = item.text(current_language()) if item else ""
        return ActionInfo(
            str(a.id),
            p.number if p else "",
            p.name if p else "",
            a.template_key,
            a.item_id,
            item_text,
            a.description,
            a.owner,
            owner_name,
            a.due,
            a.status,
            a.done_at,
            a.done_note,
            a.status == "open" and a.due < _today(),
        )
