"""The searchable tables and their FTS5 indexes (see :mod:`app.persistence.search`)."""

from app.persistence.search import TextSearch

CLIENT_SEARCH = TextSearch("clients", "clients_fts")
COMPLAINT_SEARCH = TextSearch("complaints", "complaints_fts")
