from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import load_workbook

from peyvand.services.clock import FixedClock
from peyvand.services.demo import load_demo
from peyvand.services.excel_export import export_list
from peyvand.services.lists import ListQuery, count
from peyvand.storage.database import Database

CLOCK = FixedClock(dt.datetime(2026, 11, 26, 9, 0, tzinfo=dt.UTC))


def test_actions_export_is_rtl_with_jalali_text_and_hidden_real_dates(
    db: Database, tmp_path: Path
) -> None:
    load_demo(db, clock=CLOCK)
    query = ListQuery("actions", filters={"state": "overdue"})
    out = tmp_path / "actions.xlsx"
    written = export_list(db, query, out, {"number": "شماره", "due_date": "مهلت"}, clock=CLOCK)
    assert written == count(db, query, clock=CLOCK) > 0
    sheet = load_workbook(out).active
    assert sheet is not None
    assert sheet.sheet_view.rightToLeft is True
    header = [c.value for c in sheet[1]]
    assert header[0] == "شماره"
    due = header.index("مهلت")
    assert header[due + 1] == "مهلت (تاریخ میلادی)"
    hidden_letter = sheet.cell(row=1, column=due + 2).column_letter
    assert sheet.column_dimensions[hidden_letter].hidden is True
    first = [c.value for c in sheet[2]]
    assert str(first[0])[0] in "۰۱۲۳۴۵۶۷۸۹"  # short number in Persian digits
    assert isinstance(first[due], str) and first[due].startswith("۱۴۰")
    real = first[due + 1]
    assert isinstance(real, dt.datetime | dt.date)
    real_date = real.date() if isinstance(real, dt.datetime) else real
    assert real_date < CLOCK.at.date()  # overdue: due before today
    assert sheet.max_row == written + 1


def test_every_list_kind_exports(db: Database, tmp_path: Path) -> None:
    load_demo(db, clock=CLOCK)
    for kind in ("visits", "meetings", "people", "organizations", "partnerships"):
        out = tmp_path / f"{kind}.xlsx"
        written = export_list(db, ListQuery(kind), out, {}, clock=CLOCK)
        assert written == count(db, ListQuery(kind), clock=CLOCK)
        assert load_workbook(out).active.max_row == written + 1  # type: ignore[union-attr]
