"""What each start-up change of issue 16 bought, measured apart (before / after).

Each step is a small program run in a fresh interpreter, from the code before (``--before
SRC``, a worktree of main, through PYTHONPATH) and from this tree, interleaved run by
run so that a busy shared machine slows both alike. Figures are medians of N wall times
of the whole process, minus nothing: ``python -c pass`` is printed as the floor.

Usage: .venv/bin/python benchmarks/startup_steps_bench.py --before /path/to/main/src
       [--db BIG.sqlite3] [--runs 11]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# (step, program before, program after); {db} is the large database.
STEPS: tuple[tuple[str, str, str], ...] = (
    ("python -c pass (floor)", "pass", "pass"),
    (
        "an error class (`peyvand.domain.errors`): lazy domain package",
        "import peyvand.domain.errors",
        "import peyvand.domain.errors",
    ),
    (
        "every table class: `defer_build` on the data and row classes",
        "import peyvand.domain",
        "import peyvand.domain; peyvand.domain.load_all()",
    ),
    (
        "open the database (`Database.open`): ORM session class built on first use",
        "from peyvand.storage.database import Database; Database.open('{db}')",
        "from peyvand.storage.database import Database; Database.open('{db}')",
    ),
    (
        "open + the dashboard's data (`dashboard.summary`): Core, painted rows only",
        "from peyvand.storage.database import Database; from peyvand.services import "
        "dashboard; dashboard.summary(Database.open('{db}'))",
        "from peyvand.storage.database import Database; from peyvand.services import "
        "dashboard; dashboard.summary(Database.open('{db}'))",
    ),
    (
        "open + the dashboard's charts (`dashboard_charts.charts`): Core",
        "from peyvand.storage.database import Database; from peyvand.services import "
        "dashboard_charts; dashboard_charts.charts(Database.open('{db}'))",
        "from peyvand.storage.database import Database; from peyvand.services import "
        "dashboard_charts; dashboard_charts.charts(Database.open('{db}'))",
    ),
    (
        "open + the conflict badge: Core (`conflict_count`)",
        "from peyvand.storage.database import Database; from peyvand.services import "
        "conflicts; conflicts.open_count(Database.open('{db}'))",
        "from peyvand.storage.database import Database; from peyvand.services import "
        "conflict_count; conflict_count.open_count(Database.open('{db}'))",
    ),
    (
        "the command line's parser (`cli.build_parser`): list kinds written out",
        "from peyvand.cli import build_parser; build_parser()",
        "from peyvand.cli import build_parser; build_parser()",
    ),
    (
        "`listing.list_lines('meetings', limit=50)` with the open: Core, three columns",
        "from peyvand.storage.database import Database; from peyvand.services.listing "
        "import list_lines; list_lines(Database.open('{db}'), 'meetings', limit=50)",
        "from peyvand.storage.database import Database; from peyvand.services.listing "
        "import list_lines; list_lines(Database.open('{db}'), 'meetings', limit=50)",
    ),
)


def timed(program: str, env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", program], env=env, check=True, capture_output=True)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--before", type=Path, required=True)
    parser.add_argument("--db", type=Path, default=Path(tempfile.gettempdir())
                        / "peyvand-bench-100000m-500000a.sqlite3")
    parser.add_argument("--runs", type=int, default=11)
    args = parser.parse_args()
    data = tempfile.mkdtemp(prefix="peyvand-steps-")
    after_env = dict(os.environ, PEYVAND_DATA_DIR=data)
    after_env.pop("PYTHONPATH", None)
    # As on a workstation, modules load from their bytecode: a development shell that
    # sets PYTHONDONTWRITEBYTECODE would otherwise compile every Peyvand module from source
    # in every run (about 0.1 s of a start). The warm-up run writes the .pyc files.
    after_env.pop("PYTHONDONTWRITEBYTECODE", None)
    before_env = dict(after_env, PYTHONPATH=str(args.before))
    results: dict[str, tuple[list[float], list[float]]] = {}
    for step, before_program, after_program in STEPS:
        before, after = before_program.format(db=args.db), after_program.format(db=args.db)
        timed(before, before_env), timed(after, after_env)  # warm the file cache
        times: tuple[list[float], list[float]] = ([], [])
        for _ in range(args.runs):
            times[0].append(timed(before, before_env))
            times[1].append(timed(after, after_env))
        results[step] = times
        print(f"{step}: {statistics.median(times[0]) * 1000:.0f} → "
              f"{statistics.median(times[1]) * 1000:.0f} ms", flush=True)
    print(f"\nload average at the end: {os.getloadavg()[0]:.1f}; medians of {args.runs}")
    print("| step | before ms | after ms |")
    print("|---|--:|--:|")
    for step, (before_times, after_times) in results.items():
        print(f"| {step} | {statistics.median(before_times) * 1000:.0f} "
              f"| {statistics.median(after_times) * 1000:.0f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
