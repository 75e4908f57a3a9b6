"""Finding a record by what people type: its short number or its UUID."""

from __future__ import annotations

import uuid
from typing import TypeVar

from sqlmodel import Session, select

from peyvand.domain.base import SyncColumns
from peyvand.domain.errors import NotFoundError
from peyvand.domain.numbering import NumberColumns
from peyvand.text import to_latin_digits

T = TypeVar("T", bound=SyncColumns)


def resolve(session: Session, model: type[T], ref: str) -> T:
    """``ref`` is a UUID, or (for numbered kinds) a number typed in any digit set."""
    cleaned = to_latin_digits(ref.strip())
    obj: T | None = None
    try:
        obj = session.get(model, uuid.UUID(cleaned))
    except ValueError:
        if issubclass(model, NumberColumns):
            number_col = model.number
            obj = session.exec(select(model).where(number_col == cleaned.upper())).first()
    if obj is None or obj.deleted_at is not None:
        raise NotFoundError("record.not_found", entity=str(model.__tablename__), ref=ref)
    return obj
