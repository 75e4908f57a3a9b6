"""The merge planner for trip packages: a pure, per-field three-way merge.

A trip package carries rows as they were exported (the *base*) and as the laptop left
them (the *laptop* rows); the office database holds its own current rows (*office*).
:func:`plan_merge` compares the three and returns a :class:`MergePlan`: rows to insert,
fields to take from the laptop, rows to delete or keep alive, and conflicts to record.
It reads and writes nothing: no database, no files, no clock. The rules are in
docs/merge.md; in short, per field::

    laptop == office  -> nothing to do
    laptop == base    -> the office value stays
    office == base    -> the laptop value is taken
    otherwise         -> conflict: the office value stays, both are recorded

Rows are plain JSON-safe dicts in the encoding of ``services.transfer`` (UUIDs as
strings, ISO dates, enum values), keyed ``{table: {id: row}}``. Sync columns are never
merged as fields and timestamps are never compared: a deletion is the *state*
"``deleted_at`` is set", not its time, so a laptop with a wrong clock merges exactly like
one with the right time.

:func:`apply_plan_in_memory` applies a plan to dicts; it is the oracle the property tests
use and the reference for the database applier.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Callable, Container, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Literal

from peyvand.domain.base import SYNC_FIELDS
from peyvand.domain.numbering import PROVISIONAL_PREFIX, format_number

Row = Mapping[str, Any]
Tables = Mapping[str, Mapping[str, Row]]
MutableTables = dict[str, dict[str, dict[str, Any]]]
# (table, id, field, base value, laptop value; values as canonical JSON): how an applier
# recognizes a conflict it has already recorded (open or resolved) when the same package
# is imported again. The office value is left out on purpose: it may have moved on since.
ConflictKey = tuple[str, str, str, str, str]
# table -> ((column, referenced table), ...): columns that hold another row's id.
References = Mapping[str, Sequence[tuple[str, str]]]
ConflictKind = Literal["field", "delete-vs-edit"]

# The pseudo-field of a deletion conflict; its values are the deleted *state* (bool).
DELETED = "deleted_at"
NUMBER = "number"
NUMBER_PROVISIONAL = "number_provisional"
# What apply_plan_in_memory writes for timestamps: it has no clock, and nothing reads them.
MERGE_TIME = "merge-time"

_PROVISIONAL_RE = re.compile(rf"{re.escape(PROVISIONAL_PREFIX)}([0-9]+)-.*")
_OFFICE_NUMBER_RE = re.compile(r"([0-9]+)-([0-9]+)")


class MergeInputError(ValueError):
    """The rows given to the planner, or the plan given to an applier, are not usable
    (unknown table, an id that disagrees with its key, a plan that no longer fits the
    office rows). Nothing has been changed when it is raised."""


# --- the plan -------------------------------------------------------------------------


@dataclass(frozen=True)
class Conflict:
    """Both sides changed one field (or one deleted the row the other edited).

    The office value stays in the live row until someone resolves the conflict; the
    laptop value is kept here, so nothing either side saved is lost. For ``kind ==
    "delete-vs-edit"`` the field is ``deleted_at`` and the values are the deleted state
    (``True``/``False``), never times. ``has_base`` is false when the package has no base
    for the row (it was created on the laptop and the office already holds that id): then
    ``base_value`` is ``None`` and means "unknown".
    """

    table: str
    id: str
    field: str
    kind: ConflictKind
    base_value: Any
    office_value: Any
    laptop_value: Any
    has_base: bool = True

    @property
    def key(self) -> ConflictKey:
        return (
            self.table,
            self.id,
            self.field,
            canonical(self.base_value),
            canonical(self.laptop_value),
        )


@dataclass(frozen=True)
class RowInsert:
    """A row the office does not have: the laptop created it (or, which should not
    happen, the office lost a row of the package). ``values`` are its fields, id
    included, without sync columns: the applier stamps created/updated time, revision 1,
    and ``deleted_at`` (now) when ``deleted`` is true.

    ``provisional_number`` is set when the row carries a trip number (``T…``): the
    applier allocates an office number, writes it to ``number`` and sets
    ``number_provisional`` to false.
    """

    table: str
    id: str
    values: Mapping[str, Any]
    deleted: bool = False
    provisional_number: str | None = None


@dataclass(frozen=True)
class RowUpdate:
    """Fields to take from the laptop into an existing office row, and its deletion
    state: ``delete`` tombstones it (the laptop deleted it, the office did not edit it);
    ``restore`` makes it live again (the laptop restored it, or edited a row the office
    deleted). ``expected_revision`` is the office revision the plan was made against: an
    applier refuses the plan if the row has changed since (revisions are counters, not
    clocks, and are only ever compared with the office's own)."""

    table: str
    id: str
    changes: Mapping[str, Any]
    delete: bool = False
    restore: bool = False
    expected_revision: int | None = None


Step = RowInsert | RowUpdate


@dataclass(frozen=True)
class MergeSummary:
    """What import shows before it writes: rows added, rows changed, new conflicts, and
    rows of the package that need nothing (``kept`` counts the rows that stay live
    although one side deleted them; they are among the conflicts too)."""

    new: int
    changed: int
    conflicts: int
    unchanged: int
    kept: int = 0


@dataclass(frozen=True)
class MergePlan:
    """Everything an import will do, in the order to do it (parents first).

    ``conflicts`` are the conflicts to record now; ``already_recorded`` are those the
    office recorded at an earlier import of the same package (not recorded again).
    ``unchanged`` lists the rows of the package that need no write.
    """

    steps: tuple[Step, ...] = ()
    conflicts: tuple[Conflict, ...] = ()
    already_recorded: tuple[Conflict, ...] = ()
    unchanged: tuple[tuple[str, str], ...] = ()

    @property
    def inserts(self) -> tuple[RowInsert, ...]:
        return tuple(step for step in self.steps if isinstance(step, RowInsert))

    @property
    def updates(self) -> tuple[RowUpdate, ...]:
        return tuple(step for step in self.steps if isinstance(step, RowUpdate))

    @property
    def summary(self) -> MergeSummary:
        return MergeSummary(
            new=len(self.inserts),
            changed=len(self.updates),
            conflicts=len(self.conflicts),
            unchanged=len(self.unchanged),
            kept=sum(1 for c in self.conflicts if c.kind == "delete-vs-edit"),
        )

    @property
    def is_empty(self) -> bool:
        """True when importing changes nothing: no writes and no new conflicts."""
        return not self.steps and not self.conflicts


# --- helpers --------------------------------------------------------------------------


def _not_json(value: Any) -> Any:
    raise MergeInputError(f"not a JSON-safe value: {type(value).__name__}")


def canonical(value: Any) -> str:
    """A value as canonical JSON: the one notion of equality the planner uses, so
    ``1``, ``1.0`` and ``true`` are three different values, and lists compare in order.
    Values must already be JSON-safe (encoded as by ``services.transfer``)."""
    return json.dumps(
        value, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=_not_json
    )


def _same(a: Any, b: Any) -> bool:
    return a is b or canonical(a) == canonical(b)


def is_deleted(row: Row) -> bool:
    return row.get(DELETED) is not None


def _fields(*rows: Row | None) -> list[str]:
    names: set[str] = set()
    for row in rows:
        if row is not None:
            names.update(row)
    return sorted(names - SYNC_FIELDS)


def _changed(row: Row, base: Row) -> bool:
    """Did a side edit the row's data (sync columns aside)?"""
    return any(not _same(row.get(name), base.get(name)) for name in _fields(row, base))


def is_provisional(row: Row) -> bool:
    """A row numbered on a laptop («T1403-4F2A9C»), whose number the office replaces."""
    if NUMBER_PROVISIONAL not in row:
        return False
    number = row.get(NUMBER)
    return row[NUMBER_PROVISIONAL] is True or (
        isinstance(number, str) and number.startswith(PROVISIONAL_PREFIX)
    )


def index_tables(tables: Mapping[str, Iterable[Row]]) -> dict[str, dict[str, dict[str, Any]]]:
    """``{table: [row, …]}`` (the layout of an export or package) as ``{table: {id: row}}``."""
    indexed: dict[str, dict[str, dict[str, Any]]] = {}
    for table, rows in tables.items():
        by_id: dict[str, dict[str, Any]] = {}
        for row in rows:
            row_id = row.get("id")
            if not isinstance(row_id, str) or row_id in by_id:
                raise MergeInputError(f"{table}: missing or repeated id {row_id!r}")
            by_id[row_id] = dict(row)
        indexed[table] = by_id
    return indexed


@cache
def schema_table_order() -> tuple[str, ...]:
    """The synced tables, parents before children (``domain.SYNCED_TABLES``)."""
    from peyvand.domain import SYNCED_TABLES

    return tuple(str(model.__tablename__) for model in SYNCED_TABLES)


@cache
def schema_references() -> dict[str, tuple[tuple[str, str], ...]]:
    """Foreign keys of the synced tables that hold another row's id."""
    from sqlalchemy import inspect as sa_inspect

    from peyvand.domain import SYNCED_TABLES

    refs: dict[str, tuple[tuple[str, str], ...]] = {}
    for model in SYNCED_TABLES:
        table = sa_inspect(model).local_table
        refs[table.name] = tuple(
            (column.key, fk.column.table.name)
            for column in table.columns
            for fk in column.foreign_keys
            if fk.column.key == "id"
        )
    return refs


def _check(name: str, tables: Tables, known: Mapping[str, int]) -> None:
    for table, rows in tables.items():
        if table not in known:
            raise MergeInputError(f"{name}: unknown table {table!r}")
        for row_id, row in rows.items():
            if row.get("id") != row_id:
                raise MergeInputError(f"{name}: {table} row {row_id!r} has id {row.get('id')!r}")


def _targets(table: str, row: Row, references: References) -> Iterable[tuple[str, str]]:
    for column, target in references.get(table, ()):
        value = row.get(column)
        if isinstance(value, str):
            yield (target, value)


# --- the planner ----------------------------------------------------------------------


@dataclass
class _Builder:
    recorded: Container[ConflictKey]
    steps: list[Step] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    already: list[Conflict] = field(default_factory=list)
    unchanged: list[tuple[str, str]] = field(default_factory=list)

    def conflict(self, conflict: Conflict) -> bool:
        """Record ``conflict``; False if the office already has it."""
        if conflict.key in self.recorded:
            self.already.append(conflict)
            return False
        self.conflicts.append(conflict)
        return True


def plan_merge(
    base: Tables,
    laptop: Tables,
    office: Tables,
    *,
    recorded: Container[ConflictKey] = (),
    table_order: Sequence[str] | None = None,
    references: References | None = None,
) -> MergePlan:
    """Plan the import of a package (``base`` as exported, ``laptop`` as it is now)
    into ``office`` (the office's current rows; rows the package does not hold are
    ignored, so passing more is harmless).

    ``recorded`` are the keys of conflicts the office already holds (open or resolved)
    from earlier imports of this package: they are neither recorded again nor acted upon
    again. ``table_order`` (parents first) and ``references`` default to the real schema.
    Raises :class:`MergeInputError` for rows of unknown tables or mismatched ids.
    """
    order = tuple(table_order) if table_order is not None else schema_table_order()
    refs = references if references is not None else schema_references()
    position = {table: index for index, table in enumerate(order)}
    for name, tables in (("base", base), ("laptop", laptop), ("office", office)):
        _check(name, tables, position)

    keys = sorted(
        {(t, i) for tables in (base, laptop) for t, rows in tables.items() for i in rows},
        key=lambda key: (position[key[0]], key[1]),
    )
    # Which rows each side edited (or created); which rows a side's new or edited live
    # rows point at: adding a statement to a meeting is editing that meeting's minutes,
    # so the meeting cannot simply disappear under it.
    laptop_edited: set[tuple[str, str]] = set()
    office_edited: set[tuple[str, str]] = set()
    laptop_points_at: set[tuple[str, str]] = set()
    office_points_at: set[tuple[str, str]] = set()
    for table, row_id in keys:
        b, o, lap = _sides(base, laptop, office, table, row_id)
        if b is None or _changed(lap, b):
            laptop_edited.add((table, row_id))
            if not is_deleted(lap):
                laptop_points_at.update(_targets(table, lap, refs))
        if b is not None and o is not None and _changed(o, b):
            office_edited.add((table, row_id))
            if not is_deleted(o):
                office_points_at.update(_targets(table, o, refs))

    plan = _Builder(recorded if isinstance(recorded, Container) else frozenset(recorded))
    for table, row_id in keys:
        b, o, lap = _sides(base, laptop, office, table, row_id)
        if o is None:
            plan.steps.append(_insert(table, row_id, lap))
        elif b is None:
            _two_way(plan, table, row_id, lap, o)
            plan.unchanged.append((table, row_id))
        else:
            key = (table, row_id)
            step = _three_way(
                plan,
                table,
                row_id,
                base=b,
                lap=lap,
                office=o,
                laptop_edited=key in laptop_edited or key in laptop_points_at,
                office_edited=key in office_edited or key in office_points_at,
            )
            if step is None:
                plan.unchanged.append(key)
            else:
                plan.steps.append(step)
    plan.steps.sort(key=lambda s: (position[s.table], isinstance(s, RowInsert), s.id))
    return MergePlan(
        steps=tuple(plan.steps),
        conflicts=tuple(plan.conflicts),
        already_recorded=tuple(plan.already),
        unchanged=tuple(plan.unchanged),
    )


def _sides(
    base: Tables, laptop: Tables, office: Tables, table: str, row_id: str
) -> tuple[Row | None, Row | None, Row]:
    """(base, office, laptop) rows of one id. A row of the base that the laptop no
    longer has counts as untouched there: nothing is ever hard-deleted, so the package
    lost it, and losing it must not delete anything."""
    b = base.get(table, {}).get(row_id)
    o = office.get(table, {}).get(row_id)
    lap = laptop.get(table, {}).get(row_id)
    if lap is None:
        assert b is not None  # keys come from base and laptop
        lap = b
    return b, o, lap


def _insert(table: str, row_id: str, lap: Row) -> RowInsert:
    values = {name: copy.deepcopy(lap.get(name)) for name in _fields(lap)}
    values["id"] = row_id
    number = lap.get(NUMBER)
    provisional = str(number) if is_provisional(lap) else None
    return RowInsert(table, row_id, values, is_deleted(lap), provisional)


def _two_way(plan: _Builder, table: str, row_id: str, lap: Row, office: Row) -> None:
    """The laptop created the row, and the office already has it (an earlier import of
    the package, most likely). Without a base nobody can tell which side changed what,
    so the office row stands and every difference is recorded as a conflict."""
    skip: set[str] = set()
    if is_provisional(lap) and not is_provisional(office):
        # The number the office gave the row when it first came in.
        skip = {NUMBER, NUMBER_PROVISIONAL}
    for name in _fields(lap, office):
        o, lv = office.get(name), lap.get(name)
        if name not in skip and not _same(o, lv):
            plan.conflict(Conflict(table, row_id, name, "field", None, o, lv, has_base=False))
    if is_deleted(lap) != is_deleted(office):
        plan.conflict(
            Conflict(
                table,
                row_id,
                DELETED,
                "delete-vs-edit",
                None,
                is_deleted(office),
                is_deleted(lap),
                has_base=False,
            )
        )


def _three_way(
    plan: _Builder,
    table: str,
    row_id: str,
    *,
    base: Row,
    lap: Row,
    office: Row,
    laptop_edited: bool,
    office_edited: bool,
) -> RowUpdate | None:
    changes: dict[str, Any] = {}
    for name in _fields(base, lap, office):
        b, lv, o = base.get(name), lap.get(name), office.get(name)
        if _same(lv, o) or _same(lv, b):
            continue  # nothing to do, or only the office changed it
        if _same(o, b):
            changes[name] = copy.deepcopy(lv)  # only the laptop changed it
        else:
            plan.conflict(Conflict(table, row_id, name, "field", b, o, lv))

    bd, ld, od = is_deleted(base), is_deleted(lap), is_deleted(office)
    delete = restore = False
    # Once a delete-vs-edit conflict is recorded, whatever the office decided on it
    # stands: importing the package again neither deletes nor revives the row.
    deletion = Conflict(table, row_id, DELETED, "delete-vs-edit", bd, od, ld)
    if ld != bd and od == bd:
        if not ld:
            restore = True  # restored on the laptop, untouched deletion in the office
        elif deletion.key in plan.recorded:
            plan.already.append(deletion)
        elif office_edited:
            plan.conflict(deletion)  # deleted on the laptop, edited in the office: kept
        else:
            delete = True  # deleted on the laptop, not edited in the office
    elif od != bd and ld == bd and od and laptop_edited:
        # Deleted in the office, edited on the laptop: brought back, flagged.
        restore = plan.conflict(deletion)

    if not changes and not delete and not restore:
        return None
    revision = office.get("revision")
    return RowUpdate(
        table,
        row_id,
        changes,
        delete=delete,
        restore=restore,
        expected_revision=revision if isinstance(revision, int) else None,
    )


# --- the in-memory applier ------------------------------------------------------------

Allocate = Callable[[str, str, Mapping[str, Row]], str]


def next_office_number(table: str, provisional: str, rows: Mapping[str, Row]) -> str:
    """The next office number of the provisional number's Jalali year in ``rows`` (the
    table's rows): what the database's number counter would hand out, as far as the rows
    show."""
    match = _PROVISIONAL_RE.fullmatch(provisional)
    if match is None:
        raise MergeInputError(f"{table}: {provisional!r} is not a provisional number")
    year = int(match[1])
    last = 0
    for row in rows.values():
        found = _OFFICE_NUMBER_RE.fullmatch(str(row.get(NUMBER, "")))
        if found is not None and int(found[1]) == year:
            last = max(last, int(found[2]))
    return format_number(year, last + 1)


def apply_plan_in_memory(
    office_rows: Tables,
    plan: MergePlan,
    *,
    allocate: Allocate = next_office_number,
    now: str = MERGE_TIME,
) -> MutableTables:
    """The office rows after ``plan``, as new dicts (``office_rows`` is not modified).

    All or nothing, like the database applier: a step that does not fit (an insert of an
    id that exists, an update of a missing row or of a row whose revision moved on)
    raises :class:`MergeInputError`, and any exception leaves ``office_rows`` as it was.
    Conflicts are not rows: the caller keeps ``plan.conflicts``.
    """
    result: MutableTables = {
        table: {row_id: copy.deepcopy(dict(row)) for row_id, row in rows.items()}
        for table, rows in office_rows.items()
    }
    for step in plan.steps:
        rows = result.setdefault(step.table, {})
        if isinstance(step, RowInsert):
            if step.id in rows:
                raise MergeInputError(f"{step.table} {step.id}: already in the office")
            new = copy.deepcopy(dict(step.values))
            if step.provisional_number is not None:
                new[NUMBER] = allocate(step.table, step.provisional_number, rows)
                new[NUMBER_PROVISIONAL] = False
            new.update(
                created_at=now,
                updated_at=now,
                revision=1,
                deleted_at=now if step.deleted else None,
            )
            rows[step.id] = new
            continue
        current = rows.get(step.id)
        if current is None:
            raise MergeInputError(f"{step.table} {step.id}: not in the office")
        if step.expected_revision is not None and current.get("revision") != (
            step.expected_revision
        ):
            raise MergeInputError(f"{step.table} {step.id}: changed since the plan was made")
        current.update(copy.deepcopy(dict(step.changes)))
        if step.delete:
            current[DELETED] = now
        if step.restore:
            current[DELETED] = None
        revision = current.get("revision")
        current["revision"] = (revision if isinstance(revision, int) else 0) + 1
        current["updated_at"] = now
    return result


__all__ = [
    "DELETED",
    "MERGE_TIME",
    "Conflict",
    "ConflictKey",
    "ConflictKind",
    "MergeInputError",
    "MergePlan",
    "MergeSummary",
    "References",
    "RowInsert",
    "RowUpdate",
    "Step",
    "Tables",
    "apply_plan_in_memory",
    "canonical",
    "index_tables",
    "is_deleted",
    "is_provisional",
    "next_office_number",
    "plan_merge",
    "schema_references",
    "schema_table_order",
]
