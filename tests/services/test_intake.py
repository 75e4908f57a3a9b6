"""The checks every import runs on its input: strict, bounded JSON and row content.

Rows are built as transfer's export writes them, from a real database (no mocks); a
hostile value is then put into one field and the checks must name it.
"""

from __future__ import annotations

import copy
import json
import math
import shutil
import uuid
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from peyvand.domain import (
    SYNCED_TABLES,
    Attachment,
    Blob,
    Meeting,
    Organization,
    Person,
    Unit,
    Visit,
    VisitMember,
)
from peyvand.domain.base import sort_keys
from peyvand.domain.errors import PeyvandError, ValidationError
from peyvand.domain.limits import ATTACHMENT_MAX_BYTES, TAG_MAX, TAGS_MAX
from peyvand.services import intake, records, transfer
from peyvand.services.demo import load_demo
from peyvand.services.intake import ImportRowError, RowLimits, check_row, check_tables, load_json
from peyvand.storage.database import Database

PROPERTY = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
LONE_SURROGATE = "\ud800"


@pytest.fixture(scope="module")
def exported(
    tmp_path_factory: pytest.TempPathFactory, migrated_template: Path
) -> dict[str, list[dict[str, Any]]]:
    """One valid row in most tables, in transfer's JSON encoding (as a file holds them)."""
    path = tmp_path_factory.mktemp("intake") / "rows.sqlite3"
    shutil.copyfile(migrated_template, path)
    db = Database.open(path)
    try:
        return _fill(db)
    finally:
        db.close()


@pytest.fixture
def tables(exported: dict[str, list[dict[str, Any]]]) -> dict[str, list[dict[str, Any]]]:
    return copy.deepcopy(exported)


def _fill(db: Database) -> dict[str, list[dict[str, Any]]]:
    with db.session() as s:
        unit = records.create(s, Unit, {"name": "واحد", "code": "U1"})
        org = records.create(s, Organization, {"name": "شهرداری استانبول"})
        person = records.create(
            s, Person, {"name": "مهدی رضایی", "unit_id": unit.id, "organization_id": org.id,
                        "tags": ["مهمان"]},
        )
        visit = records.create(s, Visit, {"title": "سفر هیئت"})
        records.create(s, VisitMember, {"visit_id": visit.id, "person_id": person.id})
        meeting = records.create(s, Meeting, {"title": "جلسه", "date": date(2024, 5, 1)})
        blob = Blob(sha256="ab" * 32, size=3, data=b"abc")
        s.add(blob)
        s.flush()
        records.create(s, Attachment, {"blob_sha256": blob.sha256, "name": "a.pdf",
                                       "meeting_id": meeting.id})
    exported: dict[str, list[dict[str, Any]]] = transfer.export_data(db)["tables"]
    return exported


def _problem(tables: dict[str, list[dict[str, Any]]]) -> PeyvandError:
    with pytest.raises(PeyvandError) as info:
        check_tables(tables)
    return info.value


def _row_problem(
    tables: dict[str, list[dict[str, Any]]], table: str, field: str, value: Any
) -> tuple[str, str]:
    """Put ``value`` into ``table``'s first row; return (cause id, field) of the refusal."""
    tables[table][0][field] = value
    error = _problem(tables)
    assert isinstance(error, ImportRowError), error
    assert (error.msg_id, error.params["table"], error.params["index"]) == (
        "import.bad_row", table, 1)
    return error.cause.msg_id, error.params["field"]


# --- load_json -------------------------------------------------------------------------------


def _json_error(text: str, **kwargs: Any) -> PeyvandError:
    with pytest.raises(PeyvandError) as info:
        load_json(text, "x.json", **kwargs)
    assert "x.json" in str(info.value)
    return info.value


@pytest.mark.parametrize("depth", [intake.MAX_JSON_DEPTH + 1, 1_000, 100_000])
@pytest.mark.parametrize(("opening", "closing"), [("[", "]"), ('{"a":', "}")])
def test_deep_nesting_is_refused_cleanly(depth: int, opening: str, closing: str) -> None:
    # 100,000 levels would overflow the parser's recursion; it must not even get there.
    error = _json_error(opening * depth + "1" + closing * depth)
    assert error.msg_id == "import.too_deep"
    assert error.params["limit"] == intake.MAX_JSON_DEPTH
    assert "Recursion" not in str(error)


def test_nesting_up_to_the_limit_is_read() -> None:
    depth = intake.MAX_JSON_DEPTH
    assert load_json("[" * depth + "]" * depth, "x.json") is not None


def test_brackets_and_commas_inside_strings_do_not_count() -> None:
    text = json.dumps(["[" * 500, "{" * 500, "]]]}}}", ",,,,,,,,,,", 'a "quoted" \\ [[['])
    assert load_json(text, "x.json", max_values=5)[0] == "[" * 500


def test_unclosed_string_full_of_brackets_is_not_json() -> None:
    error = _json_error('["' + "[" * 100 + "]")
    assert (error.msg_id, error.params["detail"]) == ("import.not_json", "a string is not closed")


def test_brackets_that_do_not_match_are_located_by_the_parser() -> None:
    error = _json_error('{"tables": {"unit": [1, 2}]}')
    assert error.msg_id == "import.not_json"
    assert "line 1, column 26" in error.params["detail"]


@pytest.mark.parametrize(
    "text",
    [
        "[" * 50 + "}" * 50,  # mismatched, but the parser would first go 50 deep
        "[[]" * 40 + "]" * 40,  # deep without a long run of opening brackets
        "[[]" * 40 + "}" * 40,
    ],
)
def test_deep_and_broken_is_too_deep(text: str) -> None:
    assert _json_error(text).msg_id == "import.too_deep"


def test_too_many_values_are_refused_before_parsing() -> None:
    error = _json_error("[" + ",".join(["{}"] * 10) + "]", max_values=5)
    assert (error.msg_id, error.params["limit"]) == ("import.too_many_values", 5)
    assert load_json("[" + ",".join(["{}"] * 4) + "]", "x.json", max_values=5) == [{}] * 4


@pytest.mark.parametrize(
    ("text", "msg_id"),
    [
        ("[NaN]", "import.not_json"),
        ("[Infinity]", "import.not_json"),
        ("[-Infinity]", "import.not_json"),
        ("[1e999]", "import.bad_number"),
        ("[-1e999]", "import.bad_number"),
        ("[123456789012345678901]", "import.bad_number"),  # 21 digits
        ("[" + "9" * 5000 + "]", "import.bad_number"),  # above int()'s own digit limit
        ("[0." + "1" * 100 + "]", "import.bad_number"),
        ('{"id": 1, "id": 2}', "import.duplicate_key"),
        ('[{"a": {"b": 1, "b": 1}}]', "import.duplicate_key"),
        ("", "import.not_json"),
        ("[1, 2,]", "import.not_json"),
        ("{'single': 'quotes'}", "import.not_json"),
    ],
)
def test_strict_json(text: str, msg_id: str) -> None:
    assert _json_error(text).msg_id == msg_id


def test_numbers_within_sqlite_range_are_read() -> None:
    assert load_json("[-9223372036854775808, 9223372036854775807, 1.5]", "x.json") == [
        -(2**63), 2**63 - 1, 1.5]


def test_duplicate_key_is_named() -> None:
    error = _json_error('{"tables": {}, "tables": {}}')
    assert error.params["key"] == "tables"


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=intake.INT_MIN, max_value=intake.INT_MAX)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=30,
)


def _depth(value: Any) -> int:
    if isinstance(value, list):
        return 1 + max((_depth(v) for v in value), default=0)
    if isinstance(value, dict):
        return 1 + max((_depth(v) for v in value.values()), default=0)
    return 0


@PROPERTY
@given(json_values)
def test_any_json_within_the_limits_reads_back_as_written(value: Any) -> None:
    text = json.dumps(value, ensure_ascii=False)
    if _depth(value) > intake.MAX_JSON_DEPTH:
        return
    loaded = load_json(text, "x.json")
    assert json.dumps(loaded, ensure_ascii=False) == text


@PROPERTY
@given(st.text(alphabet='[]{}",:\\ 01ae-.\ud800\u202e', max_size=200) | st.text(max_size=200))
def test_any_text_is_read_or_refused_with_a_message(text: str) -> None:
    # Whatever a file holds, the only failure is a PeyvandError: no RecursionError,
    # no ValueError from int(), no MemoryError from a crafted structure.
    try:
        load_json(text, "x.json")
    except PeyvandError as exc:
        assert exc.msg_id.startswith("import.")
        assert "\n" not in str(exc)


# --- check_tables: counts ----------------------------------------------------------------


def test_a_real_export_passes(tables: dict[str, list[dict[str, Any]]]) -> None:
    check_tables(tables)


def test_rows_per_table_are_limited(tables: dict[str, list[dict[str, Any]]]) -> None:
    person = tables["person"][0]
    tables["person"] = [dict(person, id=str(uuid.uuid4())) for _ in range(3)]
    check_tables(tables, limits=RowLimits(per_table=3, total=100))
    with pytest.raises(PeyvandError) as info:
        check_tables(tables, limits=RowLimits(per_table=2, total=100))
    assert info.value.msg_id == "import.too_many_rows"
    assert info.value.params == {"table": "person", "count": 3, "limit": 2}
    assert "person holds 3 rows" in str(info.value)
    assert info.value.message("fa").startswith("جدول شخص ۳ ردیف دارد")


def test_rows_in_all_tables_are_limited(tables: dict[str, list[dict[str, Any]]]) -> None:
    total = sum(len(rows) for rows in tables.values())
    check_tables(tables, limits=RowLimits(per_table=100, total=total))
    with pytest.raises(PeyvandError) as info:
        check_tables(tables, limits=RowLimits(per_table=100, total=total - 1))
    assert info.value.msg_id == "import.too_many_rows_total"
    assert info.value.params == {"count": total, "limit": total - 1}


def test_counts_are_checked_before_any_row(
    tables: dict[str, list[dict[str, Any]]], monkeypatch: pytest.MonkeyPatch
) -> None:
    tables["unit"][0]["name"] = LONE_SURROGATE  # a bad row too, in the first table
    monkeypatch.setattr(intake, "MAX_ROWS_TOTAL", 1)
    assert _problem(tables).msg_id == "import.too_many_rows_total"


def test_unknown_table_and_table_not_a_list(tables: dict[str, list[dict[str, Any]]]) -> None:
    error = _problem({**tables, "audit_event\u202e\n": []})
    assert error.msg_id == "import.unknown_table"
    # Shown escaped: a name from a file must not break or reorder the message line.
    assert error.params["table"] == "audit_event\\u202e\\u000a"
    assert _problem({"unit": {"a": 1}}).msg_id == "import.table_not_list"  # type: ignore[dict-item]


# --- check_tables: one bad value ----------------------------------------------------------

FIELD_CASES = [
    # not valid Unicode: a lone surrogate from a "\ud800" escape
    pytest.param("person", "name", "مهدی" + LONE_SURROGATE, ("import.not_unicode", "name"),
                 id="lone-surrogate"),
    pytest.param("person", "tags", ["\udfff"], ("import.not_unicode", "tags"),
                 id="lone-surrogate-in-tag"),
    # text limits (domain.limits through the columns), counted as written in the file
    pytest.param("person", "name", "ن" * 201, ("field.too_long", "name"), id="name-too-long"),
    pytest.param("meeting", "summary", "x" * 20_001, ("field.too_long", "summary"),
                 id="text-too-long"),
    pytest.param("attachment", "name", "a" * 256, ("field.too_long", "name"),
                 id="file-name-too-long"),
    pytest.param("person", "tags", ["x" * (TAG_MAX + 1)], ("field.too_long", "tags"),
                 id="tag-too-long"),
    pytest.param("person", "tags", ["t"] * (TAGS_MAX + 1), ("import.too_many_items", "tags"),
                 id="too-many-tags"),
    pytest.param("meeting", "kind", "o" * 33, ("field.invalid", "kind"), id="enum-too-long"),
    # exact JSON types: what pydantic would coerce is refused
    pytest.param("person", "name", 5, ("import.expects_text", "name"), id="number-as-text"),
    pytest.param("person", "name", ["a"], ("import.expects_text", "name"), id="list-as-text"),
    pytest.param("visit_member", "position", "3", ("import.expects_integer", "position"),
                 id="text-as-integer"),
    pytest.param("visit_member", "position", 3.0, ("import.expects_integer", "position"),
                 id="float-as-integer"),
    pytest.param("visit_member", "position", True, ("import.expects_integer", "position"),
                 id="bool-as-integer"),
    pytest.param("visit_member", "is_head", 1, ("import.expects_boolean", "is_head"),
                 id="integer-as-bool"),
    pytest.param("visit_member", "is_head", "true", ("import.expects_boolean", "is_head"),
                 id="text-as-bool"),
    pytest.param("person", "tags", "مهمان", ("import.expects_text_list", "tags"),
                 id="text-as-list"),
    pytest.param("person", "tags", [1], ("import.expects_text_list", "tags"),
                 id="list-of-numbers"),
    pytest.param("person", "tags", {"a": "b"}, ("import.expects_text_list", "tags"),
                 id="object-as-list"),
    # integers SQLite cannot store
    pytest.param("unit", "revision", 2**63, ("field.out_of_range", "revision"),
                 id="int-above-64-bits"),
    pytest.param("visit_member", "position", -(2**63) - 1, ("field.out_of_range", "position"),
                 id="int-below-64-bits"),
    # UUIDs: one spelling only
    pytest.param("unit", "id", "3F2B8C1E-5D4A-4E0B-9A51-2C7D9E6F1A20", ("field.invalid", "id"),
                 id="uuid-uppercase"),
    pytest.param("unit", "id", "{3f2b8c1e-5d4a-4e0b-9a51-2c7d9e6f1a20}", ("field.invalid", "id"),
                 id="uuid-braces"),
    pytest.param("person", "unit_id", "3f2b8c1e5d4a4e0b9a512c7d9e6f1a20",
                 ("field.invalid", "unit_id"), id="uuid-without-dashes"),
    pytest.param("unit", "id", 12, ("field.invalid", "id"), id="uuid-as-number"),
    # dates and timestamps: the documented form, in range
    pytest.param("meeting", "date", "2024-5-1", ("field.invalid", "date"), id="date-short"),
    pytest.param("meeting", "date", "20240501", ("field.invalid", "date"), id="date-basic-iso"),
    pytest.param("meeting", "date", "2024-W18-3", ("field.invalid", "date"), id="date-week"),
    pytest.param("meeting", "date", "2024-02-30", ("field.invalid", "date"), id="no-such-day"),
    pytest.param("meeting", "date", "۲۰۲۴-۰۵-۰۱", ("field.invalid", "date"),
                 id="date-persian-digits"),
    pytest.param("meeting", "date", "1403-02-12", ("field.out_of_range", "date"),
                 id="jalali-as-gregorian"),
    pytest.param("meeting", "date", "9999-12-31", ("field.out_of_range", "date"),
                 id="date-at-the-end-of-time"),
    pytest.param("unit", "created_at", "2024-05-01T10:00:00", ("field.invalid", "created_at"),
                 id="naive-timestamp"),
    pytest.param("unit", "created_at", "2024-05-01 10:00:00+00:00",
                 ("field.invalid", "created_at"), id="timestamp-space"),
    pytest.param("unit", "created_at", "2024-05-01T10:00+00:00", ("field.invalid", "created_at"),
                 id="timestamp-without-seconds"),
    pytest.param("unit", "updated_at", "9999-12-31T23:59:59-14:00",
                 ("field.out_of_range", "updated_at"), id="timestamp-overflowing-utc"),
    pytest.param("unit", "updated_at", "0001-01-01T00:00:00+14:00",
                 ("field.out_of_range", "updated_at"), id="timestamp-year-one"),
    pytest.param("unit", "deleted_at", "2024-13-01T00:00:00Z", ("field.invalid", "deleted_at"),
                 id="timestamp-month-13"),
    pytest.param("meeting", "start_time", "10:00", ("field.invalid", "start_time"),
                 id="time-without-seconds"),
    pytest.param("meeting", "start_time", "10:00:00+03:30", ("field.invalid", "start_time"),
                 id="time-with-offset"),
    pytest.param("meeting", "start_time", "24:00:00", ("field.invalid", "start_time"),
                 id="time-24"),
    # nulls and missing fields
    pytest.param("meeting", "title", None, ("field.required", "title"), id="null-required"),
    pytest.param("unit", "name_en", None, ("field.invalid", "name_en"), id="null-not-nullable"),
    pytest.param("unit", "revision", None, ("field.required", "revision"), id="null-revision"),
    pytest.param("unit", "colour", "blue", ("field.invalid", "colour"), id="unknown-field"),
    # attachments' content
    pytest.param("blob", "data", "A" * (intake.MAX_BLOB_BASE64 + 4),
                 ("attachment.too_large", "data"), id="blob-over-the-attachment-limit"),
    pytest.param("blob", "size", ATTACHMENT_MAX_BYTES + 1, ("attachment.too_large", "size"),
                 id="blob-size-over-the-limit"),
    pytest.param("blob", "data", "YWJj\u0661", ("field.invalid", "data"), id="blob-not-ascii"),
]


@pytest.mark.parametrize(("table", "field", "value", "expected"), FIELD_CASES)
def test_bad_value_is_named(
    tables: dict[str, list[dict[str, Any]]],
    table: str,
    field: str,
    value: Any,
    expected: tuple[str, str],
) -> None:
    assert _row_problem(tables, table, field, value) == expected


@pytest.mark.parametrize("field", ["id", "created_at", "updated_at", "revision"])
def test_missing_sync_field(tables: dict[str, list[dict[str, Any]]], field: str) -> None:
    del tables["unit"][0][field]
    error = _problem(tables)
    assert isinstance(error, ImportRowError)
    assert (error.cause.msg_id, error.params["field"]) == ("field.required", field)


def test_row_that_is_not_an_object(tables: dict[str, list[dict[str, Any]]]) -> None:
    tables["unit"][0] = ["not", "a", "row"]  # type: ignore[call-overload]
    error = _problem(tables)
    assert isinstance(error, ImportRowError) and error.params["field"] == "row"


def test_keys_that_are_not_text(tables: dict[str, list[dict[str, Any]]]) -> None:
    # JSON keys are always text, but a trip package hands over Python mappings.
    tables["unit"][0][7] = "x"  # type: ignore[index]
    error = _problem(tables)
    assert isinstance(error, ImportRowError) and error.params["field"] == "7"


def test_the_row_position_is_counted_from_one(tables: dict[str, list[dict[str, Any]]]) -> None:
    person = tables["person"][0]
    tables["person"] = [person, dict(person, id=str(uuid.uuid4()), name=LONE_SURROGATE)]
    error = _problem(tables)
    assert isinstance(error, ImportRowError)
    assert (error.params["table"], error.params["index"]) == ("person", 2)
    assert str(error) == (
        "person row 2: Name holds text that is not valid Unicode "
        "(an unpaired surrogate such as \\ud800)."
    )
    assert error.message("fa") == "جدول شخص، ردیف ۲: نام متنی دارد که یونیکد معتبر نیست."


def test_duplicate_ids_within_a_table(tables: dict[str, list[dict[str, Any]]]) -> None:
    tables["person"].append(copy.deepcopy(tables["person"][0]))
    error = _problem(tables)
    assert (error.msg_id, error.params["table"], error.params["id"]) == (
        "import.duplicate_id", "person", tables["person"][0]["id"])


def test_the_same_id_in_two_tables_is_not_a_duplicate(
    tables: dict[str, list[dict[str, Any]]],
) -> None:
    tables["organization"][0]["id"] = tables["unit"][0]["id"]
    check_tables(tables)


def test_duplicate_blob_content(tables: dict[str, list[dict[str, Any]]]) -> None:
    tables["blob"].append(dict(tables["blob"][0], id=str(uuid.uuid4())))
    error = _problem(tables)
    assert (error.msg_id, error.params["id"]) == ("import.duplicate_id", "ab" * 32)


def test_parents_are_checked_before_children(tables: dict[str, list[dict[str, Any]]]) -> None:
    tables["attachment"][0]["name"] = 1
    tables["unit"][0]["name"] = 1
    error = _problem(tables)
    assert isinstance(error, ImportRowError) and error.params["table"] == "unit"


def test_every_column_of_every_table_has_a_rule() -> None:
    for model in SYNCED_TABLES:
        derived = set(sort_keys(model))  # storage's own: a file does not carry them
        assert set(intake.columns(model)) == set(model.model_fields) - derived, model


def test_a_sort_key_in_a_file_is_an_unknown_field() -> None:
    row = {"name_sort": "AAAA"}
    with pytest.raises(ValidationError) as info:
        check_row(Unit, row)
    assert info.value.params["field"] == "name_sort"


# --- properties: whatever a field holds, the checks answer with a message ------------------

any_value = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    st.text(),
    st.sampled_from(["2024-05-01", "2024-05-01T10:00:00+00:00", "10:00:00", "1403-02-12",
                     str(uuid.uuid4()), "YWJj", LONE_SURROGATE, "open", ""]),
    st.lists(st.text(max_size=5), max_size=3),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
)


@pytest.fixture(scope="module")
def sample_rows(
    tmp_path_factory: pytest.TempPathFactory, migrated_template: Path
) -> dict[str, dict[str, Any]]:
    """One exported row per table, from the demo data (a module-wide database)."""
    path = tmp_path_factory.mktemp("intake") / "demo.sqlite3"
    shutil.copyfile(migrated_template, path)
    database = Database.open(path)
    try:
        load_demo(database)
        rows = transfer.export_data(database)["tables"]
    finally:
        database.close()
    return {name: table[0] for name, table in rows.items() if table}


@PROPERTY
@given(data=st.data())
def test_any_value_in_any_field_is_accepted_or_refused_with_a_message(
    sample_rows: dict[str, dict[str, Any]], data: st.DataObject
) -> None:
    table = data.draw(st.sampled_from(sorted(sample_rows)))
    model = next(m for m in SYNCED_TABLES if m.__tablename__ == table)
    row = dict(sample_rows[table])
    field = data.draw(st.sampled_from(sorted(model.model_fields)))
    row[field] = data.draw(any_value)
    try:
        check_row(model, row)
        # What passes the checks decodes, or is refused by the domain's validation.
        transfer.decode_row(model, row)
    except PeyvandError as exc:
        assert isinstance(exc, ValidationError) or exc.msg_id.startswith(("field.", "range."))
        assert exc.message("fa") and "\n" not in str(exc)


def test_floats_never_pass_as_integers() -> None:
    for value in (1.0, math.inf, float("nan")):
        with pytest.raises(ValidationError):
            check_row(VisitMember, {"position": value})
