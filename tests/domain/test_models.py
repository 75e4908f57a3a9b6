"""The domain model: sync columns everywhere, frozen detached rows, table order, protection."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
import sqlalchemy
from sqlalchemy import inspect as sa_inspect
from sqlalchemy import text
from sqlalchemy.exc import NoInspectionAvailable

from peyvand.domain import (
    BY_TABLE,
    SPECS,
    SYNCED_TABLES,
    Action,
    Blob,
    Meeting,
    Organization,
    Partnership,
    Person,
    Visit,
    protected_fields,
)
from peyvand.domain.base import SYNC_FIELDS, RowBase, SyncColumns, sort_keys
from peyvand.domain.directory import PersonData
from peyvand.domain.types import UTCDateTime
from peyvand.services import records
from peyvand.storage.database import Database

SYNC_COLUMNS = {"id", "created_at", "updated_at", "revision", "deleted_at"}
TABLE_IDS = [str(m.__tablename__) for m in SYNCED_TABLES]


def test_sync_fields_are_the_five_columns() -> None:
    assert set(SYNC_FIELDS) == SYNC_COLUMNS


@pytest.mark.parametrize("model", SYNCED_TABLES, ids=TABLE_IDS)
def test_every_synced_table_has_the_sync_columns(model: type[SyncColumns]) -> None:
    table = sa_inspect(model).local_table
    columns = {c.name: c for c in table.columns}
    assert set(columns) >= SYNC_COLUMNS
    assert [c.name for c in table.primary_key.columns] == ["id"]
    assert columns["created_at"].nullable is False
    assert columns["updated_at"].nullable is False
    assert columns["revision"].nullable is False
    assert columns["deleted_at"].nullable is True
    assert isinstance(columns["created_at"].type, UTCDateTime)
    assert isinstance(columns["deleted_at"].type, UTCDateTime)


def test_sync_columns_exist_in_the_migrated_database(db: Database) -> None:
    with db.engine.connect() as conn:
        for name in TABLE_IDS:
            cols = {r[1]: r for r in conn.execute(text(f"PRAGMA table_info({name})"))}
            assert set(cols) >= SYNC_COLUMNS, name
            assert cols["id"][5] == 1, f"{name}.id is not the primary key"
            assert cols["revision"][3] == 1, f"{name}.revision is nullable"


def test_new_rows_get_a_random_uuid_and_utc_timestamps() -> None:
    a, b = Organization(name="الف"), Organization(name="ب")
    assert isinstance(a.id, uuid.UUID) and a.id != b.id
    assert a.id.version == 4
    assert a.revision == 1
    assert a.deleted_at is None
    assert a.created_at.utcoffset() == dt.timedelta(0)


def test_by_table_and_specs_cover_every_synced_table() -> None:
    assert set(BY_TABLE) == set(TABLE_IDS)
    assert all(
        BY_TABLE[name] is model for name, model in zip(TABLE_IDS, SYNCED_TABLES, strict=True)
    )
    # Blob is immutable content without an editor; everything else has a spec.
    assert set(SPECS) == set(SYNCED_TABLES) - {Blob}


def test_synced_tables_list_parents_before_children() -> None:
    position = {name: i for i, name in enumerate(TABLE_IDS)}
    for model in SYNCED_TABLES:
        own = str(model.__tablename__)
        for column in sa_inspect(model).local_table.columns:
            for fk in column.foreign_keys:
                parent = fk.column.table.name
                if parent == own:
                    # A row pointing at another of its table (a reply at the letter it
                    # answers) is checked at commit, whatever order an import writes.
                    assert fk.deferrable and fk.initially == "DEFERRED", f"{own}.{column.name}"
                    continue
                assert position[parent] < position[own], f"{own}.{column.name} -> {parent}"


@pytest.mark.parametrize("model", list(SPECS), ids=[str(m.__tablename__) for m in SPECS])
def test_row_classes_are_frozen_and_hold_every_column(model: type[SyncColumns]) -> None:
    data_cls, row_cls = SPECS[model]
    assert issubclass(row_cls, RowBase)
    assert row_cls.model_config.get("frozen") is True
    assert row_cls.model_config.get("from_attributes") is True
    table_columns = {c.key for c in sa_inspect(model).local_table.columns}
    # Sort keys are storage's derived data: neither editable nor returned.
    derived = set(sort_keys(model))
    assert table_columns - derived <= set(row_cls.model_fields), model
    assert not (derived & (set(row_cls.model_fields) | set(data_cls.model_fields)))
    assert set(data_cls.model_fields) <= table_columns
    assert not (set(data_cls.model_fields) & SYNC_COLUMNS)


def test_a_row_built_from_an_orm_object_is_plain_and_frozen(db: Database) -> None:
    with db.session() as session:
        orm = records.create(session, Person, {"name": "علی", "tags": ["شهروند دیپلمات"]})
        row = records.to_row(orm)
        assert sa_inspect(orm) is not None
    assert type(row) is SPECS[Person][1]
    assert not isinstance(row, Person)
    assert not hasattr(row, "_sa_instance_state")
    with pytest.raises(NoInspectionAvailable):
        sa_inspect(row)
    assert row.name == "علی"
    assert row.tags == ["شهروند دیپلمات"]
    with pytest.raises(Exception):  # noqa: B017 - pydantic's frozen-instance error
        row.name = "دیگر"
    # Readable long after its session closed, with nothing lazy left to load.
    assert row.model_dump()["name"] == "علی"


def test_protected_fields_are_the_use_case_columns() -> None:
    assert protected_fields(Meeting) == {
        "number", "number_provisional", "is_final", "finalized_at", "finalized_by"
    }
    assert protected_fields(Action) == {"number", "number_provisional", "status", "completed_on"}
    # A visit's and a partnership's status are ordinary editable fields.
    assert protected_fields(Visit) == {"number", "number_provisional"}
    assert protected_fields(Partnership) == frozenset()
    for model in (Meeting, Action, Visit, Person):
        assert not (protected_fields(model) & {"title", "name", "date", "text", "due_date"})


def test_persian_text_columns_that_lists_sort_by_have_sort_keys() -> None:
    assert sort_keys(Person) == {
        "name_sort": "name", "title_sort": "title", "country_sort": "country"
    }
    assert sort_keys(Organization) == {
        "name_sort": "name", "city_sort": "city", "country_sort": "country"
    }
    assert set(sort_keys(Partnership).values()) == {"partner_city", "partner_country"}
    assert set(sort_keys(Meeting).values()) == {"title", "place"}
    assert set(sort_keys(Visit).values()) == {"title", "city"}
    assert set(sort_keys(Action).values()) == {"title"}


def test_data_models_normalize_typed_strings() -> None:
    data = PersonData(name=" علي  كاظمي ", tags=["شهروند ديپلمات"], email=" a@b.org ")
    assert data.name == "علی کاظمی"
    assert data.tags == ["شهروند دیپلمات"]
    assert data.email == "a@b.org"


def test_utc_datetime_refuses_naive_datetimes_and_returns_aware_ones() -> None:
    column_type = UTCDateTime()
    dialect = sqlalchemy.create_engine("sqlite://").dialect
    with pytest.raises(ValueError, match="naive"):
        column_type.process_bind_param(dt.datetime(2021, 2, 4, 10, 0), dialect)
    tehran = dt.timezone(dt.timedelta(hours=3, minutes=30))
    stored = column_type.process_bind_param(dt.datetime(2021, 2, 4, 13, 30, tzinfo=tehran), dialect)
    assert stored == dt.datetime(2021, 2, 4, 10, 0)
    loaded = column_type.process_result_value(stored, dialect)
    assert loaded == dt.datetime(2021, 2, 4, 10, 0, tzinfo=dt.UTC)
    assert column_type.process_bind_param(None, dialect) is None
