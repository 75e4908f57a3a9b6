"""Drafts of unsaved editors, offered back after a crash; each author's own.

Drafts live in the database (on a trip laptop: inside the encrypted package). In office
mode, while the server cannot take them, :func:`keep` writes them on this computer
instead (services/local_drafts.py) and :func:`load` finds them there first, so that
nothing typed is lost while the server is away.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlmodel import col, select

from peyvand.domain import Draft
from peyvand.domain.base import utc_now
from peyvand.errors import PeyvandError
from peyvand.services import local_drafts
from peyvand.storage.database import Database

log = logging.getLogger(__name__)

# What a server that went away raises (storage/server.py).
SERVER_AWAY = "server.unreachable"


def server_away(exc: BaseException) -> bool:
    """Whether ``exc`` says the office server cannot be reached (the network or the
    server is down), as opposed to a refusal the person must act on."""
    return isinstance(exc, PeyvandError) and exc.msg_id == SERVER_AWAY


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


def keep(db: Database, key: str, kind: str, title: str, payload: dict[str, Any]) -> bool:
    """Save the draft where it belongs; True when the database took it. An office
    server that cannot be reached gets it later: it is written on this computer (False)."""
    try:
        save(db, key, kind, title, payload)
    except PeyvandError as exc:
        if not (db.is_server and server_away(exc)):
            raise
        local_drafts.save(db.location, key, kind, title, payload, saved_at=utc_now())
        return False
    local_drafts.discard(db.location, key)  # the database holds the newer one now
    return True


def load(db: Database, key: str) -> DraftRow | None:
    """The draft of ``key``: one kept on this computer while the server was away comes
    first (it is the newest); a server that cannot be reached has none to give."""
    if db.is_server:
        kept = local_drafts.load(db.location, key)
        if kept is not None:
            kind, title = str(kept["kind"]), str(kept["title"])
            return DraftRow(key, kind, title, kept["payload"], kept["saved_at"])
    try:
        with db.reading() as session:
            draft = session.get(Draft, (db.login, key))
            return _row(draft) if draft else None
    except PeyvandError as exc:
        if db.is_server and server_away(exc):
            return None
        raise


def discard(db: Database, key: str) -> None:
    """Forget the draft, here and in the database. A server that cannot be reached keeps
    its (older) copy until the next save of the same form replaces or removes it."""
    if db.is_server:
        local_drafts.discard(db.location, key)
    try:
        with db.session() as session:
            draft = session.get(Draft, (db.login, key))
            if draft is not None:
                session.delete(draft)
    except PeyvandError as exc:
        if not (db.is_server and server_away(exc)):
            raise
        log.info("draft %s left on the server: the server cannot be reached", key.partition(":")[0])


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
