"""The command line for checklists and letters: real files, exit codes, nothing changed on
bad input."""

from __future__ import annotations

import re
import sqlite3
import zipfile
from pathlib import Path

import pytest

from peyvand.cli import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cli-letters") / "demo.sqlite3"
    assert main(["demo", "--db", str(path)]) == 0
    return path


@pytest.fixture
def demo_db(demo_template: Path, tmp_path: Path) -> Path:
    """A copy per test: these commands write."""
    path = tmp_path / "demo.sqlite3"
    path.write_bytes(demo_template.read_bytes())
    return path


def _count(db: Path, sql: str) -> int:
    conn = sqlite3.connect(db)
    try:
        return int(conn.execute(sql).fetchone()[0])
    finally:
        conn.close()


def test_checklist_apply(capsys: pytest.CaptureFixture[str], demo_db: Path) -> None:
    code, out, _ = run(capsys, "checklist", "apply", "1405-005", "--db", str(demo_db))
    assert code == 0
    first, *items = out.splitlines()
    assert first.startswith("Applied 'آمادگی هیئت ورودی' to visit 1405-005: 17 items")
    number, due, title = items[0].split("\t")
    assert number.startswith("1405-") and due.startswith("1405/") and "دعوت‌نامه" in title
    code, out, _ = run(
        capsys, "checklist", "apply", "۱۴۰۵-۰۰۵", "--template", "آمادگی هیئت عالی‌رتبه",
        "--db", str(demo_db),
    )  # fmt: skip
    assert code == 0 and "already there" in out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["checklist", "apply", "9999-001"], "No visit with the number or id '9999-001'"),
        (["checklist", "apply", "1405-005", "--template", "هیچ"], "No checklist template"),
    ],
)
def test_checklist_errors_change_nothing(
    capsys: pytest.CaptureFixture[str], demo_db: Path, argv: list[str], message: str
) -> None:
    before = _count(demo_db, "SELECT count(*) FROM action")
    code, _, err = run(capsys, *argv, "--db", str(demo_db))
    assert code == 1 and message in err and err.startswith("peyvand: error:")
    assert _count(demo_db, "SELECT count(*) FROM action") == before


def test_letter_new_registers_and_writes_pdf_and_docx(
    capsys: pytest.CaptureFixture[str], demo_db: Path, tmp_path: Path
) -> None:
    pdf = tmp_path / "thanks.pdf"
    code, out, _ = run(
        capsys, "letter", "new", "thank_you", "--meeting", "1399-001", "-o", str(pdf),
        "--db", str(demo_db),
    )  # fmt: skip
    assert code == 0, out
    # Numbered in this year's book (the demo's dates follow today).
    match = re.match(r"Registered letter (\d+)/(\d{4})/ب‌م of (\d{4})/\d\d/\d\d: ", out)
    assert match is not None, out
    assert match[2] == match[3]
    assert pdf.read_bytes().startswith(b"%PDF")
    docx = tmp_path / "visa.docx"
    code, out, _ = run(
        capsys, "letter", "new", "visa_support", "--visit", "1405-004", "--lang", "en",
        "-o", str(docx), "--db", str(demo_db),
    )  # fmt: skip
    assert code == 0
    visa = out.split()[2]
    assert int(visa.split("/")[0]) == int(match[1]) + 1  # the next number of the book
    with zipfile.ZipFile(docx) as package:
        assert "Visa support" in package.read("word/document.xml").decode()
    code, out, _ = run(capsys, "list", "letters", "--db", str(demo_db))
    assert code == 0
    assert out.splitlines()[0].startswith(f"{visa}\t")
    # Drafts get no number; printing an existing letter.
    code, out, _ = run(
        capsys, "letter", "new", "intent", "--partnership", "Barcelona", "--draft",
        "-o", str(tmp_path / "draft.pdf"), "--db", str(demo_db),
    )  # fmt: skip
    assert code == 0 and out.startswith("Draft letter ")
    code, out, _ = run(
        capsys, "letter", "print", "۱/۱۴۰۵/و", "-o", str(tmp_path / "in.docx"),
        "--db", str(demo_db),
    )  # fmt: skip
    assert code == 0 and (tmp_path / "in.docx").stat().st_size > 0


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["thank_you", "--visit", "1405-004", "-o", "x.txt"], "must end in .pdf or .docx"),
        (["thank_you", "--visit", "9999-001", "-o", "x.pdf"], "No visit"),
        (["intent", "--partnership", "Atlantis", "-o", "x.pdf"], "No partnership"),
        (["general", "--visit", "1405-004", "-o", "x.pdf"], "no letter template of kind"),
        (["thank_you", "--visit", "1405-004", "--template", "هیچ", "-o", "x.pdf"], "No letter "),
    ],
)
def test_letter_errors_change_nothing(
    capsys: pytest.CaptureFixture[str],
    demo_db: Path,
    tmp_path: Path,
    argv: list[str],
    message: str,
) -> None:
    before = _count(demo_db, "SELECT count(*) FROM letter")
    out = tmp_path / argv[-1]
    code, _, err = run(capsys, "letter", "new", *argv[:-1], str(out), "--db", str(demo_db))
    assert code == 1, err
    assert message in err and err.startswith("peyvand: error:")
    assert _count(demo_db, "SELECT count(*) FROM letter") == before
    assert not out.exists()


def test_a_file_that_cannot_be_written_leaves_the_register_as_it_was(
    capsys: pytest.CaptureFixture[str], demo_db: Path, tmp_path: Path
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    before = _count(demo_db, "SELECT count(*) FROM letter")
    counters = _count(demo_db, "SELECT coalesce(sum(last), 0) FROM number_counter")
    code, _, err = run(
        capsys, "letter", "new", "thank_you", "--visit", "1405-004",
        "-o", str(blocker / "letter.pdf"), "--db", str(demo_db),
    )  # fmt: skip
    assert code == 1 and err.startswith("peyvand: error:")
    assert _count(demo_db, "SELECT count(*) FROM letter") == before
    assert _count(demo_db, "SELECT coalesce(sum(last), 0) FROM number_counter") == counters


def test_word_copies_of_minutes_and_visit_brief(
    capsys: pytest.CaptureFixture[str], demo_db: Path, tmp_path: Path
) -> None:
    for kind, ref in (("meeting", "1399-001"), ("visit", "1405-004")):
        out = tmp_path / f"{kind}.docx"
        code, text, _ = run(capsys, "brief", kind, ref, "-o", str(out), "--db", str(demo_db))
        assert code == 0 and text.startswith("Wrote")
        with zipfile.ZipFile(out) as package:
            assert "<w:bidi/>" in package.read("word/document.xml").decode()
    code, _, err = run(
        capsys, "brief", "itinerary", "1405-004", "-o", str(tmp_path / "x.docx"),
        "--db", str(demo_db),
    )  # fmt: skip
    assert code == 1 and "Word copy" in err
    code, _, _ = run(
        capsys, "brief", "checklist", "1405-004", "-o", str(tmp_path / "c.pdf"),
        "--db", str(demo_db),
    )  # fmt: skip
    assert code == 0 and (tmp_path / "c.pdf").read_bytes().startswith(b"%PDF")
