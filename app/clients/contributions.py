"""Donations and pledges per programme or activity (seed 000 §6: the client
database follows each client's financial contributions).

Amounts are kept exactly, in halalas (SAR × 100). Entered by hand here, or
in bulk from the finance system's export (:mod:`app.clients.import_service`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from app.clients.directory import client_by_number
from app.clients.records import ContributionInfo
from app.errors import UserError
from app.i18n import N_
from app.persistence.bulk import bulk_create
from app.persistence.db import Database
from app.persistence.models import Client, Contribution
from app.services.context import Actor, require
from app.services.roles import Permission
from app.surveys.programmes import programme_id_for

KINDS = ("donation", "pledge")
KIND_LABELS = {"donation": N_("Donation"), "pledge": N_("Pledge")}
METHODS = ("transfer", "cash", "card", "cheque", "in_kind", "other")
METHOD_LABELS = {"transfer": N_("Bank transfer"), "cash": N_("Cash"), "card": N_("Card"),
                 "cheque": N_("Cheque"), "in_kind": N_("In kind"), "other": N_("Other")}
MAX_AMOUNT = 10**13  # halalas: 100 billion riyals, far above any real gift


@dataclass(frozen=True)
class ProgrammeTotal:
    programme: str
    donated_halalas: int
    pledged_halalas: int
    count: int
    donors: int


def check_contribution(kind: str, amount_halalas: int, given_on: date | None, method: str) -> None:
    if kind not in KINDS:
        raise UserError("contribution-kind", "A contribution is a donation or a pledge.", field="kind")
    if amount_halalas <= 0 or amount_halalas > MAX_AMOUNT:
        raise UserError("contribution-amount", "Write an amount in riyals greater than zero.", field="amount")
    if given_on is None:
        raise UserError("contribution-date", "Write the date of the contribution.", field="given_on")
    if method and method not in METHODS:
        raise UserError("contribution-method", "“{value}” is not a payment method.", field="method",
                        value=method)


def contribution_info(c: Contribution, number: str, name: str) -> ContributionInfo:
    return ContributionInfo(str(c.id), number, name, c.kind, c.amount_halalas, c.given_on, c.method,
                            c.programme, c.receipt, c.notes)


class ContributionService:
    def __init__(self, db: Database) -> None:
        self._db = db

    def add(self, actor: Actor, client_number: str, kind: str, amount_halalas: int, given_on: date,
            method: str = "", programme: str = "", receipt: str = "", notes: str = "") -> ContributionInfo:
        require(actor, Permission.CLIENTS_PROPOSE)
        check_contribution(kind, amount_halalas, given_on, method)
        with self._db.begin(actor.writer) as s:
            client = client_by_number(s, client_number)
            name = " ".join(programme.split())
            c = Contribution(client_id=client.id, kind=kind, amount_halalas=amount_halalas, given_on=given_on,
                             method=method, programme=name, programme_id=programme_id_for(s, name),
                             receipt=receipt.strip(), notes=notes.strip())
            s.add(c)
            s.flush()
            return contribution_info(c, client.number, client.name)

    def add_many(self, actor: Actor, rows: Sequence[dict[str, Any]]) -> int:
        """Many contributions in one transaction (an import): each row has ``client_number``,
        ``kind``, ``amount_halalas``, ``given_on`` and optionally method, programme, receipt, notes."""
        require(actor, Permission.CLIENTS_PROPOSE)
        with self._db.begin(actor.writer) as s:
            ids = _client_ids(s, sorted({r["client_number"] for r in rows}))
            # Each programme name is looked up once per batch, not once per row.
            names = {" ".join(str(r.get("programme", "")).split()) for r in rows}
            programme_ids = {name: programme_id_for(s, name) for name in names if name}
            records = []
            for r in rows:
                check_contribution(r["kind"], r["amount_halalas"], r["given_on"], r.get("method", ""))
                if r["client_number"] not in ids:
                    raise UserError("unknown-client", "There is no client with the number {number}.",
                                    number=r["client_number"])
                name = " ".join(str(r.get("programme", "")).split())
                records.append({"client_id": ids[r["client_number"]], "kind": r["kind"],
                                "amount_halalas": r["amount_halalas"], "given_on": r["given_on"],
                                "method": r.get("method", ""), "programme": r.get("programme", ""),
                                "programme_id": programme_ids.get(name),
                                "receipt": r.get("receipt", ""), "notes": r.get("notes", ""),
                                "source": "import"})
            return bulk_create(s.connection(), Contribution, records, actor.writer)

    def of_client(self, actor: Actor, number: str, limit: int = 500) -> list[ContributionInfo]:
        require(actor, Permission.CLIENTS_VIEW)
        with self._db.session() as s:
            client = client_by_number(s, number)
            return [contribution_info(c, client.number, client.name) for c in s.scalars(
                select(Contribution).where(Contribution.client_id == client.id,
                                           Contribution.deleted_at.is_(None))
                .order_by(Contribution.given_on.desc()).limit(limit))]

    def by_programme(self, actor: Actor) -> list[ProgrammeTotal]:
        require(actor, Permission.CLIENTS_VIEW)
        with self._db.session() as s:
            return programme_totals(s)

    def programmes(self, actor: Actor) -> list[str]:
        """Programme names already used, for the entry form's suggestions."""
        require(actor, Permission.CLIENTS_VIEW)
        with self._db.session() as s:
            names = s.scalars(select(Contribution.programme).distinct().order_by(Contribution.programme))
            return [p for p in names if p]


def _client_ids(s: Session, numbers: Sequence[str], chunk: int = 5_000) -> dict[str, Any]:
    """Live clients' ids by number, asked in chunks (a statement holds only so many parameters)."""
    ids: dict[str, Any] = {}
    for i in range(0, len(numbers), chunk):
        query = select(Client.number, Client.id).where(Client.number.in_(numbers[i:i + chunk]),
                                                       Client.deleted_at.is_(None))
        ids.update({number: client_id for number, client_id in s.execute(query)})
    return ids


def client_totals(s: Session, client_id: Any) -> tuple[int, int]:
    """(donated, pledged) halalas of one client."""
    donated = func.coalesce(func.sum(case((Contribution.kind == "donation", Contribution.amount_halalas),
                                          else_=0)), 0)
    pledged = func.coalesce(func.sum(case((Contribution.kind == "pledge", Contribution.amount_halalas),
                                          else_=0)), 0)
    row = s.execute(select(donated, pledged).where(Contribution.client_id == client_id,
                                                   Contribution.deleted_at.is_(None))).one()
    return int(row[0]), int(row[1])


def programme_totals(s: Session) -> list[ProgrammeTotal]:
    donated = func.coalesce(func.sum(case((Contribution.kind == "donation", Contribution.amount_halalas),
                                          else_=0)), 0)
    pledged = func.coalesce(func.sum(case((Contribution.kind == "pledge", Contribution.amount_halalas),
                                          else_=0)), 0)
    rows = s.execute(select(Contribution.programme, donated, pledged, func.count(),
                            func.count(Contribution.client_id.distinct()))
                     .where(Contribution.deleted_at.is_(None)).group_by(Contribution.programme)
                     .order_by(donated.desc()))
    return [ProgrammeTotal(p or "", int(d), int(pl), int(n), int(k)) for p, d, pl, n, k in rows]
