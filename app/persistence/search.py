"""Arabic-normalised text search that stays fast over a million rows.

A searchable table keeps ``search_text``: the record's searchable words,
normalised with :func:`app.text.normalize.normalize_search` and separated by
single spaces (with a leading space, so ``' ' || word`` marks a word start).
Matching is by word prefix, every query word required: ``محم الغام``
finds ``محمد بن علي الغامدي``.

On SQLite an FTS5 index over that text (kept current by triggers, keyed by
the table's local integer ``row_no``) answers "how many match" and "which
rows" quickly when few match. When a word is common, reading the sorted
index and testing each row's text finds the first page sooner than
collecting every match first, so callers pick by the match count
(:meth:`TextSearch.prefer_scan`). PostgreSQL has no FTS5: there the scan
condition is always used.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import ColumnElement, Connection, Select, and_, column, func, or_, select, text
from sqlalchemy.orm import Session

from app.text.normalize import normalize_search
from app.text.phone import phone_search_key

# The same separators as FTS5's unicode61 tokenizer: anything but letters and digits.
_SEPARATORS = re.compile(r"[\W_]+")
_DIGITS = re.compile(r"^\d+$")
# One-letter words match too much to be worth a query while the user is still typing.
MIN_WORD = 2
# Above this share of the table, scanning the sorted index beats collecting matches.
SCAN_SHARE = 0.02


# Name parts written both joined and apart: عبدالرحمن / عبد الرحمن, ابوبكر / ابو بكر.
_JOINABLE = ("عبد", "ابو")


def words(text: str | None) -> list[str]:
    if not text:
        return []
    return [w for w in _SEPARATORS.split(normalize_search(text)) if w]


def _compounds(ws: list[str]) -> list[str]:
    """``عبد الرحمن`` also as ``عبدالرحمن``, and ``عبدالرحمن`` also as ``عبد`` and ``الرحمن``."""
    extra: list[str] = []
    for i, w in enumerate(ws):
        if w in _JOINABLE and i + 1 < len(ws):
            extra.append(w + ws[i + 1])
        for head in _JOINABLE:
            if w.startswith(head) and len(w) > len(head) + 1:
                extra.extend((head, w[len(head):]))
    return extra


def _join_query(ws: list[str]) -> list[str]:
    """A query's ``عبد الرحمن`` is looked for as ``عبدالرحمن`` (which the index holds either way)."""
    out: list[str] = []
    for w in ws:
        if out and out[-1] in _JOINABLE:
            out[-1] += w
        else:
            out.append(w)
    return out


def name_key(name: str) -> str:
    """A name folded for equality: ``أحمد عبد الله`` and ``احمد عبدالله`` give one key."""
    return " ".join(_join_query(words(name)))


def index_text(*parts: str | None, phones: Iterable[str | None] = ()) -> str:
    """The ``search_text`` of a record: its words, and its phones by their search key."""
    out: list[str] = []
    for part in parts:
        ws = words(part)
        out.extend(ws)
        out.extend(_compounds(ws))
    out.extend(key for p in phones if p and (key := phone_search_key(p)))
    return " " + " ".join(dict.fromkeys(out)) if out else ""


def reference_words(reference: str) -> list[str]:
    """``C-HQ-1448-000123`` is also found by ``123``."""
    seq = reference.rsplit("-", 1)[-1]
    return [seq.lstrip("0")] if seq.isdigit() and seq.lstrip("0") else []


# A query made only of digits and the marks numbers are written with is one phone number,
# however it is grouped: ``+966 55 512 3456`` is looked for as ``555123456``.
_PHONE_QUERY = re.compile(r"^\+?[\d\s\-().]+$")


def query_words(query: str) -> list[list[str]]:
    """The query's words, each with its alternatives (a phone fragment's search key)."""
    folded = normalize_search(query)
    if _PHONE_QUERY.match(folded) and " " in folded.strip():
        key = phone_search_key(folded)
        return [[key]] if len(key) >= MIN_WORD else []
    terms: list[list[str]] = []
    for w in _join_query(words(query)):
        if len(w) < MIN_WORD:
            continue
        options = [w]
        if _DIGITS.match(w):
            key = phone_search_key(w)
            if key and key != w and len(key) >= MIN_WORD:
                options.append(key)
        terms.append(options)
    return terms


def _fts_query(terms: Sequence[Sequence[str]]) -> str:
    parts = []
    for options in terms:
        alts = [f'"{o}"*' for o in options]
        parts.append(alts[0] if len(alts) == 1 else "(" + " OR ".join(alts) + ")")
    return " AND ".join(parts)


def _like(word: str) -> str:
    return "% " + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


class TextSearch:
    """Search over one table's ``search_text`` (see the module docstring)."""

    def __init__(self, table: str, fts: str) -> None:
        self.table = table
        self.fts = fts

    def ddl(self) -> list[str]:
        """The FTS5 index and the triggers that keep it current (SQLite only)."""
        t, f = self.table, self.fts
        return [
            f"CREATE VIRTUAL TABLE {f} USING fts5(search_text, content='', "
            f"tokenize='unicode61 remove_diacritics 0', prefix='2 3')",
            f"CREATE TRIGGER {f}_ai AFTER INSERT ON {t} BEGIN "
            f"INSERT INTO {f}(rowid, search_text) VALUES (new.row_no, new.search_text); END",
            f"CREATE TRIGGER {f}_au AFTER UPDATE OF search_text ON {t} BEGIN "
            f"INSERT INTO {f}({f}, rowid, search_text) VALUES ('delete', old.row_no, old.search_text); "
            f"INSERT INTO {f}(rowid, search_text) VALUES (new.row_no, new.search_text); END",
        ]

    def drop_ddl(self) -> list[str]:
        return [f"DROP TRIGGER IF EXISTS {self.fts}_au", f"DROP TRIGGER IF EXISTS {self.fts}_ai",
                f"DROP TABLE IF EXISTS {self.fts}"]

    @staticmethod
    def has_index(conn: Connection) -> bool:
        return conn.dialect.name == "sqlite"

    def match_count(self, conn: Connection, terms: Sequence[Sequence[str]]) -> int | None:
        """How many rows match, from the index alone; ``None`` where there is no index."""
        if not terms or not self.has_index(conn):
            return None
        return int(conn.execute(text(f"SELECT count(*) FROM {self.fts} WHERE {self.fts} MATCH :q"),
                                {"q": _fts_query(terms)}).scalar_one())

    def live_count(self, s: Session, row_no: Any, deleted_at: Any,
                   terms: Sequence[Sequence[str]]) -> int | None:
        """Matches that are not tombstones, counted by the index in milliseconds; ``None`` where
        there is no index. Tombstones stay in the index: subtracted, after one cheap probe of
        ``deleted_at`` (an index) says whether there are any at all."""
        matches = self.match_count(s.connection(), terms)
        if matches is None:
            return None
        if s.scalar(select(row_no).where(deleted_at.is_not(None)).limit(1)) is None:
            return matches
        dead = s.scalar(select(func.count()).where(deleted_at.is_not(None), self.indexed(row_no, terms)))
        return matches - int(dead or 0)

    def prefer_scan(self, conn: Connection, terms: Sequence[Sequence[str]], table_rows: int) -> bool:
        """Whether to find a page by scanning (common words) rather than through the index."""
        matches = self.match_count(conn, terms)
        return matches is None or matches > table_rows * SCAN_SHARE

    def indexed(self, row_no: Any, terms: Sequence[Sequence[str]]) -> ColumnElement[bool]:
        """``row_no`` among the index's matches (SQLite)."""
        matches: Select[Any] = select(column("rowid")).select_from(text(self.fts)).where(
            text(f"{self.fts} MATCH :fts_q").bindparams(fts_q=_fts_query(terms)))
        condition: ColumnElement[bool] = row_no.in_(matches.scalar_subquery())
        return condition

    @staticmethod
    def scanned(search_text: Any, terms: Sequence[Sequence[str]]) -> ColumnElement[bool]:
        """Each query word starts a word of ``search_text``: tested row by row."""
        return and_(*(or_(*(search_text.like(_like(o), escape="\\") for o in options))
                      for options in terms))


def rebuild(conn: Connection, search: TextSearch) -> None:
    """Refill the FTS index from the table (after a restore or a bulk load without triggers)."""
    if not search.has_index(conn):
        return
    conn.exec_driver_sql(f"INSERT INTO {search.fts}({search.fts}) VALUES ('delete-all')")
    conn.exec_driver_sql(
        f"INSERT INTO {search.fts}(rowid, search_text) SELECT row_no, search_text FROM {search.table}")
