"""Every command works on a trip package (`--db F.pvtrip --passphrase-file P`)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from peyvand.cli import main
from peyvand.services.clock import FixedClock
from peyvand.services.demo import load_demo
from peyvand.storage.database import Database
from peyvand.storage.package_magic import MAGIC

PASS = "رمز سفر\u200cها ۱۴۰۵"
VISIT = "1405-002"


@pytest.fixture
def trip(db: Database, db_path: Path, tmp_path: Path) -> tuple[Path, Path]:
    """A package made by the CLI (the real key-derivation cost), and its passphrase file."""
    load_demo(db, clock=FixedClock(datetime(2026, 11, 26, 9, tzinfo=UTC)))
    secret = tmp_path / "pass.txt"
    secret.write_text(PASS + "\n", encoding="utf-8")
    package = tmp_path / "trip.pvtrip"
    code = main(
        ["trip", "export", VISIT, "-o", str(package), "--passphrase-file", str(secret),
         "--db", str(db_path)]
    )  # fmt: skip
    assert code == 0
    return package, secret


def _on(trip: tuple[Path, Path], *args: str) -> int:
    package, secret = trip
    return main([*args, "--db", str(package), "--passphrase-file", str(secret)])


def test_list_search_check_and_brief_on_a_package(
    trip: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    assert _on(trip, "list", "visits") == 0
    assert VISIT in capsys.readouterr().out
    assert _on(trip, "search", "بارسلون") == 0
    assert "visit" in capsys.readouterr().out
    assert _on(trip, "check") == 0
    assert "integrity: ok" in capsys.readouterr().out
    pdf = tmp_path / "brief.pdf"
    assert _on(trip, "brief", "visit", VISIT, "-o", str(pdf)) == 0
    assert pdf.read_bytes().startswith(b"%PDF")


def test_backup_of_a_package_is_an_encrypted_copy(
    trip: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "copy.pvtrip"
    assert _on(trip, "backup", "-o", str(target)) == 0
    data = target.read_bytes()
    assert data.startswith(MAGIC) and "بارسلون".encode() not in data
    assert b"SQLite format 3" not in data
    # The copy opens with the same passphrase and holds the same visit.
    capsys.readouterr()
    assert main(["list", "visits", "--db", str(target), "--passphrase-file", str(trip[1])]) == 0
    assert VISIT in capsys.readouterr().out
    assert _on(trip, "restore", str(target)) == 1
    assert "trip package" in capsys.readouterr().err.lower()


def test_office_only_commands_and_bad_passphrase_are_refused(
    trip: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    package = trip[0]
    before = package.read_bytes()
    capsys.readouterr()
    assert _on(trip, "trip", "export", VISIT, "-o", str(tmp_path / "x.pvtrip")) == 1
    assert "office database" in capsys.readouterr().err
    wrong = tmp_path / "wrong.txt"
    wrong.write_text("نادرست", encoding="utf-8")
    assert main(["list", "visits", "--db", str(package), "--passphrase-file", str(wrong)]) == 1
    assert "passphrase" in capsys.readouterr().err
    assert package.read_bytes() == before


def test_conflicts_list_and_resolve(
    trip: tuple[Path, Path], db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    package, secret = trip
    from sqlmodel import select

    from peyvand.domain import Statement
    from peyvand.services import records

    office = Database.open(db_path)
    laptop = Database.open_package(package, PASS)
    try:
        with laptop.session() as session:
            statement = session.exec(select(Statement).order_by(Statement.id)).first()
            assert statement is not None
            records.update(session, Statement, statement.id, {"text": "متن سفر"})
        with office.session() as session:
            records.update(session, Statement, statement.id, {"text": "متن دفتر"})
    finally:
        laptop.close()
        office.close()
    office_args = ["--db", str(db_path)]
    code = main(["trip", "import", str(package), "--passphrase-file", str(secret), *office_args])
    assert code == 0
    assert "1 conflicts" in capsys.readouterr().out
    assert main(["conflicts", "list", *office_args]) == 0
    line = capsys.readouterr().out.strip()
    seq, entity = line.split("\t")[:2]
    assert entity == "statement" and "office=متن دفتر" in line and "laptop=متن سفر" in line
    assert main(["conflicts", "resolve", seq, "--take", "edited", *office_args]) == 1
    assert main(["conflicts", "resolve", seq, "--take", "laptop", *office_args]) == 0
    assert main(["conflicts", "resolve", seq, "--take", "laptop", *office_args]) == 1
    capsys.readouterr()
    assert main(["conflicts", "list", *office_args]) == 0
    assert capsys.readouterr().out == ""
