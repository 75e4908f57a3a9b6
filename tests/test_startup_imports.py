"""Start-up imports only what the first paint needs (issue 16; no timing here).

A fresh interpreter runs the real entry point (`peyvand.cli.main`): the window with the
dashboard painted offscreen (`--smoke-test`), or `peyvand list meetings`; then it prints
what is in ``sys.modules``. Each module named here costs start-up time and belongs to
work that comes later (a brief, an export, a trip package, a save), so it must not be
there. The figures are in docs/benchmarks.md (benchmarks/startup_bench.py,
benchmarks/cli_bench.py).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

from peyvand.domain import Action, Meeting, Partnership, Visit
from peyvand.services import records
from peyvand.storage.database import Database

# Never needed before the window shows its dashboard, nor by `list`.
NOT_AT_START = (
    "alembic",  # only when the schema is older than this version (migrate.inspect_schema)
    "mako",
    "peyvand.briefs",
    "reportlab",
    "PIL",
    "arabic_reshaper",
    "bidi",
    "pypdfium2",
    "openpyxl",
    "cryptography",  # trip packages
    "sqlcipher3",
    "docx",
    "peyvand.word",
    "jinja2",  # letter templates
    "icalendar",
    "psycopg",  # office mode only: these databases are SQLite files
    "keyring",
    # The ORM and the table classes: the first paint reads through Core
    # (domain/core_tables.py); building every SQLModel class is most of a cold start.
    "sqlmodel",
    "sqlalchemy.orm",
    # The settings are dataclasses (config.py): pydantic costs about 90 ms to import.
    "pydantic",
    "pydantic_core",
    "peyvand.domain.meetings",
    "peyvand.domain.actions",
    "peyvand.domain.visits",
    "peyvand.storage.unit_of_work",
    # Services of later work.
    "peyvand.services.backups",  # the automatic backup starts 3 s after the window
    "peyvand.storage.backup",  # ... and so does what it writes with
    "peyvand.storage.trip_package",  # a file is told from a package by its first bytes
    "peyvand.storage.search_index",  # the first search, the first save
    "peyvand.services.search",
    "peyvand.storage.access",  # the office server's grants, policies and triggers
    "peyvand.cli_server",  # the server's commands: not the window's, nor another's
    "filelock",  # a temporary folder, a backup: later
    "peyvand.services.records",
    "peyvand.services.activity",
    "peyvand.services.transfer",
)

# The window may import Qt; the command line must not.
NOT_IN_CLI = ("PySide6", "shiboken6", "peyvand.ui", "peyvand.app")

RUN = textwrap.dedent(
    """
    import json, sys
    from peyvand.cli import main
    code = main(sys.argv[1:])
    print("modules:" + json.dumps(sorted(sys.modules)))
    sys.exit(code)
    """
)


def _filled(db_path: Path) -> Path:
    """A database with something on each part of the dashboard."""
    today = dt.date.today()
    db = Database.open(db_path)
    try:
        with db.session() as session:
            partnership = records.create(session, Partnership, {"partner_city": "ازمیر"})
            records.create(session, Visit, {"title": "هیئت ازمیر", "arrival": today})
            records.create(
                session,
                Meeting,
                {"title": "دیدار", "date": today, "partnership_id": partnership.id},
            )
            records.create(
                session, Action, {"title": "پیگیری", "due_date": today - dt.timedelta(days=3)}
            )
    finally:
        db.close()
    return db_path


def _modules_after(*argv: str, tmp_path: Path) -> tuple[set[str], str]:
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        PEYVAND_DATA_DIR=str(tmp_path / "data"),
    )
    result = subprocess.run(
        [sys.executable, "-c", RUN, *argv],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    lines = [line for line in result.stdout.splitlines() if line.startswith("modules:")]
    assert lines, result.stdout + result.stderr
    return set(json.loads(lines[-1].removeprefix("modules:"))), result.stdout


def _present(modules: set[str], names: tuple[str, ...]) -> list[str]:
    return sorted(
        name for name in names if any(m == name or m.startswith(name + ".") for m in modules)
    )


def test_window_with_the_dashboard_painted_imports_only_what_it_needs(
    db_path: Path, tmp_path: Path
) -> None:
    modules, stdout = _modules_after(
        "--db", str(_filled(db_path)), "--smoke-test", tmp_path=tmp_path
    )
    assert "peyvand-ready" in stdout  # the window came up with the dashboard's data
    # What the first paint does need is there, so the check looks at the real path.
    assert {"peyvand.ui.screens.dashboard", "peyvand.services.dashboard_charts"} <= modules
    assert _present(modules, NOT_AT_START) == []


def test_my_tasks_and_my_name_are_painted_without_the_orm(
    db_path: Path, tmp_path: Path
) -> None:
    """A workstation with its person linked in Settings (the usual case): the status
    bar names them and the dashboard paints «کارهای من» and «کارهای واحد من» too."""
    from peyvand.config import SETTINGS_FILE, Settings, save_settings
    from peyvand.domain import Person, Unit
    from peyvand.services import actions

    db = Database.open(_filled(db_path))
    try:
        with db.session() as session:
            unit = records.create(session, Unit, {"name": "امور بین‌الملل"})
            me = records.create(session, Person, {"name": "مریم احمدی", "unit_id": unit.id})
        actions.create_action(db, {"title": "کار من", "owner_person_id": me.id})
    finally:
        db.close()
    data = tmp_path / "data"  # PEYVAND_DATA_DIR of the process (_modules_after)
    data.mkdir()
    save_settings(Settings(current_person_id=me.id, current_unit_id=unit.id), data / SETTINGS_FILE)
    modules, stdout = _modules_after("--db", str(db_path), "--smoke-test", tmp_path=tmp_path)
    assert "peyvand-ready" in stdout
    assert {"peyvand.ui.screens.dashboard", "peyvand.services.accounts"} <= modules
    assert _present(modules, NOT_AT_START) == []


def test_list_imports_neither_qt_nor_the_orm(db_path: Path, tmp_path: Path) -> None:
    modules, stdout = _modules_after(
        "list", "meetings", "--db", str(_filled(db_path)), tmp_path=tmp_path
    )
    assert "دیدار" in stdout
    assert "peyvand.services.listing" in modules
    assert _present(modules, NOT_AT_START + NOT_IN_CLI) == []


# `peyvand brief meeting` needs reportlab and the Persian shaping, not the ORM: the
# minutes and the letterhead are read through Core (briefs/meeting_data.py).
NOT_IN_MEETING_BRIEF = (
    *(n for n in NOT_AT_START
      if n not in ("peyvand.briefs", "reportlab", "PIL", "arabic_reshaper", "bidi")),
    *NOT_IN_CLI,
    "peyvand.briefs.data",
    "peyvand.services.meetings",
)  # fmt: skip


def test_the_meeting_brief_imports_neither_qt_nor_the_orm(
    db_path: Path, tmp_path: Path
) -> None:
    from peyvand.services import listing

    path = _filled(db_path)
    db = Database.open(path)
    try:
        number = listing.list_lines(db, "meetings")[0].ref
    finally:
        db.close()
    out = tmp_path / "minutes.pdf"
    modules, stdout = _modules_after(
        "brief", "meeting", number, "--db", str(path), "-o", str(out), tmp_path=tmp_path
    )
    assert f"Wrote {out}" in stdout and out.read_bytes().startswith(b"%PDF")
    assert {"peyvand.briefs.meeting_data", "reportlab.platypus"} <= modules
    assert _present(modules, NOT_IN_MEETING_BRIEF) == []


# On the office server the window needs psycopg and the credential store (keyring; on
# Linux its Secret Service backend imports cryptography); nothing else of NOT_AT_START,
# nor what a workstation's file needs (trip packages, SQLite's dialect).
NOT_AT_SERVER_START = (
    *(
        n
        for n in NOT_AT_START
        # The server's connection checks its grants and policies (storage.access).
        if n not in ("psycopg", "keyring", "cryptography", "peyvand.storage.access")
    ),
    "sqlalchemy.dialects.sqlite",
)  # fmt: skip


def test_the_office_servers_window_imports_only_what_it_needs(
    pg_template: str, tmp_path: Path
) -> None:
    import pg_support
    from peyvand.services.demo import load_demo
    from peyvand.storage.server_database import ServerDatabase

    name = pg_support.new_name("peyvand_start")
    pg_support.create_database(name, template=pg_template)
    try:
        db = ServerDatabase.connect(pg_support.database_url(name))
        try:
            load_demo(db)  # an empty office opens on the welcome screen instead
        finally:
            db.close()
        modules, stdout = _modules_after(
            "--db", pg_support.database_url(name), "--smoke-test", tmp_path=tmp_path
        )
    finally:
        pg_support.drop_database(name)
    assert "peyvand-ready" in stdout
    assert {"peyvand.ui.screens.dashboard", "psycopg"} <= modules
    assert _present(modules, NOT_AT_SERVER_START) == []
