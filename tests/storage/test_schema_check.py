"""The exact-schema check and package_meta: every object and every metadata value is
checked, on real SQLCipher packages keyed as the application keys them.

Hostile packages are made with the right key and raw SQL (``PRAGMA writable_schema``
where SQLite itself would refuse the change), as a forger who knows the passphrase would.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from peyvand.domain.errors import PeyvandError
from peyvand.storage import migrate, schema_check
from peyvand.storage.database import Database
from peyvand.storage.trip_package import (
    FORMAT_VERSION,
    KdfCost,
    _connect,
    _dbapi,
    create_package,
    unlock_package,
)

CHEAP = KdfCost(memory_kib=8, iterations=1, lanes=1)
PASS = "گذرواژه\u200cی سفر"


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("pkg") / "template.pvtrip"
    create_package(path, PASS, cost=CHEAP)
    Database.open_package(path, PASS, cost=CHEAP).close()
    return path


@pytest.fixture
def package(template: Path, tmp_path: Path) -> Path:
    path = tmp_path / "trip.pvtrip"
    path.write_bytes(template.read_bytes())
    return path


def _raw(path: Path, *statements: str) -> None:
    """Statements with the package's own key, as a forger with the passphrase runs them."""
    conn = _connect(path, unlock_package(path, PASS, cost=CHEAP).key)
    try:
        for statement in statements:
            conn.execute(statement)
    finally:
        conn.close()


def _refused(path: Path, msg_id: str) -> PeyvandError:
    before = path.read_bytes()
    with pytest.raises(PeyvandError) as caught:
        Database.open_package(path, PASS, cost=CHEAP)
    assert caught.value.msg_id == msg_id, caught.value
    assert path.read_bytes() == before  # refused with nothing written
    # A clear sentence in both languages, never the bare id.
    assert caught.value.message("en") != msg_id
    assert caught.value.message("fa") != msg_id
    return caught.value


def _forge(path: Path, kind: str, name: str, table: str, sql: str) -> None:
    _raw(
        path,
        "PRAGMA writable_schema = ON",
        f"INSERT INTO sqlite_master (type, name, tbl_name, rootpage, sql) "
        f"VALUES ('{kind}', '{name}', '{table}', 0, '{sql}')",
    )


# --- internal names carry no privilege -------------------------------------------------


@pytest.mark.parametrize("name", ["sqlite_stat1", "sqlite_stat4", "sqlite_sequence"])
def test_a_trigger_named_like_an_internal_table_is_refused(package: Path, name: str) -> None:
    # The attack of issue 10 §4: this trigger rewrote every statement on the next edit.
    _forge(
        package,
        "trigger",
        name,
        "statement",
        f"CREATE TRIGGER {name} AFTER UPDATE ON statement BEGIN "
        "UPDATE statement SET text = ''forged''; END",
    )
    error = _refused(package, "trip.bad_schema")
    assert f"extra trigger {name}" in error.params["detail"]


@pytest.mark.parametrize("name", ["sqlite_stat1", "sqlite_stat4", "sqlite_sequence"])
def test_a_view_named_like_an_internal_table_is_refused(package: Path, name: str) -> None:
    _forge(package, "view", name, name, f"CREATE VIEW {name} AS SELECT * FROM person")
    # "extra view …", or SQLite's own "malformed database schema" where the genuine
    # table of that name exists too (packages that were used hold sqlite_stat1).
    assert name in _refused(package, "trip.bad_schema").params["detail"]


def test_an_internal_table_with_another_definition_is_refused(package: Path) -> None:
    _raw(package, "ANALYZE")  # the genuine sqlite_stat1 exists now
    _raw(
        package,
        "PRAGMA writable_schema = ON",
        "UPDATE sqlite_master SET sql = 'CREATE TABLE sqlite_stat1(tbl,idx,stat,extra)' "
        "WHERE name = 'sqlite_stat1'",
    )
    assert "sqlite_stat1" in _refused(package, "trip.bad_schema").params["detail"]


def test_the_genuine_internal_tables_are_accepted(package: Path) -> None:
    # ANALYZE makes sqlite_stat1 (and sqlite_stat4 in SQLCipher's build): genuine
    # bookkeeping, as PRAGMA optimize leaves in any package that was used.
    _raw(package, "ANALYZE")
    conn = _connect(package, unlock_package(package, PASS, cost=CHEAP).key)
    try:
        names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    finally:
        conn.close()
    assert "sqlite_stat1" in names
    Database.open_package(package, PASS, cost=CHEAP).close()


@pytest.mark.parametrize("library", ["sqlite3", "sqlcipher"])
def test_the_allowed_internal_definitions_are_those_sqlite_writes(library: str) -> None:
    dbapi = sqlite3 if library == "sqlite3" else _dbapi()
    conn = dbapi.connect(":memory:")
    try:
        conn.execute("CREATE TABLE t (id INTEGER PRIMARY KEY AUTOINCREMENT, x)")
        conn.execute("CREATE INDEX ix ON t (x)")
        conn.executemany("INSERT INTO t (x) VALUES (?)", [(i % 3,) for i in range(20)])
        conn.execute("ANALYZE")
        made = {
            tuple(row)
            for row in conn.execute(
                "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name LIKE 'sqlite_%'"
            )
        }
    finally:
        conn.close()
    assert {"sqlite_stat1", "sqlite_sequence"} <= {item[1] for item in made}
    assert made <= schema_check.INTERNAL_TABLES


# --- every object, compared whole ------------------------------------------------------


def test_a_changed_table_definition_is_refused(package: Path) -> None:
    # Same name, same type, other SQL: e.g. a default that fills every new row.
    _raw(
        package,
        "PRAGMA writable_schema = ON",
        "UPDATE sqlite_master SET sql = replace(sql, 'email VARCHAR(120) NOT NULL', "
        "'email VARCHAR(120) NOT NULL DEFAULT ''x@evil.example''') WHERE name = 'person'",
    )
    assert "changed table person" in _refused(package, "trip.bad_schema").params["detail"]


def test_a_dropped_column_is_refused(package: Path) -> None:
    _raw(package, "ALTER TABLE person DROP COLUMN protocol_notes")
    assert "changed table person" in _refused(package, "trip.bad_schema").params["detail"]


def test_an_index_moved_to_another_table_is_refused(package: Path) -> None:
    _raw(
        package,
        "PRAGMA writable_schema = ON",
        "UPDATE sqlite_master SET tbl_name = 'meeting' WHERE name = 'ix_person_unit_id'",
    )
    # Refused by the comparison or, where SQLite notices first, as a malformed schema.
    assert "ix_person_unit_id" in _refused(package, "trip.bad_schema").params["detail"]


def test_a_schema_sqlite_cannot_parse_is_a_bad_schema_not_a_wrong_passphrase(
    package: Path,
) -> None:
    _raw(
        package,
        "PRAGMA writable_schema = ON",
        "UPDATE sqlite_master SET sql = 'CREATE TABLE package_meta (' WHERE name = 'package_meta'",
    )
    _refused(package, "trip.bad_schema")


@pytest.mark.parametrize(
    "statements",
    [
        ("INSERT INTO alembic_version VALUES ('0004')",),
        ("UPDATE alembic_version SET version_num = x'30303035'",),
        ("UPDATE alembic_version SET version_num = CAST(x'ff' AS TEXT)",),
        ("UPDATE alembic_version SET version_num = char(27) || '[2J0005'",),
    ],
    ids=["two rows", "bytes", "not UTF-8", "a control character"],
)
def test_a_malformed_schema_revision_is_refused(package: Path, statements: tuple[str, ...]) -> None:
    _raw(package, *statements)
    _refused(package, "trip.bad_schema")


def test_a_plain_database_expects_the_same_schema_without_package_meta() -> None:
    revision = migrate.HEAD_REVISION
    package = schema_check.expected_schema(revision, "package")
    plain = schema_check.expected_schema(revision, "database")
    internal = schema_check.INTERNAL_TABLES
    assert {item[1] for item in package - plain - internal} == {"package_meta"}
    assert plain - internal < package - internal


# --- package_meta ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("statements", "detail"),
    [
        (("UPDATE package_meta SET format_version = 0",), "format_version"),
        (("UPDATE package_meta SET format_version = -1",), "format_version"),
        (("UPDATE package_meta SET format_version = 9223372036854775807",), "format_version"),
        (("UPDATE package_meta SET format_version = 1e300",), "format_version"),
        (("UPDATE package_meta SET format_version = 'one'",), "format_version"),
        (("UPDATE package_meta SET format_version = x'01'",), "format_version"),
        (("DELETE FROM package_meta",), "no row"),
        (
            (
                "PRAGMA ignore_check_constraints = ON",
                "INSERT INTO package_meta VALUES (2, 1, '0.1', '2026-01-01T00:00:00+00:00')",
            ),
            "more than one row",
        ),
        (
            (
                "PRAGMA ignore_check_constraints = ON",
                "UPDATE package_meta SET id = 7",
            ),
            "id",
        ),
        (("UPDATE package_meta SET app_version = x'00ff'",), "app_version"),
        (("UPDATE package_meta SET app_version = CAST(x'ff' AS TEXT)",), "app_version"),
        (("UPDATE package_meta SET app_version = ''",), "app_version"),
        (("UPDATE package_meta SET app_version = 'a' || char(10) || 'b'",), "app_version"),
        (("UPDATE package_meta SET app_version = printf('%.100c', 'x')",), "app_version"),
        (("UPDATE package_meta SET created_at = 'yesterday'",), "created_at"),
        (("UPDATE package_meta SET created_at = '2026-01-01T00:00:00'",), "created_at"),
        (("UPDATE package_meta SET created_at = 20260101",), "created_at"),
    ],
)
def test_unknown_or_malformed_metadata_is_a_clear_refusal(
    package: Path, statements: tuple[str, ...], detail: str
) -> None:
    _raw(package, *statements)
    error = _refused(package, "trip.bad_meta")
    assert detail in error.params["detail"]


def test_a_null_format_version_in_a_redefined_table_is_refused(package: Path) -> None:
    _raw(
        package,
        "PRAGMA writable_schema = ON",
        "UPDATE sqlite_master SET sql = replace(sql, 'format_version INTEGER NOT NULL', "
        "'format_version INTEGER') WHERE name = 'package_meta'",
        "PRAGMA writable_schema = RESET",
        "UPDATE package_meta SET format_version = NULL",
    )
    _refused(package, "trip.bad_meta")


def test_package_meta_as_a_view_is_refused(package: Path) -> None:
    _raw(
        package,
        "ALTER TABLE package_meta RENAME TO old_meta",
        "CREATE VIEW package_meta AS WITH RECURSIVE c(x) AS "
        "(SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT x AS id FROM c",
    )
    _refused(package, "trip.bad_meta")


def test_a_trigger_on_package_meta_in_a_format_0_package_is_refused(package: Path) -> None:
    # No package_meta table (format 0), but an object waiting for the upgrade to make it.
    _raw(package, "DROP TABLE package_meta")
    _forge(
        package,
        "trigger",
        "spy",
        "package_meta",
        "CREATE TRIGGER spy AFTER INSERT ON package_meta BEGIN DELETE FROM person; END",
    )
    _refused(package, "trip.bad_meta")


def test_a_newer_format_is_still_said_to_be_newer(package: Path) -> None:
    _raw(package, f"UPDATE package_meta SET format_version = {FORMAT_VERSION + 1}")
    _refused(package, "trip.newer_version")


def test_the_untouched_package_opens(package: Path) -> None:
    Database.open_package(package, PASS, cost=CHEAP).close()


# --- issue 11: one line on stderr for a wrong passphrase -------------------------------


def test_a_wrong_passphrase_prints_exactly_one_line(tmp_path: Path) -> None:
    package = tmp_path / "trip.pvtrip"
    create_package(package, PASS)  # the real key-derivation cost, as the CLI uses
    wrong = tmp_path / "wrong.txt"
    wrong.write_text("not the passphrase\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "peyvand", "list", "meetings", "--db", str(package),
         "--passphrase-file", str(wrong)],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("peyvand: error: The passphrase does not open")
    assert "sqlcipher" not in result.stderr.lower()
