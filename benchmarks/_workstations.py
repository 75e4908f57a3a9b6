"""Simulated workstations on one office server (a driver, not a test module).

``run_process(url, …)`` is one process of ``workstations`` threads, each a workstation
with its own engines (its own connections), doing for ``seconds`` a mixed load through
the real services: create a meeting (a new number), edit one of a few shared "hot"
meetings (read it, then save a change naming the revision it read, as an editor does),
read a page of the meetings list. Every outcome is written to a JSON-lines file:
acknowledged creations (number, id), acknowledged edits (id, token, the revision saved),
edits refused as stale, list reads with their time, and anything else raised
(a "traceback": the test fails on any).

``check(url, results)`` then proves, from the files and the database: no acknowledged
save is missing, no two edits were acknowledged on the same revision of a record (a
lost update would need that), each hot record holds the value of its last acknowledged
edit, and the year's meeting numbers are unique and without gaps.

Used by ``tests/storage/test_workstations.py`` (8 workstations: 4 processes of 2, 30 s)
and ``benchmarks/office_bench.py`` (20 workstations, latencies).
"""

from __future__ import annotations

import datetime as dt
import json
import random
import re
import statistics
import sys
import threading
import time
import traceback
import uuid
from collections import defaultdict
from pathlib import Path
from typing import Any

MEETING_DAY = dt.date(2026, 12, 7)  # Jalali 1405: the numbers checked are 1405-…
HOT_TITLE = "جلسهٔ پرتردد"
_NUMBER = re.compile(r"1405-([0-9]+)")


def prepare(url: str, hot: int = 5) -> list[str]:
    """The shared records every workstation edits; returns their ids."""
    from peyvand.services.meetings import record_meeting
    from peyvand.storage.server_database import ServerDatabase

    db = ServerDatabase.connect(url)
    try:
        return [
            str(record_meeting(db, {"title": f"{HOT_TITLE} {i}", "date": MEETING_DAY}).meeting.id)
            for i in range(hot)
        ]
    finally:
        db.close()


def _workstation(
    url: str, hot: list[str], seconds: float, seed: str, out: list[dict[str, Any]]
) -> None:
    from peyvand.domain import Meeting
    from peyvand.errors import ConflictError, PeyvandError
    from peyvand.services import lists, records
    from peyvand.services.lists import ListQuery
    from peyvand.services.meetings import record_meeting
    from peyvand.storage.server_database import ServerDatabase

    rng = random.Random(seed)
    db = ServerDatabase.connect(url)
    end = time.monotonic() + seconds
    try:
        while time.monotonic() < end:
            op = rng.random()
            started = time.perf_counter()
            try:
                if op < 0.3:
                    detail = record_meeting(db, {"title": f"جلسه {seed}", "date": MEETING_DAY})
                    out.append(
                        {
                            "op": "create",
                            "id": str(detail.meeting.id),
                            "number": detail.meeting.number,
                            "s": time.perf_counter() - started,
                        }
                    )
                elif op < 0.7:
                    target = uuid.UUID(rng.choice(hot))
                    seen = records.get_row(db, Meeting, target)
                    token = f"{seed}-{uuid.uuid4().hex[:8]}"
                    try:
                        saved = records.update_row(
                            db,
                            Meeting,
                            target,
                            {"summary": token},
                            expected_revision=seen.revision,
                        )
                    except ConflictError as exc:
                        out.append({"op": "stale", "id": str(target), "msg": exc.msg_id})
                        continue
                    out.append(
                        {
                            "op": "edit",
                            "id": str(target),
                            "token": token,
                            "revision": saved.revision,
                            "s": time.perf_counter() - started,
                        }
                    )
                else:
                    rows = lists.page(db, ListQuery("meetings"), 0, 50)
                    out.append({"op": "list", "n": len(rows), "s": time.perf_counter() - started})
            except PeyvandError as exc:  # a clear refusal (busy, try again): not a crash
                out.append({"op": "refused", "msg": exc.msg_id})
    except Exception as exc:
        out.append({"op": "traceback", "text": "".join(traceback.format_exception(exc))})
    finally:
        db.close()


def run_process(
    url: str, hot: list[str], seconds: float, *, workstations: int, name: str, result: Path
) -> None:
    """One process of ``workstations`` workstations (threads); outcomes into ``result``."""
    outs: list[list[dict[str, Any]]] = [[] for _ in range(workstations)]
    threads = [
        threading.Thread(
            target=_workstation, args=(url, hot, seconds, f"{name}.{i}", outs[i]), daemon=True
        )
        for i in range(workstations)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(seconds + 120)
    with result.open("w", encoding="utf-8") as fh:
        for out in outs:
            for line in out:
                fh.write(json.dumps(line, ensure_ascii=False) + "\n")


def main() -> None:  # python _workstations.py URL HOT_JSON SECONDS N NAME RESULT
    url, hot, seconds, n, name, result = sys.argv[1:7]
    run_process(
        url, json.loads(hot), float(seconds), workstations=int(n), name=name, result=Path(result)
    )


def load(results: list[Path]) -> list[dict[str, Any]]:
    lines: list[dict[str, Any]] = []
    for path in results:
        with path.open(encoding="utf-8") as fh:
            lines.extend(json.loads(line) for line in fh if line.strip())
    return lines


def check(url: str, hot: list[str], outcomes: list[dict[str, Any]]) -> list[str]:
    """Every way the run could have lost or duplicated something (empty: none)."""
    from sqlalchemy import text

    from peyvand.storage.server_database import ServerDatabase

    problems = [o["text"][-2000:] for o in outcomes if o["op"] == "traceback"]
    db = ServerDatabase.connect(url)
    try:
        with db.read_engine.connect() as conn:
            meetings = {
                str(r.id): (r.number, r.summary)
                for r in conn.execute(text("SELECT id, number, summary FROM meeting"))
            }
    finally:
        db.close()
    for o in outcomes:
        if o["op"] == "create" and meetings.get(o["id"], (None,))[0] != o["number"]:
            problems.append(f"acknowledged meeting {o['number']} is missing")
    sequence = sorted(int(m[1]) for n, _s in meetings.values() if (m := _NUMBER.fullmatch(n)))
    if sequence != list(range(1, len(sequence) + 1)):
        problems.append(f"1405 numbers are not 1..{len(sequence)} without gaps or repeats")
    edits: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for o in outcomes:
        if o["op"] == "edit":
            edits[o["id"]].append(o)
    for record, acked in edits.items():
        revisions = [o["revision"] for o in acked]
        if len(revisions) != len(set(revisions)):
            problems.append(f"{record}: two saves acknowledged on one revision (a lost update)")
        last = max(acked, key=lambda o: o["revision"])
        if meetings[record][1] != last["token"]:
            problems.append(f"{record}: holds {meetings[record][1]!r}, not the last saved")
    return problems


def latencies(outcomes: list[dict[str, Any]], op: str) -> dict[str, float]:
    times = sorted(o["s"] for o in outcomes if o["op"] == op and "s" in o)
    if not times:
        return {"n": 0}
    return {
        "n": len(times),
        "median_ms": statistics.median(times) * 1000,
        "p95_ms": times[max(0, int(0.95 * len(times)) - 1)] * 1000,
    }


if __name__ == "__main__":
    main()
