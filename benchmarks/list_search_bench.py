"""A search over a large list: time to its first 50 rows in list order, beside the full
search that finds every match first (issue 16: ≤ 200 ms for a word most of 500,000
follow-ups contain; the total may follow later).

For each word, in one run and interleaved: ``lists.first_matches`` (the walk in list
order, storage/search_walk.py) and ``lists.ordered_ids`` followed by the first page's
rows (what the window waited for before). Both give the same 50 rows (checked here on
every run). Medians of N runs (default 11 for the walk, 3 for the full search, which
takes seconds).

Usage: .venv/bin/python benchmarks/list_search_bench.py [--db PATH] [--runs 11]
       (the database of benchmarks/_datagen.py, 100,000 meetings / 500,000 actions,
       with its search index; see benchmarks/README.md)
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path

WORDS = ("گزارش", "جلسه", "همکاری", "پیگیری", "شهر", "ازمیر", "مترو", "فرش", "خواهرخواندگی")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", type=Path, default=Path(tempfile.gettempdir())
                        / "peyvand-bench-100000m-500000a.sqlite3")
    parser.add_argument("--runs", type=int, default=11)
    parser.add_argument("--full-runs", type=int, default=3)
    parser.add_argument("--kind", default="actions")
    args = parser.parse_args()
    if not args.db.exists():
        raise SystemExit(f"{args.db} is missing: generate it first (benchmarks/README.md)")
    from peyvand.services import lists
    from peyvand.storage.database import Database

    db = Database.open(args.db)
    print(f"| word | matches | first 50 rows, walk (median of {args.runs}) | "
          f"first 50 rows after the full search (median of {args.full_runs}) | ratio |")
    print("|---|--:|--:|--:|--:|")
    try:
        for word in WORDS:
            query = lists.ListQuery(args.kind, search=word)
            walks: list[float] = []
            fulls: list[float] = []
            total = 0
            for run in range(max(args.runs, args.full_runs)):
                if run < args.full_runs:
                    start = time.perf_counter()
                    ids = lists.ordered_ids(db, query)
                    rows = lists.rows_for_ids(db, query, ids[:50])
                    fulls.append(time.perf_counter() - start)
                    total = len(ids)
                if run < args.runs:
                    start = time.perf_counter()
                    walked = lists.first_matches(db, query, 50)
                    walks.append(time.perf_counter() - start)
                    if walked is not None and run < args.full_runs:
                        assert [r.id for r in walked.rows] == [r.id for r in rows], word
            walk = statistics.median(walks) * 1000
            full = statistics.median(fulls) * 1000
            said = "" if walked is not None else " (no walk: the full search)"
            print(f"| {word} | {total:,} | {walk:,.1f} ms{said} | {full:,.0f} ms | "
                  f"{full / walk:,.0f}× |", flush=True)
    finally:
        db.close()
    print(f"\nload average: {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
