"""Drafts of unsaved editors, offered back after a crash; each author's own."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlmodel import col, select

from peyvand.domain import Draft
from peyvand.domain.base import utc_now
from peyvand.storage.database import Database


@dataclass(frozen=True)
class DraftRow:
    key: str
    kind: str
    title: str
    payload: dict[str, Any]
    saved_at: datetime


def save(db: Database, key: str, kind: str, title: str, payload: dict[str, Any]) -> None:
    # Drafts are not records: no audit, no revision, just the latest state.
    with db.session() as session:
        draft = session.get(Draft, (db.login, key))
        if draft is None:
            draft = Draft(author=db.login, key=key, kind=kind)
        draft.title = title[:300]
        draft.payload = payload
        draft.saved_at = utc_now()
        session.add(draft)


def load(db: Database, key: str) -> DraftRow | None:
    with db.reading() as session:
        draft = session.get(Draft, (db.login, key))
        return _row(draft) if draft else None


def discard(db: Database, key: str) -> None:
    with db.session() as session:
        draft = session.get(Draft, (db.login, key))
        if draft is not None:
            session.delete(draft)


def all_drafts(db: Database) -> list[DraftRow]:
    with db.reading() as session:
        # The author's own: on the office server the database shows each login only its
        # drafts anyway (migration 0010); the owner, who sees all, sees its own here too.
        found = session.exec(
            select(Draft).where(Draft.author == db.login).order_by(col(Draft.saved_at).desc())
        )
        return [_row(d) for d in found]


def _row(draft: Draft) -> DraftRow:
    return DraftRow(draft.key, draft.kind, draft.title, dict(draft.payload), draft.saved_at)
