"""Any list, as the user sees it filtered and sorted, to an Excel workbook.

The sheet is right-to-left. Dates appear as Jalali text (what the office reads) and
again as real dates in a hidden column beside them, so Excel can still sort by date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from enum import Enum
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from peyvand.messages import enum_label
from peyvand.services import lists
from peyvand.services.clock import SYSTEM_CLOCK, Clock
from peyvand.services.lists import ListQuery
from peyvand.storage.database import Database
from peyvand.text import format_jalali_date, format_time, to_persian_digits

PAGE = 2000
_STATE_FILLS = {
    "overdue": PatternFill("solid", fgColor="FDE2E2"),
    "due_soon": PatternFill("solid", fgColor="FEF3C7"),
    "dormant": PatternFill("solid", fgColor="E5E7EB"),
}


def _cell(value: Any, kind: str, key: str) -> Any:
    if value is None:
        return ""
    if kind == "date" and isinstance(value, dt.date):
        return format_jalali_date(value)
    if kind == "time" and isinstance(value, dt.time):
        return format_time(value)
    if isinstance(value, Enum):
        return enum_label(value)
    if isinstance(value, bool):
        return "✔" if value else ""
    if key in ("number", "linked") and isinstance(value, str):
        return to_persian_digits(value)
    return value


def _format_columns(sheet: Any, layout: list[tuple[str, str, bool]]) -> None:
    for index, (_key, _kind, hidden) in enumerate(layout, start=1):
        dimension = sheet.column_dimensions[get_column_letter(index)]
        dimension.width = 14 if hidden else 22
        dimension.hidden = hidden
        first = 2 if hidden else 1
        for (cell,) in sheet.iter_rows(min_row=first, min_col=index, max_col=index):
            if hidden:
                cell.number_format = "yyyy-mm-dd"
            else:
                cell.alignment = Alignment(horizontal="right", wrap_text=False)
    sheet.freeze_panes = "A2"


def export_list(
    db: Database,
    query: ListQuery,
    path: Path,
    headers: Mapping[str, str],
    *,
    sheet_title: str = "",
    clock: Clock = SYSTEM_CLOCK,
    progress: Callable[[int, int], None] | None = None,
) -> int:
    """Write every row of ``query`` to ``path``; returns the number of rows."""
    columns = lists.columns(query.kind)
    total = lists.count(db, query, clock=clock)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = (sheet_title or query.kind)[:31]
    sheet.sheet_view.rightToLeft = True
    layout: list[tuple[str, str, bool]] = []  # (key, kind, hidden real-date column)
    for column in columns:
        kind = column.kind.split(":")[0]
        layout.append((column.key, kind, False))
        if kind == "date":
            layout.append((column.key, kind, True))
    title_row = [
        f"{headers.get(key, key)} (تاریخ میلادی)" if hidden else headers.get(key, key)
        for key, _kind, hidden in layout
    ]
    sheet.append(title_row)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    written = 0
    while written < total:
        rows = lists.page(db, query, written, PAGE, clock=clock)
        if not rows:
            break
        for row in rows:
            values = [
                row.values.get(key) if hidden else _cell(row.values.get(key), kind, key)
                for key, kind, hidden in layout
            ]
            sheet.append(values)
            fill = _STATE_FILLS.get(row.state)
            if fill is not None:
                for cell in sheet[sheet.max_row]:
                    cell.fill = fill
        written += len(rows)
        if progress is not None:
            progress(written, total)
    _format_columns(sheet, layout)
    tmp = path.with_name(path.name + ".partial")
    book.save(tmp)
    tmp.replace(path)
    return written
