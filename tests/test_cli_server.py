"""`peyvand server …` and every command on a server URL, against a real PostgreSQL.

Each test gets databases of its own on the server (tests/pg_support.py); without a
server they are skipped with the reason (CI requires one).
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

import pg_support
from peyvand.cli import main


@pytest.fixture
def new_database(pg_template: str) -> Iterator[Callable[[], str]]:
    """Make empty databases on the server (dropped afterwards); returns their URLs."""
    made: list[str] = []

    def make() -> str:
        name = pg_support.new_name("peyvand_cli")
        pg_support.create_database(name)
        made.append(name)
        return pg_support.database_url(name)

    yield make
    for name in made:
        pg_support.drop_database(name)


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_init_is_idempotent_then_every_command_works_on_the_url(
    new_database: Callable[[], str], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    url = new_database()
    code, _out, err = _run(capsys, "check", "--db", url)
    assert code == 1 and "holds no Peyvand database yet" in err and "Traceback" not in err
    code, out, _err = _run(capsys, "server", "init", "--db", url)
    assert code == 0 and "Created the Peyvand schema" in out
    code, out, _err = _run(capsys, "server", "init", "--db", url)
    assert code == 0 and "Already set up" in out
    assert _run(capsys, "demo", "--db", url)[0] == 0
    code, _out, err = _run(capsys, "demo", "--db", url)
    assert code == 1 and "already holds data" in err
    code, out, _err = _run(capsys, "list", "meetings", "--db", url)
    assert code == 0 and "1399-001" in out
    code, out, _err = _run(capsys, "search", "خواهر خوانده", "--db", url)
    assert code == 0 and "1399-001" in out
    pdf = tmp_path / "m.pdf"
    assert _run(capsys, "brief", "meeting", "1399-001", "--db", url, "-o", str(pdf))[0] == 0
    assert pdf.read_bytes().startswith(b"%PDF")
    exported = tmp_path / "all.json"
    assert _run(capsys, "export", "--db", url, "-o", str(exported))[0] == 0
    code, out, _err = _run(capsys, "check", "--db", url)
    assert code == 0 and "integrity: ok" in out and "password" not in out
    code, _out, err = _run(capsys, "backup", "--db", url)
    assert code == 1 and "peyvand server backup" in err


def test_a_foreign_database_is_refused_untouched(
    new_database: Callable[[], str], capsys: pytest.CaptureFixture[str]
) -> None:
    url = new_database()
    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE songs (title text)"))
    code, _out, err = _run(capsys, "server", "init", "--db", url)
    assert code == 1 and "not Peyvand's" in err
    with engine.connect() as conn:
        tables = set(conn.execute(text(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
        )).scalars())  # fmt: skip
    engine.dispose()
    assert tables == {"songs"}


def test_upgrade_waits_for_the_other_workstations(
    new_database: Callable[[], str], capsys: pytest.CaptureFixture[str]
) -> None:
    from alembic import command

    from peyvand.storage.migrate import HEAD_REVISION, alembic_config

    url = new_database()
    assert _run(capsys, "server", "init", "--db", url)[0] == 0
    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.begin() as conn:  # the schema as the previous release left it
        cfg = alembic_config()
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "-1")
        previous = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    engine.dispose()
    assert previous != HEAD_REVISION
    other = create_engine(
        url.replace("postgresql://", "postgresql+psycopg://", 1),
        connect_args={"application_name": "Peyvand"},
    )
    try:
        with other.connect():  # a colleague's window is open
            code, _out, err = _run(capsys, "list", "meetings", "--db", url)
            assert code == 1 and "server upgrade" in err
            code, _out, err = _run(capsys, "server", "upgrade", "--db", url)
            assert code == 1 and "1 other Peyvand workstation" in err
    finally:
        other.dispose()
    code, out, err = _run(capsys, "server", "upgrade", "--db", url)
    assert code == 0, err
    assert f"from schema {previous} to {HEAD_REVISION}" in out
    assert _run(capsys, "check", "--db", url)[0] == 0


@pytest.mark.skipif(shutil.which("pg_dump") is None, reason="pg_dump is not installed")
def test_backup_and_the_restore_drill(
    new_database: Callable[[], str], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    live = new_database()
    assert _run(capsys, "server", "init", "--db", live)[0] == 0
    assert _run(capsys, "demo", "--db", live)[0] == 0
    dump = tmp_path / "office.dump"
    code, out, err = _run(capsys, "server", "backup", "--db", live, "-o", str(dump))
    assert code == 0, err
    assert dump.stat().st_size > 10_000 and not list(tmp_path.glob("*.partial"))
    code, _out, err = _run(capsys, "server", "backup", "--db", live, "-o", str(dump))
    assert code == 1 and "already exists" in err
    code, _out, err = _run(capsys, "server", "restore", str(dump), "--db", live)
    assert code == 1 and "never over the live one" in err
    drill = new_database()
    code, out, err = _run(capsys, "server", "restore", str(dump), "--db", drill)
    assert code == 0 and "check: ok" in out, err
    listed = [_run(capsys, "list", "visits", "--db", url)[1] for url in (live, drill)]
    assert listed[0] == listed[1] and "1405-004" in listed[0]


def test_an_unreachable_server_is_one_clear_line(capsys: pytest.CaptureFixture[str]) -> None:
    code, _out, err = _run(
        capsys, "list", "meetings", "--db", "postgresql://nobody@127.0.0.1:1/peyvand"
    )
    assert code == 1
    assert err.count("\n") == 1 and "cannot be reached" in err and "Traceback" not in err
    code, _out, err = _run(capsys, "list", "meetings", "--db", "postgresql://u:secret@h/")
    assert code == 1 and "secret" not in err
