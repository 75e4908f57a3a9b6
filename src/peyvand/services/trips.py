"""Trip packages, end to end: export a visit into an encrypted package, and import the
package back into the office database through the merge planner.

The container is ``storage/trip_package.py``; the merge rules are ``services/merge.py``.
Inside the package (see docs/trip-package.md, "Export and import")::

    trip_rows(table_name, id, base, current)  -- rows in transfer's JSON encoding;
                                              -- base is 'null' for rows made on the laptop
    trip_meta(id = 1, package_id, visit_id, visit_number, exported_at, include_confidential)

Import validates every row as ``transfer`` import does, plans with
:func:`~peyvand.services.merge.plan_merge`, backs the office up (``pre-import``) and
applies the plan in one transaction through the ORM. Conflicts are kept in the audit
trail (action ``conflict``, with the package id), which is also how a re-import of the
same package finds the conflicts it already recorded.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from peyvand.domain import BY_TABLE, SYNCED_TABLES, AuditEvent, Blob
from peyvand.domain.base import SyncColumns
from peyvand.domain.enums import ActionStatus, Classification
from peyvand.domain.errors import PeyvandError
from peyvand.domain.numbering import NumberColumns
from peyvand.domain.visits import Visit
from peyvand.services import backups, lookup, numbering
from peyvand.services.clock import SYSTEM_CLOCK, Clock
from peyvand.services.merge import (
    Conflict,
    ConflictKey,
    MergeInputError,
    MergePlan,
    RowInsert,
    plan_merge,
)
from peyvand.services.transfer import (
    ImportRowError,
    _column_kinds,
    _decode,
    _decode_row,
    _encode,
)
from peyvand.storage.database import Database
from peyvand.storage.trip_package import KdfCost, create_package, open_package
from peyvand.storage.unit_of_work import AUDIT_ACTION_KEY, KEEP_SYNC_KEY, current_actor

Row = dict[str, Any]
Tables = dict[str, dict[str, Row]]

CONFLICT_ACTION = "conflict"
MERGE_ACTION = "merge"
PACKAGE_ENTITY = "trip_package"
PACKAGE_KEY = "_package"  # in a conflict audit event's changes: the package id
_HIDDEN = frozenset({Classification.CONFIDENTIAL, Classification.SECRET})
# Rows the package carries because other rows point at them (the directory).
_DIRECTORY = ("unit", "organization", "person", "partnership")
_CHUNK = 500

_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS trip_rows ("
    " table_name TEXT NOT NULL, id TEXT NOT NULL,"
    " base TEXT NOT NULL, current TEXT NOT NULL,"
    " PRIMARY KEY (table_name, id))",
    "CREATE TABLE IF NOT EXISTS trip_meta ("
    " id INTEGER PRIMARY KEY CHECK (id = 1),"
    " package_id TEXT NOT NULL, visit_id TEXT NOT NULL, visit_number TEXT NOT NULL,"
    " exported_at TEXT NOT NULL, include_confidential INTEGER NOT NULL)",
)


@dataclass(frozen=True)
class TripExport:
    path: Path
    package_id: str
    visit_id: str
    visit_number: str
    counts: dict[str, int]  # table -> rows in the package

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass(frozen=True)
class TripImport:
    package_id: str
    visit_id: str
    new: int
    changed: int
    conflicts: int
    kept: int
    unchanged: int
    already_recorded: int
    dry_run: bool
    # provisional number -> office number, for rows numbered on the laptop.
    numbers: dict[str, str] = field(default_factory=dict)
    conflict_list: tuple[Conflict, ...] = ()
    backup: Path | None = None

    @property
    def is_empty(self) -> bool:
        return not (self.new or self.changed or self.conflicts)


# --- encoding ---------------------------------------------------------------------------


def encode_row(obj: SyncColumns) -> Row:
    """A row as transfer's export writes it (JSON-safe)."""
    return {name: _encode(getattr(obj, name)) for name in type(obj).model_fields}


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _now_text(clock: Clock) -> str:
    return str(_encode(clock.now()))


# --- export -----------------------------------------------------------------------------


def _fetch(
    session: Session, model: type[SyncColumns], column: str, values: Iterable[Any]
) -> list[Any]:
    wanted = list({v for v in values if v is not None})
    found: list[Any] = []
    col = getattr(model, column)
    for start in range(0, len(wanted), _CHUNK):
        chunk = wanted[start : start + _CHUNK]
        found.extend(session.exec(select(model).where(col.in_(chunk))).all())
    return found


def _live(rows: Iterable[Any]) -> list[Any]:
    return [row for row in rows if row.deleted_at is None]


def _collect(session: Session, visit: Visit, include_confidential: bool) -> dict[str, list[Any]]:
    """The visit's rows: see docs/trip-package.md, "What a package holds"."""
    from peyvand.domain import (
        Action,
        ActionNote,
        AgendaItem,
        Agreement,
        Attachment,
        Decision,
        Gift,
        ItineraryItem,
        Meeting,
        Participant,
        Partnership,
        Statement,
        VisitMember,
    )

    out: dict[str, list[Any]] = {str(m.__tablename__): [] for m in SYNCED_TABLES}
    out["visit"] = [visit]
    partnerships = _live(_fetch(session, Partnership, "id", [visit.partnership_id]))
    out["partnership"] = partnerships
    partnership_ids = [p.id for p in partnerships]
    out["agreement"] = _live(_fetch(session, Agreement, "partnership_id", partnership_ids))
    children: tuple[tuple[str, type[SyncColumns]], ...] = (
        ("visit_member", VisitMember),
        ("itinerary_item", ItineraryItem),
        ("gift", Gift),
    )
    for name, model in children:
        out[name] = _live(_fetch(session, model, "visit_id", [visit.id]))
    meetings = {m.id: m for m in _fetch(session, Meeting, "visit_id", [visit.id])}
    meetings.update(
        (m.id, m) for m in _fetch(session, Meeting, "organization_id", [visit.organization_id])
    )
    meetings.update((m.id, m) for m in _fetch(session, Meeting, "partnership_id", partnership_ids))
    out["meeting"] = sorted(
        (
            m
            for m in _live(meetings.values())
            if include_confidential or m.classification not in _HIDDEN
        ),
        key=lambda m: str(m.id),
    )
    meeting_ids = [m.id for m in out["meeting"]]
    minutes: tuple[tuple[str, type[SyncColumns]], ...] = (
        ("participant", Participant),
        ("agenda_item", AgendaItem),
        ("statement", Statement),
        ("decision", Decision),
    )
    for name, model in minutes:
        out[name] = _live(_fetch(session, model, "meeting_id", meeting_ids))
    actions = {
        a.id: a
        for a in _fetch(session, Action, "source_decision_id", [d.id for d in out["decision"]])
    }
    actions.update((a.id, a) for a in _fetch(session, Action, "source_visit_id", [visit.id]))
    out["action"] = sorted(
        (a for a in _live(actions.values()) if not ActionStatus(a.status).is_closed),
        key=lambda a: str(a.id),
    )
    action_ids = [a.id for a in out["action"]]
    out["action_note"] = _live(_fetch(session, ActionNote, "action_id", action_ids))
    attachments: dict[uuid.UUID, Any] = {}
    for column, ids in (
        ("visit_id", [visit.id]),
        ("meeting_id", meeting_ids),
        ("action_id", action_ids),
    ):
        attachments.update((a.id, a) for a in _fetch(session, Attachment, column, ids))
    out["attachment"] = _live(attachments.values())
    out["blob"] = _fetch(session, Blob, "sha256", [a.blob_sha256 for a in out["attachment"]])
    _close_directory(session, out)
    return out


def _close_directory(session: Session, out: dict[str, list[Any]]) -> None:
    """Add the units, organizations, people and partnerships the rows point at, until
    nothing new is found, so that every reference inside the package resolves."""
    from peyvand.services.merge import schema_references

    refs = schema_references()
    have: dict[str, set[Any]] = {name: {row.id for row in rows} for name, rows in out.items()}
    pending = [row for rows in out.values() for row in rows]
    while pending:
        wanted: dict[str, set[Any]] = {}
        for row in pending:
            for column, target in refs.get(str(row.__tablename__), ()):
                value = getattr(row, column)
                if target in _DIRECTORY and value is not None and value not in have[target]:
                    wanted.setdefault(target, set()).add(value)
        pending = []
        for target, ids in wanted.items():
            found = _fetch(session, BY_TABLE[target], "id", ids)
            have[target].update(ids)
            out[target].extend(found)
            pending.extend(found)


def export_visit(
    db: Database,
    ref: str,
    path: Path,
    passphrase: str,
    *,
    include_confidential: bool = False,
    cost: KdfCost = KdfCost.DEFAULT,
    clock: Clock = SYSTEM_CLOCK,
) -> TripExport:
    """Write the visit ``ref`` (short number or UUID) and what belongs to it into a new
    encrypted package at ``path``. Base and current are equal at export."""
    path = Path(path)
    with db.reading() as session:
        visit = lookup.resolve(session, Visit, ref)
        collected = _collect(session, visit, include_confidential)
        rows = {
            table: [encode_row(obj) for obj in objs] for table, objs in collected.items() if objs
        }
        visit_id, visit_number = str(visit.id), visit.number
    package_id = str(uuid.uuid4())
    create_package(path, passphrase, cost=cost)
    try:
        engine = open_package(path, passphrase, cost=cost)
        try:
            with engine.begin() as conn:
                for statement in _SCHEMA:
                    conn.exec_driver_sql(statement)
                conn.exec_driver_sql(
                    "INSERT INTO trip_meta VALUES (1, ?, ?, ?, ?, ?)",
                    (
                        package_id,
                        visit_id,
                        visit_number,
                        _now_text(clock),
                        int(include_confidential),
                    ),
                )
                for table, table_rows in rows.items():
                    for row in table_rows:
                        text = _dumps(row)
                        conn.exec_driver_sql(
                            "INSERT INTO trip_rows VALUES (?, ?, ?, ?)",
                            (table, row["id"], text, text),
                        )
        finally:
            engine.dispose()
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    counts = {table: len(table_rows) for table, table_rows in rows.items()}
    return TripExport(path, package_id, visit_id, visit_number, counts)


# --- simulating the laptop (until the GUI edits packages) -------------------------------


def _current(engine: Engine, table: str, row_id: str) -> Row:
    with engine.connect() as conn:
        found = conn.exec_driver_sql(
            "SELECT current FROM trip_rows WHERE table_name = ? AND id = ?", (table, row_id)
        ).first()
    if found is None:
        raise KeyError(f"{table} {row_id} is not in the package")
    row: Row = json.loads(found[0])
    return row


def edit_in_package(
    engine: Engine,
    table: str,
    row_id: str | uuid.UUID,
    changes: Mapping[str, Any],
    *,
    clock: Clock = SYSTEM_CLOCK,
) -> Row:
    """Change fields of a package row as the laptop would: ``current`` only, never
    ``base``. Values may be Python values (encoded here). ``{"deleted_at": <time>}``
    deletes the row, ``{"deleted_at": None}`` restores it."""
    row = _current(engine, table, str(row_id))
    row.update({name: _encode(value) for name, value in changes.items()})
    row["revision"] = int(row.get("revision") or 0) + 1
    row["updated_at"] = _now_text(clock)
    with engine.begin() as conn:
        conn.exec_driver_sql(
            "UPDATE trip_rows SET current = ? WHERE table_name = ? AND id = ?",
            (_dumps(row), table, str(row_id)),
        )
    return row


def add_to_package(
    engine: Engine, table: str, values: Mapping[str, Any], *, clock: Clock = SYSTEM_CLOCK
) -> Row:
    """Create a row on the laptop: fields not given take their defaults, a new visit,
    meeting or action gets a provisional number. Its base is ``null``."""
    model = BY_TABLE[table]
    now = clock.now()
    python = {"id": uuid.uuid4(), **values}
    python.update(created_at=now, updated_at=now, revision=1, deleted_at=None)
    obj = model(**python)
    if isinstance(obj, NumberColumns) and not obj.number:
        with Session() as scratch:
            obj.number = numbering.allocate(scratch, obj, clock=clock, provisional=True)
        obj.number_provisional = True
    row = encode_row(obj)
    with engine.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO trip_rows VALUES (?, ?, 'null', ?)", (table, row["id"], _dumps(row))
        )
    return row


# --- import: reading the package ----------------------------------------------------------


@dataclass(frozen=True)
class _Package:
    package_id: str
    visit_id: str
    base: Tables
    laptop: Tables


def _bad(path: Path, detail: str) -> PeyvandError:
    return PeyvandError("trip.bad_content", path=str(path), detail=detail)


def _validated(model: type[SyncColumns], raw: Any, table: str, index: int) -> Row:
    """Decode and validate a row as transfer import does; return it re-encoded."""
    try:
        decoded = _decode_row(model, raw)
    except PeyvandError as exc:
        raise ImportRowError(table, index, exc) from None
    return {name: _encode(value) for name, value in decoded.items()}


def _read_package(path: Path, passphrase: str, cost: KdfCost) -> _Package:
    engine = open_package(path, passphrase, cost=cost)
    try:
        with engine.connect() as conn:
            names = {
                r[0]
                for r in conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type='table'")
            }
            if not {"trip_rows", "trip_meta"} <= names:
                raise _bad(path, "no trip content")
            meta = conn.exec_driver_sql(
                "SELECT package_id, visit_id FROM trip_meta WHERE id = 1"
            ).first()
            raw_rows = conn.exec_driver_sql(
                "SELECT table_name, id, base, current FROM trip_rows ORDER BY table_name, id"
            ).all()
    finally:
        engine.dispose()
    if meta is None:
        raise _bad(path, "trip_meta is empty")
    base: Tables = {}
    laptop: Tables = {}
    for index, (table, row_id, base_text, current_text) in enumerate(raw_rows, start=1):
        model = BY_TABLE.get(str(table))
        if model is None:
            raise PeyvandError("import.unknown_table", table=str(table))
        try:
            base_raw, current_raw = json.loads(base_text), json.loads(current_text)
        except (TypeError, ValueError) as exc:
            raise _bad(path, f"{table} {row_id}: {exc}") from None
        for side, raw in (("base", base_raw), ("current", current_raw)):
            if side == "base" and raw is None:
                continue
            if not isinstance(raw, dict) or raw.get("id") != row_id:
                raise _bad(path, f"{table} {row_id}: {side} row does not match its id")
        if base_raw is not None:
            base.setdefault(table, {})[row_id] = _validated(model, base_raw, table, index)
        laptop.setdefault(table, {})[row_id] = _validated(model, current_raw, table, index)
    return _Package(str(meta[0]), str(meta[1]), base, laptop)


# --- import: the office side ---------------------------------------------------------------


def _office_rows(session: Session, package: _Package) -> Tables:
    office: Tables = {}
    for table in {*package.base, *package.laptop}:
        ids = {*package.base.get(table, {}), *package.laptop.get(table, {})}
        model = BY_TABLE[table]
        found = _fetch(session, model, "id", (uuid.UUID(i) for i in ids))
        office[table] = {str(obj.id): encode_row(obj) for obj in found}
    return office


def _recorded(session: Session, package_id: str) -> set[ConflictKey]:
    events = session.exec(
        select(AuditEvent).where(
            AuditEvent.action == CONFLICT_ACTION,
            sa.func.json_extract(AuditEvent.changes, f"$.{PACKAGE_KEY}") == package_id,
        )
    ).all()
    keys: set[ConflictKey] = set()
    for event in events:
        key = event.changes.get("_key")
        if isinstance(key, list) and len(key) == 5:
            keys.add((str(key[0]), str(key[1]), str(key[2]), str(key[3]), str(key[4])))
    return keys


def _plan(session: Session, package: _Package) -> MergePlan:
    try:
        return plan_merge(
            package.base,
            package.laptop,
            _office_rows(session, package),
            recorded=_recorded(session, package.package_id),
        )
    except MergeInputError as exc:
        raise PeyvandError("trip.bad_content", path="", detail=str(exc)) from None


def _python(model: type[SyncColumns], values: Mapping[str, Any]) -> Row:
    kinds = _column_kinds(model)
    return {name: _decode(kinds[name], name, value) for name, value in values.items()}


def _apply(session: Session, plan: MergePlan, package_id: str, clock: Clock) -> dict[str, str]:
    now = clock.now()
    numbers: dict[str, str] = {}
    for step in plan.steps:
        model = BY_TABLE[step.table]
        if isinstance(step, RowInsert):
            values = _python(model, step.values)
            if (
                model is Blob
                and session.exec(select(Blob).where(Blob.sha256 == values["sha256"])).first()
            ):
                continue  # content is stored once; attachments refer to it by hash
            obj = model(
                **values,
                created_at=now,
                updated_at=now,
                revision=1,
                deleted_at=now if step.deleted else None,
            )
            if step.provisional_number is not None and isinstance(obj, NumberColumns):
                obj.number = numbering.allocate(session, obj, clock=clock)
                obj.number_provisional = False
                numbers[step.provisional_number] = obj.number
            session.add(obj)
        else:
            found = session.get(model, uuid.UUID(step.id))
            if found is None or (
                step.expected_revision is not None and found.revision != step.expected_revision
            ):
                raise PeyvandError("trip.stale", table=step.table, id=step.id)
            for name, value in _python(model, step.changes).items():
                setattr(found, name, value)
            if step.delete:
                found.deleted_at = now
            if step.restore:
                found.deleted_at = None
            found.revision += 1
            found.updated_at = now
        session.flush()  # parents first: a dangling reference fails here, at its step
    actor = session.info.get("actor") or current_actor()
    for conflict in plan.conflicts:
        session.add(
            AuditEvent(
                actor=actor,
                entity=conflict.table,
                entity_id=conflict.id,
                action=CONFLICT_ACTION,
                changes={
                    conflict.field: [conflict.office_value, conflict.laptop_value],
                    PACKAGE_KEY: package_id,
                    "_kind": conflict.kind,
                    "_base": conflict.base_value,
                    "_has_base": conflict.has_base,
                    "_key": list(conflict.key),
                },
            )
        )
    if plan.steps or plan.conflicts:
        summary = plan.summary
        session.add(
            AuditEvent(
                actor=actor,
                entity=PACKAGE_ENTITY,
                entity_id=package_id,
                action=MERGE_ACTION,
                changes={
                    "new": summary.new,
                    "changed": summary.changed,
                    "conflicts": summary.conflicts,
                    "numbers": numbers,
                },
            )
        )
    return numbers


def _result(
    package: _Package,
    plan: MergePlan,
    *,
    dry_run: bool,
    numbers: dict[str, str] | None = None,
    backup: Path | None = None,
) -> TripImport:
    s = plan.summary
    return TripImport(
        package_id=package.package_id,
        visit_id=package.visit_id,
        new=s.new,
        changed=s.changed,
        conflicts=s.conflicts,
        kept=s.kept,
        unchanged=s.unchanged,
        already_recorded=len(plan.already_recorded),
        dry_run=dry_run,
        numbers=numbers or {},
        conflict_list=plan.conflicts,
        backup=backup,
    )


def import_package(
    db: Database,
    path: Path,
    passphrase: str,
    *,
    dry_run: bool = False,
    cost: KdfCost = KdfCost.DEFAULT,
    backup_folder: Path | None = None,
    clock: Clock = SYSTEM_CLOCK,
) -> TripImport:
    """Merge the package at ``path`` into ``db`` (all or nothing).

    A package that cannot be opened or whose rows do not validate raises a
    :class:`PeyvandError` before anything is written. ``dry_run`` reports the plan only.
    Otherwise a verified ``pre-import`` backup is taken, and the plan is made again and
    applied inside one write transaction.
    """
    path = Path(path)
    package = _read_package(path, passphrase, cost)
    with db.reading() as session:
        plan = _plan(session, package)
    if dry_run or plan.is_empty:
        return _result(package, plan, dry_run=dry_run)
    backup = backups.backup_now(db, backups.PRE_IMPORT, folder=backup_folder, clock=clock)
    # KEEP_SYNC: this module stamps revisions and times itself, so that the unit of work
    # audits every change of the import as "merge".
    info: dict[str, Any] = {KEEP_SYNC_KEY: True, AUDIT_ACTION_KEY: MERGE_ACTION}
    try:
        with db.session(**info) as session:
            plan = _plan(session, package)  # again, under the write lock
            numbers = _apply(session, plan, package.package_id, clock)
    except IntegrityError as exc:
        raise PeyvandError("trip.bad_content", path=str(path), detail=str(exc.orig)) from None
    return _result(package, plan, dry_run=False, numbers=numbers, backup=backup.path)


__all__ = [
    "CONFLICT_ACTION",
    "MERGE_ACTION",
    "TripExport",
    "TripImport",
    "add_to_package",
    "edit_in_package",
    "encode_row",
    "export_visit",
    "import_package",
]
