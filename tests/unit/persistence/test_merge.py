"""The change log carries enough to merge sites later (SYNC.md): per-field winners,
conflicts kept, edits of different fields both kept, delete/edit flagged, any order."""

from __future__ import annotations

import random
import shutil
import sqlite3
import uuid
from pathlib import Path

import pytest
from sqlalchemy import select

from app.config import resolve as resolve_location
from app.persistence.base import utcnow
from app.persistence.merge import Version, resolve
from app.persistence.models import ChangeVersion, User
from app.persistence.recorder import WriteActor
from app.services.app_services import AppServices

CLERK = WriteActor("u-1", "clerk")


def _site_copy(source: Path, target: Path, code: str) -> AppServices:
    """Another site that has imported everything ``source`` had (a file copy, renamed)."""
    shutil.copytree(source, target)
    con = sqlite3.connect(target / "sila.db")
    con.execute("UPDATE site SET code = ?", (code,))
    con.commit()
    con.close()
    return AppServices.open(resolve_location(str(target)))


@pytest.fixture
def two_sites(services: AppServices, tmp_path: Path) -> tuple[AppServices, AppServices, str]:
    with services.db.begin(CLERK) as s:
        user = User(name="sara", full_name="سارة", role="reception", password_hash="x")
        s.add(user)
        s.flush()
        record = str(user.id)
    assert services.location is not None
    services.db.dispose()  # fold the WAL into the file before copying it
    other = _site_copy(services.location.data_dir, tmp_path / "mak", "MAK")
    return services, other, record


def _edit(site: AppServices, record: str, **values: object) -> None:
    with site.db.begin(CLERK) as s:
        user = s.get_one(User, uuid.UUID(record))
        for name, value in values.items():
            setattr(user, name, value)


def _versions(*sites: AppServices, record: str) -> list[Version]:
    found = []
    for site in sites:
        with site.db.session() as s:
            rows = s.scalars(select(ChangeVersion).where(ChangeVersion.record_id == record)).all()
            found += [Version.from_row(r.origin_site, r.seq, r.field, r.value, r.stamp, r.parents)
                      for r in rows]
    return found


def test_one_site_alone_derives_exactly_what_it_stores(
        two_sites: tuple[AppServices, AppServices, str]) -> None:
    here, _, record = two_sites
    _edit(here, record, full_name="سارة أحمد")
    _edit(here, record, role="quality_officer", full_name="سارة محمد")
    merged = resolve(_versions(here, record=record))
    assert merged.conflicts == {}
    assert (merged.values["full_name"], merged.values["role"]) == ("سارة محمد", "quality_officer")


def test_the_same_field_edited_at_two_sites_keeps_one_and_shows_the_other(
        two_sites: tuple[AppServices, AppServices, str]) -> None:
    jed, mak, record = two_sites
    _edit(jed, record, full_name="سارة من جدة")
    _edit(mak, record, full_name="سارة من مكة")
    versions = _versions(jed, mak, record=record)
    merged = resolve(versions)
    [loser] = merged.conflicts["full_name"]
    assert {merged.values["full_name"], loser.value} == {"سارة من جدة", "سارة من مكة"}
    # Same winner whatever the import order, and importing twice changes nothing.
    for _ in range(10):
        shuffled = random.sample(versions + versions, k=2 * len(versions))
        again = resolve(shuffled)
        assert again.values == merged.values
        assert [v.key for v in again.conflicts["full_name"]] == [loser.key]


def test_resolving_a_conflict_names_both_candidates_as_parents(
        two_sites: tuple[AppServices, AppServices, str]) -> None:
    jed, mak, record = two_sites
    _edit(jed, record, full_name="أ")
    _edit(mak, record, full_name="ب")
    versions = _versions(jed, mak, record=record)
    candidates = frozenset(v.key for v in versions if v.field == "full_name")
    decision = Version("JED:999", "full_name", "ب", "9" * 16 + ".0000.JED", candidates)
    merged = resolve([*versions, decision])
    assert merged.values["full_name"] == "ب" and merged.conflicts == {}


def test_edits_of_different_fields_both_survive(two_sites: tuple[AppServices, AppServices, str]) -> None:
    jed, mak, record = two_sites
    _edit(jed, record, full_name="سارة الغامدي")
    _edit(mak, record, role="relations_officer")
    merged = resolve(_versions(jed, mak, record=record))
    assert merged.conflicts == {}
    assert (merged.values["full_name"], merged.values["role"]) == ("سارة الغامدي", "relations_officer")


def test_deleted_at_one_site_and_edited_at_another_is_flagged(
        two_sites: tuple[AppServices, AppServices, str]) -> None:
    jed, mak, record = two_sites
    _edit(jed, record, full_name="قبل الحذف")
    _edit(jed, record, deleted_at=utcnow())
    _edit(mak, record, role="quality_officer")
    merged = resolve(_versions(jed, mak, record=record))
    assert merged.deleted
    assert [(v.field, v.value) for v in merged.unseen_by_delete] == [("role", "quality_officer")]


def test_a_delete_that_saw_every_edit_is_not_a_conflict(
        two_sites: tuple[AppServices, AppServices, str]) -> None:
    jed, _, record = two_sites
    _edit(jed, record, full_name="قبل الحذف")
    _edit(jed, record, role="quality_officer")
    _edit(jed, record, deleted_at=utcnow())
    merged = resolve(_versions(jed, record=record))
    assert merged.deleted and merged.unseen_by_delete == []
