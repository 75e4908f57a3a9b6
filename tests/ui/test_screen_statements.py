"""How many requests each main screen sends to the database while it opens.

On the office server every request is a network round trip (2 ms on a switched LAN,
20 ms to a server in another building), so a screen that opens with many of them is
slow however fast the server: the office benchmark (benchmarks/office_bench.py)
measures it through a latency proxy. Here the same openings are *counted*, on both
engines, so that a change that adds requests to a screen fails a test instead of
waiting for the next benchmark:

* statements: every statement the engines send (``before_cursor_execute``), without
  SQLite's own BEGIN/COMMIT/ROLLBACK, which PostgreSQL's driver sends outside it;
* units of work: every connection checked out of a pool. On the server each costs
  three round trips beyond its statements (the pool's ping, BEGIN, and the
  ROLLBACK or COMMIT at the end).

A screen opens the way the window opens it (``registry.build_screen``,
``registry.open_editor``), on the demo data; the budget is the issue's: no screen needs
more than about 20 round trips to open.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import event
from sqlmodel import select

from peyvand.domain import Meeting, Visit
from peyvand.services.clock import FixedClock
from peyvand.services.demo import load_demo
from peyvand.storage.database import Database
from peyvand.ui.context import AppContext
from peyvand.ui.registry import SCREENS, build_screen, open_editor

pytestmark = pytest.mark.both_engines

NOW = dt.datetime(2026, 11, 26, 9, 0, tzinfo=dt.UTC)
ROUND_TRIPS = 20  # the office-mode issue's "about 20 round trips" to open a screen
PER_UNIT_OF_WORK = 3  # ping, BEGIN, ROLLBACK/COMMIT
_TRANSACTION_CONTROL = ("BEGIN", "COMMIT", "ROLLBACK")


@dataclass
class Requests:
    statements: list[str] = field(default_factory=list)
    units_of_work: int = 0

    @property
    def round_trips(self) -> int:
        return len(self.statements) + PER_UNIT_OF_WORK * self.units_of_work


class Counting:
    """What ``db``'s two engines send while :meth:`counting` is open."""

    def __init__(self, db: Database) -> None:
        self.current: Requests | None = None
        self._engines = list({id(e): e for e in (db.engine, db.read_engine)}.values())
        self._pools = list({id(e.pool): e.pool for e in self._engines}.values())

    def _statement(self, *args: Any) -> None:
        statement = str(args[2]).strip()
        if self.current is not None and not statement.upper().startswith(_TRANSACTION_CONTROL):
            self.current.statements.append(statement.split("\n", 1)[0][:100])

    def _checkout(self, *_args: Any) -> None:
        if self.current is not None:
            self.current.units_of_work += 1

    def __enter__(self) -> Counting:
        for engine in self._engines:
            event.listen(engine, "before_cursor_execute", self._statement)
        for pool in self._pools:
            event.listen(pool, "checkout", self._checkout)
        return self

    def __exit__(self, *_exc: object) -> None:
        for engine in self._engines:
            event.remove(engine, "before_cursor_execute", self._statement)
        for pool in self._pools:
            event.remove(pool, "checkout", self._checkout)

    def measure(self, open_screen: Any) -> Requests:
        self.current = Requests()
        try:
            widget = open_screen()
        finally:
            found, self.current = self.current, None
        widget.close()
        widget.deleteLater()
        return found


@pytest.fixture
def demo(app: object, db: Database) -> Iterator[AppContext]:
    load_demo(db, clock=FixedClock(NOW))
    yield AppContext(db=db, clock=FixedClock(NOW), draft_interval_ms=60_000)


def _record(db: Database, model: Any) -> uuid.UUID:
    """The first record of ``model`` by number (in the demo, the one with most in it)."""
    with db.reading() as session:
        found = session.exec(select(model).order_by(model.number)).first()
        assert found is not None
        record_id: uuid.UUID = found.id
    return record_id


def test_every_screen_opens_within_the_round_trip_budget(qtbot: QtBot, demo: AppContext) -> None:
    from PySide6.QtWidgets import QApplication

    db = demo.db
    openers: dict[str, Any] = {key: (lambda k=key: build_screen(demo, k)) for key, _ in SCREENS}
    meeting_id, visit_id = _record(db, Meeting), _record(db, Visit)
    openers["meeting editor"] = lambda: open_editor(demo, "meeting", meeting_id)
    openers["visit editor"] = lambda: open_editor(demo, "visit", visit_id)
    counted: dict[str, Requests] = {}
    with Counting(db) as counting:
        for key, opener in openers.items():
            opener().close()  # warm: the pools' first connections, the dialect's set-up
            QApplication.processEvents()
            counted[key] = counting.measure(lambda o=opener: _shown(o))
    report = "\n".join(
        f"{key}: {r.round_trips} round trips ({len(r.statements)} statements, "
        f"{r.units_of_work} units of work)"
        for key, r in counted.items()
    )
    for key, requests in counted.items():
        # One snapshot per opening: a second unit of work is a service reading on its
        # own, outside registry.build_screen / open_editor.
        assert requests.units_of_work == 1, f"{key}\n{report}\n" + "\n".join(requests.statements)
        assert requests.round_trips <= ROUND_TRIPS, (
            f"{key}\n{report}\n" + "\n".join(requests.statements)
        )
    # The lists read their count and first page in one unit of work, nothing more.
    for key in ("visits", "meetings", "organizations", "partnerships", "letters"):
        assert len(counted[key].statements) == 2, report


def _shown(opener: Any) -> Any:
    from PySide6.QtWidgets import QApplication

    widget = opener()
    widget.show()
    QApplication.processEvents()  # what the window does once shown (activation, timers)
    return widget
