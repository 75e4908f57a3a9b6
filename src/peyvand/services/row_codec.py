"""One JSON encoding of a row, shared by the JSON export/import (``transfer``), trip
packages (``trips``: base copies, the merge) and merge conflicts (``conflicts``).

UUIDs as canonical text, aware datetimes in ISO 8601 with their offset, dates and times
in ISO form, bytes in Base64, enums by value; decoding is strict about those spellings
(``intake.parse_*``), so that a file means one thing. See docs/data-format.md.
"""

from __future__ import annotations

import base64
import binascii
import uuid
from collections.abc import Mapping
from datetime import date, datetime, time
from enum import Enum
from functools import cache
from typing import Any, Literal

import sqlalchemy as sa
from sqlalchemy import inspect as sa_inspect

from peyvand.domain.base import SyncColumns, sort_keys
from peyvand.domain.errors import ValidationError
from peyvand.domain.types import UTCDateTime
from peyvand.services import intake

Kind = Literal["uuid", "datetime", "date", "time", "bytes", "plain"]
Row = dict[str, Any]


def encode(value: Any) -> Any:
    """A Python value as JSON."""
    if isinstance(value, list):
        return [encode(v) for v in value]
    if isinstance(value, dict):
        return {str(k): encode(v) for k, v in value.items()}
    # Enum before str: StrEnum members are strings, but only their value is stable.
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, bytes):
        return base64.b64encode(value).decode("ascii")
    # Aware UTC datetimes come out with "+00:00"; times as HH:MM:SS.
    return value.isoformat() if isinstance(value, datetime | date | time) else value


def encode_row(obj: SyncColumns) -> Row:
    """Every field of a row, encoded (JSON-safe). Sort keys are left out: they are
    derived by storage on every write, not data to export, compare or merge."""
    derived = sort_keys(type(obj))
    return {
        name: encode(getattr(obj, name)) for name in type(obj).model_fields if name not in derived
    }


@cache
def column_kinds(model: type[SyncColumns]) -> dict[str, Kind]:
    """How each column of ``model`` is encoded."""
    kinds: dict[str, Kind] = {}
    for column in sa_inspect(model).local_table.columns:
        kind: Kind = "plain"
        if isinstance(column.type, UTCDateTime):
            kind = "datetime"
        elif isinstance(column.type, sa.Date):
            kind = "date"
        elif isinstance(column.type, sa.Time):
            kind = "time"
        elif isinstance(column.type, sa.LargeBinary):
            kind = "bytes"
        elif isinstance(column.type, sa.Uuid):
            kind = "uuid"
        kinds[column.key] = kind
    return kinds


def decode(kind: Kind, name: str, value: Any) -> Any:
    """A JSON value as the Python value of its column; strict about the encodings (no
    Unix timestamps for dates, no naive datetimes, one spelling of a UUID)."""
    if value is None or kind == "plain":
        return value
    if not isinstance(value, str):
        raise ValidationError("field.invalid", field=name)
    try:
        if kind == "uuid":
            return intake.parse_uuid(value)
        if kind == "datetime":
            return intake.parse_timestamp(value)
        if kind == "date":
            return intake.parse_date(value)
        if kind == "time":
            return intake.parse_time(value)
        return base64.b64decode(value, validate=True)
    except intake.YearOutOfRangeError:
        raise ValidationError("field.out_of_range", field=name) from None
    except (ValueError, binascii.Error):
        raise ValidationError("field.invalid", field=name) from None


def decode_values(model: type[SyncColumns], values: Mapping[str, Any]) -> Row:
    """Encoded fields of ``model`` as Python values (no validation beyond the encoding)."""
    kinds = column_kinds(model)
    return {name: decode(kinds[name], name, value) for name, value in values.items()}


def field_value(table: str, field: str, value: Any) -> Any:
    """An encoded value of ``table.field`` as its Python value (for display); the
    deleted state of a delete-vs-edit conflict stays a bool."""
    from peyvand.domain import BY_TABLE

    model = BY_TABLE.get(table)
    if field == "deleted_at" or model is None or value is None:
        return bool(value) if field == "deleted_at" else value
    kinds = column_kinds(model)
    if field not in kinds:
        return value
    return decode(kinds[field], field, value)
