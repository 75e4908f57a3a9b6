"""Moving a workstation's database onto the office server (``peyvand server import-local``).

Into an **empty** server database the whole file is copied — every table: the records,
their audit trail with its original people and times, attachments, merge conflicts,
trip export records, drafts and the number counters — in one transaction, then verified
before the commit: each table's row count and a digest of its rows, read back from the
server, must equal the file's. Anything else rolls everything back.

Into a server that already holds another workstation's data, the file is merged like a
trip package without a base (services/merge.py): rows with ids the server has never seen
are added (with their own history); a row whose id exists on both sides with different
values stays as the server has it and every differing field becomes a conflict on the
conflicts screen; a short number the server already gave another record (both files
have a ``1405-001``) is replaced by the next one from the server's counter, the old one
kept in the record's history and listed in the report. Blobs are stored once per
content. Everything in one transaction; a dry run applies it and rolls back.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, select

from peyvand.domain import (
    BY_TABLE,
    SYNCED_TABLES,
    AuditEvent,
    Blob,
    Letter,
    MergeConflict,
    NumberColumns,
    NumberCounter,
    TripExportRecord,
    TripExportRow,
)
from peyvand.domain.errors import PeyvandError
from peyvand.services import letters, lookup, numbering, trips
from peyvand.services.clock import SYSTEM_CLOCK, Clock
from peyvand.services.merge import MergePlan, plan_merge
from peyvand.services.row_codec import decode_values, encode_row
from peyvand.storage import bulk_copy, counters
from peyvand.storage.actor import current_actor
from peyvand.storage.database import Database
from peyvand.storage.unit_of_work import (
    AUDIT_ACTION_KEY,
    KEEP_SYNC_KEY,
)

IMPORT_ACTION = "import-local"
RENUMBER_ACTION = "renumber"


@dataclass(frozen=True)
class Renumbered:
    table: str
    id: str
    title: str
    old: str
    new: str


@dataclass(frozen=True)
class LocalImport:
    source: str
    target: str
    copied_whole: bool  # an empty server: the file copied table by table
    counts: dict[str, int]  # table -> rows added
    conflicts: int = 0
    renumbered: tuple[Renumbered, ...] = ()
    unchanged: int = 0
    dry_run: bool = False
    notes: tuple[str, ...] = field(default_factory=tuple)


# --- an empty server: a verified copy ---------------------------------------------------------


def _copy_whole(source: Database, target: Database, conn: sa.Connection) -> dict[str, int]:
    with source.read_engine.connect() as src:
        counts, differing = bulk_copy.copy_all(src, conn)
    if differing:
        raise PeyvandError(
            "server.import_mismatch", path=str(source.path), detail=", ".join(differing)
        )
    return counts


# --- a server with data: merged without a base ----------------------------------------------


def _rows_by_table(
    session: Session, ids: Mapping[str, Iterable[str]] | None = None
) -> dict[str, dict[str, dict[str, Any]]]:
    out: dict[str, dict[str, dict[str, Any]]] = {}
    for model in SYNCED_TABLES:
        table = str(model.__tablename__)
        statement = select(model)
        if ids is not None:
            wanted = [uuid.UUID(i) for i in ids.get(table, ())]
            if not wanted:
                continue
            found: list[Any] = []
            for start in range(0, len(wanted), 500):
                chunk = wanted[start : start + 500]
                found.extend(session.exec(select(model).where(col(model.id).in_(chunk))))
        else:
            found = list(session.exec(statement))
        out[table] = {str(obj.id): encode_row(obj) for obj in found}
    return out


@dataclass
class _Local:
    """What is read from the workstation's file."""

    rows: dict[str, dict[str, dict[str, Any]]]
    audits: list[AuditEvent]
    exports: list[TripExportRecord]
    export_rows: list[TripExportRow]


def _read_local(source: Database) -> _Local:
    with source.reading() as src:
        rows = _rows_by_table(src)
        audits = list(src.exec(select(AuditEvent)))
        exports = list(src.exec(select(TripExportRecord)))
        export_rows = list(src.exec(select(TripExportRow)))
        for obj in (*audits, *exports, *export_rows):
            src.expunge(obj)
    return _Local(rows, audits, exports, export_rows)


def _insert(
    session: Session, local: _Local, plan: MergePlan, clock: Clock
) -> tuple[dict[str, int], set[str], list[Renumbered]]:
    """The rows the server has never seen, with their own sync columns; a number the
    server already gave another record is replaced from the server's counter."""
    counts: dict[str, int] = {}
    inserted: set[str] = set()
    renumbered: list[Renumbered] = []
    highest: dict[tuple[str, int], int] = {}
    inserted_letters: list[Letter] = []
    actor = session.info.get("actor") or current_actor()
    for step in plan.inserts:
        model = BY_TABLE[step.table]
        values = decode_values(model, step.values)
        if (
            model is Blob
            and session.exec(select(Blob.id).where(Blob.sha256 == values["sha256"])).first()
        ):
            continue  # content is stored once
        source_row = local.rows[step.table][step.id]
        sync = {
            n: source_row.get(n) for n in ("created_at", "updated_at", "revision", "deleted_at")
        }
        obj = model(**values, **decode_values(model, sync))
        if isinstance(obj, NumberColumns) and obj.number and not obj.number_provisional:
            taken = session.exec(select(model.id).where(model.number == obj.number)).first()
            if taken is None:
                _note_highest(highest, step.table, obj.number)
            else:
                old = obj.number
                # The next number of the same year: 1399-005 stays a 1399 number.
                year = int(old.split("-")[0]) if old.split("-")[0].isdigit() else None
                obj.number = numbering.allocate(session, obj, clock=clock, year=year)
                renumbered.append(
                    Renumbered(step.table, step.id, lookup.object_title(obj), old, obj.number)
                )
                session.add(
                    AuditEvent(
                        actor=actor,
                        entity=step.table,
                        entity_id=step.id,
                        action=RENUMBER_ACTION,
                        changes={"number": [old, obj.number]},
                    )
                )
        if isinstance(obj, Letter):
            # The register's books: a number the server already gave in the same book.
            old = obj.number
            if letters.renumber_clash_in(session, obj) is not None:
                renumbered.append(
                    Renumbered(step.table, step.id, lookup.object_title(obj), old, obj.number)
                )
                session.add(
                    AuditEvent(
                        actor=actor,
                        entity=step.table,
                        entity_id=step.id,
                        action=RENUMBER_ACTION,
                        changes={"number": [old, obj.number]},
                    )
                )
            inserted_letters.append(obj)
        session.add(obj)
        session.flush()
        inserted.add(step.id)
        counts[step.table] = counts.get(step.table, 0) + 1
    _advance(session, highest)
    letters.advance_books(session, inserted_letters)
    return counts, inserted, renumbered


def _copy_history(session: Session, local: _Local, inserted: set[str]) -> None:
    """The added records keep their history, with its original people and times."""
    for audit in local.audits:
        if audit.entity_id in inserted:
            session.add(
                AuditEvent(
                    at=audit.at,
                    actor=audit.actor,
                    entity=audit.entity,
                    entity_id=audit.entity_id,
                    action=audit.action,
                    changes=audit.changes,
                )
            )


def _record_conflicts(session: Session, plan: MergePlan, package_id: str, clock: Clock) -> None:
    now = clock.now()
    for conflict in plan.conflicts:
        session.add(
            MergeConflict(
                package_id=package_id,
                entity=conflict.table,
                entity_id=conflict.id,
                field=conflict.field,
                kind=conflict.kind,
                values={
                    "base": None,
                    "office": conflict.office_value,
                    "laptop": conflict.laptop_value,
                },
                has_base=False,
                key_hash=trips.conflict_hash(conflict.key),
                found_at=now,
            )
        )


def _copy_exports(session: Session, local: _Local) -> None:
    """Packages the workstation exported must still come home: their records move too."""
    known = set(session.exec(select(TripExportRecord.package_id)))
    for record in local.exports:
        if record.package_id not in known:
            session.add(TripExportRecord.model_validate(record.model_dump()))
    session.flush()
    for row in local.export_rows:
        if row.package_id not in known:
            session.add(TripExportRow.model_validate(row.model_dump()))


def _merge(
    source: Database, session: Session, label: str, clock: Clock
) -> tuple[dict[str, int], int, list[Renumbered], int]:
    local = _read_local(source)
    office = _rows_by_table(session, {t: rows.keys() for t, rows in local.rows.items()})
    plan = plan_merge({}, local.rows, office)
    package_id = str(uuid.uuid4())  # the conflicts of this import, as a package's
    counts, inserted, renumbered = _insert(session, local, plan, clock)
    _copy_history(session, local, inserted)
    _record_conflicts(session, plan, package_id, clock)
    _copy_exports(session, local)
    session.add(
        AuditEvent(
            actor=session.info.get("actor") or current_actor(),
            entity="workstation",
            entity_id=package_id,
            action=IMPORT_ACTION,
            changes={
                "source": label,
                "added": sum(counts.values()),
                "conflicts": len(plan.conflicts),
                "renumbered": {r.old: r.new for r in renumbered},
            },
        )
    )
    return counts, len(plan.conflicts), renumbered, len(plan.unchanged)


def _note_highest(highest: dict[tuple[str, int], int], table: str, number: str) -> None:
    head, _, tail = number.partition("-")
    if head.isdigit() and tail.isdigit():
        key = (table, int(head))
        highest[key] = max(highest.get(key, 0), int(tail))


def _advance(session: Session, highest: Mapping[tuple[str, int], int]) -> None:
    from peyvand.domain.enums import NumberedKind

    for (table, year), last in sorted(highest.items()):
        counter: NumberCounter = counters.locked_counter(session, NumberedKind(table), year)
        counter.last = max(counter.last, last)


# --- the use case -------------------------------------------------------------------------------


def import_local(
    target: Database, source_path: Path, *, dry_run: bool = False, clock: Clock = SYSTEM_CLOCK
) -> LocalImport:
    """Move the workstation database at ``source_path`` onto ``target`` (see above)."""
    source_path = Path(source_path)
    if not source_path.is_file():
        raise PeyvandError("db.missing", path=str(source_path))
    source = Database.open(source_path, create=False)
    try:
        if source.is_trip or source.is_server:
            raise PeyvandError("server.import_not_file", path=str(source_path))
        if target.is_empty():
            counts: dict[str, int] = {}
            try:
                with target.engine.begin() as conn:
                    counts = _copy_whole(source, target, conn)
                    if dry_run:
                        raise _DryRun
                    conn.execute(
                        sa.insert(AuditEvent.__table__),  # type: ignore[attr-defined]
                        {
                            "at": clock.now(),
                            "actor": current_actor(),
                            "entity": "workstation",
                            "entity_id": str(uuid.uuid4()),
                            "action": IMPORT_ACTION,
                            "changes": {"source": str(source_path), "copied": counts},
                        },
                    )
            except _DryRun:
                pass
            return LocalImport(str(source_path), target.label, True, counts, dry_run=dry_run)
        info: dict[str, Any] = {KEEP_SYNC_KEY: True, AUDIT_ACTION_KEY: IMPORT_ACTION}
        result: tuple[dict[str, int], int, list[Renumbered], int] | None = None
        try:
            with target.session(**info) as session:
                result = _merge(source, session, str(source_path), clock)
                if dry_run:
                    raise _DryRun
        except _DryRun:
            pass
        assert result is not None
        counts, conflicts, renumbered, unchanged = result
        notes = ("drafts stay on the workstation",)
        return LocalImport(
            str(source_path),
            target.label,
            False,
            counts,
            conflicts=conflicts,
            renumbered=tuple(renumbered),
            unchanged=unchanged,
            dry_run=dry_run,
            notes=notes,
        )
    finally:
        source.close()


class _DryRun(Exception):  # noqa: N818 - a signal to roll back, not an error
    pass


__all__ = ["IMPORT_ACTION", "LocalImport", "Renumbered", "import_local"]
