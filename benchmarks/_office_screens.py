"""Opening each main screen of the window, counted and timed (offscreen Qt).

A screen "opens" as the window opens it: the screen widget is built on the
application's context (which loads its data synchronously: the dashboard's lists and
charts, a list's count and first page, the calendar's month), shown, and the event
loop run until nothing is pending; an editor is built on its record and ``start()``-ed
(load, then the crash-draft check). What is counted while it opens:

* *statements*: every statement the SQLAlchemy engines send (``before_cursor_execute``
  on both of the database's engines), the count ``tests/ui/test_screen_statements.py``
  holds each screen to on both engines;
* *round trips* (office server only, through the latency proxy): every request the
  client waited for — statements, and also the BEGIN, COMMIT/ROLLBACK and pool ping
  that a unit of work adds on PostgreSQL, which the statement count does not see.
"""

from __future__ import annotations

import statistics
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from _latency_proxy import LatencyProxy
from _office_fixtures import Fixtures
from sqlalchemy import event

from peyvand.storage.database import Database
from peyvand.ui.context import AppContext

EDITORS = ("meeting editor", "visit editor")


def screen_keys() -> list[str]:
    from peyvand.ui.registry import SCREENS

    return [key for key, _path in SCREENS] + list(EDITORS)


def _builder(context: AppContext, key: str, fixtures: Fixtures) -> Callable[[], Any]:
    """How the window opens ``key``: ``registry.build_screen`` / ``registry.open_editor``."""
    from peyvand.ui.registry import build_screen, open_editor

    if key in EDITORS:
        entity = key.split(maxsplit=1)[0]
        record: uuid.UUID = fixtures.meeting_id if entity == "meeting" else fixtures.visit_id
        return lambda: open_editor(context, entity, record)
    return lambda: build_screen(context, key)


class StatementCounter:
    """Statements sent through ``db``'s engines while counting."""

    def __init__(self, db: Database) -> None:
        self.count = 0
        self._engines = list({id(e): e for e in (db.engine, db.read_engine)}.values())
        for engine in self._engines:
            event.listen(engine, "before_cursor_execute", self._seen)

    def _seen(self, *_args: Any) -> None:
        self.count += 1

    def close(self) -> None:
        for engine in self._engines:
            event.remove(engine, "before_cursor_execute", self._seen)


@dataclass
class ScreenFigures:
    key: str
    statements: int = 0
    round_trips: int | None = None
    connections: int | None = None
    open_ms: dict[float, float] = field(default_factory=dict)  # rtt → median ms


def open_once(context: AppContext, key: str, fixtures: Fixtures) -> float:
    """Seconds to build, load and show the screen ``key`` until the event loop is idle."""
    from PySide6.QtWidgets import QApplication

    build = _builder(context, key, fixtures)
    started = time.perf_counter()
    widget = build()
    widget.resize(1280, 800)
    widget.show()
    QApplication.processEvents()
    elapsed = time.perf_counter() - started
    widget.close()
    widget.deleteLater()
    QApplication.processEvents()
    return elapsed


def count(context: AppContext, key: str, fixtures: Fixtures,
          proxy: LatencyProxy | None = None) -> ScreenFigures:
    """Statements (and round trips through ``proxy``) of one opening, after a warm-up
    opening so that the pool's connections exist, as in a window that has been open."""
    figures = ScreenFigures(key)
    open_once(context, key, fixtures)
    counter = StatementCounter(context.db)
    if proxy is not None:
        proxy.reset()
    try:
        open_once(context, key, fixtures)
    finally:
        counter.close()
    figures.statements = counter.count
    if proxy is not None:
        counts = proxy.reset()
        figures.round_trips, figures.connections = counts.turns, counts.connections
    return figures


def time_opens(context: AppContext, key: str, fixtures: Fixtures, runs: int) -> float:
    """Median milliseconds of ``runs`` openings (after one warm-up opening)."""
    open_once(context, key, fixtures)
    return statistics.median(open_once(context, key, fixtures) for _ in range(runs)) * 1000
