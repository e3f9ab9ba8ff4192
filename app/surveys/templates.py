"""Survey templates, versioned: a response always points at the version it answered.

Editing a version nobody has answered yet changes it in place; editing one
that has answers makes the next version instead, so no keyed form ever
changes meaning (issue 5, "what it must show").
"""

from __future__ import annotations

import builtins
import json
import re
import uuid
from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.errors import NotFound, UserError
from app.persistence.db import Database
from app.persistence.models import SurveyResponse, SurveyTemplate
from app.services.context import Actor, require
from app.services.roles import Permission
from app.surveys.access import require_reader
from app.surveys.builtin import BUILTIN
from app.surveys.records import AUDIENCES, ITEM_KINDS, ROLES, SECTIONS, Item, Template

MAX_ITEMS = 60
MAX_TEXT = 300
_KEY = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")


def template_of(row: SurveyTemplate, answered: int = 0) -> Template:
    items = tuple(Item.from_json(d) for d in json.loads(row.items))
    return Template(
        str(row.id), row.key, row.version, row.audience, row.title, row.title_en, items, row.retired, answered
    )


def builtin_id(key: str) -> uuid.UUID:
    """The same id at every site for a built-in's first version, so sites that each store it
    on first use hold one record, not two that sync would have to reconcile."""
    return uuid.uuid5(uuid.NAMESPACE_URL, f"sila:survey-template:{key}:1")


def ensure_builtin(s: Session) -> None:
    """Store version 1 of each built-in template the database lacks (first use, or a new built-in)."""
    have = set(s.scalars(select(SurveyTemplate.key).where(SurveyTemplate.key.in_(list(BUILTIN)))))
    for key, (audience, title, title_en, items) in BUILTIN.items():
        if key not in have:
            s.add(
                SurveyTemplate(
                    id=builtin_id(key),
                    key=key,
                    version=1,
                    audience=audience,
                    title=title,
                    title_en=title_en,
                    items=_items_json(items),
                )
            )
    s.flush()


def latest_row(s: Session, key: str) -> SurveyTemplate | None:
    return s.scalar(
        select(SurveyTemplate)
        .where(SurveyTemplate.key == key, SurveyTemplate.deleted_at.is_(None))
        .order_by(SurveyTemplate.version.desc())
        .limit(1)
    )


def template_row(s: Session, ref: str) -> SurveyTemplate:
    """A version by id, or the newest version of a key."""
    row: SurveyTemplate | None
    try:
        row = s.get(SurveyTemplate, uuid.UUID(ref.strip()))
    except ValueError:
        row = latest_row(s, ref.strip().lower())
    if row is None or row.deleted_at is not None:
        raise NotFound(
            "unknown-template", "There is no survey template “{template}”.", field="template", template=ref
        )
    return row


def answered_count(s: Session, template_id: uuid.UUID) -> int:
    return int(
        s.scalar(
            select(func.count())
            .select_from(SurveyResponse)
            .where(SurveyResponse.template_id == template_id, SurveyResponse.deleted_at.is_(None))
        )
        or 0
    )


def answered_counts(s: Session, template_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, int]:
    """Keyed responses per template version, in one query."""
    if not template_ids:
        return {}
    return dict(
        s.execute(
            select(SurveyResponse.template_id, func.count())
            .where(SurveyResponse.template_id.in_(template_ids), SurveyResponse.deleted_at.is_(None))
            .group_by(SurveyResponse.template_id)
        ).all()
    )


def _items_json(items: Sequence[Item]) -> str:
    return json.dumps([i.as_json() for i in items], ensure_ascii=False)


def check_items(items: Sequence[Item]) -> list[Item]:
    """The template editor's rules, refused with one sentence naming the item."""
    if not items:
        raise UserError("template-empty", "A survey needs at least one question.", field="items")
    if len(items) > MAX_ITEMS:
        raise UserError(
            "template-too-long", "A survey has at most {limit} questions.", field="items", limit=MAX_ITEMS
        )
    seen: set[str] = set()
    roles: set[str] = set()
    cleaned: list[Item] = []
    for n, item in enumerate(items, 1):
        text = " ".join(item.ar.split())
        if not text:
            raise UserError("template-item-text", "Question {n} has no text.", field="items", n=n)
        if len(text) > MAX_TEXT or len(item.en) > MAX_TEXT:
            raise UserError(
                "template-item-long",
                "Question {n} is longer than {limit} characters.",
                field="items",
                n=n,
                limit=MAX_TEXT,
            )
        if item.kind not in ITEM_KINDS:
            raise UserError(
                "template-item-kind", "Question {n} has an unknown kind of answer.", field="items", n=n
            )
        if item.section not in SECTIONS or item.role not in ROLES:
            raise UserError(
                "template-item-kind", "Question {n} has an unknown kind of answer.", field="items", n=n
            )
        if item.kind in ("single", "multiple"):
            options = [o for o in item.options if o.ar.strip()]
            if len(options) < 2 or len({o.id for o in options}) != len(options):
                raise UserError(
                    "template-item-options",
                    "Question {n} needs at least two different choices.",
                    field="items",
                    n=n,
                )
        if not item.id or item.id in seen:
            raise UserError(
                "template-item-id",
                "Two questions have the same identifier ({id}).",
                field="items",
                id=item.id,
            )
        if item.role and item.role in roles:
            raise UserError(
                "template-item-role", "Only one question may ask for {role}.", field="items", role=item.role
            )
        seen.add(item.id)
        if item.role:
            roles.add(item.role)
        cleaned.append(
            Item(
                item.id,
                item.kind,
                text,
                " ".join(item.en.split()),
                item.required,
                item.section,
                item.role,
                item.options if item.kind in ("single", "multiple") else (),
                max(1, min(item.lines, 10)),
            )
        )
    if not any(i.kind == "likert" for i in cleaned):
        raise UserError(
            "template-no-scale",
            "A satisfaction survey needs at least one question on the 1–5 scale.",
            field="items",
        )
    return cleaned


def new_item_id(items: Sequence[Item]) -> str:
    """An identifier no item of ``items`` has: q1, q2, … for the editor's new questions."""
    taken = {i.id for i in items}
    n = len(items) + 1
    while f"q{n}" in taken:
        n += 1
    return f"q{n}"


class SurveyTemplates:
    def __init__(self, db: Database) -> None:
        self._db = db
        self._builtins_stored = False

    def _store_builtins(self, actor: Actor) -> None:
        """Built-ins are stored on first use, once per process, so later reads stay plain reads."""
        if not self._builtins_stored:
            with self._db.begin(actor.writer) as s:
                ensure_builtin(s)
            self._builtins_stored = True

    def list(self, actor: Actor, include_retired: bool = False) -> list[Template]:
        """The newest version of every template, built-ins first."""
        require_reader(actor)
        self._store_builtins(actor)
        with self._db.session() as s:
            rows = s.scalars(
                select(SurveyTemplate)
                .where(SurveyTemplate.deleted_at.is_(None))
                .order_by(SurveyTemplate.key, SurveyTemplate.version.desc())
            ).all()
            newest: dict[str, SurveyTemplate] = {}
            for row in rows:
                newest.setdefault(row.key, row)
            answered = answered_counts(s, [r.id for r in newest.values()])
            found = [
                template_of(r, answered.get(r.id, 0))
                for r in newest.values()
                if include_retired or not r.retired
            ]
        order = list(BUILTIN)
        return sorted(found, key=lambda t: (order.index(t.key) if t.key in order else len(order), t.title))

    def versions(self, actor: Actor, key: str) -> builtins.list[Template]:
        require_reader(actor)
        self._store_builtins(actor)
        with self._db.session() as s:
            rows = s.scalars(
                select(SurveyTemplate)
                .where(SurveyTemplate.key == key, SurveyTemplate.deleted_at.is_(None))
                .order_by(SurveyTemplate.version.desc())
            ).all()
            answered = answered_counts(s, [r.id for r in rows])
            return [template_of(r, answered.get(r.id, 0)) for r in rows]

    def get(self, actor: Actor, ref: str) -> Template:
        """A version by id, or the newest version of a key ("beneficiary", "donor", …)."""
        require_reader(actor)
        self._store_builtins(actor)
        with self._db.session() as s:
            row = template_row(s, ref)
            return template_of(row, answered_count(s, row.id))

    def save(
        self,
        actor: Actor,
        key: str | None,
        title: str,
        items: Sequence[Item],
        *,
        title_en: str = "",
        audience: str = "beneficiary",
    ) -> Template:
        """Save the editor's template: in place while unanswered, as the next version otherwise.

        ``key`` None makes a new template. The returned version says which happened.
        """
        require(actor, Permission.SURVEYS_ANALYSE)
        title = " ".join(title.split())
        if not title:
            raise UserError("template-title", "Write the survey's title.", field="title")
        if audience not in AUDIENCES:
            raise UserError(
                "template-audience", "A survey is for beneficiaries or for donors.", field="audience"
            )
        cleaned = check_items(items)
        with self._db.begin(actor.writer) as s:
            ensure_builtin(s)
            row = latest_row(s, key) if key else None
            if key and row is None:
                raise NotFound(
                    "unknown-template",
                    "There is no survey template “{template}”.",
                    field="template",
                    template=key,
                )
            if row is not None and answered_count(s, row.id) == 0:
                row.title, row.title_en, row.audience = title, " ".join(title_en.split()), audience
                row.items, row.retired = _items_json(cleaned), False
            else:
                new_key = row.key if row is not None else self._free_key(s, title)
                row = SurveyTemplate(
                    key=new_key,
                    version=(row.version + 1) if row is not None else 1,
                    audience=audience,
                    title=title,
                    title_en=" ".join(title_en.split()),
                    items=_items_json(cleaned),
                )
                s.add(row)
            s.flush()
            return template_of(row, 0)

    def retire(self, actor: Actor, key: str, retired: bool = True) -> Template:
        """A retired template is no longer offered for printing; its answers stay in the analysis."""
        require(actor, Permission.SURVEYS_ANALYSE)
        with self._db.begin(actor.writer) as s:
            row = template_row(s, key)
            row.retired = retired
            s.flush()
            return template_of(row, answered_count(s, row.id))

    @staticmethod
    def _free_key(s: Session, title: str) -> str:
        base = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:40]
        if not _KEY.match(base or "-"):
            base = "survey"
        taken = set(s.scalars(select(SurveyTemplate.key).where(SurveyTemplate.key.like(f"{base}%"))))
        if base not in taken:
            return base
        n = 2
        while f"{base}-{n}" in taken:
            n += 1
        return f"{base}-{n}"
