"""Other workstations' changes as they commit: PostgreSQL ``LISTEN/NOTIFY`` (office mode).

Every unit of work that writes announces the rows it wrote with ``pg_notify`` in its own
transaction, beside the audit rows (unit_of_work): PostgreSQL delivers the notice when,
and only if, that transaction commits. A :class:`Listener` (one connection, a
background thread) hands each notice to the window, which refreshes its lists and
dashboard and tells an open editor that its record changed. A SQLite file has no
server to announce through: nothing is sent, and the listener is not started.
"""

from __future__ import annotations

import json
import logging
import threading
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Final

from sqlalchemy import Connection, text

log = logging.getLogger(__name__)

CHANNEL: Final = "peyvand_changes"
# PostgreSQL's payload limit is 8,000 bytes; more rows than fit say "many changed".
_PAYLOAD_LIMIT: Final = 7_000
# Which process wrote: a window ignores the notices of its own saves.
PROCESS: Final = uuid.uuid4().hex[:12]


@dataclass(frozen=True)
class Notice:
    process: str
    actor: str
    rows: tuple[tuple[str, uuid.UUID], ...]  # (table, id)
    tables: tuple[str, ...]  # every table written (also when rows were too many)
    everything: bool = False  # too many rows to list: refresh everything shown

    @property
    def is_own(self) -> bool:
        return self.process == PROCESS

    def touches(self, table: str, row_id: uuid.UUID) -> bool:
        return (table, row_id) in self.rows or (self.everything and table in self.tables)


def announce(conn: Connection, rows: Iterable[tuple[str, uuid.UUID]], actor: str | None) -> None:
    """Send the notice of ``rows`` in ``conn``'s transaction (office server only)."""
    if conn.dialect.name != "postgresql":
        return
    listed = sorted((table, row_id.hex) for table, row_id in rows)
    body: dict[str, Any] = {
        "p": PROCESS,
        "a": actor or "",
        "t": sorted({table for table, _ in listed}),
        "r": listed,
    }
    payload = json.dumps(body, ensure_ascii=False, separators=(",", ":"))
    if len(payload.encode("utf-8")) > _PAYLOAD_LIMIT:
        body["r"], body["all"] = [], True
        payload = json.dumps(body, ensure_ascii=False, separators=(",", ":"))
    conn.execute(
        text("SELECT pg_notify(:channel, :payload)"), {"channel": CHANNEL, "payload": payload}
    )


def parse(payload: str) -> Notice | None:
    """A notice from its payload; None for anything malformed (never raises)."""
    try:
        body = json.loads(payload)
        rows = tuple((str(t), uuid.UUID(hex=str(i))) for t, i in body.get("r", []))
        return Notice(
            process=str(body.get("p", "")),
            actor=str(body.get("a", "")),
            rows=rows,
            tables=tuple(str(t) for t in body.get("t", [])),
            everything=bool(body.get("all", False)),
        )
    except (ValueError, TypeError, AttributeError):
        log.warning("ignored a malformed change notice")
        return None


class Listener:
    """``LISTEN`` on one connection of its own, in a daemon thread; each notice goes to
    ``deliver`` (called from that thread: the window queues it for the GUI thread).
    ``connect`` returns a new DB-API connection in autocommit mode; a dropped one is
    retried every few seconds (``on_state(False)`` / ``on_state(True)`` say so)."""

    RETRY_S: Final = 3.0
    POLL_S: Final = 0.5

    def __init__(
        self,
        connect: Callable[[], Any],
        deliver: Callable[[Notice], None],
        on_state: Callable[[bool], None] | None = None,
    ) -> None:
        self._connect = connect
        self._deliver = deliver
        self._on_state = on_state or (lambda _up: None)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="peyvand-changes", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self, timeout: float = 2.0) -> None:
        self._stop.set()
        self._thread.join(timeout)

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                conn = self._connect()
            except Exception:  # unreachable: say so, and try again
                self._on_state(False)
                self._stop.wait(self.RETRY_S)
                continue
            try:
                conn.execute(f"LISTEN {CHANNEL}")
                self._on_state(True)
                while not self._stop.is_set():
                    for notify in conn.notifies(timeout=self.POLL_S, stop_after=64):
                        notice = parse(notify.payload)
                        if notice is not None:
                            self._deliver(notice)
            except Exception:  # the connection dropped
                log.info("change notices interrupted; reconnecting", exc_info=True)
                self._on_state(False)
                self._stop.wait(self.RETRY_S)
            finally:
                try:
                    conn.close()
                except Exception:  # already gone
                    log.debug("closing the listening connection failed", exc_info=True)
