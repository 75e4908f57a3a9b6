"""Whole-database export to one JSON file, and import of such a file into a database.

The export is the office's portable, readable copy of its data (see docs/data-format.md).
Import *adds* rows, keeping their UUIDs, revisions and timestamps; it checks the whole
file, and the rows' relation to the database, before it writes anything, and then writes
in one transaction, so a bad file changes nothing. Merging rows that already exist is a
later feature.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any

import pydantic
import sqlalchemy as sa
from sqlalchemy import inspect as sa_inspect
from sqlmodel import Session, SQLModel, select

from peyvand import __version__
from peyvand.domain import BY_TABLE, SPECS, SYNCED_TABLES, Attachment, Blob
from peyvand.domain.actions import StatusColumns
from peyvand.domain.base import SYNC_FIELDS, SyncColumns, sort_keys
from peyvand.domain.enums import NumberedKind
from peyvand.domain.errors import PeyvandError, ValidationError
from peyvand.domain.letters import Letter, RegisterColumns
from peyvand.domain.meetings import FinalColumns
from peyvand.domain.numbering import PROVISIONAL_PREFIX, NumberColumns
from peyvand.services import backups, intake, records
from peyvand.services.attachments import display_name
from peyvand.services.clock import SYSTEM_CLOCK, Clock
from peyvand.services.intake import ImportRowError
from peyvand.services.row_codec import column_kinds, decode, encode_row
from peyvand.storage import counters, search_index
from peyvand.storage.database import Database
from peyvand.storage.package_magic import MAGIC as TRIP_PACKAGE_MAGIC
from peyvand.storage.unit_of_work import AUDIT_ACTION_KEY, DIRTY_DOCS_KEY, KEEP_SYNC_KEY

FORMAT = "peyvand-export"
# Version 2 added the protocol tables (checklist_template, checklist_template_item,
# letter_template, letter, letter_revision) and the fields action.deadline_anchor,
# action.checklist_check and attachment.letter_id. A version-1 file is read as it is:
# it has none of them, and they take their defaults.
FORMAT_VERSION = 2
READABLE_VERSIONS = (1, 2)
# The whole file is parsed in memory (several times its size), so there is a ceiling.
MAX_IMPORT_BYTES = 512 * 1024 * 1024

# The first bytes of files that are often picked by mistake: named, not parsed.
_SQLITE_MAGIC = b"SQLite format 3\x00"
# The keys of the top level; another one would be silently ignored (a newer format?).
_TOP_LEVEL_KEYS = frozenset({"format", "version", "app_version", "exported_at", "tables"})
# Values per "IN (...)" query: far below SQLite's limit on bound variables.
_CHUNK = 500
_SHA256_RE = re.compile(r"[0-9a-f]{64}")
# An office number «1403-042»: Jalali year, sequence. Provisional ones start with "T".
_NUMBER_RE = re.compile(r"([0-9]+)-([0-9]+)")
# Column groups that only dedicated use cases set, so they are not in the XData models.
_PROTECTED_GROUPS: tuple[type[SQLModel], ...] = (
    NumberColumns,
    FinalColumns,
    StatusColumns,
    RegisterColumns,
)

_Row = dict[str, Any]


@dataclass(frozen=True)
class ExportSummary:
    path: Path
    counts: dict[str, int]  # table -> rows written, every synced table (zeros too)

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass(frozen=True)
class ImportSummary:
    counts: dict[str, int]  # table -> rows added (or that would be, on a dry run)
    # Files whose content the database already holds under another id: content is
    # stored once, and attachments point at the SHA-256, so these rows are not added.
    skipped_blobs: int = 0
    dry_run: bool = False

    @property
    def total(self) -> int:
        return sum(self.counts.values())


# --- export -------------------------------------------------------------------------


def export_data(db: Database) -> dict[str, Any]:
    """Every row of every synced table, tombstones included, as a JSON-ready document."""
    tables: dict[str, list[_Row]] = {}
    # One read transaction: a consistent snapshot even while the GUI writes.
    with db.reading() as session:
        for model in SYNCED_TABLES:
            rows = [
                encode_row(obj) for obj in session.exec(select(model)).all()
            ]
            rows.sort(key=lambda row: str(row["id"]))  # stable output, diffable files
            tables[str(model.__tablename__)] = rows
    return {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "app_version": __version__,
        "exported_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "tables": tables,
    }


def export_json(db: Database, path: Path) -> ExportSummary:
    """Write :func:`export_data` to ``path`` (UTF-8). The file appears complete or not at
    all: it is written beside the target and renamed over it."""
    path = Path(path)
    document = export_data(db)
    text = json.dumps(document, ensure_ascii=False, indent=1) + "\n"
    partial = path.with_name(f".{path.name}.partial")
    try:
        with partial.open("w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(partial, path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    counts = {table: len(rows) for table, rows in document["tables"].items()}
    return ExportSummary(path=path, counts=counts)


# --- import: reading the file -----------------------------------------------------------


def _read_bytes(path: Path) -> bytes:
    where = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_IMPORT_BYTES:
            raise PeyvandError("import.too_large", path=where, size=size, limit=MAX_IMPORT_BYTES)
        with path.open("rb") as fh:
            # Bounded read: the size may have changed since stat (or it is not a file).
            raw = fh.read(MAX_IMPORT_BYTES + 1)
    except OSError as exc:
        raise PeyvandError(
            "import.unreadable", path=where, detail=exc.strerror or str(exc)
        ) from None
    if len(raw) > MAX_IMPORT_BYTES:
        raise PeyvandError("import.too_large", path=where, size=len(raw), limit=MAX_IMPORT_BYTES)
    return raw


def _refuse_other_file_types(raw: bytes, where: str) -> None:
    """Name the files people pick by mistake instead of calling them broken JSON."""
    if raw.startswith(TRIP_PACKAGE_MAGIC):
        raise PeyvandError("import.trip_package", path=where)
    if raw.startswith(_SQLITE_MAGIC):
        raise PeyvandError("import.database_file", path=where)


def _read_document(path: Path) -> dict[str, Any]:
    """The export's ``tables``, after the checks of the file as a whole: size, type,
    UTF-8, strict JSON (see :func:`intake.load_json`), the format marker and version,
    and the exact top level."""
    where = str(path)
    raw = _read_bytes(path)
    _refuse_other_file_types(raw, where)
    try:
        text = raw.decode("utf-8-sig")  # a BOM from a Windows editor is harmless
    except UnicodeDecodeError as exc:
        raise PeyvandError(
            "import.not_json", path=where, detail=f"not UTF-8 text (byte {exc.start})"
        ) from None
    del raw  # the text is the only copy needed from here on
    document = intake.load_json(text, where)
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise PeyvandError("import.not_export", path=where)
    version = document.get("version")
    # type() rather than isinstance: true is not version 1.
    if type(version) is not int or version not in READABLE_VERSIONS:
        raise PeyvandError(
            "import.version",
            path=where,
            found=intake.shown(version),
            known=", ".join(map(str, READABLE_VERSIONS)),
        )
    unknown = sorted(set(document) - _TOP_LEVEL_KEYS)
    if unknown:
        raise PeyvandError("import.unknown_key", path=where, key=intake.shown(unknown[0]))
    tables = document.get("tables")
    informational = (document.get("app_version", ""), document.get("exported_at", ""))
    if not isinstance(tables, dict) or not all(isinstance(v, str) for v in informational):
        raise PeyvandError("import.not_export", path=where)
    for name, rows in tables.items():
        if name not in BY_TABLE:
            raise PeyvandError("import.unknown_table", table=intake.shown(name))
        if not isinstance(rows, list):
            raise PeyvandError("import.not_export", path=where)
    return tables


# --- import: one row ------------------------------------------------------------------


@cache
def _foreign_keys(model: type[SyncColumns]) -> tuple[tuple[str, str, str], ...]:
    """(column, target table, target column) of every foreign key of ``model``."""
    return tuple(
        (column.key, fk.column.table.name, fk.column.key)
        for column in sa_inspect(model).local_table.columns
        for fk in column.foreign_keys
    )


@cache
def _groups(model: type[SyncColumns]) -> tuple[type[SQLModel], ...]:
    groups = tuple(g for g in _PROTECTED_GROUPS if issubclass(model, g))
    covered = set(SYNC_FIELDS).union(
        SPECS[model][0].model_fields, sort_keys(model), *(g.model_fields for g in groups)
    )
    uncovered = set(model.model_fields) - covered
    if uncovered:
        # A new column group must get its validation here before it can be imported.
        raise RuntimeError(f"{model.__tablename__}: no import validation for {sorted(uncovered)}")
    return groups


def _decode_sync(raw: Mapping[str, Any]) -> _Row:
    values: _Row = {}
    for name in ("id", "created_at", "updated_at"):
        if raw.get(name) is None:
            raise ValidationError("field.required", field=name)
        values[name] = decode("uuid" if name == "id" else "datetime", name, raw[name])
    values["deleted_at"] = decode("datetime", "deleted_at", raw.get("deleted_at"))
    revision = raw.get("revision")
    if type(revision) is not int:
        raise ValidationError("field.invalid", field="revision")
    if revision < 1:
        raise ValidationError("field.out_of_range", field="revision")
    values["revision"] = revision
    return values


def _validate_fields(model: type[SyncColumns], fields: Mapping[str, Any]) -> _Row:
    """Run the same validation as the editors (limits, enums, rules) plus that of the
    protected column groups, returning the normalized values to store."""
    data_cls = SPECS[model][0]
    data = records.validate(model, {k: v for k, v in fields.items() if k in data_cls.model_fields})
    values = data.model_dump()
    for group in _groups(model):
        try:
            part = group.model_validate(
                {k: v for k, v in fields.items() if k in group.model_fields}
            )
        except pydantic.ValidationError as exc:
            raise records.translate(exc) from None
        values.update(part.model_dump())
    if issubclass(model, NumberColumns) and not values["number"]:
        # Import allocates nothing; an empty number would also collide with the next one.
        raise ValidationError("field.required", field="number")
    return values


def _validate_blob(fields: Mapping[str, Any]) -> _Row:
    sha256, size, data = fields.get("sha256"), fields.get("size"), fields.get("data")
    if not isinstance(sha256, str) or not _SHA256_RE.fullmatch(sha256):
        raise ValidationError("field.invalid", field="sha256")
    if type(size) is not int or size < 0:
        raise ValidationError("field.invalid", field="size")
    if data is None:
        raise ValidationError("field.required", field="data")
    return {"sha256": sha256, "size": size, "data": data}


def decode_row(model: type[SyncColumns], raw: Any) -> _Row:
    """One row in the JSON encoding, checked (:func:`intake.check_row`), decoded and
    validated as the editors validate; the values to store."""
    intake.check_row(model, raw)
    return _decode_checked(model, raw)


def _decode_checked(model: type[SyncColumns], raw: Mapping[str, Any]) -> _Row:
    values = _decode_sync(raw)
    kinds = column_kinds(model)
    fields = {k: decode(kinds[k], k, v) for k, v in raw.items() if k not in SYNC_FIELDS}
    if model is Attachment and isinstance(fields.get("name"), str) and fields["name"].strip():
        # A name from a file is a display name only: no folders, device names or bidi
        # tricks get stored, whichever import or package it came from.
        fields["name"] = display_name(fields["name"])
    values.update(_validate_blob(fields) if model is Blob else _validate_fields(model, fields))
    return values


def _parse(tables: Mapping[str, list[Any]]) -> dict[type[SyncColumns], list[_Row]]:
    """Every row checked, decoded and validated, tables in SYNCED_TABLES (parent-first)
    order. The content checks of :func:`intake.check_tables` come first, over the whole
    file, so limits such as the row counts hold before any row is decoded."""
    intake.check_tables(tables)
    parsed: dict[type[SyncColumns], list[_Row]] = {}
    for model in SYNCED_TABLES:
        name = str(model.__tablename__)
        rows: list[_Row] = []
        for index, raw in enumerate(tables.get(name, []), start=1):
            try:
                rows.append(_decode_checked(model, raw))
            except PeyvandError as exc:
                raise ImportRowError(name, index, exc) from None
        parsed[model] = rows
    for model, rows in parsed.items():
        name = str(model.__tablename__)
        _refuse_repeats(name, "id", rows, "import.duplicate_id")
        if model is Blob:
            # sha256 is unique in the database too: two rows of one content cannot both go in.
            _refuse_repeats(name, "sha256", rows, "import.duplicate_id")
        if issubclass(model, NumberColumns):
            _refuse_repeats(name, "number", rows, "import.number_taken")
    return parsed


def _refuse_repeats(table: str, key: str, rows: Iterable[_Row], msg_id: str) -> None:
    seen: set[Any] = set()
    for row in rows:
        if row[key] in seen:
            if msg_id == "import.number_taken":
                raise PeyvandError(msg_id, table=table, id=str(row["id"]), number=row[key])
            raise PeyvandError(msg_id, table=table, id=str(row[key]))
        seen.add(row[key])


# --- import: against the database ------------------------------------------------------


def _present(session: Session, table: str, column: str, values: Iterable[Any]) -> set[Any]:
    """Which of ``values`` the database holds in ``table.column`` (tombstones included)."""
    target = SQLModel.metadata.tables[table].c[column]
    wanted = list(set(values))
    found: set[Any] = set()
    conn = session.connection()
    for start in range(0, len(wanted), _CHUNK):
        chunk = wanted[start : start + _CHUNK]
        found.update(conn.execute(sa.select(target).where(target.in_(chunk))).scalars())
    return found


def _check_against(session: Session, parsed: Mapping[type[SyncColumns], list[_Row]]) -> set[str]:
    """Raise for the first row that cannot be added; return the blob contents that are
    already stored (their rows are skipped)."""
    for model, rows in parsed.items():
        name = str(model.__tablename__)
        taken = _present(session, name, "id", (row["id"] for row in rows))
        for row in rows:
            if row["id"] in taken:
                raise PeyvandError("import.exists", table=name, id=str(row["id"]))
    for model, rows in parsed.items():
        if not issubclass(model, NumberColumns):
            continue
        name = str(model.__tablename__)
        used = _present(session, name, "number", (row["number"] for row in rows))
        for row in rows:
            if row["number"] in used:
                raise PeyvandError(
                    "import.number_taken", table=name, id=str(row["id"]), number=row["number"]
                )
    _check_references(session, parsed)
    for row in parsed.get(Blob, []):
        data: bytes = row["data"]
        if len(data) != row["size"] or hashlib.sha256(data).hexdigest() != row["sha256"]:
            raise PeyvandError("import.blob_hash", sha256=row["sha256"])
    return _present(session, "blob", "sha256", (row["sha256"] for row in parsed.get(Blob, [])))


def _check_references(session: Session, parsed: Mapping[type[SyncColumns], list[_Row]]) -> None:
    # Keys the file itself provides, by (table, column); tombstoned rows count: a deleted
    # parent may well have (deleted) children.
    in_file: dict[tuple[str, str], set[Any]] = {}
    for model in parsed:
        for _column, target, target_column in _foreign_keys(model):
            key = (target, target_column)
            if key not in in_file:
                rows_of_target = parsed.get(BY_TABLE[target], [])
                in_file[key] = {row[target_column] for row in rows_of_target}
    wanted: dict[tuple[str, str], set[Any]] = {key: set() for key in in_file}
    for model, rows in parsed.items():
        for column, target, target_column in _foreign_keys(model):
            key = (target, target_column)
            wanted[key].update(
                row[column]
                for row in rows
                if row[column] is not None and row[column] not in in_file[key]
            )
    in_db = {key: _present(session, *key, values) for key, values in wanted.items() if values}
    for model, rows in parsed.items():
        for row in rows:
            for column, target, target_column in _foreign_keys(model):
                ref = row[column]
                key = (target, target_column)
                if ref is None or ref in in_file[key] or ref in in_db.get(key, set()):
                    continue
                raise PeyvandError(
                    "import.dangling",
                    table=str(model.__tablename__),
                    id=str(row["id"]),
                    field=column,
                    ref=str(ref),
                )


# --- import: writing --------------------------------------------------------------------


def _build(model: type[SyncColumns], values: _Row) -> SyncColumns:
    # Table models skip validation: the values were validated while parsing.
    return model(**values)


def _advance_counters(session: Session, parsed: Mapping[type[SyncColumns], list[_Row]]) -> None:
    """Move each number counter past the imported numbers, so the next record created
    here does not get a number that is already taken."""
    highest: dict[tuple[NumberedKind, int], int] = {}
    for model, rows in parsed.items():
        if not issubclass(model, NumberColumns):
            continue
        kind = NumberedKind(str(model.__tablename__))
        for row in rows:
            number: str = row["number"]
            if row["number_provisional"] or number.startswith(PROVISIONAL_PREFIX):
                continue
            match = _NUMBER_RE.fullmatch(number)
            if match is None:
                continue  # not of the allocated form, so no allocation can repeat it
            key = (kind, int(match[1]))
            highest[key] = max(highest.get(key, 0), int(match[2]))
    # The register's books: a registered letter carries its year and sequence.
    for row in parsed.get(Letter, []):
        if row.get("register_year") and row.get("register_seq"):
            book = (
                NumberedKind.LETTER_INCOMING
                if row["direction"] == "incoming"
                else NumberedKind.LETTER_OUTGOING
            )
            key = (book, int(row["register_year"]))
            highest[key] = max(highest.get(key, 0), int(row["register_seq"]))
    for (kind, year), last in sorted(highest.items()):
        counter = counters.locked_counter(session, kind, year)
        counter.last = max(counter.last, last)


def _write(
    session: Session, parsed: Mapping[type[SyncColumns], list[_Row]], stored_blobs: set[str]
) -> None:
    for model, rows in parsed.items():
        for row in rows:
            if model is Blob and row["sha256"] in stored_blobs:
                continue
            session.add(_build(model, row))
        # A table at a time, parents first, so foreign keys are satisfied at each insert.
        session.flush()
    _advance_counters(session, parsed)


def _summary(
    parsed: Mapping[type[SyncColumns], list[_Row]], stored_blobs: set[str], *, dry_run: bool
) -> ImportSummary:
    counts = {str(model.__tablename__): len(rows) for model, rows in parsed.items()}
    skipped = sum(1 for row in parsed.get(Blob, []) if row["sha256"] in stored_blobs)
    counts["blob"] -= skipped
    return ImportSummary(counts=counts, skipped_blobs=skipped, dry_run=dry_run)


class _DryRunDoneError(Exception):
    """Raised at the end of a dry run so that the unit of work rolls everything back."""


def _index_without_commit(session: Session) -> None:
    """What committing would still do: flush, then refresh the search documents (the
    unit of work does this in before_commit, which a dry run never reaches)."""
    session.flush()
    dirty: set[tuple[str, uuid.UUID]] = session.info.pop(DIRTY_DOCS_KEY, set())
    if dirty:
        search_index.refresh(session.connection(), dirty)


def import_json(
    db: Database,
    path: Path,
    *,
    dry_run: bool = False,
    backup_folder: Path | None = None,
    clock: Clock = SYSTEM_CLOCK,
) -> ImportSummary:
    """Add every row of the export at ``path`` to ``db``, or nothing.

    Raises :class:`PeyvandError` (``import.*``) before writing anything if the file, any
    row, or any row's relation to the database is wrong. ``dry_run`` runs the whole
    import (checks, inserts, audit rows, counters, search index) in a transaction that
    is then rolled back, so whatever would fail on writing fails in the dry run too,
    and reports what would be added. Before writing into a database that holds data, a
    verified ``pre-import`` backup is taken (into ``backup_folder``, default ``backups``
    beside the database); if that fails, nothing is imported.
    """
    parsed = _parse(_read_document(Path(path)))
    if not dry_run and not db.is_empty():
        backups.before_import(db, folder=backup_folder, clock=clock)
    # The write session takes the write lock at BEGIN, so nothing can change between
    # the checks and the inserts; an exception anywhere rolls all of it back.
    info: dict[str, Any] = {KEEP_SYNC_KEY: True, AUDIT_ACTION_KEY: "import"}
    stored: set[str] = set()
    try:
        with db.session(**info) as session:
            stored = _check_against(session, parsed)
            _write(session, parsed, stored)
            if dry_run:
                _index_without_commit(session)
                raise _DryRunDoneError
    except _DryRunDoneError:
        pass
    return _summary(parsed, stored, dry_run=dry_run)


__all__ = [
    "FORMAT",
    "FORMAT_VERSION",
    "MAX_IMPORT_BYTES",
    "ExportSummary",
    "ImportRowError",
    "ImportSummary",
    "export_data",
    "export_json",
    "import_json",
]
