"""The command line as a user scripts it: real files, real exit codes, English errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from peyvand.cli import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cli") / "demo.sqlite3"
    assert main(["demo", "--db", str(path)]) == 0
    return path


def test_help_runs_as_a_module() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "peyvand", "--help"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0
    for command in ("demo", "check", "export", "import", "search", "list"):
        assert command in result.stdout


def test_list_meetings_shows_the_seed_meeting_first_field_number(
    capsys: pytest.CaptureFixture[str], demo_db: Path
) -> None:
    code, out, _ = run(capsys, "list", "meetings", "--db", str(demo_db))
    assert code == 0
    lines = out.splitlines()
    assert len(lines) >= 10
    seed = [line for line in lines if "\t1399/11/16\t" in line]
    assert len(seed) == 1, out
    number, _day, title = seed[0].split("\t")
    assert number.startswith("1399-")
    assert "سجادی" in title or "معاون کنسولی" in title


def test_db_before_the_command_name_is_honoured(
    capsys: pytest.CaptureFixture[str], demo_db: Path
) -> None:
    code, out, _ = run(capsys, "--db", str(demo_db), "list", "partnerships")
    assert code == 0
    assert "حیدرآباد" in out


@pytest.mark.parametrize("kind", ["visits", "actions", "people", "partnerships", "organizations"])
def test_list_every_kind(capsys: pytest.CaptureFixture[str], demo_db: Path, kind: str) -> None:
    code, out, _ = run(capsys, "list", kind, "--db", str(demo_db))
    assert code == 0
    assert len(out.splitlines()) >= 3


@pytest.mark.parametrize("query", ["خواهرخواندگي", "خواهر خوانده", "يونيسف"])
def test_search_finds_the_seed_meeting(
    capsys: pytest.CaptureFixture[str], demo_db: Path, query: str
) -> None:
    code, out, _ = run(capsys, "search", "--db", str(demo_db), query)
    assert code == 0
    meeting_lines = [line for line in out.splitlines() if line.startswith("meeting\t1399-")]
    assert meeting_lines, out


def test_check_reports_ok(capsys: pytest.CaptureFixture[str], demo_db: Path) -> None:
    code, out, _ = run(capsys, "check", "--db", str(demo_db))
    assert code == 0
    assert "integrity: ok" in out
    assert "schema: " in out


def test_demo_refuses_a_database_with_data(
    capsys: pytest.CaptureFixture[str], demo_db: Path
) -> None:
    before = demo_db.read_bytes()
    code, _, err = run(capsys, "demo", "--db", str(demo_db))
    assert code != 0
    assert err.startswith("peyvand: error:") and "already holds data" in err
    assert len(err.strip().splitlines()) == 1
    assert demo_db.read_bytes() == before


def test_missing_database_is_a_clear_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    missing = tmp_path / "nope.sqlite3"
    code, _, err = run(capsys, "list", "meetings", "--db", str(missing))
    assert code != 0
    assert "There is no database" in err
    assert not missing.exists()


def test_unknown_kind_is_a_usage_error(capsys: pytest.CaptureFixture[str], demo_db: Path) -> None:
    with pytest.raises(SystemExit) as info:
        main(["list", "gifts", "--db", str(demo_db)])
    assert info.value.code == 2


def test_export_import_round_trip(
    capsys: pytest.CaptureFixture[str], demo_db: Path, tmp_path: Path
) -> None:
    first = tmp_path / "first.json"
    second = tmp_path / "second.json"
    target = tmp_path / "copy.sqlite3"
    assert run(capsys, "export", "--db", str(demo_db), "-o", str(first))[0] == 0
    code, out, _ = run(capsys, "import", "--db", str(target), str(first))
    assert code == 0, out
    assert run(capsys, "export", "--db", str(target), "-o", str(second))[0] == 0
    a = json.loads(first.read_text(encoding="utf-8"))
    b = json.loads(second.read_text(encoding="utf-8"))
    assert a["tables"] == b["tables"]


def test_bad_import_changes_nothing_and_says_why(
    capsys: pytest.CaptureFixture[str], demo_db: Path, tmp_path: Path
) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text('{"format": "peyvand-export", "version": 1, "tables": {', encoding="utf-8")
    before = tmp_path / "before.json"
    after = tmp_path / "after.json"
    run(capsys, "export", "--db", str(demo_db), "-o", str(before))
    code, _, err = run(capsys, "import", "--db", str(demo_db), str(broken))
    assert code != 0
    assert "not a JSON file" in err
    run(capsys, "export", "--db", str(demo_db), "-o", str(after))
    assert (
        json.loads(before.read_text(encoding="utf-8"))["tables"]
        == json.loads(after.read_text(encoding="utf-8"))["tables"]
    )
