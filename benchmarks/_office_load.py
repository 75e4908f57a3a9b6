"""Simulated workstations for the office benchmark: one process of several, run as

    python benchmarks/_office_load.py URL HOT_JSON SECONDS N NAME RESULT THINK_MS

Each of the ``N`` workstations (a thread with its own engines, i.e. its own connections,
as a Peyvand window has) repeats, for ``SECONDS``, one of a mixed load through the real
services, then waits a person's pause (0 to 2 × ``THINK_MS``, uniform):

* 45 % open the meetings list: its count and first page (``lists.first_page``, what the
  list screen reads when it opens or refreshes);
* 20 % save a new meeting with 20 statements, as the meeting editor saves it;
* 20 % edit one of a few shared meetings: read it, save a new title naming the revision
  it read (a stale refusal is counted apart, not as a save);
* 15 % search (``search_index.query``, a word of the search benchmark's set).

Besides the workstations, the process runs what a window runs to learn of others'
changes: a ``change_feed.Listener`` on its own connection. On a notice from another
process that names one of the shared meetings it refreshes its meetings list (the
shared meetings are dated after every other, so they are on its first page) and
records, for each shared meeting, the title it now shows and when. The benchmark then
knows, for every acknowledged edit, when each other process's list first showed it.

Every outcome is a JSON line in ``RESULT`` (times are wall-clock seconds: the processes
share one clock).
"""

from __future__ import annotations

import json
import random
import sys
import threading
import time
import traceback
import uuid
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

SEARCHES = ("گمرک", "همکاری", "مدیریت پسماند", "خواهر خوانده", "گرد")


def _workstation(url: str, hot: list[str], seconds: float, *, seed: str, think_ms: float,
                 out: list[dict[str, Any]]) -> None:
    from _office_fixtures import people, save_meeting

    from peyvand.domain import Meeting
    from peyvand.errors import ConflictError, PeyvandError
    from peyvand.services import lists, records
    from peyvand.services.lists import ListQuery
    from peyvand.storage import search_index
    from peyvand.storage.server_database import ServerDatabase

    rng = random.Random(seed)
    db = ServerDatabase.connect(url)
    who = people(db)
    end = time.monotonic() + seconds
    try:
        while time.monotonic() < end:
            op = rng.random()
            started = time.perf_counter()
            try:
                if op < 0.45:
                    _total, rows = lists.first_page(db, ListQuery("meetings"), 200)
                    out.append({"op": "list", "n": len(rows), "s": time.perf_counter() - started})
                elif op < 0.65:
                    save_meeting(db, who, seed)
                    out.append({"op": "save", "kind": "new", "s": time.perf_counter() - started})
                elif op < 0.85:
                    target = uuid.UUID(rng.choice(hot))
                    seen = records.get_row(db, Meeting, target)
                    token = f"{seed}-{uuid.uuid4().hex[:8]}"
                    try:
                        records.update_row(
                            db, Meeting, target, {"title": f"جلسهٔ مشترک {token}"},
                            expected_revision=seen.revision,
                        )
                    except ConflictError:
                        out.append({"op": "stale", "id": str(target)})
                    else:
                        out.append({
                            "op": "save", "kind": "edit", "id": str(target), "token": token,
                            "at": time.time(), "s": time.perf_counter() - started,
                        })
                else:
                    with db.read_connection() as conn:
                        search_index.query(conn, rng.choice(SEARCHES), limit=50)
                    out.append({"op": "search", "s": time.perf_counter() - started})
            except PeyvandError as exc:  # a clear refusal (busy, try again): not a crash
                out.append({"op": "refused", "msg": exc.msg_id})
            time.sleep(rng.uniform(0, 2 * think_ms) / 1000)
    except Exception as exc:
        out.append({"op": "traceback", "text": "".join(traceback.format_exception(exc))})
    finally:
        db.close()


class _Observer:
    """The window's side of the change feed: refresh the list on another's notice."""

    def __init__(self, url: str, hot: list[str], out: list[dict[str, Any]]) -> None:
        from peyvand.storage.server_database import ServerDatabase

        self.db = ServerDatabase.connect(url)
        self.hot = {uuid.UUID(h) for h in hot}
        self.out = out
        self.pending = threading.Event()
        self.stopping = threading.Event()
        listener = self.db.change_listener(self._notice)
        assert listener is not None
        self.listener = listener
        self.refresher = threading.Thread(target=self._refresh_loop, daemon=True)

    def start(self) -> None:
        self.listener.start()
        self.refresher.start()

    def stop(self) -> None:
        self.stopping.set()
        self.pending.set()
        self.listener.stop()
        self.refresher.join(10)
        self.db.close()

    def _notice(self, notice: Any) -> None:
        if notice.is_own:
            return  # this process's own saves: its windows know already
        if notice.everything or any(t == "meeting" and i in self.hot for t, i in notice.rows):
            self.pending.set()

    def _refresh_loop(self) -> None:
        from peyvand.services import lists
        from peyvand.services.lists import ListQuery

        while not self.stopping.is_set():
            self.pending.wait()
            self.pending.clear()
            if self.stopping.is_set():
                return
            _total, rows = lists.first_page(self.db, ListQuery("meetings"), 200)
            now = time.time()
            for row in rows:
                if row.id in self.hot:
                    title = str(row.values.get("title", ""))
                    self.out.append({"op": "seen", "id": str(row.id), "title": title, "at": now})


def run_process(url: str, hot: list[str], seconds: float, *, workstations: int, name: str,
                result: Path, think_ms: float) -> None:
    outs: list[list[dict[str, Any]]] = [[] for _ in range(workstations + 1)]
    observer = _Observer(url, hot, outs[-1])
    observer.start()
    time.sleep(1.0)  # listening before anyone writes
    threads = [
        threading.Thread(
            target=_workstation,
            args=(url, hot, seconds),
            kwargs={"seed": f"{name}.{i}", "think_ms": think_ms, "out": outs[i]},
            daemon=True,
        )
        for i in range(workstations)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(seconds + 120)
    time.sleep(2.0)  # the last notices
    observer.stop()
    with result.open("w", encoding="utf-8") as fh:
        for out in outs:
            for line in out:
                fh.write(json.dumps({**line, "process": name}, ensure_ascii=False) + "\n")


def main() -> None:
    url, hot, seconds, n, name, result, think = sys.argv[1:8]
    run_process(url, json.loads(hot), float(seconds), workstations=int(n), name=name,
                result=Path(result), think_ms=float(think))


if __name__ == "__main__":
    main()
