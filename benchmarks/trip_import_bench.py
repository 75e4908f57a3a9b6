"""Import time of a large trip package, this code beside an earlier commit, same run.

The trust checks of a trip import (the office's export record, the package's reach,
blob hashes; docs/reliability.md, "Threat model") read more at import time. This
script measures what they cost on a package of about 100,000 rows: a visit whose
counterpart has 2,000 meetings with statements, agenda and participants, 1 % of the
statements edited on the laptop.

Each version runs in processes of its own with its own ``src`` on ``sys.path`` (the
baseline from a worktree of an earlier commit): one builds the same data (same seed),
exports the visit with that version's code and edits the package; then each import of
it into a fresh copy of the office is a process of its own (timed inside, around
``import_package`` only), the versions alternating import by import so that both see
the same machine. Prints the medians and the ratio.

    git worktree add /tmp/peyvand-before c851d61
    .venv/bin/python benchmarks/trip_import_bench.py --baseline-src /tmp/peyvand-before/src
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
VISIT = "1405-002"
PASS = "رمز"


def _cheap() -> Any:
    from peyvand.storage.trip_package import KdfCost

    return KdfCost(memory_kib=8, iterations=1, lanes=1)


def _build(path: Path, meetings: int, seed: int) -> None:
    """The demo office plus ``meetings`` meetings with the visit's organization, bulk
    loaded with SQLAlchemy Core (the ORM's unit of work would take many minutes)."""
    from sqlalchemy import insert
    from sqlmodel import select

    from peyvand.domain import AgendaItem, Meeting, Participant, Person, Statement, Visit
    from peyvand.services.clock import FixedClock
    from peyvand.services.demo import load_demo
    from peyvand.storage.database import Database

    rng = random.Random(seed)
    db = Database.open(path)
    try:
        load_demo(db, clock=FixedClock(datetime(2026, 11, 26, 9, tzinfo=UTC)))
        with db.reading() as session:
            visit = session.exec(select(Visit).where(Visit.number == VISIT)).one()
            organization = visit.organization_id
            people = [p.id for p in session.exec(select(Person))]
        now = datetime(2026, 1, 1, tzinfo=UTC)
        rows: dict[Any, list[dict[str, Any]]] = {
            Meeting: [],
            Statement: [],
            AgendaItem: [],
            Participant: [],
        }
        for m in range(meetings):
            meeting_id = uuid.UUID(int=rng.getrandbits(128))
            sync = {"created_at": now, "updated_at": now, "revision": 1}
            day = date(2020, 1, 1) + timedelta(days=m % 2000)
            rows[Meeting].append(
                {
                    "id": meeting_id,
                    "number": f"1390-{m + 1:05d}",
                    "title": f"جلسه {m}",
                    "date": day,
                    "organization_id": organization,
                    "summary": ("خلاصه " * 5).strip(),
                    **sync,
                }
            )
            for i in range(40):
                rows[Statement].append(
                    {
                        "id": uuid.UUID(int=rng.getrandbits(128)),
                        "meeting_id": meeting_id,
                        "position": i + 1,
                        "text": (f"سخن {i} در جلسه {m} " * 3).strip(),
                        "speaker_id": rng.choice(people),
                        **sync,
                    }
                )
            for i in range(5):
                rows[AgendaItem].append(
                    {
                        "id": uuid.UUID(int=rng.getrandbits(128)),
                        "meeting_id": meeting_id,
                        "position": i + 1,
                        "text": f"دستور {i}",
                        **sync,
                    }
                )
            for i, person in enumerate(rng.sample(people, 4)):
                rows[Participant].append(
                    {
                        "id": uuid.UUID(int=rng.getrandbits(128)),
                        "meeting_id": meeting_id,
                        "person_id": person,
                        "position": i + 1,
                        **sync,
                    }
                )
        with db.engine.begin() as conn:
            for model, values in rows.items():
                table = model.__table__  # type: ignore[attr-defined]
                defaults = {
                    c.key: c.default.arg
                    for c in table.columns
                    if c.default is not None and not callable(c.default.arg)
                }
                conn.execute(insert(table), [defaults | v for v in values])
    finally:
        db.close()


def prepare(folder: Path, meetings: int, seed: int) -> dict[str, Any]:
    """Build the office, export the visit and edit the package (in ``folder``)."""
    from sqlmodel import select

    from peyvand.domain import Statement
    from peyvand.services import trips
    from peyvand.storage.database import Database

    office = folder / "office.sqlite3"
    package = folder / "trip.pvtrip"
    started = time.perf_counter()
    _build(office, meetings, seed)
    build_s = time.perf_counter() - started
    db = Database.open(office)
    try:
        started = time.perf_counter()
        exported = trips.export_visit(db, VISIT, package, PASS, cost=_cheap())
        export_s = time.perf_counter() - started
    finally:
        db.close()
    laptop = Database.open_package(package, PASS, cost=_cheap())
    try:
        with laptop.session() as session:
            said = session.exec(select(Statement)).all()
            for s in random.Random(seed).sample(list(said), len(said) // 100):
                s.text = s.text + " (ویرایش در سفر)"
    finally:
        laptop.close()
    return {"rows": exported.total, "build_s": build_s, "export_s": export_s}


def import_once(folder: Path) -> dict[str, Any]:
    """One import of the prepared package into a fresh copy of the office."""
    from peyvand.services import trips
    from peyvand.storage.database import Database

    copy = folder / "office-copy.sqlite3"
    shutil.copyfile(folder / "office.sqlite3", copy)
    db = Database.open(copy)
    try:
        started = time.perf_counter()
        result = trips.import_package(
            db, folder / "trip.pvtrip", PASS, cost=_cheap(), backup_folder=folder / "b"
        )
        seconds = time.perf_counter() - started
    finally:
        db.close()
    copy.unlink()
    shutil.rmtree(folder / "b", ignore_errors=True)
    return {"import_s": seconds, "changed": result.changed}


def _call(src: Path, folder: Path, function: str, *args: Any) -> dict[str, Any]:
    """``function(folder, *args)`` of this module, run by the code in ``src``."""
    env = os.environ | {"PYTHONPATH": str(src), "PEYVAND_DATA_DIR": str(folder / "data")}
    out = folder / "out.json"
    code = (
        "import json, sys; sys.path.insert(0, sys.argv[1]); import trip_import_bench as b; "
        "from pathlib import Path; "
        f"r = b.{function}(Path(sys.argv[2]), *map(int, sys.argv[4:])); "
        "Path(sys.argv[3]).write_text(json.dumps(r))"
    )
    subprocess.run(
        [sys.executable, "-c", code, str(HERE), str(folder), str(out), *map(str, args)],
        env=env,
        check=True,
    )
    result: dict[str, Any] = json.loads(out.read_text())
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--baseline-src", type=Path, required=True)
    parser.add_argument(
        "--src", type=Path, default=ROOT / "src", help="this code (default: this checkout)"
    )
    parser.add_argument("--meetings", type=int, default=2000, help="about 50 rows each")
    parser.add_argument("--runs", type=int, default=11, help="imports of each version")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    versions = {"this code": args.src.resolve(), "baseline": args.baseline_src.resolve()}
    with tempfile.TemporaryDirectory(prefix="peyvand-trip-bench-") as tmp:
        folders = {name: Path(tmp) / name.replace(" ", "-") for name in versions}
        prepared = {}
        for name, src in versions.items():
            folders[name].mkdir()
            prepared[name] = _call(src, folders[name], "prepare", args.meetings, args.seed)
        times: dict[str, list[float]] = {name: [] for name in versions}
        changed: dict[str, int] = {}
        for _run in range(args.runs):  # alternating, so both see the same machine
            for name, src in versions.items():
                result = _call(src, folders[name], "import_once")
                times[name].append(result["import_s"])
                changed[name] = result["changed"]
    for name in versions:
        t = times[name]
        print(
            f"{name:10} rows {prepared[name]['rows']:>7}  changed {changed[name]:>5}  "
            f"export {prepared[name]['export_s']:6.1f} s  import median "
            f"{statistics.median(t):6.2f} s (n={len(t)}, min {min(t):.2f}, max {max(t):.2f})"
        )
    ratio = statistics.median(times["this code"]) / statistics.median(times["baseline"])
    pairs = [a / b for a, b in zip(times["this code"], times["baseline"], strict=True)]
    print(
        f"ratio this code / baseline: {ratio:.3f} ({(ratio - 1) * 100:+.1f} %); "
        f"median of the paired ratios {statistics.median(pairs):.3f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
