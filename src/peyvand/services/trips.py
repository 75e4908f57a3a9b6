"""Trip packages, end to end: export a visit into an encrypted package, and import the
package back into the office database through the merge planner.

The container is ``storage/trip_package.py``; the merge rules are ``services/merge.py``.
A package is an office database in miniature (see docs/trip-package.md): the exported
rows in the ordinary tables, so that the whole application — lists, search, editors,
drafts, briefs — works on it in trip mode; ``trip_info`` says what was exported, and
``trip_base`` keeps every exported row as it was (transfer's JSON encoding), the base
of the three-way merge. Rows made on the laptop have no base.

A package is hostile input: whoever holds it knows the passphrase and can write any
rows, base copies, blobs or schema into it. The office decides what it may change: at
export the office records, in its own ``trip_export`` tables, every row that left (a
digest of its base copy); at import the package's base must agree with that record
exactly, only rows that left in it (or that an earlier import of it created) may be
changed, and a row that claims to be new must have an id the office has never seen and
may only point at rows of the package.

Import checks the package step by step (size, type and passphrase, page authentication,
exact schema, integrity, row content, blob hashes), validates every row as ``transfer``
import does, checks it against the office's export record, plans with
:func:`~peyvand.services.merge.plan_merge`, backs the office up (``pre-import``) and
applies the plan in one transaction through the ORM. Conflicts are
recorded in ``merge_conflict`` (services/conflicts.py resolves them) and in the record's
history; their hashes are how a re-import of the same package recognises them.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import shutil
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from peyvand.domain import (
    BY_TABLE,
    SYNCED_TABLES,
    AuditEvent,
    Blob,
    MergeConflict,
    TripBase,
    TripExportRecord,
    TripExportRow,
    TripInfo,
)
from peyvand.domain.accounts import Account, Permission, is_classified
from peyvand.domain.base import SyncColumns
from peyvand.domain.enums import ActionStatus, Classification
from peyvand.domain.errors import PermissionDeniedError, PeyvandError
from peyvand.domain.numbering import NumberColumns
from peyvand.domain.trips import CREATED, EXPORTED
from peyvand.domain.visits import Visit
from peyvand.services import backups, intake, lookup, numbering, partnerships
from peyvand.services.clock import SYSTEM_CLOCK, Clock, today
from peyvand.services.intake import ImportRowError
from peyvand.services.merge import (
    Conflict,
    ConflictKey,
    MergeInputError,
    MergePlan,
    RowInsert,
    Step,
    is_provisional,
    plan_merge,
    schema_references,
)
from peyvand.services.row_codec import (
    column_kinds,
    decode_values,
    encode,
    encode_row,
    field_value,
)
from peyvand.services.transfer import decode_row
from peyvand.storage import access, scratch
from peyvand.storage import accounts as server_accounts
from peyvand.storage.actor import current_actor
from peyvand.storage.database import Database
from peyvand.storage.trip_package import KdfCost, create_package, package_problems
from peyvand.storage.unit_of_work import (
    AUDIT_ACTION_KEY,
    KEEP_SYNC_KEY,
    NO_AUDIT_KEY,
)

Row = dict[str, Any]
Tables = dict[str, dict[str, Row]]

CONFLICT_ACTION = "conflict"
MERGE_ACTION = "merge"
EXPORT_ACTION = "export"
PACKAGE_ENTITY = "trip_package"
PACKAGE_KEY = "_package"  # in a conflict audit event's changes: the package id
_HIDDEN = frozenset({Classification.CONFIDENTIAL, Classification.SECRET})
# Rows the package carries because other rows point at them (the directory).
_DIRECTORY = ("unit", "organization", "person", "partnership")
_CHUNK = 500
# A package holds one visit: even a large delegation with years of minutes and scanned
# attachments is far below this; anything bigger is refused before it is decrypted.
MAX_PACKAGE_BYTES = 1024 * 1024 * 1024


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


ChangeKind = Literal["new", "field", "delete", "restore"]


@dataclass(frozen=True)
class Change:
    """One line of what an import does, as the dry run and the import dialog list it:
    a new record, one field of a record (office value → laptop value, as Python
    values), or a record deleted or brought back."""

    table: str
    id: str
    title: str  # the record as the office knows it (number and title), or as made
    kind: ChangeKind
    field: str | None = None
    old: Any = None
    new: Any = None


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
    changes: tuple[Change, ...] = ()
    backup: Path | None = None

    @property
    def is_empty(self) -> bool:
        return not (self.new or self.changed or self.conflicts)


# --- encoding ---------------------------------------------------------------------------


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def row_digest(row: Row) -> str:
    """SHA-256 of a row's canonical JSON: what the office keeps of each exported row,
    and what the package's base copy of it (that JSON text) must hash to."""
    return _text_digest(_dumps(row))


def _text_digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _now_text(clock: Clock) -> str:
    return str(encode(clock.now()))


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
    # A meeting of another, classified visit is classified with it (as the office
    # server's row-level security has it), whatever its own mark says.
    hidden_visits = {
        v.id
        for v in _fetch(session, Visit, "id", [m.visit_id for m in meetings.values()])
        if v.classification in _HIDDEN
    }
    out["meeting"] = sorted(
        (
            m
            for m in _live(meetings.values())
            if include_confidential
            or (m.classification not in _HIDDEN and m.visit_id not in hidden_visits)
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
    account: Account | None = None,
) -> TripExport:
    """Write the visit ``ref`` (short number or UUID) and what belongs to it into a new
    encrypted package at ``path``: the rows themselves (so that the application works on
    the package as on any database) and each row's base copy in ``trip_base``.

    The office records what left (``trip_export``: a digest of every row) in the same
    step: the package's import is later checked against that record, never against the
    package's own claims. If the record cannot be written, the package is removed.
    """
    path = Path(path)
    who = account or _signed_in(db)
    # Classified records leave only with a cleared staff member who asked for them (on
    # the office server the database would not even show them to anyone else).
    if not who.may(Permission.EXPORT_TRIP) or (
        include_confidential and not who.may(Permission.EXPORT_CLASSIFIED_TRIP)
    ):
        raise PermissionDeniedError("account.not_permitted")
    with db.reading() as session:
        visit = lookup.resolve(session, Visit, ref)
        if is_classified(visit.classification) and not who.may(
            Permission.EXPORT_CLASSIFIED_TRIP
        ):
            raise PermissionDeniedError("account.not_permitted")
        collected = _collect(session, visit, include_confidential)
        rows = {
            table: [encode_row(obj) for obj in objs] for table, objs in collected.items() if objs
        }
        visit_id, visit_number = str(visit.id), visit.number
        contacts = _last_contacts(
            session, collected["partnership"], clock, include_confidential
        )
    _cut_dangling(rows)
    package_id = str(uuid.uuid4())
    exported_at = clock.now()
    create_package(path, passphrase, cost=cost)
    try:
        package = Database.open_package(path, passphrase, cost=cost)
        try:
            # Exact copies (ids, revisions, times) and no audit rows: nothing changed.
            info: dict[str, Any] = {KEEP_SYNC_KEY: True, NO_AUDIT_KEY: True}
            with package.session(**info) as session:
                session.add(
                    TripInfo(
                        package_id=package_id,
                        visit_id=visit_id,
                        visit_number=visit_number,
                        exported_at=exported_at,
                        exported_by=db.actor or current_actor(),
                        include_confidential=include_confidential,
                        last_contacts=contacts,
                    )
                )
                for model in SYNCED_TABLES:  # parents before children
                    table = str(model.__tablename__)
                    for row in rows.get(table, []):
                        session.add(model(**decode_values(model, row)))
                        session.add(TripBase(table_name=table, row_id=row["id"], row=_dumps(row)))
                    session.flush()
        finally:
            package.close()
        _record_export(
            db,
            package_id=package_id,
            visit_id=visit_id,
            visit_number=visit_number,
            rows=rows,
            include_confidential=include_confidential,
            exported_at=exported_at,
        )
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    counts = {table: len(table_rows) for table, table_rows in rows.items()}
    return TripExport(path, package_id, visit_id, visit_number, counts)


def _last_contacts(
    session: Session, partnerships_: list[Any], clock: Clock, include_confidential: bool
) -> dict[str, str] | None:
    """Each exported partnership's last contact in the office: the package holds only a
    part of the history, so trip mode takes dormancy from here (services/partnerships).
    Without classified records, not from them either: a cleared colleague's package
    would otherwise tell the date of a meeting its readers may not know of."""
    on = today(clock)
    hide = not include_confidential
    found = {
        str(p.id): last.isoformat()
        for p in partnerships_
        if (last := partnerships.last_contact(session, p, on, unclassified_only=hide))
        is not None
    }
    return found or None


def _record_export(
    db: Database,
    *,
    package_id: str,
    visit_id: str,
    visit_number: str,
    rows: dict[str, list[Row]],
    include_confidential: bool,
    exported_at: Any,
) -> None:
    """The office's record of what left in the package (see the module docstring)."""
    total = sum(len(table_rows) for table_rows in rows.values())
    with db.session() as session:
        actor = session.info.get("actor") or current_actor()
        session.add(
            TripExportRecord(
                package_id=package_id,
                visit_id=visit_id,
                visit_number=visit_number,
                exported_at=exported_at,
                exported_by=actor,
                include_confidential=include_confidential,
            )
        )
        session.flush()
        session.add_all(
            TripExportRow(
                package_id=package_id,
                table_name=table,
                row_id=row["id"],
                origin=EXPORTED,
                digest=row_digest(row),
            )
            for table, table_rows in rows.items()
            for row in table_rows
        )
        session.add(
            AuditEvent(
                actor=actor,
                entity=PACKAGE_ENTITY,
                entity_id=package_id,
                action=EXPORT_ACTION,
                changes={
                    "visit": visit_number,
                    "rows": total,
                    "include_confidential": include_confidential,
                },
            )
        )


def _cut_dangling(rows: dict[str, list[Row]]) -> None:
    """Clear references to rows the package leaves out (a decision of a confidential
    meeting an action came from, say), in the row and in its base alike: the laptop sees
    no link, the merge sees no change, and the office keeps its link."""
    present = {table: {row["id"] for row in table_rows} for table, table_rows in rows.items()}
    references = schema_references()
    for table, table_rows in rows.items():
        for column, target in references.get(table, ()):
            for row in table_rows:
                value = row.get(column)
                if value is not None and value not in present.get(target, ()):
                    row[column] = None


def package_info(db: Database) -> TripInfo | None:
    """What the open trip package was made from (None: not a package, or no export)."""
    with db.reading() as session:
        found = session.get(TripInfo, 1)
        if found is not None:
            session.expunge(found)  # readable after the read-only session rolls back
        return found


def _signed_in(db: Database) -> Account:
    from peyvand.services.accounts import signed_in

    return signed_in(db)


# --- import: rights -------------------------------------------------------------------------


def _row_classified(
    table: str, row_id: str, sides: tuple[Tables, ...], seen: frozenset[tuple[str, str]]
) -> bool:
    """Whether a row is, or belongs to, a classified record on any side (the laptop's
    values, the base, the office's): through its own mark or the rows it points at, as
    the office server's row-level security decides (storage/access.RULES)."""
    rule = access.RULES.get(table)
    if rule is None or (table, row_id) in seen:
        return False
    seen = seen | {(table, row_id)}
    for side in sides:
        row = side.get(table, {}).get(row_id)
        if not row:
            continue
        if rule.classification and is_classified(row.get("classification")):
            return True
        for column, parent in rule.parents:
            value = row.get(column)
            if isinstance(value, str) and _row_classified(parent, value, sides, seen):
                return True
    return False


def _check_rights(
    plan: MergePlan, package: _Package, office: Tables, account: Account, path: Path
) -> None:
    """The importing person's rights over every row the import changes (or records a
    conflict about): refuses the whole import, naming the first row they may not change."""
    sides = (package.laptop, package.base, office)
    keys = [(step.table, step.id) for step in plan.steps]
    keys += [(c.table, c.id) for c in plan.conflicts]
    for table, row_id in keys:
        if _row_classified(table, row_id, sides, frozenset()) and not account.may(
            Permission.EDIT_CLASSIFIED
        ):
            title = lookup.record_title(
                package.laptop.get(table, {}).get(row_id)
                or office.get(table, {}).get(row_id, {}),
                row_id,
            )
            raise PermissionDeniedError(
                "trip.not_permitted", path=str(path), table=table, id=row_id, title=title
            )


# --- import: reading the package ----------------------------------------------------------


@dataclass(frozen=True)
class _Package:
    package_id: str
    visit_id: str
    base: Tables
    laptop: Tables
    # (table, id) -> row_digest of the base copy as the package holds it.
    base_digests: dict[tuple[str, str], str]


def _bad(path: Path, detail: str) -> PeyvandError:
    return PeyvandError("trip.bad_content", path=str(path), detail=detail)


def _validated(model: type[SyncColumns], raw: Any, table: str, index: int) -> Row:
    """Decode and validate a row as transfer import does; return it re-encoded."""
    try:
        decoded = decode_row(model, raw)
    except PeyvandError as exc:
        raise ImportRowError(table, index, exc) from None
    return {name: encode(value) for name, value in decoded.items()}


def _check_size(path: Path) -> None:
    try:
        size = path.stat().st_size
    except OSError:
        raise PeyvandError("trip.missing", path=str(path)) from None
    if size > MAX_PACKAGE_BYTES:
        raise PeyvandError("trip.too_large", path=str(path), size=size, limit=MAX_PACKAGE_BYTES)


def _read_package(path: Path, passphrase: str, cost: KdfCost) -> _Package:
    """Check a package step by step and read its rows, from a private copy.

    Size, then type and passphrase, then page authentication, exact schema and
    integrity (Database.open_package and package_problems), then every row's content.
    The copy (encrypted like the original) is where an older package is upgraded, so an
    import never writes to the file it was given.
    """
    _check_size(path)
    with scratch.private_temp_dir(prefix="import-") as work:
        copy = Path(work) / "package.pvtrip"
        shutil.copyfile(path, copy)
        try:
            package = Database.open_package(
                copy, passphrase, cost=cost, backup_dir=Path(work) / "backups"
            )
        except PeyvandError as exc:
            raise exc.__class__(exc.msg_id, **{**exc.params, "path": str(path)}) from None
        try:
            return _package_rows(package, path)
        finally:
            package.engine.dispose()
            package.read_engine.dispose()


def _package_rows(package: Database, path: Path) -> _Package:
    assert package.package is not None
    problems = package_problems(package.package)
    if problems:
        raise PeyvandError("trip.tampered", path=str(path), detail="; ".join(problems[:3]))
    base: Tables = {}
    laptop: Tables = {}
    digests: dict[tuple[str, str], str] = {}
    try:
        with package.reading() as session:
            info = session.exec(select(TripInfo)).all()
            if len(info) != 1 or info[0].id != 1:
                raise _bad(path, "trip_info must hold exactly one row")
            package_id, visit_id = info[0].package_id, info[0].visit_id
            for model in SYNCED_TABLES:
                table = str(model.__tablename__)
                kinds = column_kinds(model)
                for index, obj in enumerate(session.exec(select(model)).all(), start=1):
                    for name, kind in kinds.items():
                        # SQLite keeps a BLOB in any column; only blob.data may hold one.
                        if kind != "bytes" and isinstance(getattr(obj, name), bytes):
                            raise _bad(path, f"{table} {obj.id}: bytes in {name}")
                    if isinstance(obj, Blob):
                        _check_blob(obj)
                    row = _validated(model, encode_row(obj), table, index)
                    laptop.setdefault(table, {})[row["id"]] = row
            for index, entry in enumerate(session.exec(select(TripBase)).all(), start=1):
                base_model = BY_TABLE.get(entry.table_name)
                if base_model is None:
                    raise PeyvandError("import.unknown_table", table=entry.table_name)
                raw = intake.load_json(entry.row, f"trip_base {entry.table_name}")
                if not isinstance(raw, dict) or raw.get("id") != entry.row_id:
                    raise _bad(path, f"{entry.table_name} {entry.row_id}: base does not match")
                row = _validated(base_model, raw, entry.table_name, index)
                base.setdefault(entry.table_name, {})[entry.row_id] = row
                # The export wrote the canonical JSON (row_digest): hashing the text
                # itself is the same digest for a genuine package, and a different text
                # of the same row is a change like any other.
                digests[(entry.table_name, entry.row_id)] = _text_digest(entry.row)
    except (ValueError, TypeError, LookupError, sa.exc.StatementError) as exc:
        # A value the columns' types cannot read (SQLite stores what it is given).
        raise _bad(path, f"{type(exc).__name__}: {exc}") from None
    _check_numbers(path, base, laptop)
    # Row counts, duplicate ids and each row's limits, as for a JSON import.
    intake.check_tables({t: list(r.values()) for t, r in laptop.items()})
    intake.check_tables({t: list(r.values()) for t, r in base.items()})
    return _Package(package_id, visit_id, base, laptop, digests)


def _check_blob(blob: Blob) -> None:
    """Attachments are content-addressed: a blob whose bytes are not what its hash says
    would later stand in for the office's genuine file of that hash."""
    data = blob.data if isinstance(blob.data, bytes) else b""
    if len(data) != blob.size or hashlib.sha256(data).hexdigest() != blob.sha256:
        raise PeyvandError("import.blob_hash", sha256=str(blob.sha256)[:64])


def _unregistered(row: Mapping[str, Any]) -> bool:
    """A draft letter: no register number, date, year, sequence or edition (registering
    is refused in trip mode, so a letter made on a laptop is always one)."""
    return (
        row.get("status") == "draft"
        and row.get("number") == ""
        and all(row.get(k) is None for k in ("letter_date", "register_year", "register_seq"))
        and row.get("registered_at") is None
        and row.get("edition") in (0, None)
    )


def _check_numbers(path: Path, base: Tables, laptop: Tables) -> None:
    """Numbers are the office's: no laptop service changes one, and a record made on a
    laptop has a provisional number the office replaces. A package that says otherwise
    is broken or hostile, and could renumber office records."""
    for table, rows in laptop.items():
        for row_id, row in rows.items():
            if "number" not in row:
                continue
            before = base.get(table, {}).get(row_id)
            if before is None:
                if table == "letter" and _unregistered(row):
                    continue  # a letter drafted on the laptop: the office registers it
                if not is_provisional(row):
                    raise _bad(path, f"{table} {row_id}: a new record with an office number")
            elif (row["number"], row.get("number_provisional")) != (
                before.get("number"),
                before.get("number_provisional"),
            ):
                raise _bad(path, f"{table} {row_id}: its number was changed")


# --- import: the office side ---------------------------------------------------------------


def _office_rows(session: Session, package: _Package) -> Tables:
    office: Tables = {}
    for table in {*package.base, *package.laptop}:
        ids = {*package.base.get(table, {}), *package.laptop.get(table, {})}
        model = BY_TABLE[table]
        found = _fetch(session, model, "id", (uuid.UUID(i) for i in ids))
        office[table] = {str(obj.id): encode_row(obj) for obj in found}
    return office


def conflict_hash(key: ConflictKey) -> str:
    return hashlib.sha256(_dumps(list(key)).encode("utf-8")).hexdigest()


def _recorded(session: Session, package_id: str) -> set[str]:
    found = session.exec(
        select(MergeConflict.key_hash).where(MergeConflict.package_id == package_id)
    ).all()
    return set(found)


class _RecordedKeys:
    """The planner's ``recorded`` container over the hashes kept in ``merge_conflict``."""

    def __init__(self, hashes: set[str]) -> None:
        self.hashes = hashes

    def __contains__(self, key: object) -> bool:
        return isinstance(key, tuple) and conflict_hash(key) in self.hashes


def _package_own(session: Session, package: _Package, path: Path) -> set[tuple[str, str]]:
    """The rows this package may change: those the office exported in it (whose base
    copies must agree with the office's record exactly) and those its earlier imports
    created. A package the office has no record of is refused."""
    record = session.get(TripExportRecord, package.package_id)
    if record is None or record.visit_id != package.visit_id:
        raise PeyvandError("trip.not_exported", path=str(path))
    own: set[tuple[str, str]] = set()
    exported: dict[tuple[str, str], str | None] = {}
    # Plain tuples: a package of 100,000 rows would spend most of this in ORM objects.
    for table, row_id, origin, digest in session.exec(
        select(
            TripExportRow.table_name,
            TripExportRow.row_id,
            TripExportRow.origin,
            TripExportRow.digest,
        ).where(col(TripExportRow.package_id) == package.package_id)
    ):
        own.add((table, row_id))
        if origin == EXPORTED:
            exported[(table, row_id)] = digest
    missing = sorted(key for key in package.base_digests if key not in exported)
    if missing and _is_server(session):
        # Hidden from this login (classified since the export, or exported by a cleared
        # colleague): the office did export them, and this person may not change them.
        _refuse_hidden(session, package, missing, path)
    for key in sorted(package.base_digests):
        if key not in exported:
            raise _refused(path, "trip.base_not_exported", key, package.base)
        if package.base_digests[key] != exported[key]:
            raise _refused(path, "trip.base_differs", key, package.base)
    for key in sorted(exported.keys() - package.base_digests.keys()):
        raise _refused(path, "trip.base_missing", key, {})
    return own


def _refused(path: Path, msg_id: str, key: tuple[str, str], rows: Tables) -> PeyvandError:
    table, row_id = key
    title = lookup.record_title(rows.get(table, {}).get(row_id, {}), row_id)
    return PeyvandError(msg_id, path=str(path), table=table, id=row_id, title=title)


def _check_reach(
    session: Session, package: _Package, own: set[tuple[str, str]], path: Path
) -> None:
    """A package changes only its own rows: a row outside them must be new to the office
    (an id it has never seen), and no row of the package may point at a row outside it —
    a statement under a confidential meeting that was never exported, an attachment of
    the office's files. Refuses the whole import, naming the first such row."""
    keys = {(t, i) for t, rows in package.laptop.items() for i in rows}
    claimed_new = sorted(keys - own)
    if claimed_new and _is_server(session):
        _refuse_hidden(session, package, claimed_new, path)
    if claimed_new:
        # An id is the office's in any table: a "new" row may not reuse it anywhere.
        ids = {row_id for _table, row_id in claimed_new}
        for model in SYNCED_TABLES:
            found = _fetch(session, model, "id", (uuid.UUID(i) for i in ids))
            if found:
                taken = {str(obj.id) for obj in found}
                key = next(k for k in claimed_new if k[1] in taken)
                raise _refused(path, "trip.row_not_exported", key, package.laptop)
    reachable = own | keys
    references = schema_references()
    for table, rows in package.laptop.items():
        for row_id, row in rows.items():
            for column, target in references.get(table, ()):
                value = row.get(column)
                if value is not None and (target, value) not in reachable:
                    raise _refused(path, "trip.outside_reference", (table, row_id), package.laptop)
    hashes = {
        row.get("sha256")
        for side in (package.laptop, package.base)
        for row in side.get("blob", {}).values()
    }
    for row_id, row in package.laptop.get("attachment", {}).items():
        if row.get("blob_sha256") not in hashes:
            raise _refused(path, "trip.outside_reference", ("attachment", row_id), package.laptop)


def _refuse_hidden(
    session: Session, package: _Package, claimed_new: list[tuple[str, str]], path: Path
) -> None:
    """Rows this login cannot see (classified, on the office server) are not in its view
    of the export record either, so they look new (or never exported): they exist, and
    it may not change them. The uniqueness check sees every id (a SECURITY DEFINER
    function), not rows."""
    wanted = {uuid.UUID(row_id) for _table, row_id in claimed_new}
    known = server_accounts.known_ids(session.connection(), wanted)
    if not known:
        return
    visible = {obj.id for model in SYNCED_TABLES for obj in _fetch(session, model, "id", known)}
    for table, row_id in claimed_new:
        if uuid.UUID(row_id) in known - visible:
            row = package.laptop.get(table, {}).get(row_id) or package.base[table][row_id]
            title = lookup.record_title(row, row_id)
            raise PermissionDeniedError(
                "trip.not_permitted", path=str(path), table=table, id=row_id, title=title
            )


def _is_server(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def _plan(
    session: Session, package: _Package, path: Path, verified: set[tuple[str, str]] | None = None
) -> tuple[MergePlan, Tables, set[tuple[str, str]]]:
    """The merge plan, the office rows it was made against, and the package's own rows.

    ``verified``: the own rows an earlier call found; the export record does not change
    after the export, so only the rows created since (by an import of the same package
    meanwhile) are read again.
    """
    if verified is None:
        own = _package_own(session, package, path)
    else:
        own = verified | _created_rows(session, package.package_id)
    _check_reach(session, package, own, path)
    office = _office_rows(session, package)
    recorded = _RecordedKeys(_recorded(session, package.package_id))
    try:
        plan = plan_merge(package.base, package.laptop, office, recorded=recorded)
    except MergeInputError as exc:
        raise PeyvandError("trip.bad_content", path=str(path), detail=str(exc)) from None
    final = _final_meetings(session, package, office)
    return _respect_final_minutes(plan, package, office, recorded, final), office, own


def _created_rows(session: Session, package_id: str) -> set[tuple[str, str]]:
    found = session.exec(
        select(TripExportRow.table_name, TripExportRow.row_id).where(
            col(TripExportRow.package_id) == package_id, col(TripExportRow.origin) == CREATED
        )
    )
    return {(table, row_id) for table, row_id in found}


def _changes(plan: MergePlan, office: Tables) -> tuple[Change, ...]:
    """What the plan does, record by record and field by field."""
    out: list[Change] = []
    for step in plan.steps:
        if isinstance(step, RowInsert):
            title = lookup.record_title(step.values, step.id)
            out.append(Change(step.table, step.id, title, "new"))
            continue
        row = office.get(step.table, {}).get(step.id, {})
        title = lookup.record_title(row, step.id)
        out.extend(
            Change(
                step.table,
                step.id,
                title,
                "field",
                name,
                field_value(step.table, name, row.get(name)),
                field_value(step.table, name, value),
            )
            for name, value in step.changes.items()
        )
        if step.delete:
            out.append(Change(step.table, step.id, title, "delete"))
        if step.restore:
            out.append(Change(step.table, step.id, title, "restore"))
    return tuple(out)


_MINUTES = frozenset({"participant", "agenda_item", "statement", "decision"})


def _meetings_of(table: str, row_id: str, package: _Package, office: Tables) -> set[str]:
    """The meetings whose minutes a row belongs to, on any side: a statement the laptop
    moved out of final minutes still changes them."""
    if table == "meeting":
        return {row_id}
    if table not in _MINUTES:
        return set()
    sides = (package.laptop, package.base, office)
    values = (side.get(table, {}).get(row_id, {}).get("meeting_id") for side in sides)
    return {value for value in values if isinstance(value, str)}


def _final_meetings(session: Session, package: _Package, office: Tables) -> set[str]:
    """The final meetings among those any side's minutes belong to. Read from the office,
    not from the package's rows: the office may have moved an exported statement into
    minutes of a meeting the package does not hold, and finalized them."""
    ids = set()
    for side in (package.base, package.laptop, office):
        ids |= set(side.get("meeting", {}))
        for table in _MINUTES:
            ids |= {
                value
                for row in side.get(table, {}).values()
                if isinstance(value := row.get("meeting_id"), str)
            }
    wanted = []
    for value in ids:
        try:
            wanted.append(uuid.UUID(value))
        except ValueError:
            continue  # not an id: the package's content checks refuse it elsewhere
    return {str(m.id) for m in _fetch(session, BY_TABLE["meeting"], "id", wanted) if m.is_final}


def _respect_final_minutes(
    plan: MergePlan, package: _Package, office: Tables, recorded: _RecordedKeys, final: set[str]
) -> MergePlan:
    """Minutes the office finalized stay as they are: what the laptop changed in them
    becomes conflicts (the office decides; taking the laptop's value needs the meeting
    reopened, as any edit of final minutes does), and minute rows the laptop added are
    stored deleted and flagged. Conflicts are built exactly as the planner builds them
    for the same rows at a re-import, so they are recognised as recorded then."""
    if not final:
        return plan
    steps: list[Step] = []
    new: list[Conflict] = []
    already: list[Conflict] = list(plan.already_recorded)

    seen = {c.key for c in (*plan.conflicts, *plan.already_recorded)}

    def flag(conflict: Conflict) -> None:
        if conflict.key in seen:
            return  # the planner flagged it already (a delete-vs-edit, say)
        seen.add(conflict.key)
        (already if conflict.key in recorded else new).append(conflict)

    for step in plan.steps:
        if not _meetings_of(step.table, step.id, package, office) & final:
            steps.append(step)
        elif isinstance(step, RowInsert):
            steps.append(dataclasses.replace(step, deleted=True))
            if not step.deleted:  # made and deleted on the laptop: nothing to decide
                flag(_deletion(step.table, step.id, None, True, False, has_base=False))
        else:
            base = package.base.get(step.table, {}).get(step.id, {})
            row = office.get(step.table, {}).get(step.id, {})
            for name, value in step.changes.items():
                # Every field, is_final included: reopening on the laptop is decided too.
                flag(
                    Conflict(
                        step.table, step.id, name, "field", base.get(name), row.get(name), value
                    )
                )
            if step.delete or step.restore:
                deleted = bool(row.get("deleted_at"))
                flag(
                    _deletion(
                        step.table, step.id, bool(base.get("deleted_at")), deleted, not deleted
                    )
                )
    return MergePlan(
        steps=tuple(steps),
        conflicts=(*plan.conflicts, *new),
        already_recorded=tuple(already),
        unchanged=plan.unchanged,
    )


def _deletion(
    table: str, row_id: str, base: bool | None, office: bool, laptop: bool, *, has_base: bool = True
) -> Conflict:
    """A delete-vs-edit conflict, with the deleted states as merge.Conflict has them."""
    return Conflict(table, row_id, "deleted_at", "delete-vs-edit", base, office, laptop, has_base)


def _apply(session: Session, plan: MergePlan, package_id: str, clock: Clock) -> dict[str, str]:
    now = clock.now()
    numbers: dict[str, str] = {}
    for step in plan.steps:
        model = BY_TABLE[step.table]
        if isinstance(step, RowInsert):
            # The package's own from now on: a later version of it may merge it again.
            session.add(
                TripExportRow(
                    package_id=package_id, table_name=step.table, row_id=step.id, origin=CREATED
                )
            )
            values = decode_values(model, step.values)
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
            for name, value in decode_values(model, step.changes).items():
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
            MergeConflict(
                package_id=package_id,
                entity=conflict.table,
                entity_id=conflict.id,
                field=conflict.field,
                kind=conflict.kind,
                values={
                    "base": conflict.base_value,
                    "office": conflict.office_value,
                    "laptop": conflict.laptop_value,
                },
                has_base=conflict.has_base,
                key_hash=conflict_hash(conflict.key),
                found_at=now,
            )
        )
        # In the record's own history too: the laptop's value is visible there at once.
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
    office: Tables,
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
        changes=_changes(plan, office),
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
    account: Account | None = None,
) -> TripImport:
    """Merge the package at ``path`` into ``db`` (all or nothing).

    A package that cannot be opened, whose rows do not validate, whose base disagrees
    with the office's export record or that reaches outside its own rows raises a
    :class:`PeyvandError` before anything is written. ``dry_run`` applies the plan inside
    a transaction that is then rolled back, so that it finds what the real import would
    refuse (a number taken meanwhile, say) and reports the office numbers it would give;
    nothing is written, not even a backup. Otherwise a verified ``pre-import`` backup is
    taken, and the plan is made again and applied inside one write transaction.
    """
    path = Path(path)
    who = account or _signed_in(db)
    if not who.may(Permission.EDIT):  # a reader changes nothing, packages included
        raise PermissionDeniedError("account.not_permitted")
    package = _read_package(path, passphrase, cost)
    with db.reading() as session:
        plan, office, own = _plan(session, package, path)
    _check_rights(plan, package, office, who, path)
    if plan.is_empty:
        return _result(package, plan, office, dry_run=dry_run)
    backup = None
    if not dry_run:
        backup = backups.before_import(db, folder=backup_folder, clock=clock)
    # KEEP_SYNC: this module stamps revisions and times itself, so that the unit of work
    # audits every change of the import as "merge".
    info: dict[str, Any] = {KEEP_SYNC_KEY: True, AUDIT_ACTION_KEY: MERGE_ACTION}
    try:
        with db.session(**info) as session:
            plan, office, own = _plan(session, package, path, own)  # again, under the lock
            _check_rights(plan, package, office, who, path)
            numbers = _apply(session, plan, package.package_id, clock)
            if dry_run:
                session.flush()
                raise _DryRunDone
    except _DryRunDone:
        pass  # rolled back by the unit of work
    except IntegrityError as exc:
        raise PeyvandError("trip.bad_content", path=str(path), detail=str(exc.orig)) from None
    return _result(
        package,
        plan,
        office,
        dry_run=dry_run,
        numbers=numbers,
        backup=backup.path if backup else None,
    )


class _DryRunDone(Exception):  # noqa: N818 - a signal to roll back, not an error
    """Raised inside a dry run's transaction so that the unit of work rolls it back."""


__all__ = [
    "CONFLICT_ACTION",
    "EXPORT_ACTION",
    "MERGE_ACTION",
    "Change",
    "TripExport",
    "TripImport",
    "conflict_hash",
    "encode_row",
    "export_visit",
    "import_package",
    "package_info",
]
