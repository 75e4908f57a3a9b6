"""Crash test at scale: SIGKILL a process writing through the services N times.

The same driver as ``tests/storage/test_crash_safety.py`` (``benchmarks/_crash.py``;
see its docstring for what is written and what is checked), with more kills: the test
run does 60, this script 1,000 by default. POSIX only.

Usage: .venv/bin/python benchmarks/crash_bench.py [--kills 1000] [--seed N]
           [--max-delay 0.3] [--workdir DIR] [--out FILE.json]

Exits non-zero if any file is corrupt, any acknowledged commit is lost or any
transaction is found half-applied; files with a problem are kept in the work folder.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from dataclasses import asdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import _crash  # noqa: E402  (found through the sys.path line above)


def _progress(case: int, report: _crash.CrashReport) -> None:
    if (case + 1) % 50 == 0:
        print(f"  {report.kills} kills, {report.half_applied + report.corrupt_files} bad files",
              flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=20240501)
    parser.add_argument("--min-delay", type=float, default=0.0)
    parser.add_argument("--max-delay", type=float, default=0.3)
    parser.add_argument("--workdir", type=Path, help="keep the files here (default: a temp dir)")
    parser.add_argument("--out", type=Path, help="write the report as JSON")
    args = parser.parse_args(argv)
    if sys.platform == "win32":
        print("crash_bench needs os.fork and SIGKILL (POSIX)", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="peyvand-crash-") as tmp:
        workdir = args.workdir or Path(tmp)
        report = _crash.run(
            args.kills,
            workdir,
            seed=args.seed,
            min_delay=args.min_delay,
            max_delay=args.max_delay,
            progress=_progress,
        )
    print(report.summary())
    for problem in report.problems[:50]:
        print(problem)
    if args.out:
        data = asdict(report) | {"phases": dict(report.phases), "ok": report.ok}
        args.out.write_text(json.dumps(data, indent=1, ensure_ascii=False), encoding="utf-8")
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
