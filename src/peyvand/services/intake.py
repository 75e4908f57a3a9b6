"""Checks every import runs on what it was given, before it looks at the database.

A JSON export (``services.transfer``) and a trip package (``services.trips``) both
arrive as rows in the JSON encoding of ``row_codec`` (what ``row_codec.encode`` writes). Whatever
wrote them, they are treated as hostile until these checks pass:

* :func:`load_json` parses JSON text with bounded resources: nesting depth and the
  number of values are measured before the parser runs (so a crafted file can neither
  exhaust the stack nor build gigabytes of tiny objects), and NaN/Infinity, numbers
  too large for SQLite and objects with a key twice are refused.
* :func:`check_tables` checks the rows' shape and content: row counts, the exact JSON
  type of every field, valid Unicode, text lengths (``domain.limits`` through the
  column definitions), canonical UUIDs, ISO dates and timestamps in range, integers
  within SQLite's 64-bit range, attachment sizes, and no id twice in a table.

Everything raises :class:`PeyvandError` with a message id (``import.*``; row problems
as ``import.bad_row`` naming the table, the row and the field), rendered in English for
the command line and in Persian for the GUI. Nothing here touches a database.
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from functools import cache
from typing import Any, Final, Literal

import sqlalchemy as sa
from sqlalchemy import inspect as sa_inspect
from sqlmodel.sql.sqltypes import AutoString

from peyvand.domain import BY_TABLE, SYNCED_TABLES, Blob, limits
from peyvand.domain.base import SyncColumns, sort_keys
from peyvand.domain.errors import PeyvandError, ValidationError
from peyvand.domain.limits import ATTACHMENT_MAX_BYTES, TAG_MAX, TAGS_MAX
from peyvand.domain.numbering import NumberColumns
from peyvand.domain.types import UTCDateTime
from peyvand.messages import render

# Far above what an office produces (an export at the 512 MiB size limit holds about a
# million rows), low enough that the parsed rows fit in a workstation's memory.
MAX_ROWS_PER_TABLE: Final = 1_000_000
MAX_ROWS_TOTAL: Final = 2_000_000
# JSON values (objects, arrays, strings, numbers) in one text. A real export has about
# a dozen per row; the bound caps what a crafted `[{},{},…]` can cost once parsed
# (60 bytes and more per value, against 3 bytes in the file).
MAX_JSON_VALUES: Final = 25_000_000
# An export nests five levels (document, tables, table, row, tags); some slack gives
# a precise "row 3: tags must be a list of texts" for a slightly wrong file.
MAX_JSON_DEPTH: Final = 16
# Digits of an integer literal: SQLite's 64-bit integers have at most 19 (plus a sign).
# Python's int() is quadratic in the digits, so longer literals are refused unparsed.
MAX_NUMBER_CHARS: Final = 20
# Integer and short-number ranges are the domain's, shared with restore (domain/limits).
INT_MIN: Final = limits.INT_MIN
INT_MAX: Final = limits.INT_MAX
NUMBER_YEAR_MAX: Final = limits.NUMBER_YEAR_MAX
NUMBER_SEQUENCE_MAX: Final = limits.NUMBER_SEQUENCE_MAX
# Years before 1700 are Jalali dates written as if Gregorian ("1403-02-12"); after
# 9998 a time-zone shift or a day's arithmetic would overflow Python's dates.
MIN_YEAR: Final = 1700
MAX_YEAR: Final = 9998
# Base64 of the largest attachment the application accepts.
MAX_BLOB_BASE64: Final = 4 * ((ATTACHMENT_MAX_BYTES + 2) // 3)

Kind = Literal[
    "text", "enum", "int", "bool", "text_list", "uuid", "datetime", "date", "time", "base64"
]

_UUID_RE: Final = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_DATE_RE: Final = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_TIME_RE: Final = re.compile(r"[0-9]{2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]{1,6})?")
_TIMESTAMP_RE: Final = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]{1,6})?"
    r"(?:Z|[+-][0-9]{2}:[0-9]{2})"
)
_SURROGATE_RE: Final = re.compile("[\ud800-\udfff]")
_SHORT_NUMBER_RE: Final = re.compile(r"(T?)([0-9]+)-([0-9A-Za-z]+)")
_NOT_BRACKET_RE: Final = re.compile(r"[^\[\]{}]+")
# Depth does not depend on the kind of bracket; one kind makes a level one str.replace.
# (Brackets that do not match are the parser's to report.)
_ONE_KIND: Final = str.maketrans("{}", "[]")
_TOO_DEEP_RE: Final = re.compile(rf"\[{{{MAX_JSON_DEPTH + 1}}}")
_STRING_RE: Final = re.compile(r'"[^"]*"')
# The sync columns every row must carry (the others may take their defaults).
_REQUIRED_SYNC: Final = ("id", "created_at", "updated_at", "revision")


@dataclass(frozen=True)
class RowLimits:
    """How many rows one import may bring; trip packages may pass tighter ones."""

    per_table: int
    total: int

    @classmethod
    def default(cls) -> RowLimits:
        # Read at call time, so a test can lower the module's limits.
        return cls(MAX_ROWS_PER_TABLE, MAX_ROWS_TOTAL)


@dataclass(frozen=True)
class Column:
    """What a field of a row may hold in the JSON encoding."""

    kind: Kind
    nullable: bool
    required: bool
    length: int | None  # characters, for text and enum values


class ImportRowError(PeyvandError):
    """``import.bad_row`` whose detail (the row's own validation error) is rendered in the
    reader's language too, not only in the English of ``str(error)``."""

    def __init__(self, table: str, index: int, cause: PeyvandError) -> None:
        self.cause = cause
        super().__init__(
            "import.bad_row",
            table=table,
            index=index,
            field=cause.params.get("field", ""),
            detail=cause.message("en"),
        )

    def message(self, lang: str = "fa") -> str:
        return render(self.msg_id, lang, **{**self.params, "detail": self.cause.message(lang)})


def shown(value: object, limit: int = 60) -> str:
    """A name taken from a file, fit for a one-line message: controls, bidi marks and
    lone surrogates written as ``\\uXXXX`` (they would break the line or reorder it),
    and cut after ``limit`` characters."""
    text = str(value)
    cut = len(text) > limit
    escaped = "".join(
        f"\\u{ord(ch):04x}" if unicodedata.category(ch)[0] == "C" else ch for ch in text[:limit]
    )
    return escaped + ("…" if cut else "")


# --- JSON text ------------------------------------------------------------------------------


class _BadNumberError(ValueError):
    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.text = text


class _DuplicateKeyError(ValueError):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _parse_int(text: str) -> int:
    if len(text) > MAX_NUMBER_CHARS:
        raise _BadNumberError(text)
    return int(text)


def _parse_float(text: str) -> float:
    # 1e999 parses to inf without ever spelling "Infinity".
    value = float(text) if len(text) <= 2 * MAX_NUMBER_CHARS else math.inf
    if not math.isfinite(value):
        raise _BadNumberError(text)
    return value


def _parse_constant(text: str) -> Any:
    # Python reads NaN, Infinity and -Infinity; JSON has no such literals.
    raise ValueError(f"{text} is not allowed in JSON")


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    obj = dict(pairs)
    if len(obj) != len(pairs):
        # Readers disagree on which of two equal keys wins; refuse rather than guess.
        seen: set[str] = set()
        for key, _value in pairs:
            if key in seen:
                raise _DuplicateKeyError(key)
            seen.add(key)
    return obj


def _brackets(text: str) -> str:
    return _NOT_BRACKET_RE.sub("", text).translate(_ONE_KIND)


def _reduce(brackets: str) -> str:
    """What is left of a string of brackets (one kind) once matched pairs are taken
    out, up to MAX_JSON_DEPTH levels: nothing for text nested no deeper than that."""
    for _level in range(MAX_JSON_DEPTH):
        reduced = brackets.replace("[]", "")
        if reduced == brackets or _TOO_DEEP_RE.search(reduced):
            return reduced  # empty, only unmatched brackets, or too deep already
        brackets = reduced
    return brackets


def _check_shape(text: str, source: str, max_values: int) -> None:
    """Refuse text nested too deeply or holding too many values, without parsing it.

    The quick count on the raw text also counts brackets and commas inside strings, so
    only when it fails are the strings taken out for an exact count.
    """
    if text.count(",") < max_values:
        brackets = _brackets(text)
        if not _TOO_DEEP_RE.search(brackets) and not _reduce(brackets):
            return
    # An escaped quote or backslash never ends a string: drop them, then every string.
    bare = _STRING_RE.sub("", text.replace("\\\\", "").replace('\\"', ""))
    if '"' in bare:
        raise PeyvandError("import.not_json", path=source, detail="a string is not closed")
    if bare.count(",") >= max_values:
        raise PeyvandError("import.too_many_values", path=source, limit=max_values)
    brackets = _brackets(bare)
    # A run of opening brackets is depth as it stands; a pair still left after
    # MAX_JSON_DEPTH rounds enclosed that many levels.
    left = brackets if _TOO_DEEP_RE.search(brackets) else _reduce(brackets)
    if _TOO_DEEP_RE.search(left) or "[]" in left:
        raise PeyvandError("import.too_deep", path=source, limit=MAX_JSON_DEPTH)
    # What is left are brackets that do not match, at most MAX_JSON_DEPTH levels in:
    # the parser stops there and says where.


def load_json(text: str, source: str, *, max_values: int | None = None) -> Any:
    """Parse ``text`` (from ``source``, named in messages) as strict JSON.

    Raises ``import.not_json`` (also for NaN and Infinity), ``import.too_deep``,
    ``import.too_many_values`` (more than ``max_values``, default MAX_JSON_VALUES),
    ``import.bad_number`` (1e999, an integer literal of more than 20 characters) or
    ``import.duplicate_key``.
    """
    _check_shape(text, source, MAX_JSON_VALUES if max_values is None else max_values)
    try:
        return json.loads(
            text,
            parse_int=_parse_int,
            parse_float=_parse_float,
            parse_constant=_parse_constant,
            object_pairs_hook=_object,
        )
    except _BadNumberError as exc:
        raise PeyvandError("import.bad_number", path=source, value=shown(exc.text, 30)) from None
    except _DuplicateKeyError as exc:
        raise PeyvandError("import.duplicate_key", path=source, key=shown(exc.key)) from None
    except json.JSONDecodeError as exc:
        detail = f"{exc.msg} (line {exc.lineno}, column {exc.colno})"
        raise PeyvandError("import.not_json", path=source, detail=detail) from None
    except RecursionError:
        # Not reached after _check_shape; kept so a parser change cannot bring it back.
        raise PeyvandError("import.too_deep", path=source, limit=MAX_JSON_DEPTH) from None
    except ValueError as exc:
        raise PeyvandError("import.not_json", path=source, detail=shown(exc, 200)) from None


# --- values ---------------------------------------------------------------------------------


class YearOutOfRangeError(ValueError):
    """A well-formed date or timestamp outside MIN_YEAR..MAX_YEAR."""


def _year_in_range(year: int) -> None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise YearOutOfRangeError(f"year {year} is outside {MIN_YEAR}..{MAX_YEAR}")


def parse_uuid(text: str) -> uuid.UUID:
    """A UUID in the canonical lowercase 8-4-4-4-12 form only (one id, one spelling)."""
    if not _UUID_RE.fullmatch(text):
        raise ValueError("not a canonical UUID")
    return uuid.UUID(text)


def parse_date(text: str) -> date:
    """``YYYY-MM-DD`` (Gregorian); not the other ISO forms Python also reads."""
    if not _DATE_RE.fullmatch(text):
        raise ValueError("not YYYY-MM-DD")
    day = date.fromisoformat(text)
    _year_in_range(day.year)
    return day


def parse_time(text: str) -> time:
    """``HH:MM:SS`` with optional microseconds, a wall-clock time without an offset."""
    if not _TIME_RE.fullmatch(text):
        raise ValueError("not HH:MM:SS")
    return time.fromisoformat(text)


def parse_timestamp(text: str) -> datetime:
    """ISO 8601 with ``T``, seconds and an explicit offset (or ``Z``), returned in UTC."""
    if not _TIMESTAMP_RE.fullmatch(text):
        raise ValueError("not an ISO 8601 timestamp with an offset")
    moment = datetime.fromisoformat(text)
    _year_in_range(moment.year)
    return moment.astimezone(UTC)


@cache
def columns(model: type[SyncColumns]) -> dict[str, Column]:
    """Every field a row of ``model`` may carry, from the table's column definitions
    (not the sort keys: storage derives them, a file does not carry them)."""
    result: dict[str, Column] = {}
    derived = sort_keys(model)
    table_columns = sa_inspect(model).local_table.columns
    for column in (c for c in table_columns if c.key not in derived):
        kind: Kind
        ctype = column.type
        if isinstance(ctype, UTCDateTime):
            kind = "datetime"
        elif isinstance(ctype, sa.Date):
            kind = "date"
        elif isinstance(ctype, sa.Time):
            kind = "time"
        elif isinstance(ctype, sa.Uuid):
            kind = "uuid"
        elif isinstance(ctype, sa.LargeBinary):
            kind = "base64"
        elif isinstance(ctype, sa.Boolean):
            kind = "bool"
        elif isinstance(ctype, sa.Integer):
            kind = "int"
        elif isinstance(ctype, sa.JSON):
            kind = "text_list"  # tags, the only JSON column
        elif isinstance(ctype, sa.Enum):
            kind = "enum"
        elif isinstance(ctype, sa.String | AutoString):
            kind = "text"
        else:
            # A new column type must get its rule here before it can be imported.
            raise RuntimeError(f"{model.__tablename__}.{column.key}: no intake rule")
        required = column.key in _REQUIRED_SYNC or model.model_fields[column.key].is_required()
        length = getattr(ctype, "length", None) if kind in ("text", "enum") else None
        result[column.key] = Column(kind, bool(column.nullable), required, length)
    return result


def _has_surrogate(text: str) -> bool:
    # Text from JSON can hold "\ud800" escapes that no UTF-8 file or database can store.
    return not text.isascii() and _SURROGATE_RE.search(text) is not None


def _check_text(name: str, value: str, limit: int | None, *, too_long: str) -> None:
    if _has_surrogate(value):
        raise ValidationError("import.not_unicode", field=name)
    if limit is not None and len(value) > limit:
        raise ValidationError(too_long, field=name, limit=limit)


def _text(name: str, column: Column, value: Any) -> None:
    if not isinstance(value, str):
        raise ValidationError("import.expects_text", field=name)
    _check_text(name, value, column.length, too_long="field.too_long")


def _enum(name: str, column: Column, value: Any) -> None:
    if not isinstance(value, str):
        raise ValidationError("import.expects_text", field=name)
    # An enum value longer than its column is simply not one of the values.
    _check_text(name, value, column.length, too_long="field.invalid")


def _int(name: str, _column: Column, value: Any) -> None:
    if type(value) is not int:  # not bool, not 3.0, not "3"
        raise ValidationError("import.expects_integer", field=name)
    if not INT_MIN <= value <= INT_MAX:
        raise ValidationError("field.out_of_range", field=name)


def _bool(name: str, _column: Column, value: Any) -> None:
    if type(value) is not bool:
        raise ValidationError("import.expects_boolean", field=name)


def _text_list(name: str, _column: Column, value: Any) -> None:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValidationError("import.expects_text_list", field=name)
    if len(value) > TAGS_MAX:
        raise ValidationError(
            "import.too_many_items", field=name, count=len(value), limit=TAGS_MAX
        )
    for item in value:
        _check_text(name, item, TAG_MAX, too_long="field.too_long")


def _encoded(parse: Callable[[str], object]) -> Callable[[str, Column, Any], None]:
    """A check for values that JSON carries as strings (times, ids)."""

    def check(name: str, _column: Column, value: Any) -> None:
        if not isinstance(value, str):
            raise ValidationError("field.invalid", field=name)
        try:
            parse(value)
        except YearOutOfRangeError:
            raise ValidationError("field.out_of_range", field=name) from None
        except ValueError:
            raise ValidationError("field.invalid", field=name) from None

    return check


def _uuid_form(text: str) -> None:
    # The canonical form is always a valid UUID: no need to build one here.
    if not _UUID_RE.fullmatch(text):
        raise ValueError("not a canonical UUID")


def _base64(name: str, _column: Column, value: Any) -> None:
    if not isinstance(value, str) or not value.isascii():
        raise ValidationError("field.invalid", field=name)
    if len(value) > MAX_BLOB_BASE64:
        raise ValidationError(
            "attachment.too_large", field=name, limit=ATTACHMENT_MAX_BYTES // 2**20
        )


_CHECKS: Final[dict[Kind, Callable[[str, Column, Any], None]]] = {
    "text": _text,
    "enum": _enum,
    "int": _int,
    "bool": _bool,
    "text_list": _text_list,
    "uuid": _encoded(_uuid_form),
    "datetime": _encoded(parse_timestamp),
    "date": _encoded(parse_date),
    "time": _encoded(parse_time),
    "base64": _base64,
}


@cache
def _required(model: type[SyncColumns]) -> tuple[str, ...]:
    return tuple(name for name, column in columns(model).items() if column.required)


def check_row(model: type[SyncColumns], row: Any) -> None:
    """The row's shape and content, as :func:`check_tables` checks each row.

    Raises :class:`ValidationError` naming the field (``field.invalid`` for a row that
    is not an object or a field the table does not have).
    """
    if not isinstance(row, Mapping):
        raise ValidationError("field.invalid", field="row")
    spec = columns(model)
    for key, value in row.items():
        column = spec.get(key) if isinstance(key, str) else None
        if column is None:
            # A field this version does not know would be silently lost.
            raise ValidationError("field.invalid", field=shown(key))
        if value is None:
            if not column.nullable:
                raise ValidationError(
                    "field.required" if column.required else "field.invalid", field=key
                )
            continue
        _CHECKS[column.kind](key, column, value)
    for name in _required(model):
        if name not in row:
            raise ValidationError("field.required", field=name)
    if issubclass(model, NumberColumns) and isinstance(row.get("number"), str):
        _short_number(row["number"])
    if model is Blob:
        size = row.get("size")
        if type(size) is int and size > ATTACHMENT_MAX_BYTES:
            raise ValidationError(
                "attachment.too_large", field="size", limit=ATTACHMENT_MAX_BYTES // 2**20
            )


def _short_number(number: str) -> None:
    """A number of the allocated form must leave room for the counters after it; other
    forms (numbers an office typed before Peyvand) are never continued, so they pass."""
    match = _SHORT_NUMBER_RE.fullmatch(number)
    if match is None:
        return
    provisional, year, sequence = match.groups()
    if len(year) > len(str(NUMBER_YEAR_MAX)) or not 1 <= int(year) <= NUMBER_YEAR_MAX:
        raise ValidationError("field.out_of_range", field="number")
    if not provisional and sequence.isdigit() and (
        len(sequence) > len(str(NUMBER_SEQUENCE_MAX)) or int(sequence) > NUMBER_SEQUENCE_MAX
    ):
        raise ValidationError("field.out_of_range", field="number")


def _check_counts(tables: Mapping[str, Sequence[Any]], limits: RowLimits) -> None:
    total = 0
    for name, rows in tables.items():
        if name not in BY_TABLE:
            raise PeyvandError("import.unknown_table", table=shown(name))
        if not isinstance(rows, list | tuple):
            raise PeyvandError("import.table_not_list", table=name)
        if len(rows) > limits.per_table:
            raise PeyvandError(
                "import.too_many_rows", table=name, count=len(rows), limit=limits.per_table
            )
        total += len(rows)
    if total > limits.total:
        raise PeyvandError("import.too_many_rows_total", count=total, limit=limits.total)


def _refuse_repeated(table: str, key: str, rows: Sequence[Mapping[str, Any]]) -> None:
    # Values are canonical (checked above), so equal ids are equal strings.
    seen: set[Any] = set()
    for row in rows:
        value = row.get(key)
        if value is None:
            continue
        if value in seen:
            raise PeyvandError("import.duplicate_id", table=table, id=str(value))
        seen.add(value)


def check_tables(
    tables: Mapping[str, Sequence[Mapping[str, Any]]], *, limits: RowLimits | None = None
) -> None:
    """Check rows in transfer's JSON encoding (table name → rows), before decoding them.

    In this order, raising on the first problem: every table name is known
    (``import.unknown_table``) and holds a list (``import.table_not_list``); no table
    holds more than ``limits.per_table`` rows (``import.too_many_rows``) and all of
    them together no more than ``limits.total`` (``import.too_many_rows_total``); every
    row, tables parents first, passes :func:`check_row` (``import.bad_row``, with the
    table, the row's position counted from 1, the field and why); no id appears twice in
    a table, nor a ``sha256`` twice among blobs (``import.duplicate_id``).

    Not checked here: what needs the models' validation (required text, enum values,
    cross-field rules, e-mail form) or the database (existing ids, references).
    """
    _check_counts(tables, limits or RowLimits.default())
    for model in SYNCED_TABLES:
        name = str(model.__tablename__)
        rows = tables.get(name, ())
        for index, row in enumerate(rows, start=1):
            try:
                check_row(model, row)
            except ValidationError as exc:
                raise ImportRowError(name, index, exc) from None
        _refuse_repeated(name, "id", rows)
        if model is Blob:
            _refuse_repeated(name, "sha256", rows)


__all__ = [
    "INT_MAX",
    "INT_MIN",
    "MAX_BLOB_BASE64",
    "MAX_JSON_DEPTH",
    "MAX_JSON_VALUES",
    "MAX_NUMBER_CHARS",
    "MAX_ROWS_PER_TABLE",
    "MAX_ROWS_TOTAL",
    "MAX_YEAR",
    "MIN_YEAR",
    "Column",
    "ImportRowError",
    "RowLimits",
    "YearOutOfRangeError",
    "check_row",
    "check_tables",
    "columns",
    "load_json",
    "parse_date",
    "parse_time",
    "parse_timestamp",
    "parse_uuid",
    "shown",
]
