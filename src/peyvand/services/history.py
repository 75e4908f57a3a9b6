"""A record's history, from the audit log: who changed what and when."""

from __future__ import annotations

import uuid

from sqlmodel import col, select

from peyvand.domain import AuditEvent, AuditRow
from peyvand.storage.database import Database


def history(db: Database, entity: str, entity_id: uuid.UUID, *, limit: int = 500) -> list[AuditRow]:
    """Newest first."""
    with db.reading() as session:
        events = session.exec(
            select(AuditEvent)
            .where(AuditEvent.entity == entity, AuditEvent.entity_id == str(entity_id))
            .order_by(col(AuditEvent.seq).desc())
            .limit(limit)
        )
        return [AuditRow.model_validate(e) for e in events]
