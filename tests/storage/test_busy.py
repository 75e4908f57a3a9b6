"""Another process writing the same database: readers never wait, a writer waits up to
the configured time with a notice, then fails clearly — proven with a second real
process holding ``BEGIN IMMEDIATE`` (the ``other_writer`` fixture)."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

import pytest

from peyvand.cli import build_demo, main
from peyvand.domain.directory import Unit
from peyvand.domain.errors import PeyvandError
from peyvand.services import records
from peyvand.storage import busy, fts_statistics
from peyvand.storage.database import Database

Writer = Callable[..., AbstractContextManager[Any]]


@pytest.fixture(scope="module")
def office_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("office") / "office.sqlite3"
    build_demo(path)
    return path


@pytest.fixture
def office(office_template: Path, tmp_path: Path) -> Path:
    path = tmp_path / "office.sqlite3"
    shutil.copyfile(office_template, path)
    return path


class Recorder:
    """An observer that notes what storage.busy told it."""

    def __init__(self, answer: bool = True) -> None:
        self.answer = answer
        self.calls: list[float] = []
        self.finished_calls = 0

    def waiting(self, path: Path, elapsed: float, limit: float) -> bool:
        self.calls.append(elapsed)
        return self.answer

    def finished(self, path: Path) -> None:
        self.finished_calls += 1


def _units(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return int(conn.execute("SELECT count(*) FROM unit").fetchone()[0])
    finally:
        conn.close()


def test_reading_commands_work_while_another_process_writes(
    office: Path, other_writer: Writer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    commands = (
        ["list", "meetings"],
        ["check"],
        ["search", "اصفهان"],
        ["export", "-o", str(tmp_path / "all.json")],
        ["brief", "meeting", "1405-001", "-o", str(tmp_path / "m.pdf")],
        ["backup", "-o", str(tmp_path / "copy.sqlite3")],
    )
    with other_writer(office):
        for argv in commands:
            start = time.monotonic()
            code = main([*argv, "--db", str(office)])
            captured = capsys.readouterr()
            assert code == 0, captured.err
            # Before the fix each of these waited 10 s for the write lock, then crashed.
            assert time.monotonic() - start < 5, argv
            assert "locked" not in captured.err and "waiting" not in captured.err
    assert json.loads((tmp_path / "all.json").read_text(encoding="utf-8"))["tables"]


def test_opening_with_stale_fts_statistics_never_waits(office: Path, other_writer: Writer) -> None:
    conn = sqlite3.connect(office)
    conn.execute("ANALYZE")  # what an older version or another tool leaves behind
    conn.close()
    db = Database.open(office)
    db.close()  # dropped while nobody else writes
    conn = sqlite3.connect(office)
    conn.execute("ANALYZE")
    conn.close()
    with other_writer(office):
        start = time.monotonic()
        db = Database.open(office)
        try:
            with db.read_engine.connect() as c:
                assert fts_statistics.has_fts_statistics(c)  # left for a free moment
        finally:
            db.close()
        assert time.monotonic() - start < 2
    db = Database.open(office)
    try:
        with db.read_engine.connect() as c:
            assert not fts_statistics.has_fts_statistics(c)
    finally:
        db.close()


def test_a_writer_waits_with_a_notice_then_fails_clearly(
    office: Path, other_writer: Writer
) -> None:
    recorder = Recorder()
    busy.configure(seconds=2, observer=recorder)
    db = Database.open(office)
    before = _units(office)
    try:
        with other_writer(office):
            start = time.monotonic()
            with pytest.raises(PeyvandError) as caught:
                records.create_row(db, Unit, {"name": "واحد تازه"})
            waited = time.monotonic() - start
    finally:
        db.close()
    assert caught.value.msg_id == "db.busy"
    assert "waited 2 seconds" in caught.value.message("en")
    assert "۲ ثانیه" in caught.value.message("fa")
    assert 2 <= waited < 6
    assert recorder.calls and recorder.calls[0] >= busy.QUIET_SECONDS
    assert recorder.finished_calls == 1
    assert _units(office) == before


def test_a_writer_gets_the_lock_when_the_other_program_finishes(
    office: Path, other_writer: Writer
) -> None:
    recorder = Recorder()
    busy.configure(seconds=20, observer=recorder)
    db = Database.open(office)
    before = _units(office)
    try:
        with other_writer(office, hold=1.5):
            start = time.monotonic()
            records.create_row(db, Unit, {"name": "واحد تازه"})
            waited = time.monotonic() - start
    finally:
        db.close()
    assert 1.0 <= waited < 10
    assert recorder.calls and recorder.finished_calls == 1
    assert _units(office) == before + 1


def test_stopping_the_wait_changes_nothing(office: Path, other_writer: Writer) -> None:
    busy.configure(seconds=20, observer=Recorder(answer=False))
    db = Database.open(office)
    before = _units(office)
    try:
        with other_writer(office):
            start = time.monotonic()
            with pytest.raises(PeyvandError) as caught:
                records.create_row(db, Unit, {"name": "واحد تازه"})
            assert time.monotonic() - start < 3
    finally:
        db.close()
    assert caught.value.msg_id == "db.busy_cancelled"
    assert _units(office) == before


def test_the_command_line_says_it_waits_on_one_line_then_fails_without_a_traceback(
    office: Path, other_writer: Writer, tmp_path: Path
) -> None:
    export = tmp_path / "export.json"
    assert main(["export", "-o", str(export), "--db", str(office)]) == 0
    target = tmp_path / "target.sqlite3"
    Database.open(target).close()  # an empty office: the export imports into it
    data = tmp_path / "data"
    data.mkdir()
    (data / "settings.json").write_text(json.dumps({"write_wait_seconds": 2}), encoding="utf-8")
    env = {**os.environ, "PEYVAND_DATA_DIR": str(data)}
    with other_writer(target):
        start = time.monotonic()
        result = subprocess.run(
            [sys.executable, "-m", "peyvand", "import", str(export), "--db", str(target)],
            capture_output=True, text=True, env=env, timeout=120, check=False,
        )  # fmt: skip
        waited = time.monotonic() - start
    lines = result.stderr.splitlines()
    assert result.returncode == 1
    assert len(lines) == 2, result.stderr
    assert lines[0] == (
        f"peyvand: waiting for another program that is writing to {target} (up to 2 s)…"
    )
    assert lines[1].startswith(
        f"peyvand: error: Another program is writing to the database {target}"
    )
    assert "Traceback" not in result.stderr
    assert waited >= 2
    assert _units(target) == 0
