"""The field-level, append-only change log that file sync will merge (SYNC.md).

A version is one value of one field of one record, written at one site. A
record's creation is a single version whose ``field`` is ``*`` and whose value
is the JSON object of all its fields (one row instead of one per field, which
keeps bulk loads fast); later edits are one version per changed field. The
creation is the implicit ancestor of every later version of its record, so a
field's first edit has no parents. Merge rule: for a field, the candidates
are its versions that no other version names as a parent (the creation value
when there are none); the highest stamp wins and the other candidates go to
review.
"""

from __future__ import annotations

from sqlalchemy import Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.persistence.base import Base

ALL_FIELDS = "*"


class ChangeVersion(Base):
    __tablename__ = "change_log"

    origin_site: Mapped[str] = mapped_column(String(8), primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    table_name: Mapped[str] = mapped_column(String(64))
    record_id: Mapped[str] = mapped_column(String(36), index=True)
    field: Mapped[str] = mapped_column(String(64))
    value: Mapped[str] = mapped_column(Text)
    stamp: Mapped[str] = mapped_column(String(40), index=True)
    # JSON list of "site:seq" keys of the versions of this field the writer had seen.
    parents: Mapped[str] = mapped_column(Text, default="[]")
    user_id: Mapped[str | None] = mapped_column(String(36), default=None)

    @property
    def key(self) -> str:
        return f"{self.origin_site}:{self.seq}"


class ChangeHead(Base):
    """The current head version(s) of each field: the parents of the next write.

    A cache derived from the log (it can be rebuilt from it), kept so that a
    write does not scan the log for its parents.
    """

    __tablename__ = "change_heads"

    table_name: Mapped[str] = mapped_column(String(64), primary_key=True)
    record_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    field: Mapped[str] = mapped_column(String(64), primary_key=True)
    versions: Mapped[str] = mapped_column(Text)  # JSON list of "site:seq"
