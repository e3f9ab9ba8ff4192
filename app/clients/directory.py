"""Finding clients as one types, and registering them.

The complaints desk finds the person in front of it here: by name (any
spelling the normalisation folds), by any form of the mobile number, or by
client number. The client registry builds its maker-checker workflow on top;
until then :meth:`ClientDirectory.register` creates a client directly and is
reserved to those who approve client changes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.errors import NotFound, UserError
from app.persistence.db import Database
from app.persistence.models import Client, Counter
from app.persistence.numbering import format_number, reserve
from app.persistence.search import index_text, query_words
from app.persistence.search_indexes import CLIENT_SEARCH
from app.services.context import Actor, require
from app.services.roles import Permission
from app.text.phone import parse_mobile

NUMBER_PREFIX = "CL"
ROW_SERIES = "#clients"
_NUMBER = re.compile(r"^[A-Za-z]{1,4}-[A-Za-z0-9]{1,8}-\d*$")


@dataclass(frozen=True)
class ClientInfo:
    id: str
    number: str
    name: str
    mobile: str | None
    kinds: tuple[str, ...]
    city: str
    status: str


def _info(c: Client) -> ClientInfo:
    return ClientInfo(str(c.id), c.number, c.name, c.mobile, tuple(k for k in c.kinds.split(",") if k),
                      c.city, c.status)


def client_search_text(name: str, number: str, name_latin: str = "", mobile: str | None = None,
                       national_id: str | None = None) -> str:
    return index_text(number, name, name_latin, national_id, phones=[mobile])


def client_by_number(s: Session, number: str) -> Client:
    """The live client with ``number`` (any letter case), inside the caller's session."""
    client = s.scalar(select(Client).where(func.upper(Client.number) == number.strip().upper(),
                                           Client.deleted_at.is_(None)))
    if client is None:
        raise NotFound("unknown-client", "There is no client with the number {number}.",
                       field="client", number=number)
    return client


def looks_like_number(text: str) -> bool:
    return bool(_NUMBER.match(text.strip()))


class ClientDirectory:
    def __init__(self, db: Database) -> None:
        self._db = db

    def find(self, actor: Actor, text: str, limit: int = 8) -> list[ClientInfo]:
        """Active clients whose name, mobile or number starts with what was typed, by name."""
        require(actor, Permission.CLIENTS_VIEW)
        text = text.strip()
        with self._db.session() as s:
            if looks_like_number(text):
                rows = s.scalars(select(Client).where(Client.number.startswith(text.upper()),
                                                      Client.deleted_at.is_(None))
                                 .order_by(Client.number).limit(limit))
                return [_info(c) for c in rows]
            terms = query_words(text)
            if not terms:
                return []
            conn = s.connection()
            total = int(s.scalar(select(Counter.last).where(Counter.series == ROW_SERIES)) or 0)
            condition = (CLIENT_SEARCH.scanned(Client.search_text, terms)
                         if CLIENT_SEARCH.prefer_scan(conn, terms, total)
                         else CLIENT_SEARCH.indexed(Client.row_no, terms))
            rows = s.scalars(select(Client).where(condition, Client.deleted_at.is_(None))
                             .order_by(Client.name, Client.row_no).limit(limit))
            return [_info(c) for c in rows]

    def by_number(self, actor: Actor, number: str) -> ClientInfo:
        require(actor, Permission.CLIENTS_VIEW)
        with self._db.session() as s:
            return _info(client_by_number(s, number))

    def register(self, actor: Actor, name: str, mobile: str = "", kinds: tuple[str, ...] = (),
                 city: str = "", national_id: str | None = None) -> ClientInfo:
        """Create a client directly (approvers only; the registry adds change requests)."""
        require(actor, Permission.CLIENTS_APPROVE)
        name = " ".join(name.split())
        if not name:
            raise UserError("client-name-required", "Write the client's name.", field="name")
        canonical = parse_mobile(mobile) if mobile.strip() else None
        with self._db.begin(actor.writer) as s:
            site = s.info["site_code"]
            row_no = reserve(s, ROW_SERIES)
            number = format_number(NUMBER_PREFIX, site, "", reserve(s, NUMBER_PREFIX))
            client = Client(row_no=row_no, number=number, name=name, mobile=canonical,
                            kinds=",".join(kinds), city=city, national_id=national_id,
                            search_text=client_search_text(name, number, mobile=canonical,
                                                           national_id=national_id))
            s.add(client)
            s.flush()
            return _info(client)
