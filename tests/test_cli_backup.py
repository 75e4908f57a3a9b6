"""`peyvand backup` and `peyvand restore` as a user scripts them: real files, exit codes,
one-line English errors, nothing changed on failure."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from peyvand.cli import EXIT_ERROR, EXIT_OK, main
from peyvand.domain import Person
from peyvand.services import records
from peyvand.storage.database import Database


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _names(path: Path) -> set[str]:
    conn = sqlite3.connect(f"file:{path.as_posix()}?mode=ro", uri=True)
    try:
        return {r[0] for r in conn.execute("SELECT name FROM person")}
    finally:
        conn.close()


def _add(path: Path, name: str) -> None:
    db = Database.open(path)
    try:
        with db.session() as session:
            records.create(session, Person, {"name": name})
    finally:
        db.close()


def _one_line_error(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("peyvand: error: "), err
    return lines[0]


@pytest.fixture
def office_db(db_path: Path) -> Path:
    _add(db_path, "الف")
    return db_path


def test_help_lists_backup_and_restore() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "peyvand", "--help"], capture_output=True, text=True, check=False
    )
    assert "backup" in result.stdout and "restore" in result.stdout


def test_backup_into_the_default_folder_prints_the_file(
    capsys: pytest.CaptureFixture[str], office_db: Path
) -> None:
    code, out, err = run(capsys, "backup", "--db", str(office_db))
    assert (code, err) == (EXIT_OK, "")
    written = Path(out.strip())
    assert written.parent == office_db.parent / "backups"
    assert written.name.startswith("peyvand-") and written.name.endswith("-manual.sqlite3")
    assert _names(written) == {"الف"}


def test_backup_goes_to_the_folder_set_in_settings(
    capsys: pytest.CaptureFixture[str], office_db: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "D" / "Peyvand backups"
    settings = Path(os.environ["PEYVAND_DATA_DIR"]) / "settings.json"
    settings.write_text(json.dumps({"backup_dir": str(folder)}), encoding="utf-8")
    code, out, _ = run(capsys, "--db", str(office_db), "backup")
    assert code == EXIT_OK
    assert Path(out.strip()).parent == folder


def test_backup_to_a_named_file_or_folder(
    capsys: pytest.CaptureFixture[str], office_db: Path, tmp_path: Path
) -> None:
    target = tmp_path / "usb" / "office copy.sqlite3"
    code, out, _ = run(capsys, "backup", "--db", str(office_db), "-o", str(target))
    assert code == EXIT_OK
    assert out.strip() == str(target)
    assert _names(target) == {"الف"}
    folder = tmp_path / "usb"
    code, out, _ = run(capsys, "backup", "--db", str(office_db), "--output", str(folder))
    assert code == EXIT_OK
    assert Path(out.strip()).parent == folder
    assert Path(out.strip()).name.endswith("-manual.sqlite3")


def test_backup_of_a_missing_database_fails_and_creates_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, out, err = run(capsys, "backup", "--db", str(tmp_path / "none.sqlite3"))
    assert code == EXIT_ERROR and out == ""
    assert "There is no database" in _one_line_error(err)
    assert list(tmp_path.iterdir()) == []


def test_backup_onto_the_database_itself_is_refused(
    capsys: pytest.CaptureFixture[str], office_db: Path
) -> None:
    before = office_db.read_bytes()
    code, _, err = run(capsys, "backup", "--db", str(office_db), "-o", str(office_db))
    assert code == EXIT_ERROR
    assert "is the database itself" in _one_line_error(err)
    assert office_db.read_bytes() == before


def test_backup_of_a_file_that_is_not_a_database(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    notes = tmp_path / "notes.sqlite3"
    notes.write_text("not a database")
    code, _, err = run(capsys, "backup", "--db", str(notes))
    assert code == EXIT_ERROR
    assert "not a Peyvand database" in _one_line_error(err)


def test_restore_round_trip(
    capsys: pytest.CaptureFixture[str], office_db: Path
) -> None:
    code, out, _ = run(capsys, "backup", "--db", str(office_db))
    assert code == EXIT_OK
    saved = Path(out.strip())
    _add(office_db, "پس از پشتیبان")

    code, out, err = run(capsys, "restore", str(saved), "--db", str(office_db))

    assert (code, err) == (EXIT_OK, "")
    lines = out.strip().splitlines()
    assert lines[0] == f"Restored {office_db} from {saved}"
    safety = Path(lines[1].removeprefix("The previous state was backed up to "))
    assert safety.name.endswith("-pre-restore.sqlite3")
    assert _names(safety) == {"الف", "پس از پشتیبان"}
    assert _names(office_db) == {"الف"}
    code, out, _ = run(capsys, "check", "--db", str(office_db))
    assert code == EXIT_OK and "integrity: ok" in out


def _state(path: Path, folder: Path) -> tuple[set[str], list[str]]:
    return _names(path), sorted(p.name for p in folder.iterdir()) if folder.exists() else []


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("missing", "There is no backup file at"),
        ("text", "is not a backup of a Peyvand database. Nothing was changed."),
        ("newer", "newer version of Peyvand (schema 9999)"),
    ],
)
def test_restore_of_bad_input_fails_and_changes_nothing(
    capsys: pytest.CaptureFixture[str], office_db: Path, tmp_path: Path, kind: str, expected: str
) -> None:
    source = tmp_path / f"{kind}.sqlite3"
    if kind == "text":
        source.write_text("سلام", encoding="utf-8")
    elif kind == "newer":
        shutil.copyfile(office_db, source)
        conn = sqlite3.connect(source)
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
        conn.commit()
        conn.close()
    folder = office_db.parent / "backups"
    before = _state(office_db, folder)

    code, out, err = run(capsys, "restore", str(source), "--db", str(office_db))

    assert code == EXIT_ERROR and out == ""
    assert expected in _one_line_error(err)
    assert _state(office_db, folder) == before


def test_restore_onto_a_network_path_is_refused(
    capsys: pytest.CaptureFixture[str], office_db: Path, tmp_path: Path
) -> None:
    code, out, _ = run(capsys, "backup", "--db", str(office_db))
    saved = out.strip()
    code, _, err = run(capsys, "restore", saved, "--db", r"\\fileserver\irdept\peyvand.sqlite3")
    assert code == EXIT_ERROR
    assert "network share" in _one_line_error(err)


def test_restore_requires_a_file_argument(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["restore"])
    assert info.value.code == 2
    assert "FILE" in capsys.readouterr().err
