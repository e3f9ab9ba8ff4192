"""Keying returned paper forms (the quality officer's stack), and the second keying of a
sample that measures keying errors (double entry).

One check for the keying screen and the command line: the form was printed for
this programme, is keyed once, every answer is on the scale. Unusual patterns
(every item the same answer, a required item left blank) are saved with a flag,
so the officer can note why and the analysis can count them.
"""

from __future__ import annotations

import json
import random
import uuid
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import NotFound, UserError
from app.persistence.base import utcnow
from app.persistence.db import Database
from app.persistence.models import Client, Programme, SurveyForm, SurveyResponse, SurveyTemplate
from app.services.context import Actor, require
from app.services.roles import Permission
from app.surveys.access import require_reader
from app.surveys.forms import find_form
from app.surveys.programmes import programme_info, programme_row
from app.surveys.records import (
    FLAG_IDENTICAL,
    FLAG_MISSING_REQUIRED,
    SCALE_MAX,
    EntryBatch,
    FormState,
    Item,
    ResponseInfo,
    Template,
    Verification,
)
from app.surveys.templates import template_of
from app.text.digits import parse_decimal, to_latin_digits
from app.text.phone import canonical_mobile

MAX_TEXT_ANSWER = 2000
MAX_NOTE = 1000
RECENT = 8
_YES = {"yes", "y", "true", "1", "نعم", "ن"}
_NO = {"no", "n", "false", "0", "لا", "ل"}


def parse_scores(answers: Sequence[int | str] | str, count: int) -> tuple[int, ...]:
    """The scale answers as typed (``"5,4,0,…"``, Arabic-Indic digits too) or given; 0 = unanswered."""
    if isinstance(answers, str):
        parts = [p.strip() for p in to_latin_digits(answers).replace("،", ",").split(",")]
        if parts == [""]:
            parts = []
    else:
        parts = [str(a).strip() for a in answers]
    if len(parts) != count:
        raise UserError(
            "answers-count",
            "This form has {count} scale items; {given} answers were given.",
            field="answers",
            count=count,
            given=len(parts),
        )
    scores: list[int] = []
    for n, part in enumerate(parts, 1):
        value = int(part) if part.isdigit() else -1
        if not 0 <= value <= SCALE_MAX:
            raise UserError(
                "answer-out-of-scale",
                "Answer {n} is “{value}”: answers are 1 to 5, or 0 when unanswered.",
                field="answers",
                n=n,
                value=part,
            )
        scores.append(value)
    return tuple(scores)


def parse_yes_no(value: bool | str | None) -> bool | None:
    if value is None or isinstance(value, bool):
        return value
    text = to_latin_digits(value).strip().lower()
    if not text:
        return None
    if text in _YES:
        return True
    if text in _NO:
        return False
    raise UserError("answer-yes-no", "“{value}” is not yes or no.", field="first_time", value=value)


def _option_id(item: Item, value: str) -> str:
    wanted = to_latin_digits(value).strip().replace("–", "-").replace(" ", "").lower()
    for o in item.options:
        if wanted in (
            o.id.lower(),
            o.ar.replace("–", "-").replace(" ", "").lower(),
            o.en.replace("–", "-").replace(" ", "").lower(),
        ):
            return o.id
    raise UserError(
        "answer-option",
        "“{value}” is not one of the choices of “{item}”.",
        field=item.id,
        value=value,
        item=item.ar,
    )


def clean_extra(template: Template, extra: Mapping[str, Any]) -> dict[str, Any]:
    """The answers to the items that are not on the scale, checked against their kinds."""
    items = {i.id: i for i in template.items if i.kind != "likert"}
    cleaned: dict[str, Any] = {}
    for key, value in extra.items():
        item = items.get(key)
        if item is None:
            raise UserError(
                "answer-unknown-item", "This form has no question “{item}”.", field="answers", item=key
            )
        if value is None or value == "" or value == []:
            continue
        if item.kind == "single":
            cleaned[key] = _option_id(item, str(value))
        elif item.kind == "multiple":
            values = value if isinstance(value, list | tuple) else str(value).split(",")
            cleaned[key] = sorted({_option_id(item, str(v)) for v in values if str(v).strip()})
        elif item.kind == "yesno":
            cleaned[key] = parse_yes_no(value if isinstance(value, bool) else str(value))
        elif item.kind == "number":
            number = parse_decimal(str(value))
            if number is None:
                raise UserError("answer-number", "“{value}” is not a number.", field=key, value=value)
            cleaned[key] = int(number) if number.is_integer() else number
        else:
            text = str(value).strip()
            if len(text) > MAX_TEXT_ANSWER:
                raise UserError(
                    "answer-long",
                    "An answer is longer than {limit} characters.",
                    field=key,
                    limit=MAX_TEXT_ANSWER,
                )
            if item.role == "mobile" and canonical_mobile(text):
                text = canonical_mobile(text) or text
            cleaned[key] = text
    return {k: v for k, v in cleaned.items() if v is not None}


def flags_of(template: Template, scores: Sequence[int], extra: Mapping[str, Any]) -> tuple[str, ...]:
    flags: list[str] = []
    if len(scores) >= 3 and 0 not in scores and len(set(scores)) == 1:
        flags.append(FLAG_IDENTICAL)
    required_blank = any(
        item.required and score == 0 for item, score in zip(template.likert, scores, strict=True)
    )
    required_blank = required_blank or any(
        i.required and i.kind != "likert" and i.id not in extra for i in template.items
    )
    if required_blank:
        flags.append(FLAG_MISSING_REQUIRED)
    return tuple(flags)


def response_info(
    r: SurveyResponse, form_number: str, programme_number: str, client_number: str = ""
) -> ResponseInfo:
    return ResponseInfo(
        str(r.id),
        form_number,
        programme_number,
        str(r.template_id),
        r.pass_no,
        tuple(int(c) for c in r.scores),
        json.loads(r.answers),
        r.age_group,
        r.first_time,
        tuple(f for f in r.flags.split(",") if f),
        r.note,
        r.keyed_at,
        r.keyed_by,
        client_number,
    )


def _live_response(s: Session, form_id: uuid.UUID, pass_no: int) -> SurveyResponse | None:
    return s.scalar(
        select(SurveyResponse)
        .where(
            SurveyResponse.form_id == form_id,
            SurveyResponse.pass_no == pass_no,
            SurveyResponse.deleted_at.is_(None),
        )
        .limit(1)
    )


class SurveyEntry:
    def __init__(self, db: Database) -> None:
        self._db = db

    def batch(self, actor: Actor, programme: str) -> EntryBatch:
        """The programme's printed copies and their state, for checks as fast as a key press."""
        require(actor, Permission.SURVEYS_ENTER)
        with self._db.session() as s:
            p = programme_row(s, programme)
            forms = s.execute(
                select(
                    SurveyForm.id,
                    SurveyForm.number,
                    SurveyForm.serial,
                    SurveyForm.template_id,
                    SurveyForm.client_id,
                )
                .where(SurveyForm.programme_id == p.id, SurveyForm.deleted_at.is_(None))
                .order_by(SurveyForm.serial)
            ).all()
            keyed = {
                (fid, n)
                for fid, n in s.execute(
                    select(SurveyResponse.form_id, SurveyResponse.pass_no).where(
                        SurveyResponse.programme_id == p.id, SurveyResponse.deleted_at.is_(None)
                    )
                )
            }
            template_ids = {f.template_id for f in forms}
            templates = {
                str(t.id): template_of(t)
                for t in s.scalars(select(SurveyTemplate).where(SurveyTemplate.id.in_(template_ids)))
            }
            people = {
                c.id: (c.number, c.name)
                for c in s.scalars(
                    select(Client).where(Client.id.in_([f.client_id for f in forms if f.client_id]))
                )
            }
            states = {
                f.number: FormState(
                    f.number,
                    f.serial,
                    str(f.template_id),
                    (f.id, 1) in keyed,
                    (f.id, 2) in keyed,
                    *people.get(f.client_id, ("", "")),
                )
                for f in forms
            }
            info = programme_info(p, len(forms), sum(1 for f in forms if (f.id, 1) in keyed))
            return EntryBatch(info, templates, states, tuple(self._recent(s, p, RECENT)))

    def add(
        self,
        actor: Actor,
        programme: str,
        form_number: str,
        answers: Sequence[int | str] | str,
        *,
        extra: Mapping[str, Any] | None = None,
        age_group: str | None = None,
        first_time: bool | str | None = None,
        note: str = "",
        pass_no: int = 1,
    ) -> ResponseInfo:
        """Save one keyed paper form (``pass_no`` 2: its second keying, compared with the first)."""
        require(actor, Permission.SURVEYS_ENTER)
        if pass_no not in (1, 2):
            raise ValueError("pass_no is 1 or 2")
        with self._db.begin(actor.writer) as s:
            p = programme_row(s, programme)
            form = find_form(s, p.id, form_number)
            first = _live_response(s, form.id, 1)
            if pass_no == 1 and first is not None:
                raise UserError(
                    "form-keyed-twice",
                    "Form {number} has already been keyed (by {user}).",
                    field="form_number",
                    number=form.number,
                    user=first.keyed_by,
                )
            if pass_no == 2:
                if first is None:
                    raise UserError(
                        "form-not-keyed",
                        "Form {number} has not been keyed yet: key it first.",
                        field="form_number",
                        number=form.number,
                    )
                if _live_response(s, form.id, 2) is not None:
                    raise UserError(
                        "form-verified-twice",
                        "Form {number} has already been keyed a second time.",
                        field="form_number",
                        number=form.number,
                    )
            row = s.get(SurveyTemplate, form.template_id)
            assert row is not None
            template = template_of(row)
            values = self._values(template, answers, extra, age_group, first_time, note)
            client_id = form.client_id or self._client_of(s, values["answers"], template)
            r = SurveyResponse(
                form_id=form.id,
                programme_id=p.id,
                template_id=form.template_id,
                client_id=client_id,
                pass_no=pass_no,
                keyed_at=utcnow(),
                keyed_by=actor.name,
                **values,
            )
            s.add(r)
            s.flush()
            return response_info(r, form.number, p.number, self._client_number(s, client_id))

    def correct(
        self,
        actor: Actor,
        response_id: str,
        answers: Sequence[int | str] | str,
        *,
        extra: Mapping[str, Any] | None = None,
        age_group: str | None = None,
        first_time: bool | str | None = None,
        note: str = "",
    ) -> ResponseInfo:
        """Key a saved form again (a slip noticed in the recent entries); the change is audited."""
        require(actor, Permission.SURVEYS_ENTER)
        with self._db.begin(actor.writer) as s:
            r = self._response(s, response_id)
            row = s.get(SurveyTemplate, r.template_id)
            assert row is not None
            values = self._values(template_of(row), answers, extra, age_group, first_time, note)
            for key, value in values.items():
                if getattr(r, key) != value:
                    setattr(r, key, value)
            s.flush()
            return self._info(s, r)

    def void(self, actor: Actor, response_id: str) -> None:
        """Withdraw a response keyed against the wrong form, so the paper can be keyed again."""
        require(actor, Permission.SURVEYS_ENTER)
        with self._db.begin(actor.writer) as s:
            r = self._response(s, response_id)
            r.deleted_at = utcnow()

    def recent(self, actor: Actor, programme: str, limit: int = RECENT) -> list[ResponseInfo]:
        require_reader(actor)
        with self._db.session() as s:
            return self._recent(s, programme_row(s, programme), limit)

    def responses(self, actor: Actor, programme: str) -> list[ResponseInfo]:
        """Every first-pass response of the programme, in form order (the raw-data export)."""
        require_reader(actor)
        with self._db.session() as s:
            p = programme_row(s, programme)
            rows = s.execute(
                select(SurveyResponse, SurveyForm.number, Client.number)
                .outerjoin(SurveyForm, SurveyForm.id == SurveyResponse.form_id)
                .outerjoin(Client, Client.id == SurveyResponse.client_id)
                .where(
                    SurveyResponse.programme_id == p.id,
                    SurveyResponse.pass_no == 1,
                    SurveyResponse.deleted_at.is_(None),
                )
                .order_by(SurveyForm.serial)
            ).all()
            return [response_info(r, form or "", p.number, client or "") for r, form, client in rows]

    def verification(self, actor: Actor, programme: str) -> Verification:
        """The error rate of keying: every form keyed twice, answer by answer."""
        require_reader(actor)
        with self._db.session() as s:
            p = programme_row(s, programme)
            rows = s.execute(
                select(
                    SurveyResponse.form_id,
                    SurveyResponse.pass_no,
                    SurveyResponse.scores,
                    SurveyResponse.answers,
                    SurveyResponse.age_group,
                    SurveyResponse.first_time,
                    SurveyForm.number,
                    SurveyResponse.template_id,
                )
                .join(SurveyForm, SurveyForm.id == SurveyResponse.form_id)
                .where(SurveyResponse.programme_id == p.id, SurveyResponse.deleted_at.is_(None))
            ).all()
            templates = {
                t.id: template_of(t)
                for t in s.scalars(
                    select(SurveyTemplate).where(SurveyTemplate.id.in_({r.template_id for r in rows}))
                )
            }
        by_form: dict[uuid.UUID, dict[int, Any]] = {}
        for row in rows:
            by_form.setdefault(row.form_id, {})[row.pass_no] = row
        compared = differing = forms = 0
        differences: list[tuple[str, str, int, int]] = []
        for passes in by_form.values():
            if 1 not in passes or 2 not in passes:
                continue
            forms += 1
            one, two = passes[1], passes[2]
            likert = templates[one.template_id].likert
            for item, a, b in zip(likert, one.scores, two.scores, strict=True):
                compared += 1
                if a != b:
                    differing += 1
                    differences.append((one.number, item.id, int(a), int(b)))
            for field, a, b in (
                ("age", one.age_group, two.age_group),
                ("first_time", one.first_time, two.first_time),
            ):
                compared += 1
                if a != b:
                    differing += 1
                    differences.append((one.number, field, -1, -1))
        return Verification(forms, compared, differing, tuple(sorted(differences)))

    def verification_sample(
        self, actor: Actor, programme: str, share: float = 0.1, minimum: int = 5
    ) -> list[str]:
        """Form numbers to key a second time: a random tenth (at least five) of the keyed forms."""
        require(actor, Permission.SURVEYS_ENTER)
        batch = self.batch(actor, programme)
        keyed = sorted(n for n, f in batch.forms.items() if f.keyed and not f.verified)
        size = min(len(keyed), max(minimum, round(len(keyed) * share)))
        # Seeded by the programme: asking again gives the same sample, so two officers agree on it.
        return sorted(random.Random(batch.programme.number).sample(keyed, size))

    # -- helpers ---------------------------------------------------------------------------------

    def _values(
        self,
        template: Template,
        answers: Sequence[int | str] | str,
        extra: Mapping[str, Any] | None,
        age_group: str | None,
        first_time: bool | str | None,
        note: str,
    ) -> dict[str, Any]:
        scores = parse_scores(answers, len(template.likert))
        given = dict(extra or {})
        age_item, first_item = template.item("age_group"), template.item("first_time")
        if age_group not in (None, ""):
            if age_item is None:
                raise UserError(
                    "answer-unknown-item",
                    "This form has no question “{item}”.",
                    field="age_group",
                    item="age group",
                )
            given[age_item.id] = age_group
        if first_time not in (None, ""):
            if first_item is None:
                raise UserError(
                    "answer-unknown-item",
                    "This form has no question “{item}”.",
                    field="first_time",
                    item="first time",
                )
            given[first_item.id] = first_time
        cleaned = clean_extra(template, given)
        note = note.strip()
        if len(note) > MAX_NOTE:
            raise UserError(
                "note-long", "The note is longer than {limit} characters.", field="note", limit=MAX_NOTE
            )
        answers_json = {item.id: score for item, score in zip(template.likert, scores, strict=True) if score}
        answers_json.update(cleaned)
        return {
            "scores": "".join(str(v) for v in scores),
            "answers": json.dumps(answers_json, ensure_ascii=False, sort_keys=True),
            "age_group": str(cleaned.get(age_item.id, "")) if age_item else "",
            "first_time": cleaned.get(first_item.id) if first_item else None,
            "flags": ",".join(flags_of(template, scores, cleaned)),
            "note": note,
        }

    @staticmethod
    def _client_of(s: Session, answers_json: str, template: Template) -> uuid.UUID | None:
        """A beneficiary who wrote a mobile the registry knows (exactly one live client) is linked."""
        item = template.item("mobile")
        mobile = json.loads(answers_json).get(item.id) if item else None
        if not mobile or not str(mobile).startswith("+"):
            return None
        ids = s.scalars(
            select(Client.id).where(Client.mobile == mobile, Client.deleted_at.is_(None)).limit(2)
        ).all()
        return ids[0] if len(ids) == 1 else None

    @staticmethod
    def _client_number(s: Session, client_id: uuid.UUID | None) -> str:
        return (s.scalar(select(Client.number).where(Client.id == client_id)) or "") if client_id else ""

    @staticmethod
    def _response(s: Session, response_id: str) -> SurveyResponse:
        try:
            r = s.get(SurveyResponse, uuid.UUID(response_id))
        except ValueError:
            r = None
        if r is None or r.deleted_at is not None:
            raise NotFound("unknown-response", "That survey response no longer exists.")
        return r

    def _info(self, s: Session, r: SurveyResponse) -> ResponseInfo:
        form = s.get(SurveyForm, r.form_id) if r.form_id else None
        p = s.get(Programme, r.programme_id)
        assert p is not None
        return response_info(r, form.number if form else "", p.number, self._client_number(s, r.client_id))

    @staticmethod
    def _recent(s: Session, p: Programme, limit: int) -> list[ResponseInfo]:
        rows = s.execute(
            select(SurveyResponse, SurveyForm.number, Client.number)
            .outerjoin(SurveyForm, SurveyForm.id == SurveyResponse.form_id)
            .outerjoin(Client, Client.id == SurveyResponse.client_id)
            .where(SurveyResponse.programme_id == p.id, SurveyResponse.deleted_at.is_(None))
            .order_by(SurveyResponse.keyed_at.desc())
            .limit(limit)
        ).all()
        return [response_info(r, form or "", p.number, client or "") for r, form, client in rows]
