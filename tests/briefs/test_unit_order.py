"""The follow-up report lists its units in Persian alphabetical order (پ after ب, گ after
ک, ی last), not in code-point order."""

from __future__ import annotations

import datetime as dt

from pdftext import text

from peyvand import briefs
from peyvand.domain import Action, Unit
from peyvand.services import records
from peyvand.services.clock import FixedClock
from peyvand.storage.database import Database

CLOCK = FixedClock(dt.datetime(2026, 11, 26, 9, 0, tzinfo=dt.UTC))
# Code-point order would be ب ت و پ گ.
UNITS = ["واحد بازرگانی", "واحد پژوهش", "واحد تشریفات", "واحد گردشگری", "واحد ورزش"]


def test_followup_report_lists_units_in_persian_order(db: Database) -> None:
    for name in (UNITS[4], UNITS[1], UNITS[2], UNITS[0], UNITS[3]):
        unit = records.create_row(db, Unit, {"name": name})
        values = {"title": f"کار {name}", "unit_id": unit.id, "due_date": dt.date(2026, 12, 1)}
        records.create_row(db, Action, values)
    report = text(briefs.actions_report(db, None, clock=CLOCK))
    positions = [report.index(unit) for unit in UNITS]
    assert positions == sorted(positions)
