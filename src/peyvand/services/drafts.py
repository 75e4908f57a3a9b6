"""Drafts of unsaved editors, offered back after a crash."""

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
        draft = session.get(Draft, key)
        if draft is None:
            draft = Draft(key=key, kind=kind)
        draft.title = title[:300]
        draft.payload = payload
        draft.saved_at = utc_now()
        session.add(draft)


def load(db: Database, key: str) -> DraftRow | None:
    with db.reading() as session:
        draft = session.get(Draft, key)
        return _row(draft) if draft else None


def discard(db: Database, key: str) -> None:
    with db.session() as session:
        draft = session.get(Draft, key)
        if draft is not None:
            session.delete(draft)


def all_drafts(db: Database) -> list[DraftRow]:
    with db.reading() as session:
        return [_row(d) for d in session.exec(select(Draft).order_by(col(Draft.saved_at).desc()))]


def _row(draft: Draft) -> DraftRow:
    return DraftRow(draft.key, draft.kind, draft.title, dict(draft.payload), draft.saved_at)
