"""Calendar month view and activity report at 100,000 meetings / 500,000 actions.

Requirements (issue 15): the calendar's month view <= 100 ms at 500,000 actions; the
activity report for a year of the 100,000-meeting database <= 3 s. Medians, with
baselines from the same run:

* month view: ``calendar_entries.entries`` for the busiest Jalali month (query), the same
  plus the official holidays and the painted grid (``CalendarGrid`` filled and grabbed
  offscreen: what the user waits for), against the same month read as ORM objects
  (``select(Model)`` + ``model_validate``, the way other screens read records) and
  against the service's statements with the indexes disabled (``NOT INDEXED``);
* activity report: ``activity.report`` (the figures) and ``briefs.activity_report``
  (figures + PDF with charts) for Jalali year 1404, against loading the same year's
  meetings and actions as ORM objects (the naive start of any Python aggregation).

The database comes from ``_datagen.generate`` (index=False: search is not needed),
then visits with itinerary items are added here (the generator makes none). Reused when
it exists::

    .venv/bin/python benchmarks/calendar_bench.py --db /tmp/cal-100k.sqlite3
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import random
import re
import sqlite3
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import _datagen
import jdatetime

VISITS = 3_000


def add_visits(path: Path, count: int = VISITS, seed: int = 1405) -> int:
    """Visits (2-10 days, in and out) with 3-8 itinerary items each, spread over the
    generator's ten years; skipped when the database has visits already."""
    from peyvand.domain.numbering import format_number
    from peyvand.text import jalali_year, sort_key

    conn = sqlite3.connect(path)
    try:
        if conn.execute("SELECT count(*) FROM visit").fetchone()[0]:
            return 0
        rng = random.Random(seed)
        orgs = [r[0] for r in conn.execute("SELECT id FROM organization")]
        partners = [r[0] for r in conn.execute("SELECT id FROM partnership")]
        span = (_datagen._LAST_DAY - _datagen._FIRST_DAY).days
        counters: dict[int, int] = {}
        visits, items = [], []
        for n in range(count):
            arrival = _datagen._FIRST_DAY + dt.timedelta(days=int(span * n / count))
            departure = arrival + dt.timedelta(days=rng.randint(1, 9))
            year = jalali_year(arrival)
            counters[year] = counters.get(year, 0) + 1
            vid = uuid.UUID(int=rng.getrandbits(128), version=4).hex
            stamp = f"{arrival} 08:00:00.000000"
            title = f"هیئت نمونه {n}"
            visits.append((
                vid, stamp, stamp, 1, None, format_number(year, counters[year]), 0, title,
                sort_key(title), "", rng.choice(("incoming", "outgoing")),
                rng.choice(orgs) if rng.random() < 0.6 else None,
                rng.choice(partners) if rng.random() < 0.3 else None,
                "اصفهان", sort_key("اصفهان"), "", "", arrival.isoformat(),
                departure.isoformat(), "", "", "done", "normal", "", "", "", "", "",
            ))  # fmt: skip
            for k in range(rng.randint(3, 8)):
                day = arrival + dt.timedelta(days=k % ((departure - arrival).days + 1))
                items.append((
                    uuid.UUID(int=rng.getrandbits(128), version=4).hex, stamp, stamp, 1, None,
                    vid, day.isoformat(), f"{9 + k:02d}:00:00.000000", None, "محل", "",
                    f"برنامه {k}", "", "", "",
                ))  # fmt: skip
        conn.executemany(
            "INSERT INTO visit (id, created_at, updated_at, revision, deleted_at, number, "
            "number_provisional, title, title_sort, title_en, direction, organization_id, "
            "partnership_id, city, city_sort, city_en, country, arrival, departure, purpose, "
            "talking_points, status, classification, hotel, transport, interpreter, security, "
            "logistics_notes) VALUES (" + ",".join("?" * 28) + ")",
            visits,
        )
        conn.executemany(
            "INSERT INTO itinerary_item (id, created_at, updated_at, revision, deleted_at, "
            "visit_id, day, start_time, end_time, place, place_en, activity, activity_en, "
            "hosts, hosts_en) VALUES (" + ",".join("?" * 15) + ")",
            items,
        )
        conn.commit()
        conn.execute("ANALYZE visit")
        conn.execute("ANALYZE itinerary_item")
        conn.commit()
        return len(visits)
    finally:
        conn.close()


def median_ms(fn: Callable[[], object], runs: int, warm: int = 2) -> tuple[float, float]:
    for _ in range(warm):
        fn()
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times), max(times)


def busiest_month(db: Any) -> tuple[int, int, dt.date, dt.date]:
    from sqlalchemy import text

    with db.read_engine.connect() as conn:
        row = conn.execute(
            text("SELECT substr(due_date, 1, 7) AS m, count(*) FROM action "
                 "WHERE due_date < '2026-01-01' GROUP BY m ORDER BY 2 DESC LIMIT 1")
        ).one()  # fmt: skip
    day = dt.date.fromisoformat(row[0] + "-15")
    j = jdatetime.date.fromgregorian(date=day)
    from peyvand.ui.screens.calendar import month_weeks

    start, weeks = month_weeks(j.year, j.month)
    return j.year, j.month, start, start + dt.timedelta(days=7 * weeks - 1)


def orm_rows(db: Any, period: tuple[dt.date, dt.date], *, with_visits: bool) -> None:
    """The baseline: the period's rows read as ORM objects and validated into rows, the
    way other screens read records."""
    from sqlmodel import col, select

    from peyvand.domain import Action, ActionRow, ItineraryItem, Meeting, MeetingRow, Visit

    start, end = period
    with db.reading() as s:
        [ActionRow.model_validate(a) for a in s.exec(select(Action).where(
            col(Action.deleted_at).is_(None), col(Action.due_date) >= start,
            col(Action.due_date) <= end))]  # fmt: skip
        [MeetingRow.model_validate(m) for m in s.exec(select(Meeting).where(
            col(Meeting.deleted_at).is_(None), col(Meeting.date) >= start,
            col(Meeting.date) <= end))]  # fmt: skip
        if with_visits:
            list(s.exec(select(Visit).where(col(Visit.arrival) <= end,
                                            col(Visit.departure) >= start)))  # fmt: skip
            list(s.exec(select(ItineraryItem).where(col(ItineraryItem.day) >= start,
                                                    col(ItineraryItem.day) <= end)))  # fmt: skip


def run_unindexed(path: Path, statements: list[str], period: tuple[dt.date, dt.date]) -> None:
    """The service's own statements with every table read NOT INDEXED."""
    start, end = period
    raw = sqlite3.connect(path)
    try:
        for statement in statements:
            plain = re.sub(r"FROM (\w+)(?! NOT INDEXED)", r"FROM \1 NOT INDEXED", statement)
            plain = re.sub(r"JOIN (\w+) ", r"JOIN \1 NOT INDEXED ", plain)
            params = [start.isoformat() if n % 2 == 0 else end.isoformat()
                      for n in range(plain.count("?"))]  # fmt: skip
            raw.execute(plain, params).fetchall()
    finally:
        raw.close()


def sent_statements(db: Any, period: tuple[dt.date, dt.date], clock: Any) -> list[str]:
    """The SELECTs ``calendar_entries.entries`` sends for ``period``."""
    from sqlalchemy import event

    from peyvand.services import calendar_entries

    statements: list[str] = []

    def grab(_c: object, _cur: object, statement: str, *_a: object) -> None:
        statements.append(statement)

    event.listen(db.read_engine, "before_cursor_execute", grab)
    try:
        calendar_entries.entries(db, *period, clock=clock)
    finally:
        event.remove(db.read_engine, "before_cursor_execute", grab)
    return statements


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=None)
    parser.add_argument("--runs", type=int, default=21)
    parser.add_argument("--report-runs", type=int, default=5)
    args = parser.parse_args()
    path = args.db or Path(tempfile.gettempdir()) / "peyvand-cal-100000m-500000a.sqlite3"
    if not path.exists():
        print(f"generating {path} (several minutes)…", flush=True)
        _datagen.generate(path, meetings=100_000, actions=500_000, index=False, progress=print)
    added = add_visits(path)
    if added:
        print(f"added {added} visits with itinerary items")

    from PySide6.QtWidgets import QApplication

    from peyvand import briefs
    from peyvand.services import activity, calendar_entries, holidays
    from peyvand.services.clock import FixedClock
    from peyvand.storage.database import Database
    from peyvand.ui.widgets.calendar_grid import CalendarGrid

    app = QApplication.instance() or QApplication([])
    db = Database.open(path, create=False)
    clock = FixedClock(dt.datetime(2026, 11, 26, 9, 0, tzinfo=dt.UTC))
    year, month, start, end = busiest_month(db)
    found = calendar_entries.entries(db, start, end, clock=clock)
    counts = {k.value: sum(e.kind == k for e in found) for k in calendar_entries.EntryKind}
    print(f"month {year}/{month:02d}: {start} .. {end}: {counts}")
    grid = CalendarGrid()
    grid.resize(1280, 760)

    def month_view() -> None:
        shown = calendar_entries.view(db, start, end, clock=clock, per_day=8)
        grid.set_data(start, (end - start).days // 7 + 1, shown.entries,
                      holidays.between(start, end), today=start, month=(year, month),
                      more=shown.more)  # fmt: skip
        grid.grab()
        app.processEvents()

    statements = sent_statements(db, (start, end), clock)
    results: dict[str, tuple[float, float]] = {}
    results["month: query (what the screen reads: 8 a day, the rest counted)"] = median_ms(
        lambda: calendar_entries.view(db, start, end, clock=clock, per_day=8), args.runs
    )
    results["month: every entry of the month (entries(), as the .ics reads)"] = median_ms(
        lambda: calendar_entries.entries(db, start, end, clock=clock), args.runs
    )
    results["month: query + holidays + painted grid"] = median_ms(month_view, args.runs)
    results["baseline: same month as ORM objects"] = median_ms(
        lambda: orm_rows(db, (start, end), with_visits=True), max(args.runs // 2, 5)
    )
    results["baseline: service's SQL, NOT INDEXED"] = median_ms(
        lambda: run_unindexed(path, statements, (start, end)), 3, warm=1
    )
    y_start, y_end = activity.jalali_year_range(dt.date(2025, 11, 1))  # 1404
    results["year 1404: activity figures"] = median_ms(
        lambda: activity.report(db, y_start, y_end, clock=clock), args.report_runs, warm=1
    )
    results["year 1404: figures + PDF with charts"] = median_ms(
        lambda: briefs.activity_report(db, start=y_start, end=y_end, clock=clock),
        args.report_runs, warm=1,
    )  # fmt: skip

    results["baseline: the year's meetings and actions as ORM objects"] = median_ms(
        lambda: orm_rows(db, (y_start, y_end), with_visits=False), args.report_runs, warm=1
    )
    figures = activity.report(db, y_start, y_end, clock=clock)
    pdf = briefs.activity_report(db, start=y_start, end=y_end, clock=clock)
    db.close()
    print(f"\nyear 1404: {figures.totals}; PDF {len(pdf):,} bytes")
    print(f"{platform.platform()}; Python {platform.python_version()}; "
          f"SQLite {sqlite3.sqlite_version}; load {os.getloadavg()[0]:.2f}")  # fmt: skip
    print("\n| measure | median ms | max ms |\n|---|--:|--:|")
    for name, (med, worst) in results.items():
        print(f"| {name} | {med:,.1f} | {worst:,.1f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
