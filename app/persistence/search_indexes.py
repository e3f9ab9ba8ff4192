"""The searchable tables and their FTS5 indexes (see :mod:`app.persistence.search`)."""

from app.persistence.search import TextSearch

CLIENT_SEARCH = TextSearch("clients", "clients_fts")
COMPLAINT_SEARCH = TextSearch("complaints", "complaints_fts")

SEARCH_INDEXES = (CLIENT_SEARCH, COMPLAINT_SEARCH)


def include_name(name: str | None, type_: str, _parents: object = None) -> bool:
    """For Alembic's comparisons: the FTS5 tables are made by hand, not from the models."""
    return not (type_ == "table" and name is not None
                and any(name == s.fts or name.startswith(s.fts + "_") for s in SEARCH_INDEXES))
