#!/usr/bin/env python3
"""Regenerate resources/holidays/iran.json: Iran's official holidays by Jalali year.

The source is the maintained ``holidays`` package (python-holidays, MIT licence), whose
Iran calendar follows the official calendar of the University of Tehran's calendar
centre (time.ir): Persian-calendar holidays are computed, Islamic (lunar) holidays come
from its table of announced dates; dates past that table are the package's estimates
and are marked ``"estimated": true`` (the calendar screen says «تخمینی»).

    .venv/bin/python scripts/update_holidays.py            # rewrite the file
    .venv/bin/python scripts/update_holidays.py --check    # exit 1 if it differs

Run it after upgrading ``holidays`` (a test extra) and commit the file. The application
reads only the JSON: the package is not a runtime dependency.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
TARGET = ROOT / "resources" / "holidays" / "iran.json"
FIRST_YEAR = 1394  # Jalali; the benchmarks' data starts in 1394-12
LAST_YEAR = 1410


def generate(first: int = FIRST_YEAR, last: int = LAST_YEAR) -> dict[str, Any]:
    """The file's content from the installed ``holidays`` package."""
    import holidays
    import jdatetime

    from peyvand.text import normalize_input

    start = jdatetime.date(first, 1, 1).togregorian()
    end = jdatetime.date(last + 1, 1, 1).togregorian() - dt.timedelta(days=1)
    years = range(start.year, end.year + 1)
    plain = holidays.country_holidays(
        "IR", years=years, language="fa_IR", islamic_show_estimated=False
    )
    marked = holidays.country_holidays("IR", years=years, language="fa_IR")
    entries = []
    for day in sorted(plain):
        if not start <= day <= end:
            continue
        names = [normalize_input(n) for n in plain.get_list(day)]
        flagged = marked.get_list(day)
        estimated = [n != m for n, m in zip(plain.get_list(day), flagged, strict=True)]
        j = jdatetime.date.fromgregorian(date=day)
        for name, guess in zip(names, estimated, strict=True):
            entries.append(
                {
                    "date": day.isoformat(),
                    "jalali": f"{j.year:04d}/{j.month:02d}/{j.day:02d}",
                    "name": name,
                    "estimated": guess,
                }
            )
    return {
        "source": "python-holidays (https://github.com/vacanza/holidays), country IR, "
        "language fa_IR; MIT licence",
        "source_version": holidays.__version__,
        "jalali_years": [first, last],
        "holidays": entries,
    }


def render(content: dict[str, Any]) -> str:
    """JSON with one holiday a line, so that a change reads as a small diff."""
    head = {k: v for k, v in content.items() if k != "holidays"}
    lines = [json.dumps(head, ensure_ascii=False)[:-1] + ', "holidays": [']
    rows = [json.dumps(h, ensure_ascii=False) for h in content["holidays"]]
    lines += [f"  {row}," for row in rows[:-1]] + [f"  {rows[-1]}", "]}"]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare, do not write")
    args = parser.parse_args(argv)
    text = render(generate())
    if args.check:
        same = TARGET.exists() and TARGET.read_text(encoding="utf-8") == text
        print("up to date" if same else f"{TARGET} differs from the installed package")
        return 0 if same else 1
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    TARGET.write_text(text, encoding="utf-8")
    print(f"wrote {TARGET}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
