"""`peyvand calendar export` and `peyvand brief activity`: Jalali dates in any digit
set, English errors with a non-zero exit, nothing written on bad input."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import icalendar
import openpyxl
import pytest

from peyvand.cli import main
from peyvand.domain import Meeting, Visit
from peyvand.services import records
from peyvand.storage.database import Database


@pytest.fixture
def office(db: Database, db_path: Path) -> Path:
    with db.session() as session:
        records.create(session, Meeting, {"title": "جلسه آذر", "date": dt.date(2026, 11, 30)})
        records.create(session, Visit, {"title": "هیئت آذر", "arrival": dt.date(2026, 12, 1),
                                        "departure": dt.date(2026, 12, 3)})  # fmt: skip
    db.close()
    return db_path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_calendar_export_with_persian_digits(
    capsys: pytest.CaptureFixture[str], office: Path, tmp_path: Path
) -> None:
    target = tmp_path / "azar.ics"
    code, out, err = run(
        capsys, "calendar", "export", "--db", str(office),
        "--from", "۱۴۰۵/۰۹/۰۱", "--to", "1405/9/30", "-o", str(target),
    )  # fmt: skip
    assert code == 0, err
    assert out.strip() == f"Wrote 2 events to {target}"
    events = icalendar.Calendar.from_ical(target.read_bytes()).walk("VEVENT")
    summaries = {str(e["summary"]) for e in events}
    assert any("جلسه آذر" in s for s in summaries) and any("هیئت آذر" in s for s in summaries)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--from", "1405/13/01"], "is not a day of the Jalali calendar"),
        (["--from", "yesterday"], "is not a date"),
        (["--from", "1405/09/30", "--to", "1405/09/01"], "start date is after the end date"),
    ],
)
def test_bad_dates_are_refused_in_english(
    capsys: pytest.CaptureFixture[str], office: Path, tmp_path: Path, args: list[str],
    message: str,
) -> None:  # fmt: skip
    target = tmp_path / "x.ics"
    code, _out, err = run(capsys, "calendar", "export", "--db", str(office), *args,
                          "-o", str(target))  # fmt: skip
    assert code == 1 and message in err and err.startswith("peyvand: error:")
    assert not target.exists()


def test_a_missing_folder_is_an_error_that_names_the_file(
    capsys: pytest.CaptureFixture[str], office: Path, tmp_path: Path
) -> None:
    target = tmp_path / "no-such-folder" / "x.ics"
    code, _out, err = run(capsys, "calendar", "export", "--db", str(office), "-o", str(target))
    assert code == 1 and str(target) in err
    assert not target.parent.exists()


def test_brief_activity_writes_the_pdf_and_the_excel(
    capsys: pytest.CaptureFixture[str], office: Path, tmp_path: Path
) -> None:
    pdf, xlsx = tmp_path / "activity.pdf", tmp_path / "activity.xlsx"
    code, out, err = run(
        capsys, "brief", "activity", "--db", str(office), "--from", "1405/01/01",
        "--to", "1405/12/29", "-o", str(pdf), "--excel", str(xlsx),
    )  # fmt: skip
    assert code == 0, err
    assert pdf.read_bytes().startswith(b"%PDF")
    book = openpyxl.load_workbook(xlsx)
    summary = {row[0]: row[1] for row in book["خلاصه"].iter_rows(values_only=True)}
    assert summary["جلسات"] == 1 and summary["هیئت‌ها"] == 1
    assert "Wrote" in out
