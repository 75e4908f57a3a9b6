"""Packaging benchmark: the bundle's size and the frozen application's start-up.

Measures, in one run, on the bundle `python3 scripts/build.py` made:

* the one-folder bundle's size (dist/peyvand: every file, symbolic links not counted
  twice) and what dominates it;
* the NSIS installer's size, when dist/Peyvand-<version>-setup.exe exists;
* process start → usable main window: `--smoke-test` prints ``peyvand-ready`` after the
  first event-loop turn, when the dashboard's data is painted (as in startup_bench.py).
  The frozen `peyvand-cli` and, as the baseline, the application run from source
  (`python -m peyvand` in this venv) open the same demo database, alternately, after one
  warm-up each (a used workstation has the files in its cache); medians of N runs.

Usage: .venv/bin/python benchmarks/bundle_bench.py [--runs 9] [--bundle dist/peyvand]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXE_SUFFIX = ".exe" if os.name == "nt" else ""
TIMEOUT = 120.0


def time_to_ready(command: list[str], env: dict[str, str]) -> float:
    """Seconds from starting ``command`` to its ``peyvand-ready`` line; it must exit 0."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env, text=True
    )
    killer = threading.Timer(TIMEOUT, proc.kill)  # a hung start must not hang the benchmark
    killer.start()
    try:
        assert proc.stdout is not None
        elapsed = None
        for line in proc.stdout:
            if line.strip() == "peyvand-ready":
                elapsed = time.perf_counter() - start
                break
        code = proc.wait(timeout=TIMEOUT)
    finally:
        killer.cancel()
    if elapsed is None or code != 0:
        raise RuntimeError(f"{command} never became ready or failed (exit {code})")
    return elapsed


def folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def size_breakdown(bundle: Path, top: int = 12) -> list[tuple[str, int]]:
    """The biggest entries of the bundle's top folder and _internal/, by size."""
    parts: list[tuple[str, int]] = []
    for base in (bundle, bundle / "_internal"):
        for entry in base.iterdir():
            if entry.name == "_internal" or entry.is_symlink():
                continue
            size = folder_bytes(entry) if entry.is_dir() else entry.stat().st_size
            parts.append((entry.relative_to(bundle).as_posix(), size))
    qt = bundle / "_internal" / "PySide6"
    for sub in sorted(qt.rglob("*")):
        if sub.is_dir() and sub.name in ("lib", "plugins", "translations"):
            parts.append((sub.relative_to(bundle).as_posix() + " (in PySide6)", folder_bytes(sub)))
    return sorted(parts, key=lambda item: -item[1])[:top]


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--bundle", type=Path, default=ROOT / "dist" / "peyvand")
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--out", type=Path, help="also write the figures as JSON")
    args = parser.parse_args()

    bundle: Path = args.bundle
    cli = bundle / f"peyvand-cli{EXE_SUFFIX}"
    if not cli.exists():
        print(f"no bundle at {bundle}: run python3 scripts/build.py first", file=sys.stderr)
        return 2
    installers = sorted((bundle.parent).glob("Peyvand-*-setup.exe"))

    work = Path(tempfile.mkdtemp(prefix="peyvand-bundle-bench-"))
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PEYVAND_DATA_DIR=str(work / "data"))
    db = work / "demo.sqlite3"
    subprocess.run([str(cli), "demo", "--db", str(db)], env=env, check=True,
                   capture_output=True, timeout=TIMEOUT)  # fmt: skip
    frozen_cmd = [str(cli), "--db", str(db), "--smoke-test"]
    source_cmd = [sys.executable, "-m", "peyvand", "--db", str(db), "--smoke-test"]
    time_to_ready(frozen_cmd, env)  # warm the OS file cache once for each
    time_to_ready(source_cmd, env)
    frozen, source = [], []
    for _ in range(args.runs):
        frozen.append(time_to_ready(frozen_cmd, env))
        source.append(time_to_ready(source_cmd, env))

    largest = [(name, round(size / 1e6, 1)) for name, size in size_breakdown(bundle)]
    figures = {
        "bundle_mb": folder_bytes(bundle) / 1e6,
        "bundle_files": sum(1 for p in bundle.rglob("*") if p.is_file()),
        "installer_mb": installers[-1].stat().st_size / 1e6 if installers else None,
        "frozen_ready_ms": statistics.median(frozen) * 1000,
        "source_ready_ms": statistics.median(source) * 1000,
        "frozen_runs_ms": [round(t * 1000) for t in frozen],
        "source_runs_ms": [round(t * 1000) for t in source],
        "largest": largest,
    }
    print(f"bundle {bundle}: {figures['bundle_mb']:.1f} MB in {figures['bundle_files']} files")
    if installers:
        print(f"installer {installers[-1].name}: {figures['installer_mb']:.1f} MB")
    print(f"time to a usable window, median of {args.runs} (ms):")
    print(f"  frozen peyvand-cli  {figures['frozen_ready_ms']:.0f}  {figures['frozen_runs_ms']}")
    print(f"  from source         {figures['source_ready_ms']:.0f}  {figures['source_runs_ms']}")
    print("largest parts (MB):")
    for name, mb in largest:
        print(f"  {mb:7.1f}  {name}")
    if args.out:
        args.out.write_text(json.dumps(figures, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
