"""A database on a read-only medium: reading works, writes are refused clearly.

The medium is a real read-only bind mount of a folder when the tests run as root (root
ignores permission bits, but not a read-only mount: the kernel answers EROFS), else the
folder with its write permissions removed (``read_only_view`` in tests/conftest.py).
What this proves: Peyvand's detection (``statvfs``'s read-only flag, ``os.access``) and
SQLite's read-only URIs on a medium where every write fails. What it cannot: a Windows
CD or write-protected stick (``GetDriveType``/the read-only attribute), which is the
same code path through ``os.access`` but is not exercised on this Linux machine.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from peyvand.cli import build_demo, main
from peyvand.domain.directory import Unit
from peyvand.domain.errors import PeyvandError
from peyvand.services import records
from peyvand.storage import medium
from peyvand.storage.database import Database
from peyvand.storage.trip_package import KdfCost, create_package

View = Callable[[Path], Path]
CHEAP = KdfCost(memory_kib=8, iterations=1, lanes=1)


@pytest.fixture(scope="module")
def office_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("office") / "office.sqlite3"
    build_demo(path)
    return path


@pytest.fixture
def medium_copy(office_template: Path, tmp_path: Path, read_only_view: View) -> Path:
    """The demo office on a read-only medium (closed cleanly: no -wal, no -shm)."""
    folder = tmp_path / "cd"
    folder.mkdir()
    shutil.copyfile(office_template, folder / "office.sqlite3")
    return read_only_view(folder) / "office.sqlite3"


def _bytes(path: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(path.parent.iterdir())}


def test_the_medium_is_really_read_only(medium_copy: Path) -> None:
    with pytest.raises(OSError):
        (medium_copy.parent / "probe").write_bytes(b"x")
    assert medium.is_read_only(medium_copy)
    assert medium.read_uri(medium_copy).endswith("?immutable=1")


def test_reading_commands_work_on_a_read_only_medium(
    medium_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = _bytes(medium_copy)
    for argv in (
        ["list", "meetings"],
        ["check"],
        ["search", "اصفهان"],
        ["export", "-o", str(tmp_path / "all.json")],
        ["brief", "meeting", "1405-001", "-o", str(tmp_path / "m.pdf")],
        ["backup", "-o", str(tmp_path / "copy.sqlite3")],
    ):
        code = main([*argv, "--db", str(medium_copy)])
        captured = capsys.readouterr()
        assert code == 0, (argv, captured.err)
        assert "not a Peyvand database" not in captured.err
    assert "1405-001" in main_output(capsys, "list", "meetings", "--db", str(medium_copy))
    assert _bytes(medium_copy) == before  # not a byte written, no -wal, no -shm


def main_output(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    assert main(list(argv)) == 0
    return capsys.readouterr().out


def test_a_write_is_refused_clearly_on_the_command_line(
    medium_copy: Path, office_template: Path, tmp_path: Path
) -> None:
    export = tmp_path / "all.json"
    assert main(["export", "-o", str(export), "--db", str(office_template)]) == 0
    before = _bytes(medium_copy)
    result = subprocess.run(
        [sys.executable, "-m", "peyvand", "import", str(export), "--db", str(medium_copy)],
        capture_output=True, text=True, timeout=120, check=False,
        env={**os.environ, "PEYVAND_DATA_DIR": str(tmp_path / "data")},
    )  # fmt: skip
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert "read-only" in lines[0]
    assert _bytes(medium_copy) == before


def test_the_database_opens_read_only_and_refuses_writes(medium_copy: Path) -> None:
    db = Database.open(medium_copy)
    try:
        assert db.read_only
        assert not db.is_empty()
        assert db.integrity_problems() == []
        with pytest.raises(PeyvandError) as caught:
            records.create_row(db, Unit, {"name": "واحد تازه"})
        assert caught.value.msg_id == "db.read_only"
        assert "فقط خواندنی" in caught.value.message("fa")
    finally:
        db.close()


def test_an_older_database_on_a_read_only_medium_is_refused_clearly(
    tmp_path: Path, read_only_view: View
) -> None:
    from alembic import command

    from peyvand.storage import migrate
    from peyvand.storage.engine import make_engine

    folder = tmp_path / "old"
    folder.mkdir()
    engine = make_engine(folder / "old.sqlite3")
    cfg = migrate.alembic_config()
    with engine.begin() as connection:
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, "0004")
    engine.dispose()
    view = read_only_view(folder)
    with pytest.raises(PeyvandError) as caught:
        Database.open(view / "old.sqlite3")
    assert caught.value.msg_id == "db.read_only_old"


def test_a_database_copied_while_open_is_refused_not_read_stale(
    office_template: Path, tmp_path: Path, read_only_view: View
) -> None:
    folder = tmp_path / "hot"
    folder.mkdir()
    live = folder / "office.sqlite3"
    shutil.copyfile(office_template, live)
    conn = sqlite3.connect(live)
    conn.execute("PRAGMA wal_autocheckpoint = 0")
    conn.execute("UPDATE person SET name = name || ' (ویرایش)'")
    conn.commit()
    for side in ("", "-wal"):  # copied while open: the -wal holds the latest changes
        shutil.copyfile(f"{live}{side}", tmp_path / f"copy{side}")
    conn.close()
    for p in folder.iterdir():
        p.unlink()
    shutil.copyfile(tmp_path / "copy", live)
    shutil.copyfile(tmp_path / "copy-wal", f"{live}-wal")
    view = read_only_view(folder)
    with pytest.raises(PeyvandError) as caught:
        Database.open(view / "office.sqlite3")
    assert caught.value.msg_id == "db.read_only_wal"


def test_a_trip_package_on_a_read_only_medium_opens_read_only(
    tmp_path: Path, read_only_view: View
) -> None:
    folder = tmp_path / "stick"
    folder.mkdir()
    package = folder / "trip.pvtrip"
    create_package(package, "رمز", cost=CHEAP)
    Database.open_package(package, "رمز", cost=CHEAP).close()
    view = read_only_view(folder)
    before = _bytes(view / "trip.pvtrip")
    db = Database.open_package(view / "trip.pvtrip", "رمز", cost=CHEAP)
    try:
        assert db.read_only and db.is_trip
        assert db.integrity_problems() == []
        with pytest.raises(PeyvandError) as caught:
            records.create_row(db, Unit, {"name": "واحد تازه"})
        assert caught.value.msg_id == "db.read_only"
    finally:
        db.close()
    assert _bytes(view / "trip.pvtrip") == before


def test_a_writable_folder_reads_with_mode_ro(tmp_path: Path, office_template: Path) -> None:
    path = tmp_path / "office.sqlite3"
    shutil.copyfile(office_template, path)
    assert not medium.is_read_only(path)
    assert medium.read_uri(path).endswith("?mode=ro")
    db = Database.open(path)
    try:
        assert not db.read_only
    finally:
        db.close()


def test_a_medium_the_checks_cannot_see_is_found_by_sqlite(
    medium_copy: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """As on Windows, where os.access does not see a write-protected stick: the checks
    say "writable", SQLite's first attempt fails, and the database opens read-only."""

    class _Writable:
        f_flag = 0

    monkeypatch.setattr(os, "access", lambda *_a, **_k: True)
    if hasattr(os, "statvfs"):
        monkeypatch.setattr(os, "statvfs", lambda _p: _Writable())
    monkeypatch.setattr(medium, "_found_read_only", set())
    assert not medium.is_read_only(medium_copy)  # the checks are blind here
    before = _bytes(medium_copy)
    with caplog.at_level("INFO", logger="peyvand.storage.database"):
        db = Database.open(medium_copy)
    try:
        assert "could not be written" in caplog.text  # SQLite's refusal, then read-only
        assert db.read_only
        assert not db.is_empty()
        with pytest.raises(PeyvandError) as caught:
            records.create_row(db, Unit, {"name": "واحد تازه"})
        assert caught.value.msg_id == "db.read_only"
    finally:
        db.close()
    assert _bytes(medium_copy) == before
