"""This installation's identity: its name and short code (``sila init``)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import select

from app.errors import UserError
from app.persistence.db import Database
from app.persistence.models import Site

SITE_CODE = re.compile(r"^[A-Z][A-Z0-9]{1,5}$")


@dataclass(frozen=True)
class SiteInfo:
    code: str
    name: str


def validate_code(code: str) -> str:
    code = code.strip().upper()
    if not SITE_CODE.match(code):
        raise UserError("invalid-site-code",
                        "The site code must be 2 to 6 Latin letters or digits, starting with a letter "
                        "(for example JED).", field="code")
    return code


class SiteService:
    def __init__(self, db: Database) -> None:
        self._db = db

    def current(self) -> SiteInfo | None:
        with self._db.session() as s:
            row = s.execute(select(Site.code, Site.name)).one_or_none()
        return None if row is None else SiteInfo(row.code, row.name)

    def ensure(self, code: str, name: str) -> tuple[SiteInfo, bool]:
        """Create the site unless there is one; returns it and whether it was created."""
        existing = self.current()
        if existing is not None:
            return existing, False
        code = validate_code(code)
        name = name.strip() or code
        with self._db.begin() as s:
            s.add(Site(code=code, name=name, last_seq=0))
        self._db.forget_site()
        return SiteInfo(code, name), True
