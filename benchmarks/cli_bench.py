"""Command-line benchmark (issue 16): whole processes, each beside its baselines.

In one run, interleaved round by round (so that a busy shared machine slows all of them
alike), the median wall time of N runs of:

* ``python -c pass`` — the interpreter's own start, the floor of any command;
* ``import sqlalchemy`` (the floor of a command that reads the database through the
  storage layer) and that plus reportlab and the Persian shaping (the brief's floor);
* ``peyvand list meetings --limit 50`` and ``peyvand search …`` on the large database
  (100,000 meetings / 500,000 actions, benchmarks/_datagen.py);
* ``peyvand brief meeting 1399-001`` on the demo database, whole process, PDF written;
* LibreOffice headless converting the same meeting's content (HTML written from the same
  gathered data, as benchmarks/brief_bench.py does) to PDF, when ``soffice`` exists;
* with ``--before SRC``: the same Peyvand commands run from another source tree (e.g. a
  worktree of main) through PYTHONPATH, in the same venv — the "before" column.

Usage: .venv/bin/python benchmarks/cli_bench.py [--db BIG.sqlite3] [--runs 11]
       [--before /path/to/main/src] [--json OUT]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

SEARCH_TEXT = "همکاری"  # a frequent word of the generated minutes


def run_once(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, env=env)
    return time.perf_counter() - start


def report(times: dict[str, list[float]], runs: int, out: Path | None) -> None:
    medians = {name: statistics.median(values) * 1000 for name, values in times.items()}
    print(f"\nload average at the end: {os.getloadavg()[0]:.1f}; {runs} runs each, "
          "interleaved")
    print("| command | median ms | min ms | max ms |")
    print("|---|--:|--:|--:|")
    for name, values in times.items():
        print(f"| {name} | {medians[name]:.0f} | {min(values) * 1000:.0f} "
              f"| {max(values) * 1000:.0f} |")
    if "LibreOffice" in medians:
        print(f"\nLibreOffice / peyvand brief: {medians['LibreOffice'] / medians['brief']:.1f}×")
        if "brief (before)" in medians:
            print(f"LibreOffice / peyvand brief before: "
                  f"{medians['LibreOffice'] / medians['brief (before)']:.1f}×")
    if out:
        out.write_text(json.dumps({"medians_ms": medians, "runs": runs,
                                         "load": os.getloadavg()[0]}, indent=1))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", type=Path, default=Path(tempfile.gettempdir())
                        / "peyvand-bench-100000m-500000a.sqlite3")
    parser.add_argument("--runs", type=int, default=11)
    parser.add_argument("--before", type=Path, help="source folder of the 'before' code")
    parser.add_argument("--json", type=Path, help="write the medians here")
    args = parser.parse_args()
    if not args.db.exists():
        print(f"{args.db} missing: run benchmarks/startup_bench.py first (it generates it)")
        return 2

    from peyvand.services.clock import FixedClock
    from peyvand.services.demo import load_demo
    from peyvand.storage.database import Database

    work = Path(tempfile.mkdtemp(prefix="peyvand-cli-bench-"))
    demo = work / "demo.sqlite3"
    db = Database.open(demo)
    load_demo(db, clock=FixedClock(dt.datetime(2026, 11, 26, 9, 0, tzinfo=dt.UTC)))
    db.close()

    env = dict(os.environ, PEYVAND_DATA_DIR=str(work / "data"))
    env.pop("PYTHONPATH", None)
    # As on a workstation, modules load from their bytecode: a development shell that
    # sets PYTHONDONTWRITEBYTECODE would otherwise compile every Peyvand module from source
    # in every run (about 0.1 s of a start). The warm-up run writes the .pyc files.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    py = sys.executable
    peyvand = [py, "-m", "peyvand"]
    commands: dict[str, list[str]] = {
        "python -c pass": [py, "-c", "pass"],
        # The floors: what any command reading the database through the storage layer
        # imports (SQLAlchemy), and what the brief adds (reportlab and Persian shaping).
        "import sqlalchemy": [py, "-c", "import sqlalchemy"],
        "import sqlalchemy + reportlab": [
            py, "-c", "import sqlalchemy, reportlab.platypus, reportlab.pdfgen.canvas, "
            "arabic_reshaper, bidi",
        ],
        "list": [*peyvand, "list", "meetings", "--limit", "50", "--db", str(args.db)],
        "search": [*peyvand, "search", SEARCH_TEXT, "--db", str(args.db)],
        "brief": [*peyvand, "brief", "meeting", "1399-001", "--db", str(demo),
                  "-o", str(work / "brief.pdf")],
    }
    envs = {name: env for name in commands}
    if args.before:
        before_env = dict(env, PYTHONPATH=str(args.before))
        for name in ("list", "search", "brief"):
            commands[f"{name} (before)"] = commands[name]
            envs[f"{name} (before)"] = before_env

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice:
        from brief_bench import meeting_html

        from peyvand.briefs.meeting_data import meeting_data

        db = Database.open(demo)
        source = work / "meeting.html"
        source.write_text(meeting_html(meeting_data(db, "1399-001")), encoding="utf-8")
        db.close()
        profile = work / "lo-profile"
        commands["LibreOffice"] = [soffice, f"-env:UserInstallation=file://{profile}",
                                   "--headless", "--convert-to", "pdf", "--outdir",
                                   str(work / "lo"), str(source)]
        envs["LibreOffice"] = env
    else:
        print("soffice not found: LibreOffice is not installed "
              "(Debian: apt-get install libreoffice-writer-nogui)")

    for name, command in commands.items():  # warm the file cache and LibreOffice's profile
        run_once(command, envs[name])
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(args.runs):
        for name, command in commands.items():
            times[name].append(run_once(command, envs[name]))
    report(times, args.runs, args.json)
    return 0


if __name__ == "__main__":
    sys.exit(main())
