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
from typing import TYPE_CHECKING, Any

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from app.clients.records import ClientDetail, ClientFile
from app.errors import NotFound
from app.persistence.db import Database
from app.persistence.models import Client, ClientRequest, Counter, User
from app.persistence.search import index_text, name_key, query_words
from app.persistence.search_indexes import CLIENT_SEARCH
from app.services.context import Actor, require
from app.services.roles import Permission

if TYPE_CHECKING:
    from app.clients.registry import ClientRequests

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
                       national_id: str | None = None, mobile2: str | None = None, email: str = "") -> str:
    return index_text(number, name, name_latin, national_id, email, phones=[mobile, mobile2])


def client_values(c: Client) -> dict[str, Any]:
    """The client as the editable values of :mod:`app.clients.fields` (what a request changes)."""
    return {"entity": c.entity or "person", "name": c.name, "name_latin": c.name_latin or "",
            "kinds": [k for k in (c.kinds or "").split(",") if k], "national_id": c.national_id or "",
            "mobile": c.mobile or "", "mobile2": c.mobile2 or "", "phone": c.phone or "",
            "email": c.email or "", "city": c.city or "", "neighbourhood": c.neighbourhood or "",
            "centre": c.centre or "", "channel": c.channel or "", "owner": c.owner or "",
            "consent": bool(c.consent), "status": c.status or "active", "notes": c.notes or ""}


def set_client_values(c: Client, values: dict[str, Any]) -> None:
    """Write checked values (see :func:`app.clients.fields.clean_values`) and the derived keys."""
    c.entity, c.name, c.name_latin = values["entity"], values["name"], values["name_latin"]
    c.kinds = ",".join(values["kinds"])
    c.national_id = values["national_id"] or None
    c.mobile, c.mobile2 = values["mobile"] or None, values["mobile2"] or None
    c.phone = values["phone"] or None
    c.email, c.city, c.neighbourhood = values["email"], values["city"], values["neighbourhood"]
    c.centre, c.channel, c.owner = values["centre"], values["channel"], values["owner"]
    c.consent, c.status, c.notes = bool(values["consent"]), values["status"], values["notes"]
    c.name_key = name_key(c.name)
    c.search_text = client_search_text(c.name, c.number, c.name_latin, c.mobile, c.national_id, c.mobile2,
                                       c.email)


def any_client_by_number(s: Session, number: str) -> Client:
    """The client with ``number``, live or a merged tombstone (its file names the kept one)."""
    client = s.scalar(select(Client).where(func.upper(Client.number) == number.strip().upper()))
    if client is None:
        raise NotFound("unknown-client", "There is no client with the number {number}.",
                       field="client", number=number)
    return client


def client_by_number(s: Session, number: str) -> Client:
    """The live client with ``number`` (any letter case), inside the caller's session."""
    client = s.scalar(select(Client).where(func.upper(Client.number) == number.strip().upper(),
                                           Client.deleted_at.is_(None)))
    if client is None:
        raise NotFound("unknown-client", "There is no client with the number {number}.",
                       field="client", number=number)
    return client


def number_prefix(text: str) -> list[ColumnElement[bool]]:
    """Numbers starting with ``text``, as a range the unique index answers (LIKE would scan)."""
    prefix = text.strip().upper()
    return [Client.number >= prefix, Client.number < prefix + "\uffff"]


def looks_like_number(text: str) -> bool:
    return bool(_NUMBER.match(text.strip()))


@dataclass(frozen=True)
class ClientQuery:
    text: str = ""
    kind: str | None = None
    status: str | None = None
    city: str | None = None
    owner: str | None = None


@dataclass(frozen=True)
class ClientRow:
    number: str
    name: str
    kinds: tuple[str, ...]
    mobile: str | None
    city: str
    neighbourhood: str
    status: str
    owner: str


class ClientDirectory:
    def __init__(self, db: Database) -> None:
        self._db = db
        self.requests: ClientRequests | None = None  # wired by AppServices

    def find(self, actor: Actor, text: str, limit: int = 8) -> list[ClientInfo]:
        """Active clients whose name, mobile or number starts with what was typed, by name."""
        require(actor, Permission.CLIENTS_VIEW)
        text = text.strip()
        with self._db.session() as s:
            if looks_like_number(text):
                rows = s.scalars(select(Client).where(*number_prefix(text), Client.deleted_at.is_(None))
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
        """Create a client in one step, through an approved request (approvers only)."""
        require(actor, Permission.CLIENTS_APPROVE)
        if self.requests is None:
            raise RuntimeError("the registry is not wired")
        detail = self.requests.propose_create(actor, {
            "name": name, "mobile": mobile, "kinds": list(kinds) or ["other"], "city": city,
            "national_id": national_id or ""})
        return self.by_number(actor, detail.summary.client_number)

    def detail(self, actor: Actor, number: str) -> ClientDetail:
        """The client's whole record; a merged client's tombstone too (it names the kept one)."""
        require(actor, Permission.CLIENTS_VIEW)
        with self._db.session() as s:
            return client_detail(s, any_client_by_number(s, number))

    def count(self, actor: Actor, query: ClientQuery) -> int:
        require(actor, Permission.CLIENTS_VIEW)
        with self._db.session() as s:
            terms = query_words(query.text) if query.text.strip() else []
            only_words = terms and not looks_like_number(query.text) and query == ClientQuery(text=query.text)
            if only_words:
                live = CLIENT_SEARCH.live_count(s, Client.row_no, Client.deleted_at, terms)
                if live is not None:
                    return live
            return int(s.scalar(select(func.count()).select_from(Client).where(*self._where(s, query))) or 0)

    def page(self, actor: Actor, query: ClientQuery, offset: int, limit: int,
             total: int | None = None) -> list[ClientRow]:
        """One page of the registry, by name (then number), filtered and searched.

        Give ``total`` (from :meth:`count`) and a page past the middle is read from the
        other end, so the last page costs what the first does (OFFSET walks every row it skips).
        """
        require(actor, Permission.CLIENTS_VIEW)
        offset, limit = max(0, offset), max(0, limit)
        # A number typed is looked up in number order, straight from its unique index.
        by_number = looks_like_number(query.text)
        columns: list[Any] = [Client.number] if by_number else [Client.name, Client.row_no]
        reverse = total is not None and offset > total // 2
        if reverse:
            assert total is not None
            end = min(total, offset + limit)
            offset, limit = total - end, max(0, end - offset)
            columns = [c.desc() for c in columns]
        with self._db.session() as s:
            rows = list(s.scalars(select(Client).where(*self._where(s, query))
                                  .order_by(*columns).offset(offset).limit(limit)))
            if reverse:
                rows.reverse()
            return [_row(c) for c in rows]

    def cities(self, actor: Actor) -> list[str]:
        """The cities of live clients, for a filter."""
        require(actor, Permission.CLIENTS_VIEW)
        with self._db.session() as s:
            return [c for c in s.scalars(select(Client.city).where(Client.deleted_at.is_(None))
                                         .distinct().order_by(Client.city)) if c]

    def _where(self, s: Session, query: ClientQuery) -> list[ColumnElement[bool]]:
        conditions: list[ColumnElement[bool]] = [Client.deleted_at.is_(None)]
        text = query.text.strip()
        if text and looks_like_number(text):
            conditions.extend(number_prefix(text))
        elif text:
            terms = query_words(text)
            if terms:
                total = int(s.scalar(select(Counter.last).where(Counter.series == ROW_SERIES)) or 0)
                conditions.append(CLIENT_SEARCH.scanned(Client.search_text, terms)
                                  if CLIENT_SEARCH.prefer_scan(s.connection(), terms, total)
                                  else CLIENT_SEARCH.indexed(Client.row_no, terms))
        if query.kind:
            conditions.append(("," + Client.kinds + ",").contains(f",{query.kind},", autoescape=True))
        if query.status:
            conditions.append(Client.status == query.status)
        if query.city:
            conditions.append(Client.city == query.city)
        if query.owner:
            conditions.append(Client.owner == query.owner)
        return conditions

    def file(self, actor: Actor, number: str, complaints_limit: int = 200) -> ClientFile:
        """The client file (ملف العميل): the record and everything linked to it.

        Its history of changes is ``services.audit.record_history(actor, "clients", detail.id)``.
        """
        from app.clients.client_file import read_client_file  # it builds on this module

        require(actor, Permission.CLIENTS_VIEW)
        with self._db.session() as s:
            return read_client_file(s, any_client_by_number(s, number), complaints_limit)

    def owners(self, actor: Actor) -> list[tuple[str, str]]:
        """(user name, full name) of the active users who may own a relationship."""
        require(actor, Permission.CLIENTS_VIEW)
        with self._db.session() as s:
            rows = s.execute(select(User.name, User.full_name).where(
                User.active.is_(True), User.deleted_at.is_(None),
                User.role.in_(("relations_officer", "relations_manager", "admin"))).order_by(User.full_name))
            return [(n, f or n) for n, f in rows]


def client_detail(s: Session, client: Client) -> ClientDetail:
    merged = None
    if client.merged_into is not None:
        merged = s.scalar(select(Client.number).where(Client.id == client.merged_into))
    pending = s.scalar(select(ClientRequest.number).where(
        ClientRequest.status == "pending",
        (ClientRequest.client_id == client.id) | (ClientRequest.other_id == client.id))
        .order_by(ClientRequest.proposed_at).limit(1))
    return ClientDetail(str(client.id), client.number, client_values(client), client.created_at,
                        client.updated_at, merged, pending)


def _row(c: Client) -> ClientRow:
    return ClientRow(c.number, c.name, tuple(k for k in c.kinds.split(",") if k), c.mobile, c.city,
                     c.neighbourhood, c.status, c.owner)
