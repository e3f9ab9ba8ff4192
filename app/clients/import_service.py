"""Importing a client list or the finance system's export: look, check, then write all or nothing.

The screen calls, in order: :meth:`ClientImport.columns` (the headers and the first
rows, to map the columns), :meth:`ClientImport.preview_clients` (every row checked
against the registry read once into memory), then :meth:`ClientImport.import_clients`
with that preview (the file is not read again). A row with a problem stops the
whole import unless the user chose to skip such rows; the rows written go in one
transaction: pending change requests sharing a batch id for the relations manager,
or clients directly when the administrator loads a new installation's empty registry
(:meth:`app.clients.registry.ClientRequests.propose_batch` decides). Contributions
follow the same steps and are written by
:meth:`app.clients.contributions.ContributionService.add_many`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select

from app.clients.contributions import METHOD_LABELS, METHODS, ContributionService
from app.clients.importing import (
    CLIENT_TARGETS,
    CONTRIBUTION_TARGETS,
    ContributionPreview,
    ImportPreview,
    SkippedRow,
    Table,
    guess_mapping,
    index_resolver,
    line_text,
    read_table,
    validate_clients,
    validate_contributions,
)
from app.clients.registry import ClientRequests
from app.errors import PermissionDenied, UserError
from app.i18n import _, ngettext
from app.persistence.db import Database
from app.persistence.models import Client, Contribution
from app.services.context import Actor, require
from app.services.roles import Permission
from app.services.settings import SettingsService

PREVIEW_ROWS = 20
REPORT_LINES = 200  # skipped rows a report lists; the rest are counted


@dataclass(frozen=True)
class ImportReport:
    """What an import wrote: ``created`` requests, clients (``direct``) or contributions, the
    batch the requests share, and every row left out with its reason."""

    kind: str  # clients | contributions
    name: str  # the file's name
    created: int
    direct: bool = False
    batch: str = ""
    skipped: list[SkippedRow] = field(default_factory=list)

    def summary(self, limit: int = REPORT_LINES) -> str:
        """What was written, then every skipped line with its reason (the first ``limit``), translated."""
        if self.kind == "contributions":
            lines = [ngettext("{n} contribution was recorded.", "{n} contributions were recorded.",
                              self.created).format(n=line_text(self.created))]
        elif self.direct:
            lines = [ngettext("{n} client was registered.", "{n} clients were registered.",
                              self.created).format(n=line_text(self.created))]
        else:
            lines = [ngettext("{n} change request was created for the relations manager to approve.",
                              "{n} change requests were created for the relations manager to approve.",
                              self.created).format(n=line_text(self.created))]
        if not self.skipped:
            lines.append(_("No row was skipped."))
            return "\n".join(lines)
        lines.append(ngettext("{n} row was skipped:", "{n} rows were skipped:",
                              len(self.skipped)).format(n=line_text(len(self.skipped))))
        lines.extend(_("Line {line}: {reason}").format(line=line_text(s.line), reason=s.reason)
                     for s in self.skipped[:limit])
        if len(self.skipped) > limit:
            lines.append(_("… and {n} more.").format(n=line_text(len(self.skipped) - limit)))
        return "\n".join(lines)


@dataclass
class _ClientKeys:
    """Numbers and keys of every live client, to find who a contribution row names."""

    numbers: list[str] = field(default_factory=list)
    names: dict[str, str] = field(default_factory=dict)  # "" when several clients share the name
    mobiles: dict[str, str] = field(default_factory=dict)
    emails: dict[str, str] = field(default_factory=dict)
    national_ids: dict[str, str] = field(default_factory=dict)


class ClientImport:
    def __init__(self, db: Database, settings: SettingsService, requests: ClientRequests,
                 contributions: ContributionService) -> None:
        self._db = db
        self._settings = settings
        self._requests = requests
        self._contributions = contributions

    # --- looking at the file ----------------------------------------------------------------
    def columns(self, actor: Actor, path: str | Path) -> Table:
        """The file's headers and its first rows (to choose which column fills which field)."""
        require(actor, Permission.CLIENTS_VIEW)
        return read_table(path, limit=PREVIEW_ROWS)

    @staticmethod
    def guess(headers: Sequence[str], kind: str = "clients") -> dict[str, int]:
        """The columns that fill each field, as far as the headers tell (Arabic or English)."""
        return guess_mapping(headers, CLIENT_TARGETS if kind == "clients" else CONTRIBUTION_TARGETS)

    # --- clients ----------------------------------------------------------------------------
    def _require_proposer(self, actor: Actor) -> None:
        require(actor, Permission.CLIENTS_VIEW)
        if not self._requests.may_propose(actor):
            raise PermissionDenied("not-the-steward",
                                   "Only the data steward or the deputy named in the settings may "
                                   "propose changes to clients.")

    def preview_clients(self, actor: Actor, path: str | Path, mapping: dict[str, int],
                        default_kinds: Sequence[str] = ()) -> ImportPreview:
        """Every row of a client list checked: the form's rules, and duplicates of existing
        clients and of earlier rows (see :func:`app.clients.importing.validate_clients`)."""
        self._require_proposer(actor)
        table = read_table(path)
        get = self._settings.get
        return validate_clients(table, mapping, get("client_kinds"), get("centres"), get("channels"),
                                self._requests.existing_index(), default_kinds)

    def import_clients(self, actor: Actor, preview: ImportPreview, skip_bad: bool = False) -> ImportReport:
        """Write the ready rows of ``preview`` in one transaction, or nothing.

        Refused with the first problem's line when a row has one and ``skip_bad`` is off.
        """
        self._require_proposer(actor)
        if preview.kind != "clients":
            raise UserError("import-wrong-kind", "This preview is not a client list.")
        rows = _ready(preview, skip_bad)
        done = self._requests.propose_batch(actor, rows, preview.name)
        return ImportReport("clients", preview.name, done.count, done.direct, done.batch, preview.skipped())

    # --- contributions --------------------------------------------------------------------
    def preview_contributions(self, actor: Actor, path: str | Path, mapping: dict[str, int]
                              ) -> ContributionPreview:
        """Every row of the finance export checked: who gave (by client number, national ID,
        mobile or name), amount, date, kind, method, and receipts already recorded or repeated."""
        require(actor, Permission.CLIENTS_PROPOSE)
        table = read_table(path)
        keys, receipts = self._contribution_keys()
        return validate_contributions(table, mapping, index_resolver(keys, keys.numbers),
                                      {m: METHOD_LABELS[m] for m in METHODS}, receipts)

    def import_contributions(self, actor: Actor, preview: ImportPreview,
                             skip_bad: bool = False) -> ImportReport:
        require(actor, Permission.CLIENTS_PROPOSE)
        if not isinstance(preview, ContributionPreview):
            raise UserError("import-wrong-kind", "This preview is not a finance export.")
        rows = _ready(preview, skip_bad)
        count = self._contributions.add_many(actor, rows)
        return ImportReport("contributions", preview.name, count, skipped=preview.skipped())

    def _contribution_keys(self) -> tuple[_ClientKeys, set[str]]:
        keys = _ClientKeys()
        with self._db.session() as s:
            rows = s.execute(select(Client.number, Client.name_key, Client.mobile, Client.mobile2,
                                    Client.email, Client.national_id).where(Client.deleted_at.is_(None)))
            for number, name, mobile, mobile2, email, national_id in rows:
                keys.numbers.append(number)
                if name:
                    keys.names[name] = "" if name in keys.names else number
                for m in (mobile, mobile2):
                    if m:
                        keys.mobiles.setdefault(m, number)
                if email:
                    keys.emails.setdefault(email, number)
                if national_id:
                    keys.national_ids.setdefault(national_id, number)
            receipts = set(s.scalars(select(Contribution.receipt).where(
                Contribution.receipt != "", Contribution.deleted_at.is_(None)).distinct()))
        return keys, receipts


def _ready(preview: ImportPreview, skip_bad: bool) -> list[dict[str, Any]]:
    first = preview.first_problem()
    if first is not None and not skip_bad:
        raise UserError("import-row-invalid", "Line {line}: {problem} Nothing was imported.",
                        line=line_text(first.line), problem=first.problems[0] if first.problems else "")
    rows = preview.ready()
    if not rows:
        raise UserError("import-nothing-ready", "No row is ready to import; nothing was imported.")
    return rows
