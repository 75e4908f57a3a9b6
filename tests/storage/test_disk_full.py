"""A full disk during an import, a trip import, a backup or an export: a clear message
("no space left on the disk that holds …"), never a traceback, never a misleading
"integrity check failed", and the data unchanged.

The disk is a real 8 MiB tmpfs mounted for the test (``small_disk``: needs root and
mount, as on the development machine; skipped elsewhere) and filled up with a filler
file. Where it cannot be mounted, SQLite's own SQLITE_FULL still comes for real from
``PRAGMA max_page_count`` (the last test), and the OSError translation is checked on
the error ``shutil`` raises.
"""

from __future__ import annotations

import errno
import hashlib
import shutil
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import event

from peyvand.cli import build_demo, main
from peyvand.domain.directory import Unit
from peyvand.domain.errors import PeyvandError
from peyvand.services import backups, records
from peyvand.services.transfer import export_json, import_json
from peyvand.services.trips import export_visit, import_package
from peyvand.storage import failures
from peyvand.storage.database import Database
from peyvand.storage.trip_package import KdfCost

Fill = Callable[..., Path]
CHEAP = KdfCost(memory_kib=8, iterations=1, lanes=1)
PASS = "رمز سفر"


@pytest.fixture(scope="module")
def office_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("office") / "office.sqlite3"
    build_demo(path)
    return path


@pytest.fixture(scope="module")
def demo_export(office_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("export") / "demo.json"
    db = Database.open(office_template)
    try:
        export_json(db, path)
    finally:
        db.close()
    return path


def digest(path: Path) -> str:
    """Every row of every table (FTS5 through its shadow tables)."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        h = hashlib.sha256()
        for (name,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "AND sql NOT LIKE 'CREATE VIRTUAL%' ORDER BY name"
        ):
            for row in sorted(repr(r) for r in conn.execute(f'SELECT * FROM "{name}"')):
                h.update(f"{name}:{row}\n".encode("utf-8", "surrogatepass"))
        return h.hexdigest()
    finally:
        conn.close()


def integrity(path: Path) -> list[str]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return [str(r[0]) for r in conn.execute("PRAGMA integrity_check") if r[0] != "ok"]
    finally:
        conn.close()


def _is_disk_full(error: PeyvandError, disk: Path) -> None:
    assert error.msg_id == "disk.full", error
    text = error.message("en")
    assert text.startswith("There is no space left on the disk that holds")
    assert str(disk) in text
    assert "integrity" not in text
    assert "جای خالی نمانده" in error.message("fa")


@pytest.fixture
def office_on_small_disk(office_template: Path, small_disk: Path) -> Iterator[Path]:
    path = small_disk / "office.sqlite3"
    shutil.copyfile(office_template, path)
    yield path


def test_a_backup_onto_a_full_disk_says_so_and_leaves_nothing(
    office_template: Path, small_disk: Path, fill_disk: Fill
) -> None:
    folder = small_disk / "backups"
    folder.mkdir()
    fill_disk(small_disk, leave=64 * 1024)
    before = sorted(p.name for p in folder.iterdir())
    with pytest.raises(PeyvandError) as caught:
        backups.backup_now(office_template, backups.MANUAL, folder=folder)
    _is_disk_full(caught.value, folder)
    assert sorted(p.name for p in folder.iterdir()) == before  # no partial file


def test_a_json_import_into_a_database_on_a_full_disk_changes_nothing(
    migrated_template: Path, demo_export: Path, small_disk: Path, fill_disk: Fill, tmp_path: Path
) -> None:
    target = small_disk / "office.sqlite3"
    shutil.copyfile(migrated_template, target)
    db = Database.open(target)
    try:
        before = digest(target)
        fill_disk(small_disk, leave=32 * 1024)
        with pytest.raises(PeyvandError) as caught:
            import_json(db, demo_export, backup_folder=tmp_path / "backups")
    finally:
        db.close()
    _is_disk_full(caught.value, small_disk)
    assert digest(target) == before
    assert integrity(target) == []


def test_a_trip_import_into_an_office_on_a_full_disk_changes_nothing(
    office_on_small_disk: Path, small_disk: Path, fill_disk: Fill, tmp_path: Path
) -> None:
    package = tmp_path / "trip.pvtrip"
    office = Database.open(office_on_small_disk)
    try:
        export_visit(office, "1405-002", package, PASS, cost=CHEAP)
        laptop = Database.open_package(package, PASS, cost=CHEAP, backup_dir=tmp_path / "lb")
        try:
            for i in range(40):  # the laptop's work: enough rows not to fit
                records.create_row(laptop, Unit, {"name": f"واحد {i}", "notes": "یادداشت " * 300})
        finally:
            laptop.close()
        before = digest(office_on_small_disk)
        fill_disk(small_disk, leave=16 * 1024)
        with pytest.raises(PeyvandError) as caught:
            import_package(office, package, PASS, cost=CHEAP, backup_folder=tmp_path / "backups")
    finally:
        office.close()
    _is_disk_full(caught.value, small_disk)
    assert digest(office_on_small_disk) == before
    assert integrity(office_on_small_disk) == []


def test_a_trip_import_whose_private_copy_does_not_fit_says_so(
    office_template: Path,
    small_disk: Path,
    fill_disk: Fill,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    office_path = tmp_path / "office.sqlite3"
    shutil.copyfile(office_template, office_path)
    package = tmp_path / "trip.pvtrip"
    office = Database.open(office_path)
    try:
        export_visit(office, "1405-002", package, PASS, cost=CHEAP)
        before = digest(office_path)
        # Peyvand's data folder, where the private copy goes, is on the full disk.
        monkeypatch.setenv("PEYVAND_DATA_DIR", str(small_disk / "data"))
        (small_disk / "data").mkdir()
        fill_disk(small_disk, leave=16 * 1024)
        with pytest.raises(PeyvandError) as caught:
            import_package(office, package, PASS, cost=CHEAP, backup_folder=tmp_path / "b")
    finally:
        office.close()
    _is_disk_full(caught.value, small_disk / "data")
    assert digest(office_path) == before


def test_an_export_to_a_full_disk_is_one_clear_line(
    office_template: Path,
    small_disk: Path,
    fill_disk: Fill,
    capsys: pytest.CaptureFixture[str],
) -> None:
    fill_disk(small_disk, leave=16 * 1024)
    target = small_disk / "all.json"
    code = main(["export", "-o", str(target), "--db", str(office_template)])
    err = capsys.readouterr().err
    assert code == 1
    assert err.splitlines() == [
        f"peyvand: error: There is no space left on the disk that holds {small_disk}. "
        "Nothing was changed: free some space (or choose another disk) and try again."
    ]
    assert not target.exists()


def test_sqlite_full_from_sqlite_itself_is_translated_at_the_engine(
    migrated_template: Path, tmp_path: Path
) -> None:
    """Runs everywhere: SQLITE_FULL for real from a page limit, through the engine."""
    path = tmp_path / "office.sqlite3"
    shutil.copyfile(migrated_template, path)
    db = Database.open(path)
    try:
        db.engine.dispose()

        @event.listens_for(db.engine, "connect")
        def _limit(conn: sqlite3.Connection, _record: object) -> None:
            pages = conn.execute("PRAGMA page_count").fetchone()[0]
            conn.execute(f"PRAGMA max_page_count = {pages + 2}")

        before = digest(path)
        with pytest.raises(PeyvandError) as caught, db.session() as session:
            for i in range(200):
                records.create(session, Unit, {"name": f"واحد {i}", "notes": "ی" * 3000})
    finally:
        db.close()
    assert caught.value.msg_id == "disk.full"
    assert isinstance(caught.value.__cause__, sqlite3.OperationalError)
    assert digest(path) == before


def test_a_full_disk_during_a_copy_names_the_target_disk(tmp_path: Path) -> None:
    # shutil.copyfile names the source first and the full target second.
    error = OSError(errno.ENOSPC, "No space left on device", "/src/a.pvtrip", None, "/full/b")
    mapped = failures.from_os_error(error)
    assert mapped is not None and mapped.msg_id == "disk.full"
    assert mapped.params["path"] == "/full"
