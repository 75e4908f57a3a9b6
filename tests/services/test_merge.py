"""The trip-package merge planner: hypothesis properties against the in-memory applier,
plus examples on the real tables (see docs/merge.md)."""

from __future__ import annotations

import copy
import os
import uuid
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from peyvand.domain import Meeting
from peyvand.services import records
from peyvand.services.merge import (
    MERGE_TIME,
    Conflict,
    MergeInputError,
    MergePlan,
    RowInsert,
    RowUpdate,
    Tables,
    apply_plan_in_memory,
    canonical,
    index_tables,
    is_deleted,
    plan_merge,
    schema_references,
    schema_table_order,
)
from peyvand.services.transfer import export_data
from peyvand.storage.database import Database

Rows = dict[str, dict[str, dict[str, Any]]]
Key = tuple[str, str]

# 1,000 examples per property in the default run; benchmarks/reliability_bench.py sets
# PEYVAND_MERGE_EXAMPLES for the large on-demand counts.
EXAMPLES = max(1000, int(os.environ.get("PEYVAND_MERGE_EXAMPLES", "1000")))
PROPERTY = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# --- a small generic schema: parents and children ------------------------------------

PARENT, CHILD = "parent", "child"
ORDER = (PARENT, CHILD)
REFS = {CHILD: (("parent_id", PARENT),)}
SYNC = ("id", "created_at", "updated_at", "revision", "deleted_at")

TEXTS = [None, "", "a", "b", "پیوند"]
INTS = [None, 0, 1, 2]
TAGS: list[list[str]] = [[], ["x"], ["x", "y"], ["y", "x"]]
# Small pools, so that both sides often write the same value.
DATA_FIELDS: dict[str, dict[str, list[Any]]] = {
    PARENT: {"a": TEXTS, "b": INTS, "tags": TAGS},
    CHILD: {"x": TEXTS, "y": INTS},
}
KEEP = object()  # an edit that leaves the field alone
NEW_VALUES = {
    table: st.tuples(*(st.sampled_from(pool) for pool in fields.values()))
    for table, fields in DATA_FIELDS.items()
}
EDITED_VALUES = {
    table: st.tuples(*(st.sampled_from([KEEP, KEEP, *pool]) for pool in fields.values()))
    for table, fields in DATA_FIELDS.items()
}

OFFICE_CLOCK = datetime.fromisoformat("2024-05-01T08:00:00+00:00")
LAPTOP_CLOCK = datetime.fromisoformat("2024-05-03T09:00:00+00:00")


def uid(n: int) -> str:
    return str(uuid.UUID(int=n))


def id_pool(prefix: int) -> dict[str, list[str]]:
    return {
        PARENT: [uid(prefix + i) for i in range(3)],
        CHILD: [uid(prefix + 16 + i) for i in range(3)],
    }


OFFICE_IDS = id_pool(0x100)
OFFICE_NEW = id_pool(0x200)
LAPTOP_NEW = id_pool(0x300)
LAPTOP_NEW_B = id_pool(0x400)


class Clock:
    """A side's clock: ISO strings, one second apart."""

    def __init__(self, start: datetime) -> None:
        self.start, self.ticks = start, 0

    def __call__(self) -> str:
        self.ticks += 1
        return (self.start + timedelta(seconds=self.ticks)).isoformat()


def keys(tables: Tables) -> set[Key]:
    return {(t, i) for t, rows in tables.items() for i in rows}


def get(tables: Tables, key: Key) -> Mapping[str, Any] | None:
    return tables.get(key[0], {}).get(key[1])


def same(a: Any, b: Any) -> bool:
    return canonical(a) == canonical(b)


def data_of(row: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in row.items() if k not in SYNC}


def edited_data(row: Mapping[str, Any], base: Mapping[str, Any]) -> bool:
    names = (set(row) | set(base)) - set(SYNC)
    return any(not same(row.get(n), base.get(n)) for n in names)


def plan(base: Tables, laptop: Tables, office: Tables, **kw: Any) -> MergePlan:
    return plan_merge(base, laptop, office, table_order=ORDER, references=REFS, **kw)


def new_row(
    draw: st.DrawFn, table: str, row_id: str, clock: Clock, parents: list[str]
) -> dict[str, Any]:
    now = clock()
    row: dict[str, Any] = {
        "id": row_id,
        "created_at": now,
        "updated_at": now,
        "revision": 1,
        "deleted_at": None,
    }
    row.update(zip(DATA_FIELDS[table], draw(NEW_VALUES[table]), strict=True))
    if table == CHILD:
        row["parent_id"] = draw(st.sampled_from([None, *parents]))
    return row


@st.composite
def office_snapshot(draw: st.DrawFn) -> Rows:
    """The office at export: a few parents and children, some tombstoned."""
    clock = Clock(OFFICE_CLOCK - timedelta(days=30))
    rows: Rows = {PARENT: {}, CHILD: {}}
    for row_id in OFFICE_IDS[PARENT][: draw(st.integers(0, 3))]:
        rows[PARENT][row_id] = new_row(draw, PARENT, row_id, clock, [])
    parents = list(rows[PARENT])
    for row_id in OFFICE_IDS[CHILD][: draw(st.integers(0, 3))]:
        rows[CHILD][row_id] = new_row(draw, CHILD, row_id, clock, parents)
    for table_rows in rows.values():
        for row in table_rows.values():
            if draw(st.integers(0, 5)) == 0:
                row["deleted_at"] = clock()
    return rows


OPS = st.sampled_from(["keep", "keep", "edit", "edit", "delete", "edit-delete", "restore"])


def edit_row(
    draw: st.DrawFn, table: str, row: dict[str, Any], clock: Clock, parents: list[str]
) -> None:
    """What one person might do to one row in the editors."""
    op = draw(OPS)
    if op in ("edit", "edit-delete"):
        for name, value in zip(DATA_FIELDS[table], draw(EDITED_VALUES[table]), strict=True):
            if value is not KEEP:
                row[name] = copy.deepcopy(value)
        if table == CHILD:
            parent = draw(st.sampled_from([KEEP, KEEP, None, *parents]))
            if parent is not KEEP:
                row["parent_id"] = parent
        row["updated_at"], row["revision"] = clock(), row["revision"] + 1
    if op in ("delete", "edit-delete") and row["deleted_at"] is None:
        row["deleted_at"], row["revision"] = clock(), row["revision"] + 1
    if op == "restore" and row["deleted_at"] is not None:
        row["deleted_at"], row["revision"] = None, row["revision"] + 1


@st.composite
def edits(
    draw: st.DrawFn,
    rows: Tables,
    *,
    clock: Clock,
    new_ids: Mapping[str, list[str]],
    editable: set[Key] | None = None,
    parent_choices: list[str] | None = None,
) -> Rows:
    """One side's editing session: change fields, delete, restore, create rows."""
    result: Rows = {t: {i: copy.deepcopy(dict(r)) for i, r in rs.items()} for t, rs in rows.items()}
    for table in ORDER:
        result.setdefault(table, {})
    parents = list(result[PARENT]) if parent_choices is None else list(parent_choices)
    for table, row_id in sorted(keys(result)):
        if editable is None or (table, row_id) in editable:
            edit_row(draw, table, result[table][row_id], clock, parents)
    created = new_ids[PARENT][: draw(st.integers(0, 2))]
    for row_id in created:
        result[PARENT][row_id] = new_row(draw, PARENT, row_id, clock, [])
    for row_id in new_ids[CHILD][: draw(st.integers(0, 2))]:
        result[CHILD][row_id] = new_row(draw, CHILD, row_id, clock, [*parents, *created])
    for table, table_ids in new_ids.items():
        for row_id in table_ids:
            row = result[table].get(row_id)
            if row is not None and draw(st.integers(0, 5)) == 0:
                row["deleted_at"] = clock()  # created and deleted on the same side
    return result


def restrict(rows: Tables, chosen: set[Key]) -> Rows:
    return {
        t: {i: copy.deepcopy(dict(r)) for i, r in rs.items() if (t, i) in chosen}
        for t, rs in rows.items()
    }


def with_parents(rows: Tables, chosen: set[Key]) -> set[Key]:
    closed = set(chosen)
    for table, row_id in chosen:
        parent = rows[table][row_id].get("parent_id") if table == CHILD else None
        if parent is not None:
            closed.add((PARENT, parent))
    return closed


@dataclass
class Scenario:
    snapshot: Rows  # the office at export
    base: Rows  # the package as exported
    laptop: Rows  # the package as the laptop left it
    office: Rows  # the office now


@st.composite
def scenarios(draw: st.DrawFn) -> Scenario:
    snapshot = draw(office_snapshot())
    chosen = {key for key in sorted(keys(snapshot)) if draw(st.integers(0, 4)) > 0}
    base = restrict(snapshot, with_parents(snapshot, chosen))
    laptop = draw(edits(base, clock=Clock(LAPTOP_CLOCK), new_ids=LAPTOP_NEW))
    office = draw(edits(snapshot, clock=Clock(OFFICE_CLOCK), new_ids=OFFICE_NEW))
    return Scenario(snapshot, base, laptop, office)


# --- what the tests compare -------------------------------------------------------------


def conflict_facts(conflicts: Iterable[Conflict]) -> list[tuple[Any, ...]]:
    return sorted(
        (c.key, c.kind, c.has_base, canonical(c.base_value), canonical(c.office_value))
        for c in conflicts
    )


def touched_by_laptop(base: Tables, laptop: Tables) -> set[Key]:
    """Rows a laptop changed in any way, and the parents its new or edited live rows
    point at: what must differ between two packages for them to commute."""
    touched: set[Key] = set()
    for key in keys(laptop):
        row, old = get(laptop, key), get(base, key)
        assert row is not None
        if old is None or edited_data(row, old) or is_deleted(row) != is_deleted(old):
            touched.add(key)
        points = key[0] == CHILD and row.get("parent_id") is not None
        if points and (old is None or edited_data(row, old)) and not is_deleted(row):
            touched.add((PARENT, row["parent_id"]))
    return touched


def expected_outcome(s: Scenario) -> tuple[Rows, set[tuple[str, str, str]]]:
    """The rules of docs/merge.md, written out directly: the merged rows' data and
    deleted state, and which (table, id, field) must be in conflict."""
    expected: Rows = {t: {} for t in ORDER}
    conflicts: set[tuple[str, str, str]] = set()

    def points_at(side: Tables, only_base: bool) -> set[str]:
        found: set[str] = set()
        for row_id, row in side.get(CHILD, {}).items():
            old = get(s.base, (CHILD, row_id))
            if old is None and only_base:
                continue
            if (old is None or edited_data(row, old)) and not is_deleted(row):
                found.add(row.get("parent_id") or "")
        return found

    laptop_children, office_children = points_at(s.laptop, False), points_at(s.office, True)
    for table, row_id in keys(s.base) | keys(s.laptop):
        b, lap, o = (get(side, (table, row_id)) for side in (s.base, s.laptop, s.office))
        if b is None:
            assert lap is not None and o is None  # fresh ids, never in the office yet
            expected[table][row_id] = {**data_of(lap), "deleted": is_deleted(lap)}
            continue
        assert lap is not None and o is not None
        row: dict[str, Any] = {}
        for name in sorted((set(b) | set(lap) | set(o)) - set(SYNC)):
            bv, lv, ov = b.get(name), lap.get(name), o.get(name)
            if same(lv, ov) or same(lv, bv):
                row[name] = ov
            elif same(ov, bv):
                row[name] = lv
            else:
                row[name] = ov
                conflicts.add((table, row_id, name))
        laptop_edit = edited_data(lap, b) or (table == PARENT and row_id in laptop_children)
        office_edit = edited_data(o, b) or (table == PARENT and row_id in office_children)
        bd, ld, od = is_deleted(b), is_deleted(lap), is_deleted(o)
        deleted = od
        if ld != bd and od == bd:
            deleted = ld and not office_edit
            if ld and office_edit:
                conflicts.add((table, row_id, "deleted_at"))
        elif od and not bd and not ld and laptop_edit:
            deleted = False
            conflicts.add((table, row_id, "deleted_at"))
        row["deleted"] = deleted
        expected[table][row_id] = row
    return expected, conflicts


# --- properties -------------------------------------------------------------------------


@PROPERTY
@given(scenarios())
def test_every_field_follows_the_three_way_rule(s: Scenario) -> None:
    merge = plan(s.base, s.laptop, s.office)
    merged = apply_plan_in_memory(s.office, merge)
    expected, conflicts = expected_outcome(s)
    for table, rows in expected.items():
        for row_id, want in rows.items():
            got = merged[table][row_id]
            assert {**data_of(got), "deleted": is_deleted(got)} == want, (table, row_id)
    assert {(c.table, c.id, c.field) for c in merge.conflicts} == conflicts
    assert not merge.already_recorded
    for c in merge.conflicts:  # each conflict carries the three values it is about
        b = get(s.base, (c.table, c.id))
        lap = get(s.laptop, (c.table, c.id))
        assert b is not None and lap is not None
        if c.kind == "field":
            assert same(c.base_value, b.get(c.field)) and same(c.laptop_value, lap.get(c.field))
            assert same(c.office_value, merged[c.table][c.id].get(c.field))
        else:
            assert (c.base_value, c.laptop_value) == (is_deleted(b), is_deleted(lap))
    # Rows the package does not hold are left exactly as they are.
    for table, row_id in keys(s.office) - keys(s.base) - keys(s.laptop):
        assert merged[table][row_id] == s.office[table][row_id]
    # The summary counts what the plan does.
    summary = merge.summary
    assert summary.new == len(keys(s.laptop) - keys(s.base))
    assert summary.new + summary.changed + summary.unchanged == len(keys(s.base) | keys(s.laptop))
    assert summary.conflicts == len(merge.conflicts)


@PROPERTY
@given(scenarios())
def test_nothing_either_side_saved_is_lost(s: Scenario) -> None:
    merge = plan(s.base, s.laptop, s.office)
    merged = apply_plan_in_memory(s.office, merge)
    open_values: dict[tuple[str, str, str], list[str]] = {}
    for c in merge.conflicts:
        open_values.setdefault((c.table, c.id, c.field), []).extend(
            [canonical(c.office_value), canonical(c.laptop_value)]
        )
    assert keys(s.office) | keys(s.laptop) <= keys(merged)
    for side in (s.laptop, s.office):
        for key in keys(side):
            row, old, now = get(side, key), get(s.base, key), get(merged, key)
            assert row is not None and now is not None
            for name, value in data_of(row).items():
                kept = (
                    same(now.get(name), value)
                    or (old is not None and same(old.get(name), value))
                    or canonical(value) in open_values.get((*key, name), [])
                )
                assert kept, (key, name, value)
            # A row a side created or edited, and left live, stays live (tombstoned rows
            # stay in the data too: that is their history).
            if not is_deleted(row) and (old is None or edited_data(row, old)):
                assert not is_deleted(now), key


@PROPERTY
@given(scenarios(), st.randoms(use_true_random=False))
def test_importing_twice_is_importing_once(s: Scenario, rnd: Any) -> None:
    first = plan(s.base, s.laptop, s.office)
    office = apply_plan_in_memory(s.office, first)
    recorded = {c.key for c in first.conflicts}
    second = plan(s.base, s.laptop, office, recorded=recorded)
    assert second.is_empty, second
    assert apply_plan_in_memory(office, second) == office
    assert set(conflict_facts(second.already_recorded)) <= set(conflict_facts(first.conflicts))
    # Someone resolves each conflict, for either side; importing again still changes nothing.
    for c in first.conflicts:
        value = c.laptop_value if rnd.random() < 0.5 else c.office_value
        row = office[c.table][c.id]
        if c.kind == "delete-vs-edit":
            row["deleted_at"] = "resolved-time" if value else None
        else:
            row[c.field] = copy.deepcopy(value)
        row["revision"] += 1
    third = plan(s.base, s.laptop, office, recorded=recorded)
    assert third.is_empty, third


@st.composite
def two_packages(draw: st.DrawFn) -> tuple[Rows, Rows, Rows, Rows, Rows, Rows]:
    """One office snapshot, two packages whose laptops touch different rows (their bases
    may overlap), and the office's own edits meanwhile."""
    snapshot = draw(office_snapshot())
    family = {parent: draw(st.sampled_from("AB")) for parent in snapshot[PARENT]}
    owner: dict[Key, str] = {(PARENT, p): side for p, side in family.items()}
    for row_id, row in snapshot[CHILD].items():
        parent = row.get("parent_id")
        owner[(CHILD, row_id)] = family[parent] if parent else draw(st.sampled_from("AB"))
    packages: list[Rows] = []
    for side, new_ids in (("A", LAPTOP_NEW), ("B", LAPTOP_NEW_B)):
        own = {key for key, who in owner.items() if who == side}
        extra = {key for key in sorted(keys(snapshot)) if key not in own and draw(st.booleans())}
        base = restrict(snapshot, with_parents(snapshot, own | extra))
        laptop = draw(
            edits(
                base,
                clock=Clock(LAPTOP_CLOCK),
                new_ids=new_ids,
                editable=own,
                parent_choices=[p for p, who in family.items() if who == side],
            )
        )
        packages += [base, laptop]
    office = draw(edits(snapshot, clock=Clock(OFFICE_CLOCK), new_ids=OFFICE_NEW))
    # The office must not link the two families itself (moving a child of one under a
    # parent of the other): then a restore by one package and a delete by the other meet
    # at one row, and the order decides (docs/merge.md, "Commutation").
    for row_id, row in office[CHILD].items():
        parent = row.get("parent_id")
        if (CHILD, row_id) in owner and parent in family:
            assume(family[parent] == owner[(CHILD, row_id)])
    base_a, laptop_a, base_b, laptop_b = packages
    return base_a, laptop_a, base_b, laptop_b, office, snapshot


@PROPERTY
@given(two_packages())
def test_packages_touching_different_rows_commute(data: tuple[Rows, ...]) -> None:
    base_a, laptop_a, base_b, laptop_b, office, _ = data
    assert not touched_by_laptop(base_a, laptop_a) & touched_by_laptop(base_b, laptop_b)

    def merge(first: tuple[Rows, Rows], second: tuple[Rows, Rows]) -> tuple[Any, ...]:
        plan_1 = plan(*first, office)
        after_1 = apply_plan_in_memory(office, plan_1)
        plan_2 = plan(*second, after_1)
        after_2 = apply_plan_in_memory(after_1, plan_2)
        data = {
            t: {i: (data_of(r), is_deleted(r)) for i, r in rs.items()} for t, rs in after_2.items()
        }
        return data, conflict_facts([*plan_1.conflicts, *plan_2.conflicts])

    assert merge((base_a, laptop_a), (base_b, laptop_b)) == merge(
        (base_b, laptop_b), (base_a, laptop_a)
    )


@PROPERTY
@given(office_snapshot(), st.data())
def test_export_then_import_without_edits_changes_nothing(
    snapshot: Rows, data: st.DataObject
) -> None:
    chosen = {key for key in sorted(keys(snapshot)) if data.draw(st.booleans())}
    base = restrict(snapshot, with_parents(snapshot, chosen))
    laptop = copy.deepcopy(base)
    # Whatever the office did since the export (it never hard-deletes).
    office = data.draw(edits(snapshot, clock=Clock(OFFICE_CLOCK), new_ids=OFFICE_NEW))
    for target in (snapshot, office):
        merge = plan(base, laptop, target)
        assert merge.is_empty and not merge.already_recorded
        assert merge.summary.unchanged == len(keys(base))
        assert apply_plan_in_memory(target, merge) == target


def shift_clock(rows: Tables, delta: timedelta, revisions: Callable[[], int]) -> Rows:
    shifted: Rows = {}
    for table, table_rows in rows.items():
        shifted[table] = {}
        for row_id, row in table_rows.items():
            new = copy.deepcopy(dict(row))
            for name in ("created_at", "updated_at", "deleted_at"):
                if new.get(name) is not None:
                    new[name] = (datetime.fromisoformat(new[name]) + delta).isoformat()
            new["revision"] = revisions()
            shifted[table][row_id] = new
    return shifted


@PROPERTY
@given(
    scenarios(),
    st.timedeltas(min_value=timedelta(days=-4000), max_value=timedelta(days=4000)),
    st.randoms(use_true_random=False),
)
def test_shifting_the_laptop_clock_changes_nothing(s: Scenario, delta: timedelta, rnd: Any) -> None:
    # Revisions are not compared either: scramble them too.
    shifted = shift_clock(s.laptop, delta, lambda: rnd.randint(1, 50))
    assert plan(s.base, shifted, s.office) == plan(s.base, s.laptop, s.office)


@PROPERTY
@given(scenarios(), st.data())
def test_a_failing_step_leaves_the_office_unchanged(s: Scenario, data: st.DataObject) -> None:
    merge = plan(s.base, s.laptop, s.office)
    before = copy.deepcopy(s.office)
    existing = sorted(keys(s.office))
    bad: list[RowInsert | RowUpdate] = [RowUpdate(PARENT, uid(0xDEAD), {"a": "x"})]
    if existing:
        table, row_id = data.draw(st.sampled_from(existing))
        bad += [
            RowInsert(table, row_id, {"id": row_id}),
            RowUpdate(table, row_id, {}, delete=True, expected_revision=-1),
        ]
    where = data.draw(st.integers(0, len(merge.steps)))
    steps = list(merge.steps)
    steps.insert(where, data.draw(st.sampled_from(bad)))
    with pytest.raises(MergeInputError):
        apply_plan_in_memory(s.office, replace(merge, steps=tuple(steps)))
    assert s.office == before


# --- examples on the real tables -----------------------------------------------------------

NOW = "2024-05-01T08:00:00+00:00"
LATER = "2030-01-01T00:00:00+00:00"  # a laptop clock years ahead: it must not matter
VISIT, MEETING, OTHER_MEETING = uid(1), uid(2), uid(3)
STATEMENTS = [uid(10 + i) for i in range(3)]
DECISION = uid(20)
NEW_MEETING = uid(30)


def real(row_id: str, **fields: Any) -> dict[str, Any]:
    return {
        "id": row_id,
        "created_at": NOW,
        "updated_at": NOW,
        "revision": 1,
        "deleted_at": None,
        **fields,
    }


def meeting_row(row_id: str, number: str, **fields: Any) -> dict[str, Any]:
    values = {
        "number": number,
        "number_provisional": number.startswith("T"),
        "title": "دیدار با معاون کنسولی",
        "date": "2021-02-04",
        "start_time": None,
        "end_time": None,
        "place": "اصفهان",
        "kind": "official",
        "classification": "normal",
        "visit_id": VISIT,
        "organization_id": None,
        "partnership_id": None,
        "summary": "",
        "is_final": False,
        "finalized_at": None,
        "finalized_by": "",
    }
    return real(row_id, **{**values, **fields})


def statement_row(row_id: str, meeting_id: str, position: int, text: str) -> dict[str, Any]:
    return real(row_id, meeting_id=meeting_id, speaker_id=None, position=position, text=text)


def office_db() -> Rows:
    return {
        "visit": {
            VISIT: real(VISIT, number="1399-007", number_provisional=False, title="سفر به تهران")
        },
        "meeting": {
            MEETING: meeting_row(MEETING, "1399-041"),
            OTHER_MEETING: meeting_row(OTHER_MEETING, "1399-042", title="جلسه دیگر"),
        },
        "statement": {STATEMENTS[0]: statement_row(STATEMENTS[0], MEETING, 1, "شهروند دیپلمات")},
    }


def touch(row: dict[str, Any], **changes: Any) -> None:
    row.update(changes)
    row["revision"] += 1
    row["updated_at"] = LATER


def real_package() -> tuple[Rows, Rows]:
    base = copy.deepcopy(office_db())
    base["meeting"].pop(OTHER_MEETING)
    return base, copy.deepcopy(base)


def test_new_records_get_office_numbers_and_come_in_parents_first() -> None:
    base, laptop = real_package()
    laptop["meeting"][NEW_MEETING] = meeting_row(
        NEW_MEETING, "T1399-4F2A9C", title="دیدار با شهردار فلورانس"
    )
    laptop["statement"] = {
        STATEMENTS[2]: statement_row(STATEMENTS[2], NEW_MEETING, 2, "خواهرخواندگی"),
        STATEMENTS[1]: statement_row(STATEMENTS[1], NEW_MEETING, 1, "گشایش"),
        **laptop["statement"],
    }
    laptop["decision"] = {
        DECISION: real(
            DECISION,
            meeting_id=NEW_MEETING,
            number=1,
            text="پیگیری",
            owner_person_id=None,
            owner_unit_id=None,
            due_date=None,
        ),
    }
    office = office_db()
    merge = plan_merge(base, laptop, office)
    assert [(s.table, s.id) for s in merge.steps] == [
        ("meeting", NEW_MEETING),
        ("statement", STATEMENTS[1]),
        ("statement", STATEMENTS[2]),
        ("decision", DECISION),
    ]
    first = merge.inserts[0]
    assert first.provisional_number == "T1399-4F2A9C"
    # A decision's number is its place in the meeting, not a short number.
    assert all(step.provisional_number is None for step in merge.inserts[1:])
    assert "created_at" not in first.values and first.values["id"] == NEW_MEETING
    assert merge.summary.new == 4 and merge.summary.conflicts == 0

    merged = apply_plan_in_memory(office, merge)
    new = merged["meeting"][NEW_MEETING]
    assert (new["number"], new["number_provisional"]) == ("1399-043", False)
    assert merged["statement"][STATEMENTS[1]]["meeting_id"] == NEW_MEETING
    assert office == office_db()  # the input is not touched

    # Importing the same package again: the office number stands, nothing else happens.
    again = plan_merge(base, laptop, merged)
    assert again.is_empty and again.summary.unchanged == 7


def test_a_row_deleted_on_the_laptop_and_edited_in_the_office_stays_and_is_flagged() -> None:
    base, laptop = real_package()
    touch(laptop["meeting"][MEETING], deleted_at=LATER)
    office = office_db()
    touch(office["meeting"][MEETING], place="تهران")
    merge = plan_merge(base, laptop, office)
    assert merge.steps == ()
    [conflict] = merge.conflicts
    assert conflict == Conflict(
        "meeting", MEETING, "deleted_at", "delete-vs-edit", False, False, True
    )
    assert merge.summary.kept == 1 and merge.summary.conflicts == 1
    assert not is_deleted(apply_plan_in_memory(office, merge)["meeting"][MEETING])


def test_a_row_deleted_in_the_office_and_edited_on_the_laptop_comes_back_flagged() -> None:
    base, laptop = real_package()
    touch(laptop["meeting"][MEETING], summary="دیدار درباره ایرانیان مقیم خارج")
    office = office_db()
    touch(office["meeting"][MEETING], deleted_at=NOW)
    merge = plan_merge(base, laptop, office)
    [update] = merge.updates
    assert update.restore and not update.delete
    assert update.changes == {"summary": "دیدار درباره ایرانیان مقیم خارج"}
    assert update.expected_revision == 2
    [conflict] = merge.conflicts
    assert (conflict.kind, conflict.office_value, conflict.laptop_value) == (
        "delete-vs-edit",
        True,
        False,
    )
    merged = apply_plan_in_memory(office, merge)
    assert (
        not is_deleted(merged["meeting"][MEETING]) and merged["meeting"][MEETING]["revision"] == 3
    )

    # The office looks at the conflict and deletes the meeting again: a re-import of the
    # same package does not bring it back a second time.
    touch(merged["meeting"][MEETING], deleted_at=NOW)
    again = plan_merge(base, laptop, merged, recorded={conflict.key})
    assert again.is_empty and again.already_recorded == (conflict,)


def test_a_statement_added_to_a_meeting_the_office_deleted_brings_the_meeting_back() -> None:
    base, laptop = real_package()
    laptop["statement"][STATEMENTS[1]] = statement_row(STATEMENTS[1], MEETING, 2, "بارسلونا")
    office = office_db()
    touch(office["meeting"][MEETING], deleted_at=NOW)
    merge = plan_merge(base, laptop, office)
    assert [(type(s).__name__, s.table) for s in merge.steps] == [
        ("RowUpdate", "meeting"),
        ("RowInsert", "statement"),
    ]
    assert merge.updates[0].restore and merge.updates[0].changes == {}
    assert [c.field for c in merge.conflicts] == ["deleted_at"]


def test_a_row_deleted_on_the_laptop_only_is_deleted() -> None:
    base, laptop = real_package()
    touch(laptop["statement"][STATEMENTS[0]], deleted_at=LATER)
    office = office_db()
    touch(office["meeting"][MEETING], place="تهران")  # another row: no matter
    merge = plan_merge(base, laptop, office)
    assert merge.updates == (
        RowUpdate("statement", STATEMENTS[0], {}, delete=True, expected_revision=1),
    )
    merged = apply_plan_in_memory(office, merge)
    assert merged["statement"][STATEMENTS[0]]["deleted_at"] == MERGE_TIME  # the office's time
    assert merge.summary == replace(merge.summary, new=0, changed=1, conflicts=0, unchanged=2)


def test_the_same_edit_on_both_sides_is_not_a_conflict_and_different_ones_are() -> None:
    base, laptop = real_package()
    office = office_db()
    touch(laptop["meeting"][MEETING], title="دیدار شهردار اصفهان", place="تهران", summary="سه")
    touch(office["meeting"][MEETING], title="دیدار شهردار اصفهان", place="وزارت امور خارجه")
    merge = plan_merge(base, laptop, office)
    assert merge.updates == (RowUpdate("meeting", MEETING, {"summary": "سه"}, expected_revision=2),)
    assert merge.conflicts == (
        Conflict("meeting", MEETING, "place", "field", "اصفهان", "وزارت امور خارجه", "تهران"),
    )
    merged = apply_plan_in_memory(office, merge)["meeting"][MEETING]
    assert (merged["title"], merged["place"], merged["summary"]) == (
        "دیدار شهردار اصفهان",
        "وزارت امور خارجه",
        "سه",
    )


def test_summary_counts_a_mixed_package() -> None:
    base, laptop = real_package()
    office = office_db()
    laptop["statement"][STATEMENTS[1]] = statement_row(STATEMENTS[1], MEETING, 2, "کوالالامپور")
    touch(laptop["statement"][STATEMENTS[0]], text="حیدرآباد چهاردهمین")
    touch(office["statement"][STATEMENTS[0]], text="حیدرآباد")
    touch(laptop["meeting"][MEETING], summary="خلاصه")
    summary = plan_merge(base, laptop, office).summary
    assert (summary.new, summary.changed, summary.conflicts, summary.unchanged, summary.kept) == (
        1,
        1,
        1,
        2,
        0,
    )


def test_json_equality_is_strict() -> None:
    assert canonical(1) != canonical(True) and canonical(1) != canonical(1.0)
    assert canonical({"b": 1, "a": 2}) == canonical({"a": 2, "b": 1})
    with pytest.raises(MergeInputError):
        canonical(date(2024, 1, 1))  # rows must be encoded first


def test_bad_input_is_refused() -> None:
    base, laptop = real_package()
    with pytest.raises(MergeInputError):
        plan_merge(base, {**laptop, "no_such_table": {}}, office_db())
    laptop["meeting"][MEETING]["id"] = uid(99)
    with pytest.raises(MergeInputError):
        plan_merge(base, laptop, office_db())
    with pytest.raises(MergeInputError):
        index_tables({"meeting": [{"id": MEETING}, {"id": MEETING}]})


def test_stale_plans_are_refused() -> None:
    base, laptop = real_package()
    touch(laptop["meeting"][MEETING], summary="خلاصه")
    office = office_db()
    merge = plan_merge(base, laptop, office)
    touch(office["meeting"][MEETING], place="تهران")  # after the summary was shown
    with pytest.raises(MergeInputError):
        apply_plan_in_memory(office, merge)


def test_schema_defaults_come_from_the_domain() -> None:
    order = schema_table_order()
    assert order[0] == "unit" and order.index("meeting") < order.index("statement")
    assert ("meeting_id", "meeting") in schema_references()["statement"]
    assert all(target != "blob" for refs in schema_references().values() for _c, target in refs)


def test_rows_as_exported_from_a_real_database_merge(db: Database) -> None:
    meeting = records.create_row(
        db, Meeting, {"title": "دیدار", "date": date(2021, 2, 4), "kind": "official"}
    )
    tables = index_tables(export_data(db)["tables"])
    base = {"meeting": tables["meeting"]}
    laptop = copy.deepcopy(base)
    office = copy.deepcopy(base)
    row_id = str(meeting.id)
    touch(laptop["meeting"][row_id], title="دیدار با معاون وزیر")
    touch(office["meeting"][row_id], place="تهران")
    merge = plan_merge(base, laptop, office)
    assert merge.updates == (
        RowUpdate("meeting", row_id, {"title": "دیدار با معاون وزیر"}, expected_revision=2),
    )
    assert merge.conflicts == ()


def test_an_imported_record_edited_in_the_office_then_imported_again_conflicts_not_overwrites() -> (
    None
):
    base, laptop = real_package()
    laptop["meeting"][NEW_MEETING] = meeting_row(NEW_MEETING, "T1399-00AA11", summary="پیش‌نویس")
    office = apply_plan_in_memory(office_db(), plan_merge(base, laptop, office_db()))
    touch(office["meeting"][NEW_MEETING], summary="نهایی")
    # Without a base nobody knows which side changed the summary: the office value stays,
    # the laptop's is kept in a conflict; the office number is not a difference.
    merge = plan_merge(base, laptop, office)
    assert merge.steps == ()
    assert merge.conflicts == (
        Conflict("meeting", NEW_MEETING, "summary", "field", None, "نهایی", "پیش‌نویس", False),
    )


def test_rows_missing_from_one_side_are_never_taken_as_deletions() -> None:
    base, laptop = real_package()
    del laptop["statement"][STATEMENTS[0]]  # a package that lost a row deletes nothing
    office = office_db()
    del office["meeting"][MEETING]  # an office that lost a row gets it back
    merge = plan_merge(base, laptop, office)
    assert [(type(s).__name__, s.table) for s in merge.steps] == [("RowInsert", "meeting")]
    assert merge.inserts[0].provisional_number is None  # it keeps its office number
    merged = apply_plan_in_memory(office, merge)
    assert merged["meeting"][MEETING]["number"] == "1399-041"
    assert not is_deleted(merged["statement"][STATEMENTS[0]])


def test_a_record_created_and_deleted_on_the_laptop_comes_in_as_a_tombstone() -> None:
    base, laptop = real_package()
    laptop["meeting"][NEW_MEETING] = meeting_row(NEW_MEETING, "T1399-00AA11", deleted_at=LATER)
    merge = plan_merge(base, laptop, office_db())
    [insert] = merge.inserts
    assert insert.deleted and insert.provisional_number == "T1399-00AA11"
    row = apply_plan_in_memory(office_db(), merge)["meeting"][NEW_MEETING]
    assert row["deleted_at"] == MERGE_TIME and row["number"] == "1399-043"
