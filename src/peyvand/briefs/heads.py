"""The letterhead every brief and letter prints, from the settings (and the address book).

Its own module, read through Core (``domain.core_tables``), so that the meeting brief
does not import the ORM for it (issue 16: `peyvand brief meeting` in ≤ 0.4 s).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from peyvand.text import fold_for_search

if TYPE_CHECKING:
    from sqlalchemy import Select
    from sqlalchemy.sql.expression import TableClause

    from peyvand.config import Settings
    from peyvand.storage.database import Database


@dataclass(frozen=True)
class Letterhead:
    org: str
    unit: str
    logo: Path | None = None
    org_en: str = ""
    unit_en: str = ""


def letterhead(settings: Settings, db: Database | None = None) -> Letterhead:
    """The letterhead of the settings; with a database, also the English names of the
    organization and unit, looked up in the address book (Settings has no English ones)."""
    logo = Path(settings.letterhead_logo) if settings.letterhead_logo else None
    org_en = unit_en = ""
    if db is not None:
        from peyvand.domain import core_tables as t

        org_key = fold_for_search(settings.letterhead_org)
        unit_key = fold_for_search(settings.letterhead_unit)
        with db.read_connection() as conn:
            org_en = _english(conn.execute(_named(t.organization)).all(), org_key)
            unit_en = _english(conn.execute(_named(t.unit)).all(), unit_key)
    return Letterhead(settings.letterhead_org, settings.letterhead_unit, logo, org_en, unit_en)


def _named(table: TableClause) -> Select[tuple[str, str]]:
    from sqlalchemy import select

    c = table.c
    # The ORM read returned rows in the table's own order; so does this (first match wins).
    return select(c.name, c.name_en).where(c.deleted_at.is_(None), c.name_en != "")


def _english(rows: Iterable[Any], key: str) -> str:
    return next((name_en for name, name_en in rows if fold_for_search(name) == key), "")
