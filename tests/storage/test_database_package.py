"""A trip package opened as a database: exact schema, upgrades, encrypted backups."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic import command

from peyvand.domain.errors import PeyvandError
from peyvand.storage import backup_catalogue as catalogue
from peyvand.storage import migrate
from peyvand.storage.database import Database
from peyvand.storage.trip_package import (
    KdfCost,
    create_package,
    package_engine,
    unlock_package,
)

CHEAP = KdfCost(memory_kib=8, iterations=1, lanes=1)
PASS = "گذرواژه\u200cی سفر"


@pytest.fixture
def package(tmp_path: Path) -> Path:
    path = tmp_path / "trip.pvtrip"
    create_package(path, PASS, cost=CHEAP)
    Database.open_package(path, PASS, cost=CHEAP).close()
    return path


def _sql(path: Path, *statements: str) -> None:
    engine = package_engine(unlock_package(path, PASS, cost=CHEAP))
    try:
        with engine.begin() as conn:
            for statement in statements:
                conn.exec_driver_sql(statement)
    finally:
        engine.dispose()


def _refused(path: Path, msg_id: str) -> PeyvandError:
    with pytest.raises(PeyvandError) as caught:
        Database.open_package(path, PASS, cost=CHEAP)
    assert caught.value.msg_id == msg_id, caught.value
    return caught.value


def test_a_new_package_is_at_the_head_revision_in_trip_mode(package: Path) -> None:
    db = Database.open_package(package, PASS, cost=CHEAP)
    try:
        assert db.is_trip
        assert db.schema_state().revision == migrate.HEAD_REVISION
        assert db.integrity_problems() == []
        with db.session() as session:
            assert session.info["trip_mode"] is True
    finally:
        db.close()


@pytest.mark.parametrize(
    ("statement", "found"),
    [
        ("CREATE TABLE extra (x)", "extra table extra"),
        (
            "CREATE TRIGGER spy AFTER INSERT ON merge_conflict BEGIN SELECT 1; END",
            "extra trigger spy",
        ),
        ("CREATE VIEW peek AS SELECT * FROM person", "extra view peek"),
        ("CREATE INDEX ix_extra ON person (name)", "extra index ix_extra"),
        ("DROP TABLE trip_base", "missing table trip_base"),
    ],
)
def test_anything_but_the_exact_schema_is_refused(
    package: Path, statement: str, found: str
) -> None:
    _sql(package, statement)
    before = package.read_bytes()
    error = _refused(package, "trip.bad_schema")
    assert found in str(error.params["detail"])
    assert package.read_bytes() == before


def test_an_unknown_newer_schema_revision_is_refused(package: Path) -> None:
    _sql(package, "UPDATE alembic_version SET version_num = '9999'")
    before = package.read_bytes()
    _refused(package, "trip.newer_schema")
    assert package.read_bytes() == before


def test_an_older_package_is_upgraded_after_an_encrypted_backup(tmp_path: Path) -> None:
    path = tmp_path / "old.pvtrip"
    create_package(path, PASS, cost=CHEAP)
    engine = package_engine(unlock_package(path, PASS, cost=CHEAP))
    try:
        cfg = migrate.alembic_config()
        with engine.begin() as connection:
            cfg.attributes["connection"] = connection
            command.upgrade(cfg, "0004")  # the last revision before trip tables existed
    finally:
        engine.dispose()
    backups = tmp_path / "backups"
    db = Database.open_package(path, PASS, cost=CHEAP, backup_dir=backups)
    try:
        assert db.schema_state().revision == migrate.HEAD_REVISION
    finally:
        db.close()
    (copy,) = (p for p in backups.iterdir() if p.name != catalogue.CATALOGUE_NAME)
    assert "pre-migration" in copy.name
    assert catalogue.status(copy, catalogue.sha256_of(copy)) == "ok"  # checksum recorded
    old = Database.open_package(copy, PASS, cost=CHEAP, backup_dir=tmp_path / "b2")
    old.close()  # the backup is itself a package (encrypted, same passphrase)
    assert b"SQLite format 3" not in copy.read_bytes()


def test_backup_to_makes_an_encrypted_verified_copy(package: Path, tmp_path: Path) -> None:
    db = Database.open_package(package, PASS, cost=CHEAP)
    try:
        target = db.backup_to(tmp_path / "copy.pvtrip")
    finally:
        db.close()
    assert target.read_bytes()[:3] == b"PVT"
    Database.open_package(target, PASS, cost=CHEAP).close()
