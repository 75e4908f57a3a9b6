"""Reliability tests at their large, on-demand counts (docs/reliability.md).

The default test run does 1,000 fuzz cases, 50 forged packages, 1,000 examples per
in-memory merge property, 100 merge examples through real databases and 60 kills; this
script runs

* ``--kills N`` (default 1,000): the crash test's driver (``benchmarks/_crash.py``):
  SIGKILL a process writing through the services, then check the file (POSIX only);
* ``--merge-db N`` (default 500): the merge properties through real databases
  (``benchmarks/_merge_db.py``: every property checked on each example);
* ``--merge N`` (default 20,000): hypothesis examples for **each** property of the
  in-memory merge planner (``tests/services/test_merge.py``, run in this process with
  ``PEYVAND_MERGE_EXAMPLES``);
* ``--fuzz N`` (default 10,000): mutated JSON exports and trip packages fed to both
  imports (``benchmarks/_fuzz.py``);
* ``--forger N`` (default 1,000): packages rewritten by someone who knows the
  passphrase (``benchmarks/_forger.py``), checked against the trust boundary's
  invariants after every import attempt.

Usage::

    .venv/bin/python benchmarks/reliability_bench.py                  # everything (hours)
    .venv/bin/python benchmarks/reliability_bench.py --fuzz 500 --merge 0 --merge-db 0 --kills 0
    .venv/bin/python benchmarks/reliability_bench.py --out results.json --seed 7

A count of 0 skips that part. Prints a table (cases, failures, median and 95th
percentile seconds per case, wall time) and exits non-zero if anything failed.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))


@dataclass
class Part:
    name: str
    cases: int = 0
    failures: int = 0
    seconds: list[float] = field(default_factory=list, repr=False)
    wall: float = 0.0
    notes: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def row(self) -> dict[str, Any]:
        ordered = sorted(self.seconds)
        return {
            "part": self.name,
            "cases": self.cases,
            "failures": self.failures,
            "median_s": round(statistics.median(ordered), 4) if ordered else None,
            "p95_s": round(ordered[max(0, int(0.95 * len(ordered)) - 1)], 4) if ordered else None,
            "wall_s": round(self.wall, 1),
            "notes": "; ".join(self.notes),
        }


@contextlib.contextmanager
def _quiet_stderr() -> Iterator[None]:
    """SQLCipher prints "hmac check failed" for every damaged page it reads."""
    sys.stderr.flush()
    saved = os.dup(2)
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 2)
    try:
        yield
    finally:
        os.dup2(saved, 2)
        os.close(devnull)
        os.close(saved)


def _every(n: int, label: str) -> Callable[[int], None]:
    started = time.perf_counter()

    def tick(done: int) -> None:
        if done % n == 0:
            print(f"  {label}: {done} ({time.perf_counter() - started:.0f} s)", flush=True)

    return tick


def run_kills(count: int, seed: int, work: Path) -> Part:
    import _crash

    part = Part(f"crash: SIGKILL while writing ({count} kills)")
    if sys.platform == "win32":
        part.notes.append("skipped: needs os.fork (POSIX)")
        return part
    last = time.perf_counter()
    tick = _every(100, "kills")

    def progress(case: int, report: Any) -> None:
        nonlocal last
        now = time.perf_counter()
        part.seconds.append(now - last)
        last = now
        tick(case + 1)

    started = time.perf_counter()
    report = _crash.run(count, work / "crash", seed=seed or 20240501, progress=progress)
    part.wall = time.perf_counter() - started
    part.cases = report.kills
    part.failures = report.corrupt_files + report.lost_commits + report.half_applied
    part.failures += len(report.problems) if not part.failures else 0
    part.problems = list(report.problems[:20])
    part.notes.append(report.summary())
    return part


def run_merge_db(count: int, seed: int, work: Path) -> Part:
    import _merge_db

    part = Part("merge through real databases (all properties per example)")
    started = time.perf_counter()
    (report,) = _merge_db.run(count, seed=seed, folder=work / "merge-db")
    part.wall = time.perf_counter() - started
    part.cases, part.failures, part.seconds = report.cases, report.failures, report.seconds
    part.problems = report.failures_seen[:20]
    return part


def _merge_module(count: int) -> Any:
    os.environ["PEYVAND_MERGE_EXAMPLES"] = str(count)
    spec = importlib.util.spec_from_file_location(
        "bench_test_merge", ROOT / "tests" / "services" / "test_merge.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def run_merge_in_memory(count: int) -> list[Part]:
    module = _merge_module(count)
    parts = []
    for name in sorted(dir(module)):
        test = getattr(module, name)
        if not name.startswith("test_") or not hasattr(test, "hypothesis"):
            continue
        part = Part(f"merge planner: {name.removeprefix('test_').replace('_', ' ')}")
        inner = test.hypothesis.inner_test

        def timed(*args: Any, _inner: Any = inner, _part: Part = part, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return _inner(*args, **kwargs)
            finally:
                _part.seconds.append(time.perf_counter() - started)

        test.hypothesis.inner_test = timed
        started = time.perf_counter()
        try:
            test()
        except Exception as exc:  # a falsified property: hypothesis raises it
            part.failures = 1
            part.problems.append(f"{type(exc).__name__}: {exc}"[:4000])
        part.wall = time.perf_counter() - started
        part.cases = len(part.seconds)
        print(f"  {part.name}: {part.cases} examples, {part.wall:.0f} s", flush=True)
        parts.append(part)
    return parts


def run_fuzz(count: int, seed: int, work: Path) -> Part:
    import _fuzz

    part = Part("fuzz: mutated JSON exports and trip packages")
    tick = _every(500, "fuzz cases")
    started = time.perf_counter()

    def progress(outcome: Any) -> None:
        tick(outcome.case.index + 1)

    with _quiet_stderr():
        report = _fuzz.fuzz(count, seed, folder=work / "fuzz", progress=progress)
    part.wall = time.perf_counter() - started
    part.cases = len(report.outcomes)
    part.failures = len(report.failures)
    part.seconds = [o.seconds for o in report.outcomes]
    part.problems = [o.failure[:4000] for o in report.failures[:20]]
    targets = {
        t: sum(1 for o in report.outcomes if o.case.target == t) for t in ("json", "package")
    }
    accepted = sum(1 for o in report.outcomes if o.result == "accepted")
    part.notes.append(
        f"{targets['json']} JSON, {targets['package']} packages; {accepted} accepted, "
        f"{part.cases - accepted} refused with a typed error; slowest case "
        f"{max(part.seconds, default=0):.2f} s; {len(report.mutations())} kinds of mutation"
    )
    return part


def run_forger(count: int, seed: int, work: Path) -> Part:
    import _forger

    part = Part("forger: packages rewritten with the passphrase")
    tick = _every(100, "forged packages")
    started = time.perf_counter()

    def progress(outcome: Any) -> None:
        tick(outcome.index + 1)

    folder = work / "forger"
    folder.mkdir()
    with _quiet_stderr():
        report = _forger.forge(count, seed, folder=folder, progress=progress)
    part.wall = time.perf_counter() - started
    part.cases = len(report.outcomes)
    part.failures = len(report.failures)
    part.seconds = [o.seconds for o in report.outcomes]
    part.problems = [
        f"example {o.index} {o.forgeries}: {o.failure[:4000]}" for o in report.failures[:20]
    ]
    results = report.results()
    part.notes.append(
        f"{results['accepted']} accepted, {part.cases - results['accepted']} refused "
        f"({dict(results.most_common())}); {len(report.forgeries())} kinds of forgery"
    )
    return part


def _table(rows: list[dict[str, Any]]) -> str:
    head = ["part", "cases", "failures", "median s/case", "p95 s/case", "wall s"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for row in rows:
        cells = [row["part"], row["cases"], row["failures"], row["median_s"], row["p95_s"]]
        cells.append(row["wall_s"])
        lines.append("| " + " | ".join("" if c is None else str(c) for c in cells) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--fuzz", type=int, default=10_000, help="fuzz cases")
    parser.add_argument("--merge", type=int, default=20_000, help="examples per planner property")
    parser.add_argument("--merge-db", type=int, default=500, help="real-database merge examples")
    parser.add_argument("--kills", type=int, default=1_000, help="SIGKILLs of a writer")
    parser.add_argument("--forger", type=int, default=1_000, help="forged trip packages")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, help="write the results as JSON")
    args = parser.parse_args(argv)

    started = time.perf_counter()
    parts: list[Part] = []
    with tempfile.TemporaryDirectory(prefix="peyvand-reliability-") as tmp:
        work = Path(tmp)
        os.environ["PEYVAND_DATA_DIR"] = str(work / "data")
        # The crash driver forks: it runs first, while this process has one thread.
        steps: list[tuple[int, Callable[[], list[Part]]]] = [
            (args.kills, lambda: [run_kills(args.kills, args.seed, work)]),
            (args.merge_db, lambda: [run_merge_db(args.merge_db, args.seed, work)]),
            (args.merge, lambda: run_merge_in_memory(args.merge)),
            (args.fuzz, lambda: [run_fuzz(args.fuzz, args.seed, work)]),
            (args.forger, lambda: [run_forger(args.forger, args.seed, work)]),
        ]
        for count, step in steps:
            if count > 0:
                done = step()
                parts += done
                print(_table([p.row() for p in done]), flush=True)
    wall = time.perf_counter() - started

    rows = [p.row() for p in parts]
    print()
    print(
        f"Peyvand reliability run, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, seed {args.seed}, "
        f"{platform.machine()} {os.cpu_count()} CPUs, Python {platform.python_version()}"
    )
    print(_table(rows))
    for part in parts:
        for note in part.notes:
            print(f"- {part.name}: {note}")
        for problem in part.problems[:5]:
            print(f"FAILED {part.name}:\n{problem}\n")
    print(f"total wall time {wall:.0f} s")
    if args.out:
        data = {
            "date": datetime.now(UTC).isoformat(timespec="seconds"),
            "seed": args.seed,
            "machine": f"{platform.machine()}, {os.cpu_count()} CPUs",
            "python": platform.python_version(),
            "wall_s": round(wall, 1),
            "parts": [p.row() | {"problems": p.problems} for p in parts],
            "args": {k: str(v) for k, v in vars(args).items()},
        }
        args.out.write_text(json.dumps(data, indent=1, ensure_ascii=False), encoding="utf-8")
    return 1 if any(p.failures for p in parts) else 0


if __name__ == "__main__":
    sys.exit(main())
