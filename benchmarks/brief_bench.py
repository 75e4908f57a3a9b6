"""Brief benchmark: Peyvand's PDF briefs beside LibreOffice converting the same content.

Figures, all medians of N runs in this one run:

* the seed meeting's brief inside a running application: query + render, and render
  alone (the data already gathered); its page count;
* LibreOffice headless converting the same content (an HTML file this script writes
  from the same gathered data) to PDF — the whole `soffice` process;
* the whole `peyvand brief meeting` process, for a like-for-like comparison;
* the follow-up report of 1,000 actions (a generated database).

LibreOffice is only the yardstick: Peyvand never needs it. When `soffice` is missing
the script says how to install it (Debian: apt-get install libreoffice-writer-nogui).

Usage: .venv/bin/python benchmarks/brief_bench.py [--runs 11]
"""

from __future__ import annotations

import argparse
import datetime as dt
import html
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))


def median_ms(function: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def meeting_html(data: object) -> str:
    """The seed meeting's content as an RTL HTML document for LibreOffice."""
    d = data  # MeetingBrief from peyvand.briefs.data
    parts = [
        "<html dir='rtl'><head><meta charset='utf-8'>",
        "<style>body{font-family:Vazirmatn;direction:rtl} table{border-collapse:collapse}"
        " td,th{border:1px solid #999;padding:4px}</style></head><body>",
        f"<h1>صورتجلسه</h1><h2>{html.escape(d.title)}</h2>",  # type: ignore[attr-defined]
        "<table><tr><th>ردیف</th><th>نام</th><th>سمت</th><th>سازمان</th><th>طرف</th></tr>",
    ]
    for number, p in enumerate(d.participants, start=1):  # type: ignore[attr-defined]
        parts.append(
            f"<tr><td>{number}</td><td>{html.escape(p.name)}</td><td>{html.escape(p.title)}</td>"
            f"<td>{html.escape(p.organization)}</td><td>{html.escape(str(p.side))}</td></tr>"
        )
    parts.append("</table><h3>مشروح مذاکرات</h3>")
    for group in d.statements:  # type: ignore[attr-defined]
        parts.append(f"<h4>{html.escape(group.speaker)}</h4>")
        parts.extend(f"<p>{html.escape(text)}</p>" for text in group.statements)
    parts.append("<h3>مصوبات</h3><ol>")
    parts.extend(f"<li>{html.escape(x.text)}</li>" for x in d.decisions)  # type: ignore[attr-defined]
    parts.append("</ol></body></html>")
    return "".join(parts)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=11)
    args = parser.parse_args()

    from peyvand import briefs
    from peyvand.briefs.document import write
    from peyvand.briefs.heads import letterhead
    from peyvand.briefs.meeting import render_meeting
    from peyvand.briefs.meeting_data import meeting_data
    from peyvand.config import Settings
    from peyvand.services.clock import FixedClock
    from peyvand.services.demo import load_demo
    from peyvand.storage.database import Database

    work = Path(tempfile.mkdtemp(prefix="peyvand-brief-bench-"))
    clock = FixedClock(dt.datetime(2026, 11, 26, 9, 0, tzinfo=dt.UTC))
    demo_path = work / "demo.sqlite3"
    db = Database.open(demo_path)
    load_demo(db, clock=clock)
    settings = Settings()
    head = letterhead(settings)

    pdf = briefs.meeting_brief(db, "1399-001", None, settings)
    pages = pdf.count(b"/Type /Page\n") or pdf.count(b"/Type /Page")
    data = meeting_data(db, "1399-001")
    in_app = median_ms(lambda: briefs.meeting_brief(db, "1399-001", None, settings), args.runs)
    render = median_ms(lambda: write(render_meeting(data, head), None), args.runs)
    db.close()

    peyvand_cmd = [sys.executable, "-m", "peyvand", "brief", "meeting", "1399-001",
                   "--db", str(demo_path), "-o", str(work / "cli.pdf")]
    cli = median_ms(lambda: subprocess.run(peyvand_cmd, check=True, capture_output=True),
                    max(3, args.runs // 2))

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    lo: float | None = None
    if soffice:
        source = work / "meeting.html"
        source.write_text(meeting_html(data), encoding="utf-8")
        profile = work / "lo-profile"
        lo_cmd = [soffice, f"-env:UserInstallation=file://{profile}", "--headless",
                  "--convert-to", "pdf", "--outdir", str(work / "lo"), str(source)]
        subprocess.run(lo_cmd, check=True, capture_output=True)  # first start makes a profile
        lo = median_ms(lambda: subprocess.run(lo_cmd, check=True, capture_output=True),
                       max(3, args.runs // 2))
    else:
        print("soffice not found: install LibreOffice to compare "
              "(Debian: apt-get install libreoffice-writer-nogui)")

    from _datagen import generate

    report_db_path = work / "report.sqlite3"
    generate(report_db_path, meetings=400, actions=1000, persons=300, index=False)
    report_db = Database.open(report_db_path)
    report = median_ms(
        lambda: briefs.actions_report(report_db, None, settings, clock=clock),
        max(3, args.runs // 3),
    )
    report_pages = briefs.actions_report(report_db, None, settings, clock=clock).count(
        b"/Type /Page\n"
    )
    report_db.close()

    report_table(pages=pages, in_app=in_app, render=render, cli=cli, lo=lo,
                 report=report, report_pages=report_pages)
    return 0


def report_table(
    *, pages: int, in_app: float, render: float, cli: float, lo: float | None,
    report: float, report_pages: int,
) -> None:
    print()
    print("| measure | median | target |")
    print("|---|---|---|")
    print(f"| seed meeting brief in a running app (query + render, {pages} pages) "
          f"| {in_app:.0f} ms | ≤ 100 ms |")
    print(f"| render alone (data gathered) | {render:.0f} ms | ≤ 60 ms for 3 pages |")
    print(f"| whole `peyvand brief meeting` process | {cli:.0f} ms | ≤ LibreOffice |")
    if lo is not None:
        print(f"| LibreOffice headless, same content (HTML → PDF) | {lo:.0f} ms | |")
        print(f"| ratio LibreOffice / in-app brief | {lo / in_app:.0f}× | ≥ 8× |")
        print(f"| ratio LibreOffice / `peyvand brief` process | {lo / cli:.1f}× | ≥ 1× |")
    print(f"| follow-up report of 1,000 actions ({report_pages} pages) | {report:.0f} ms "
          f"| ≤ 2,000 ms |")


if __name__ == "__main__":
    sys.exit(main())
