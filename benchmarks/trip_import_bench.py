"""Import time of a large trip package, this code beside an earlier commit, same run.

The trust checks of a trip import (the office's export record, the package's reach,
blob hashes; docs/reliability.md, "Threat model") read more at import time. This
script measures what they cost on a package of about 100,000 rows: a visit whose
counterpart has 2,000 meetings with statements, agenda and participants, 1 % of the
statements edited on the laptop.

Each version runs in its own process with its own ``src`` on ``sys.path`` (the
baseline from a worktree of an earlier commit), builds the same data (same seed),
exports the visit with its own code, edits the package, then imports it into fresh
copies of the office ``--runs`` times; the versions alternate run by run so that both
see the same machine. Prints the medians and the ratio.

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


def worker(folder: Path, meetings: int, runs: int, seed: int) -> dict[str, Any]:
    from sqlmodel import select

    from peyvand.domain import Statement
    from peyvand.services import trips
    from peyvand.storage.database import Database
    from peyvand.storage.trip_package import KdfCost

    cheap = KdfCost(memory_kib=8, iterations=1, lanes=1)
    office = folder / "office.sqlite3"
    package = folder / "trip.pvtrip"
    started = time.perf_counter()
    _build(office, meetings, seed)
    build_s = time.perf_counter() - started
    db = Database.open(office)
    try:
        started = time.perf_counter()
        exported = trips.export_visit(db, VISIT, package, PASS, cost=cheap)
        export_s = time.perf_counter() - started
    finally:
        db.close()
    laptop = Database.open_package(package, PASS, cost=cheap)
    try:
        with laptop.session() as session:
            said = session.exec(select(Statement)).all()
            for s in random.Random(seed).sample(list(said), len(said) // 100):
                s.text = s.text + " (ویرایش در سفر)"
    finally:
        laptop.close()
    times: list[float] = []
    changed = 0
    for run in range(runs):
        copy = folder / f"office-{run}.sqlite3"
        shutil.copyfile(office, copy)
        db = Database.open(copy)
        try:
            started = time.perf_counter()
            result = trips.import_package(
                db, package, PASS, cost=cheap, backup_folder=folder / f"b{run}"
            )
            times.append(time.perf_counter() - started)
            changed = result.changed
        finally:
            db.close()
        copy.unlink()
        shutil.rmtree(folder / f"b{run}", ignore_errors=True)
    return {
        "rows": exported.total,
        "changed": changed,
        "build_s": build_s,
        "export_s": export_s,
        "import_s": times,
    }


def _run_version(src: Path, meetings: int, runs: int, seed: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="peyvand-trip-bench-") as tmp:
        env = os.environ | {"PYTHONPATH": str(src), "PEYVAND_DATA_DIR": str(Path(tmp) / "data")}
        out = Path(tmp) / "out.json"
        code = (
            "import json, sys; sys.path.insert(0, sys.argv[1]); import trip_import_bench as b; "
            "from pathlib import Path; "
            "r = b.worker(Path(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]));"
            "Path(sys.argv[6]).write_text(json.dumps(r))"
        )
        subprocess.run(
            [
                sys.executable,
                "-c",
                code,
                str(HERE),
                tmp,
                str(meetings),
                str(runs),
                str(seed),
                str(out),
            ],
            env=env,
            check=True,
        )
        result: dict[str, Any] = json.loads(out.read_text())
        return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--baseline-src", type=Path, required=True)
    parser.add_argument("--meetings", type=int, default=2000, help="about 50 rows each")
    parser.add_argument("--runs", type=int, default=5, help="imports per round")
    parser.add_argument("--rounds", type=int, default=3, help="alternating rounds")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    versions = {"this code": ROOT / "src", "baseline": args.baseline_src.resolve()}
    results: dict[str, list[dict[str, Any]]] = {name: [] for name in versions}
    for _round in range(args.rounds):
        for name, src in versions.items():
            results[name].append(_run_version(src, args.meetings, args.runs, args.seed))
    medians = {}
    for name, rounds in results.items():
        times = [t for r in rounds for t in r["import_s"]]
        medians[name] = statistics.median(times)
        first = rounds[0]
        print(
            f"{name:10} rows {first['rows']:>7}  changed {first['changed']:>5}  "
            f"export {statistics.median(r['export_s'] for r in rounds):6.2f} s  "
            f"import median {medians[name]:6.2f} s (n={len(times)}, "
            f"min {min(times):.2f}, max {max(times):.2f})"
        )
    ratio = medians["this code"] / medians["baseline"]
    print(f"ratio this code / baseline: {ratio:.3f} ({(ratio - 1) * 100:+.1f} %)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
