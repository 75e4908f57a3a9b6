"""Persian alphabetical order everywhere names are listed: the GUI's lists (sorted and
paged in SQL through the stored sort keys), pickers, the CLI's `list`, Excel exports and
the follow-up report. Code-point order put پ چ ژ گ after ی."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import text

from peyvand.cli import main
from peyvand.domain import Action, Organization, Partnership, Person, Unit
from peyvand.services import choices, lists, records
from peyvand.services.clock import FixedClock
from peyvand.services.excel_export import export_list
from peyvand.services.listing import list_lines
from peyvand.services.lists import ListQuery
from peyvand.storage.database import Database

pytestmark = pytest.mark.both_engines

CLOCK = FixedClock(dt.datetime(2026, 11, 26, 9, 0, tzinfo=dt.UTC))
# In Persian order; shuffled when written. Code-point order would be ب ی پ چ ژ گ.
NAMES = ["بیژن", "پروین", "جواد", "چنگیز", "زهرا", "ژاله", "کاوه", "گلناز", "یاسمن"]
WRITE_ORDER = [NAMES[i] for i in (8, 5, 1, 7, 0, 3, 6, 2, 4)]


@pytest.fixture
def people_db(db: Database) -> Database:
    units = {}
    for name in ("واحد گردشگری", "واحد پژوهش", "واحد ورزش", "واحد بازرگانی"):
        units[name] = records.create_row(db, Unit, {"name": name}).id
    for index, name in enumerate(WRITE_ORDER):
        org = records.create_row(db, Organization, {"name": f"{name} و شرکا", "city": name})
        unit = list(units.values())[index % len(units)]
        person = records.create_row(
            db, Person, {"name": name, "organization_id": org.id, "unit_id": unit}
        )
        records.create_row(db, Partnership, {"partner_city": name, "partner_country": name})
        records.create_row(
            db,
            Action,
            {
                "title": f"{name} پیگیری",
                "owner_person_id": person.id,
                "unit_id": unit,
                "due_date": dt.date(2026, 12, 1),
            },
        )
    return db


def _column(db: Database, kind: str, key: str, *, descending: bool = False) -> list[str]:
    query = ListQuery(kind, sort=key, descending=descending)
    # Two pages, so that paging in SQL keeps the order across the boundary.
    rows = lists.page(db, query, 0, 4, clock=CLOCK) + lists.page(db, query, 4, 100, clock=CLOCK)
    return [str(r.values[key]) for r in rows]


def test_gui_lists_sort_and_page_in_persian_order(people_db: Database) -> None:
    db = people_db
    assert _column(db, "people", "name") == NAMES
    assert _column(db, "people", "name", descending=True) == NAMES[::-1]
    assert _column(db, "people", "organization") == [f"{n} و شرکا" for n in NAMES]
    assert _column(db, "organizations", "name") == [f"{n} و شرکا" for n in NAMES]
    assert _column(db, "organizations", "city") == NAMES
    assert _column(db, "partnerships", "partner_city") == NAMES
    assert _column(db, "partnerships", "partner_country") == NAMES
    assert _column(db, "actions", "owner") == NAMES
    assert _column(db, "actions", "title") == [f"{n} پیگیری" for n in NAMES]
    units = _column(db, "actions", "unit")
    assert list(dict.fromkeys(units)) == [
        "واحد بازرگانی", "واحد پژوهش", "واحد گردشگری", "واحد ورزش",
    ]  # fmt: skip
    # The default sort of the address book is by name, through the list-order index.
    ids = lists.ordered_ids(db, ListQuery("people"), clock=CLOCK)
    assert ids == [r.id for r in lists.page(db, ListQuery("people"), 0, 100, clock=CLOCK)]


@pytest.mark.sqlite_only
@pytest.mark.parametrize(("table", "index"), [
    ("person", "ix_person_live_name_sort"),
    ("organization", "ix_organization_live_name_sort"),
])  # fmt: skip
def test_the_name_order_is_read_from_the_list_order_index(
    people_db: Database, table: str, index: str
) -> None:
    kind = {"person": "people", "organization": "organizations"}[table]
    statement, _spec = lists._ordered(people_db, ListQuery(kind), CLOCK.at.date())
    sql = str(statement.limit(50).compile(compile_kwargs={"literal_binds": True}))
    with people_db.read_engine.connect() as conn:
        plan = " ".join(str(r[-1]) for r in conn.execute(text(f"EXPLAIN QUERY PLAN {sql}")))
    assert index in plan
    assert "TEMP B-TREE" not in plan


def test_pickers_and_filters_list_in_persian_order(people_db: Database) -> None:
    assert [c.label for c in choices.people(people_db)] == NAMES
    assert [c.label for c in choices.organizations(people_db)] == [f"{n} و شرکا" for n in NAMES]
    assert [c.label for c in choices.units(people_db)] == [
        "واحد بازرگانی", "واحد پژوهش", "واحد گردشگری", "واحد ورزش",
    ]  # fmt: skip


def test_cli_list_is_in_persian_order(
    people_db: Database, capsys: pytest.CaptureFixture[str]
) -> None:
    assert [line.title for line in list_lines(people_db, "people")] == NAMES
    assert [line.title for line in list_lines(people_db, "partnerships")] == NAMES
    assert main(["list", "organizations", "--db", people_db.location]) == 0
    out = capsys.readouterr().out
    positions = [out.index(f"{n} و شرکا") for n in NAMES]
    assert positions == sorted(positions)


def test_excel_export_keeps_the_persian_order(people_db: Database, tmp_path: Path) -> None:
    out = tmp_path / "people.xlsx"
    export_list(people_db, ListQuery("people", sort="name"), out, {"name": "نام"}, clock=CLOCK)
    sheet = load_workbook(out).active
    assert sheet is not None
    assert [row[0].value for row in sheet.iter_rows(min_row=2)] == NAMES
