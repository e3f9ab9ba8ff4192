"""Numbered paper copies: each printed form gets a number of its own, so a keyed form
traces back to its paper and no paper is keyed twice.

Numbers are ``SF-<site>-000123``: the site's counter, never reused. The
officer may type only the digits (``123``) when keying a programme's batch.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.clients.directory import client_by_number
from app.errors import NotFound, UserError
from app.persistence.base import utcnow
from app.persistence.bulk import bulk_create
from app.persistence.db import Database
from app.persistence.models import Client, SurveyForm, SurveyTemplate
from app.persistence.numbering import format_number, reserve
from app.services.context import Actor, require
from app.services.roles import Permission
from app.surveys.programmes import programme_info, programme_row
from app.surveys.records import PrintRun
from app.surveys.templates import ensure_builtin, template_of, template_row
from app.text.digits import to_latin_digits

FORM_PREFIX = "SF"
MAX_COPIES = 5000
_SERIAL = re.compile(r"^\s*(?:SF-[A-Z0-9]+-)?0*(\d{1,9})\s*$", re.IGNORECASE)
# What a QR code carries: the form number and the template version it prints.
QR_PREFIX = "SILA-SF"


def qr_payload(form_number: str, template_key: str, version: int) -> str:
    """The text of a copy's QR code: ``SILA-SF|SF-HQ-000123|beneficiary|2``."""
    return f"{QR_PREFIX}|{form_number}|{template_key}|{version}"


def parse_form_entry(text: str) -> tuple[str | None, int | None]:
    """What the officer typed or the scanner sent: (full number or None, serial or None).

    Accepts a scanned QR payload, a full number, or the number's digits alone,
    in Latin or Arabic-Indic digits.
    """
    cleaned = to_latin_digits(text).strip()
    if cleaned.upper().startswith(QR_PREFIX + "|"):
        parts = cleaned.split("|")
        cleaned = parts[1] if len(parts) > 1 else ""
    upper = cleaned.upper()
    m = _SERIAL.match(upper)
    if m is None:
        return None, None
    return (upper if upper.startswith(FORM_PREFIX + "-") else None), int(m.group(1))


def find_form(s: Session, programme_id: uuid.UUID, text: str) -> SurveyForm:
    """The printed copy ``text`` names, for this programme; refused with one sentence otherwise."""
    full, serial = parse_form_entry(text)
    if serial is None:
        raise UserError(
            "form-number", "“{value}” is not a form number.", field="form_number", value=text.strip()
        )
    if full is not None:
        form = s.scalar(select(SurveyForm).where(SurveyForm.number == full))
        forms = [form] if form is not None and form.programme_id == programme_id else []
    else:
        forms = list(
            s.scalars(
                select(SurveyForm).where(SurveyForm.programme_id == programme_id, SurveyForm.serial == serial)
            )
        )
    forms = [f for f in forms if f.deleted_at is None]
    if not forms:
        raise UserError(
            "form-not-printed",
            "Form {value} was not printed for this programme.",
            field="form_number",
            value=text.strip(),
        )
    if len(forms) > 1:
        raise UserError(
            "form-ambiguous",
            "Two sites printed form {value} for this programme: type the whole number.",
            field="form_number",
            value=text.strip(),
        )
    return forms[0]


class SurveyForms:
    def __init__(self, db: Database) -> None:
        self._db = db

    def reserve(
        self,
        actor: Actor,
        programme: str,
        template: str = "beneficiary",
        copies: int = 1,
        donors: Sequence[str] = (),
    ) -> PrintRun:
        """Reserve numbers for ``copies`` new copies (or one per donor of ``donors``, by client number)."""
        require(actor, Permission.SURVEYS_ENTER)
        count = len(donors) if donors else copies
        if not 1 <= count <= MAX_COPIES:
            raise UserError(
                "form-copies", "Print between 1 and {limit} copies.", field="copies", limit=MAX_COPIES
            )
        now = utcnow()
        with self._db.begin(actor.writer) as s:
            ensure_builtin(s)
            p = programme_row(s, programme)
            t = template_row(s, template)
            if t.retired:
                raise UserError(
                    "template-retired",
                    "The survey “{title}” is retired: choose another.",
                    field="template",
                    title=t.title,
                )
            people: list[Client] = [client_by_number(s, n) for n in donors]
            site = s.info["site_code"] or "HQ"
            last = reserve(s, FORM_PREFIX, count)
            serials = range(last - count + 1, last + 1)
            run = uuid.uuid4().hex
            rows = [
                {
                    "number": format_number(FORM_PREFIX, site, "", n),
                    "serial": n,
                    "programme_id": p.id,
                    "template_id": t.id,
                    "client_id": people[i].id if people else None,
                    "print_run": run,
                    "printed_at": now,
                    "printed_by": actor.name,
                }
                for i, n in enumerate(serials)
            ]
            bulk_create(s.connection(), SurveyForm, rows, actor.writer)
            return PrintRun(
                run,
                programme_info(p),
                template_of(t),
                tuple(str(r["number"]) for r in rows),
                now,
                tuple((c.number, c.name) for c in people),
            )

    def reprint(self, actor: Actor, run: str) -> PrintRun:
        """The copies of an earlier printing again, with the same numbers (a jammed printer)."""
        require(actor, Permission.SURVEYS_ENTER)
        with self._db.session() as s:
            forms = s.scalars(
                select(SurveyForm)
                .where(SurveyForm.print_run == run, SurveyForm.deleted_at.is_(None))
                .order_by(SurveyForm.serial)
            ).all()
            if not forms:
                raise NotFound("unknown-print-run", "There is no printing {run}.", run=run)
            p = programme_row(s, str(forms[0].programme_id))
            t = s.get(SurveyTemplate, forms[0].template_id)
            assert t is not None
            people = {
                c.id: (c.number, c.name)
                for c in s.scalars(
                    select(Client).where(Client.id.in_([f.client_id for f in forms if f.client_id]))
                )
            }
            return PrintRun(
                run,
                programme_info(p),
                template_of(t),
                tuple(f.number for f in forms),
                forms[0].printed_at,
                tuple(people[f.client_id] for f in forms if f.client_id in people),
            )

    def runs(self, actor: Actor, programme: str) -> list[tuple[str, datetime, int, str]]:
        """(run, printed at, copies, first number) of each printing for the programme, newest first."""
        require(actor, Permission.SURVEYS_ENTER)
        with self._db.session() as s:
            p = programme_row(s, programme)
            rows = s.execute(
                select(
                    SurveyForm.print_run,
                    func.min(SurveyForm.printed_at),
                    func.count(),
                    func.min(SurveyForm.number),
                )
                .where(SurveyForm.programme_id == p.id, SurveyForm.deleted_at.is_(None))
                .group_by(SurveyForm.print_run)
                .order_by(func.min(SurveyForm.printed_at).desc())
            )
            return [(r, at, int(n), first) for r, at, n, first in rows]
