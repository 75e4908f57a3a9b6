"""Temporary files of killed processes are removed by the next start; never those of a
Peyvand that is still running. Real child processes, killed with SIGKILL."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from peyvand.cli import build_demo, main
from peyvand.services import backups
from peyvand.services.trips import export_visit, import_package
from peyvand.storage import scratch
from peyvand.storage.backup import backup_file
from peyvand.storage.database import Database
from peyvand.storage.trip_package import KdfCost

CHEAP = KdfCost(memory_kib=8, iterations=1, lanes=1)

# A child that makes its private temporary folder (and a partial file beside a backup
# target, when given one) as Peyvand does, says where, and waits to be killed.
_CHILD = """
import sys
from pathlib import Path
from peyvand.storage import scratch
with scratch.private_temp_dir("import-") as work:
    (work / "package.pvtrip").write_bytes(b"x" * 1_000_000)
    partial = None
    if len(sys.argv) > 1:
        partial = scratch.partial_path(Path(sys.argv[1]))
        partial.write_bytes(b"half a backup")
    print(work, partial, flush=True)
    sys.stdin.readline()
"""


@contextmanager
def _child(
    data: Path, target: Path | None = None
) -> Iterator[tuple[subprocess.Popen[str], Path, Path | None]]:
    argv = [sys.executable, "-c", _CHILD] + ([str(target)] if target else [])
    proc = subprocess.Popen(
        argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
        env={**os.environ, "PEYVAND_DATA_DIR": str(data)},
    )  # fmt: skip
    try:
        assert proc.stdout is not None
        work, partial = proc.stdout.readline().split()
        yield proc, Path(work), None if partial == "None" else Path(partial)
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait(timeout=30)


def _age(*paths: Path, seconds: float = 3600) -> None:
    """Make entries look older than the grace period (a start some time later)."""
    then = time.time() - seconds
    for path in paths:
        os.utime(path, (then, then))


@pytest.fixture
def data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    monkeypatch.setenv("PEYVAND_DATA_DIR", str(folder))
    return folder


def test_temporary_files_live_in_peyvands_own_folder(data: Path) -> None:
    with scratch.private_temp_dir("restore-") as work:
        assert work.parent.parent == data / "tmp"
        assert work.parent.name.split("-")[1] == str(os.getpid())
        (work / "copy").write_bytes(b"x")
    assert not work.exists()


def test_the_folder_of_a_killed_process_is_removed_by_the_next_start(data: Path) -> None:
    with _child(data) as (proc, work, _partial):
        owner = work.parent
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    assert (work / "package.pvtrip").exists()  # what a killed import left behind
    _age(owner, owner.with_name(owner.name + ".lock"))
    # The next start of any command (this one fails: there is no such database).
    assert main(["list", "meetings", "--db", str(data / "missing.sqlite3")]) == 1
    assert not owner.exists()
    assert not owner.with_name(owner.name + ".lock").exists()


def test_the_folder_of_a_running_peyvand_is_never_removed(data: Path) -> None:
    with _child(data) as (_proc, work, _partial):
        owner = work.parent
        _age(owner, owner.with_name(owner.name + ".lock"))
        assert scratch.sweep() == []
        assert (work / "package.pvtrip").exists()


def test_a_brand_new_folder_is_left_alone(data: Path) -> None:
    # Between creating its lock file and locking it, a starting process looks dead.
    base = data / "tmp"
    base.mkdir()
    young = base / f"{scratch._host()}-999999-0badcafe"
    young.mkdir()
    (base / f"{young.name}.lock").write_text("")
    assert scratch.sweep() == []
    _age(young, base / f"{young.name}.lock")
    assert scratch.sweep() == [young]


def test_partial_backups_of_killed_processes_are_swept_from_the_backup_folder(
    data: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "backups"
    folder.mkdir()
    target = folder / "peyvand-20261126-090000-pre-restore.sqlite3"
    with _child(data, target) as (proc, _work, partial):
        assert partial is not None and partial.exists()
        _age(partial)
        assert scratch.sweep_partials(folder) == []  # its writer still runs
        proc.kill()
        proc.wait(timeout=30)
    assert scratch.sweep_partials(folder) == [partial]
    assert not partial.exists()


def test_untagged_and_foreign_partials_go_only_once_a_day_old(tmp_path: Path, data: Path) -> None:
    folder = tmp_path / "backups"
    folder.mkdir()
    legacy = folder / "peyvand-20261126-090000-pre-restore.sqlite3.partial"
    foreign = folder / "peyvand-20261126-090000-manual.sqlite3.partial-00000000-42-deadbeef"
    kept = folder / "peyvand-20261126-090000-manual.sqlite3"
    for path in (legacy, foreign, kept):
        path.write_bytes(b"x")
    _age(legacy, foreign, seconds=3600)
    assert scratch.sweep_partials(folder) == []  # another computer may be writing them
    _age(legacy, foreign, kept, seconds=2 * 24 * 3600)
    assert sorted(scratch.sweep_partials(folder)) == sorted([legacy, foreign])
    assert kept.exists()


def test_a_trip_import_a_backup_and_a_restore_leave_nothing_behind(
    data: Path, tmp_path: Path
) -> None:
    office = tmp_path / "office.sqlite3"
    build_demo(office)
    system_temp = set(Path(tempfile.gettempdir()).iterdir())
    db = Database.open(office)
    try:
        export_visit(db, "1405-002", tmp_path / "trip.pvtrip", "رمز", cost=CHEAP)
        import_package(db, tmp_path / "trip.pvtrip", "رمز", cost=CHEAP, dry_run=True)
    finally:
        db.close()
    saved = backups.backup_now(office, backups.MANUAL, folder=tmp_path / "backups")
    backups.restore(saved.path, office, folder=tmp_path / "backups")
    backup_file(office, tmp_path / "elsewhere" / "copy.sqlite3")
    leftovers = [p for p in (tmp_path / "backups").iterdir() if ".partial" in p.name] + [
        p for p in (data / "tmp").rglob("*") if p.is_file() and not p.name.endswith(".lock")
    ]
    assert leftovers == []
    new_in_system_temp = set(Path(tempfile.gettempdir()).iterdir()) - system_temp
    assert not [p for p in new_in_system_temp if "peyvand" in p.name]
