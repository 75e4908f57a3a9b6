"""Shared fixtures: a real, migrated SQLite file per test, never a mock."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path

# Before anything imports Qt: tests never need a screen.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest

from peyvand.storage.database import Database
from peyvand.ui.formgen import build as build_forms

# The generated form modules are build output: make them current before any UI test.
build_forms()


@pytest.fixture(autouse=True)
def _isolated_data_dir(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    # No test may touch the real user data folder.
    monkeypatch.setenv("PEYVAND_DATA_DIR", str(tmp_path_factory.mktemp("data")))


@pytest.fixture(scope="session")
def migrated_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One freshly migrated database, copied for each test (migrating is the slow part)."""
    path = tmp_path_factory.mktemp("template") / "template.sqlite3"
    Database.open(path).close()
    return path


@pytest.fixture
def db_path(tmp_path: Path, migrated_template: Path) -> Path:
    path = tmp_path / "peyvand.sqlite3"
    shutil.copyfile(migrated_template, path)
    return path


# --- both engines ----------------------------------------------------------------------
# A module marked ``pytestmark = pytest.mark.both_engines`` runs its tests that use ``db``
# twice: on a SQLite file and on the office server (PostgreSQL, tests/pg_support.py).
# Only tests where the engine matters are marked: the rest stay on SQLite.

sys.path.insert(0, str(Path(__file__).parent))
import pg_support  # noqa: E402

ENGINES = ("sqlite", "postgresql")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    marked = metafunc.definition.get_closest_marker
    if "engine" not in metafunc.fixturenames or not marked("both_engines"):
        return
    if marked("server_only"):
        metafunc.parametrize("engine", ("postgresql",), indirect=True, scope="module")
    elif not marked("sqlite_only"):
        metafunc.parametrize("engine", ENGINES, indirect=True, scope="module")


@pytest.fixture(scope="module")
def engine(request: pytest.FixtureRequest) -> str:
    return str(getattr(request, "param", "sqlite"))


@pytest.fixture(scope="session")
def pg_template() -> Iterator[str]:
    """A database migrated by ``server init``'s code, the template of the others."""
    reason = pg_support.unavailable_reason()
    if reason is not None:
        if pg_support.required():
            pytest.fail(f"PostgreSQL is required here (PEYVAND_REQUIRE_PG=1): {reason}")
        pytest.skip(reason)
    from peyvand.storage.server_database import ServerDatabase

    name = pg_support.new_name("peyvand_template")
    pg_support.create_database(name)
    try:
        database, _created = ServerDatabase.initialize(pg_support.database_url(name))
        database.close()
        yield name
    finally:
        pg_support.drop_database(name)


@pytest.fixture(scope="module")
def pg_module_url(engine: str, request: pytest.FixtureRequest) -> Iterator[str | None]:
    """A database of this module's own on the server, cloned from the template."""
    if engine != "postgresql":
        yield None
        return
    template: str = request.getfixturevalue("pg_template")
    name = pg_support.new_name("peyvand_test")
    pg_support.create_database(name, template=template)
    try:
        yield pg_support.database_url(name)
    finally:
        pg_support.drop_database(name)


@pytest.fixture
def db(
    engine: str, pg_module_url: str | None, request: pytest.FixtureRequest
) -> Iterator[Database]:
    if pg_module_url is not None:
        from peyvand.storage.server_database import ServerDatabase

        pg_support.empty_tables(pg_module_url)
        database: Database = ServerDatabase.connect(pg_module_url)
    else:
        database = Database.open(request.getfixturevalue("db_path"))
    yield database
    database.close()


# --- hostile surroundings (issue 10 §6): another writer, a full disk, a read-only medium

# A second real process that takes the write lock of a database and holds it until its
# stdin closes (or for ``hold`` seconds).
_HOLDER = """
import sqlite3, sys, time
conn = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=0)
conn.execute("BEGIN IMMEDIATE")
print("held", flush=True)
hold = float(sys.argv[2])
if hold > 0:
    time.sleep(hold)
else:
    sys.stdin.readline()
conn.execute("ROLLBACK")
"""


@contextmanager
def _other_writer(path: Path, hold: float = 0.0) -> Iterator[subprocess.Popen[str]]:
    proc = subprocess.Popen(
        [sys.executable, "-c", _HOLDER, str(path), str(hold)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "held"
        yield proc
    finally:
        if proc.stdin is not None and not proc.stdin.closed:
            proc.stdin.close()
        proc.wait(timeout=30)


@pytest.fixture
def other_writer() -> Callable[..., AbstractContextManager[subprocess.Popen[str]]]:
    """``with other_writer(path):`` another process holds BEGIN IMMEDIATE on ``path``."""
    return _other_writer


def _can_mount() -> bool:
    return getattr(os, "geteuid", lambda: 1)() == 0 and shutil.which("mount") is not None


def _run(*argv: str) -> bool:
    return subprocess.run(argv, capture_output=True, check=False).returncode == 0


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A real, separate 8 MiB file system (tmpfs): needs root and mount, else skipped."""
    if not _can_mount():
        pytest.skip("a small file system needs root and mount(8)")
    point = tmp_path / "small-disk"
    point.mkdir()
    if not _run("mount", "-t", "tmpfs", "-o", "size=8m,mode=0777", "tmpfs", str(point)):
        pytest.skip("tmpfs cannot be mounted here")
    try:
        yield point
    finally:
        _run("umount", "-l", str(point))


def _fill_disk(folder: Path, leave: int = 0) -> Path:
    """Fill the file system holding ``folder`` up to ``leave`` free bytes."""
    filler = folder / "filler.bin"
    # Unbuffered: a buffered file would raise ENOSPC again when it is closed.
    with filler.open("wb", buffering=0) as fh:
        try:
            while fh.write(b"\0" * 65536):
                pass
        except OSError:
            pass
    if leave:
        size = filler.stat().st_size
        with filler.open("r+b") as fh:
            fh.truncate(max(0, size - leave))
    return filler


@pytest.fixture
def fill_disk() -> Callable[..., Path]:
    """``fill_disk(folder, leave=0)``: a filler file takes all but ``leave`` bytes."""
    return _fill_disk


@pytest.fixture
def read_only_view(tmp_path: Path) -> Iterator[Callable[[Path], Path]]:
    """``read_only_view(folder)`` → a read-only view of ``folder``: a read-only bind
    mount when running as root (root ignores permission bits), else the folder itself
    with its permissions removed."""
    cleanups: list[Callable[[], None]] = []

    def make(folder: Path) -> Path:
        if _can_mount():
            view = folder.with_name(folder.name + "-ro")
            view.mkdir()
            if not (
                _run("mount", "--bind", str(folder), str(view))
                and _run("mount", "-o", "remount,ro,bind", str(view))
            ):
                _run("umount", "-l", str(view))
                pytest.skip("read-only bind mounts are not possible here")
            cleanups.append(lambda: _run("umount", "-l", str(view)) and None)
            return view
        if getattr(os, "geteuid", lambda: 1)() == 0:
            pytest.skip("as root without mount, nothing can be made read-only")
        for child in folder.iterdir():
            child.chmod(0o444)
        folder.chmod(0o555)
        cleanups.append(lambda: folder.chmod(0o755))
        return folder

    yield make
    for cleanup in reversed(cleanups):
        cleanup()


@pytest.fixture(autouse=True)
def _default_write_wait() -> Iterator[None]:
    # The CLI and the GUI configure storage.busy globally; every test starts afresh.
    from peyvand.storage import busy

    busy.configure(seconds=30, observer=None)
    yield
    busy.configure(seconds=30, observer=None)
