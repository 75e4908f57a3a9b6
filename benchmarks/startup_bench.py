"""Start-up and list benchmark of the desktop application (issue: the GUI).

Measures, in one run and on one generated database (100,000 meetings, 500,000
actions by default):

* process start → usable main window with the dashboard's data painted
  (`peyvand --db DB --smoke-test` prints ``peyvand-ready`` after the first
  event-loop turn), median of N runs;
* the same for a bare PySide6 window (the floor), same N, same run, and with
  ``--before SRC`` for another source tree (a worktree of main) through PYTHONPATH —
  the three interleaved run by run, so that a busy shared machine slows each alike;
* peak memory (max RSS) of the window after opening every screen once, for each tree;
* a search over the actions list that matches most of them: time until its first rows
  are shown, and until the total is known;
* the actions list's first page (count + first 200 rows through the real model);
* the longest event-loop stall while the actions list is scrolled 25 pages down
  (each page is fetched synchronously by ``fetchMore``: its time is the stall).

Usage: .venv/bin/python benchmarks/startup_bench.py [--db PATH] [--runs 11]
       [--before /path/to/main/src]
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
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

BARE_WINDOW = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv)
w = QMainWindow(); w.resize(1280, 800); w.show()
def ready():
    print("peyvand-ready", flush=True); w.close()
QTimer.singleShot(0, ready)
app.exec()
"""


def time_to_ready(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                            env=env, text=True)
    assert proc.stdout is not None
    for line in proc.stdout:
        if line.strip() == "peyvand-ready":
            elapsed = time.perf_counter() - start
            break
    else:
        raise RuntimeError(f"{command} never became ready (exit {proc.wait()})")
    proc.wait(timeout=60)
    return elapsed


# Every screen opened once, then the peak resident memory (issue 16: ≤ 250 MB).
MEMORY_PROBE = """
import resource, sys
from pathlib import Path
from PySide6.QtWidgets import QApplication
from peyvand.app import make_application
from peyvand.storage.database import Database
from peyvand.ui.context import AppContext
from peyvand.ui.main_window import SCREENS, MainWindow
app = make_application()
db = Database.open(Path(sys.argv[1]))
window = MainWindow(AppContext(db=db))
window.resize(1280, 800)
window.show()
for key, _path in SCREENS:
    window.show_screen(key)
    for _ in range(5):
        app.processEvents()
print("maxrss-kib", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, flush=True)
window.close()
"""


def peak_memory_mib(env: dict[str, str], db_path: Path) -> float:
    result = subprocess.run([sys.executable, "-c", MEMORY_PROBE, str(db_path)], env=env,
                            capture_output=True, text=True, check=True, timeout=600)
    line = next(x for x in result.stdout.splitlines() if x.startswith("maxrss-kib"))
    return int(line.split()[1]) / 1024


def _search_figures(screen: Any) -> tuple[list[str], list[float], list[float], list[float]]:
    """Search as you type: the matching runs off the GUI thread; how long until the
    search's first rows show, until its total is known, and the longest gap between
    event-loop turns meanwhile."""
    from PySide6.QtCore import QElapsedTimer, QEventLoop, QTimer
    searches, firsts, gaps = [], [], [0.0]
    words: list[str] = []
    for text in ("خواهرخواندگی", "جلسه", "گزارش", "همکاری"):
        ticker = QTimer()
        ticker.setInterval(5)
        clock = QElapsedTimer()
        clock.start()
        last = [0]

        def tick(clock: QElapsedTimer = clock, last: list[int] = last) -> None:
            now = clock.elapsed()
            gaps.append((now - last[0]) / 1000)
            last[0] = now

        ticker.timeout.connect(tick)
        ticker.start()
        start = time.perf_counter()
        screen.search_edit.setText(text)
        screen.apply()
        # The search's own first rows on screen (the model shows them before the total
        # is known): the query is the new one and either partial or done. Waited for in
        # a real event loop, as the application waits: a processEvents() loop would hold
        # Python's GIL while Qt waits and starve the search's thread.
        def shown(model: Any = screen.model, text: str = text) -> bool:
            return model.query.search == text and (model.partial or not model.loading)

        waiting = QEventLoop()
        poll = QTimer()
        poll.setInterval(2)
        poll.timeout.connect(lambda loop=waiting, done=shown: loop.quit() if done() else None)
        poll.start()
        if not shown():
            waiting.exec()
        poll.stop()
        firsts.append(time.perf_counter() - start)
        words.append(text)
        if screen.model.loading:
            # Wait in a real event loop (idle between events), as the application does.
            loop = QEventLoop()
            screen.model.loading_changed.connect(loop.quit)
            loop.exec()
            screen.model.loading_changed.disconnect(loop.quit)
        searches.append(time.perf_counter() - start)
        ticker.stop()
    return words, firsts, searches, gaps


def in_process_list_figures(db_path: Path) -> dict[str, float]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from peyvand.app import make_application
    from peyvand.storage.database import Database
    from peyvand.ui.context import AppContext
    from peyvand.ui.models.list_model import ListModel
    from peyvand.ui.screens.actions import ActionsScreen

    make_application()
    db = Database.open(db_path)
    context = AppContext(db=db)
    first_pages = []
    for _ in range(11):
        model = ListModel(context, "actions", {})
        start = time.perf_counter()
        model.set_query(model.query)
        first_pages.append(time.perf_counter() - start)
    screen = ActionsScreen(context)
    screen.resize(1280, 800)
    screen.show()
    stalls = []
    for _ in range(25):
        start = time.perf_counter()
        screen.model.fetchMore()
        stalls.append(time.perf_counter() - start)
    # Let the view lay out the rows it was given before the searches are timed.
    from PySide6.QtCore import QCoreApplication

    QCoreApplication.processEvents()
    words, firsts, searches, gaps = _search_figures(screen)
    db.close()
    return {
        "first_page_ms": statistics.median(first_pages) * 1000,
        "max_stall_ms": max(stalls) * 1000,
        "median_page_ms": statistics.median(stalls) * 1000,
        "search_filter_max_ms": max(searches) * 1000,
        "search_first_rows_max_ms": max(firsts) * 1000,
        "search_max_gap_ms": max(gaps) * 1000,
        "rows": float(screen.model.total),
        **{f"search_first:{w}": f * 1000 for w, f in zip(words, firsts, strict=True)},
        **{f"search_total:{w}": t * 1000 for w, t in zip(words, searches, strict=True)},
    }


def print_list_figures(figures: dict[str, float]) -> None:
    if not figures:
        return
    print(f"| actions list: first page (count + 200 rows) | {figures['first_page_ms']:.1f} ms "
          f"| 11 |")
    print(f"| actions list: each further page while scrolling | "
          f"{figures['median_page_ms']:.1f} ms (longest {figures['max_stall_ms']:.1f} ms) | 25 |")
    print(f"| actions list: search as you type, first rows shown (longest of 4) | "
          f"{figures['search_first_rows_max_ms']:.0f} ms | 4 |")
    print(f"| actions list: search as you type, total known (longest of 4) | "
          f"{figures['search_filter_max_ms']:.0f} ms | 4 |")
    print(f"| actions list: longest event-loop stall while searching | "
          f"{figures['search_max_gap_ms']:.0f} ms | 4 |")
    for key, value in figures.items():
        if key.startswith("search_first:"):
            word = key.partition(":")[2]
            print(f"| actions list: search «{word}» as you type, first rows / total known | "
                  f"{value:.0f} / {figures['search_total:' + word]:.0f} ms | 1 |")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", type=Path, help="reuse a generated database")
    parser.add_argument("--meetings", type=int, default=100_000)
    parser.add_argument("--actions", type=int, default=500_000)
    parser.add_argument("--runs", type=int, default=11)
    parser.add_argument("--before", type=Path, help="source folder of the 'before' code")
    parser.add_argument("--no-lists", action="store_true",
                        help="start-up and memory only (a database without its search index)")
    args = parser.parse_args()

    db_path = args.db or Path(tempfile.gettempdir()) / (
        f"peyvand-bench-{args.meetings}m-{args.actions}a.sqlite3"
    )
    if not db_path.exists():
        from _datagen import generate

        print(f"generating {db_path} …", flush=True)
        generate(db_path, meetings=args.meetings, actions=args.actions,
                 progress=lambda m: print("  " + m, flush=True))
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen",
               PEYVAND_DATA_DIR=tempfile.mkdtemp(prefix="peyvand-bench-"))
    app_cmd = [sys.executable, "-m", "peyvand", "--db", str(db_path), "--smoke-test"]
    bare_cmd = [sys.executable, "-c", BARE_WINDOW]
    env.pop("PYTHONPATH", None)
    # As on a workstation, modules load from their bytecode: a development shell that
    # sets PYTHONDONTWRITEBYTECODE would otherwise compile every Peyvand module from source
    # in every run (about 0.1 s of a start). The warm-up run writes the .pyc files.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    before_env = dict(env, PYTHONPATH=str(args.before)) if args.before else None
    time_to_ready(app_cmd, env)  # warm the OS file cache once, as on a used workstation
    if before_env:
        time_to_ready(app_cmd, before_env)
    app_times, bare_times, before_times = [], [], []
    for _ in range(args.runs):
        bare_times.append(time_to_ready(bare_cmd, env))
        app_times.append(time_to_ready(app_cmd, env))
        if before_env:
            before_times.append(time_to_ready(app_cmd, before_env))
    memory = peak_memory_mib(env, db_path)
    memory_before = peak_memory_mib(before_env, db_path) if before_env else None
    figures = {} if args.no_lists else in_process_list_figures(db_path)
    app_median = statistics.median(app_times)
    bare_median = statistics.median(bare_times)
    print()
    print(f"load average at the end: {os.getloadavg()[0]:.1f}")
    print(f"database: {db_path} ({db_path.stat().st_size / 2**20:.0f} MiB), "
          f"{args.meetings:,} meetings, {args.actions:,} actions")
    print("| measure | median | runs |")
    print("|---|---|---|")
    print(f"| bare PySide6 window ready | {bare_median * 1000:.0f} ms | {args.runs} |")
    print(f"| Peyvand main window with dashboard data ready | {app_median * 1000:.0f} ms "
          f"| {args.runs} |")
    print(f"| ratio Peyvand / bare window | {app_median / bare_median:.1f}× | |")
    if before_times:
        before_median = statistics.median(before_times)
        print(f"| before: Peyvand main window with dashboard data ready | "
              f"{before_median * 1000:.0f} ms | {args.runs} |")
        print(f"| before: ratio / bare window | {before_median / bare_median:.1f}× | |")
    print(f"| peak memory, every screen opened once | {memory:.0f} MiB | 1 |")
    if memory_before is not None:
        print(f"| before: peak memory, every screen opened once | {memory_before:.0f} MiB | 1 |")
    print_list_figures(figures)
    return 0


if __name__ == "__main__":
    sys.exit(main())
