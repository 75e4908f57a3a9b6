"""Finding a record by what people type: its short number or its UUID."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any, TypeVar

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


TITLE_FIELDS = ("title", "name", "full_name", "text")


def record_title(values: Mapping[str, Any], fallback: str) -> str:
    """How a record is named in messages and summaries: «1405-003 — title» (``values``
    holds the number and title fields of a row, e.g. an encoded row)."""
    number = values.get("number")
    for name in TITLE_FIELDS:
        value = values.get(name)
        if isinstance(value, str) and value:
            text = value if len(value) <= 80 else value[:79] + "…"
            return f"{number} — {text}" if number else text
    return str(number or fallback)


def object_title(obj: SyncColumns) -> str:
    return record_title({n: getattr(obj, n, None) for n in ("number", *TITLE_FIELDS)}, str(obj.id))
