"""Eight workstations on one office server at once, with real processes.

Four processes of two workstations each (benchmarks/_workstations.py) create meetings,
save changes to the same five records and read the meetings list for 30 seconds. Then:
no traceback, every acknowledged save is in the database (or was refused as stale), no
two saves were acknowledged on one revision of a record, and the year's meeting numbers
run 1..N without a gap or a repeat.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import pg_support

BENCH = Path(__file__).resolve().parents[2] / "benchmarks"
sys.path.insert(0, str(BENCH))

import _workstations  # noqa: E402

SECONDS = float(os.environ.get("PEYVAND_WORKSTATION_SECONDS", "30"))


@pytest.mark.slow
@pytest.mark.timeout(300)
def test_eight_workstations_lose_nothing_and_skip_no_number(
    pg_template: str, tmp_path: Path
) -> None:
    name = pg_support.new_name("peyvand_ws")
    pg_support.create_database(name, template=pg_template)
    url = pg_support.database_url(name)
    try:
        hot = _workstations.prepare(url)
        results = [tmp_path / f"p{i}.jsonl" for i in range(4)]
        env = os.environ | {"PYTHONPATH": os.pathsep.join(sys.path)}
        procs = [
            subprocess.Popen(
                [
                    sys.executable,
                    str(BENCH / "_workstations.py"),
                    url,
                    json.dumps(hot),
                    str(SECONDS),
                    "2",
                    f"p{i}",
                    str(result),
                ],
                env=env,
            )
            for i, result in enumerate(results)
        ]
        assert [p.wait(timeout=SECONDS + 200) for p in procs] == [0, 0, 0, 0]
        outcomes = _workstations.load(results)
        problems = _workstations.check(url, hot, outcomes)
        assert not problems, "\n".join(problems[:5])
        done = {op: sum(1 for o in outcomes if o["op"] == op) for op in
                ("create", "edit", "stale", "list", "refused")}  # fmt: skip
        # The load was real: many saves of each kind, and the same records contended.
        assert done["create"] >= 20 and done["edit"] >= 20 and done["list"] >= 20, done
        assert done["stale"] >= 1, done
        print(f"{SECONDS:.0f} s, 8 workstations: {done}")
    finally:
        pg_support.drop_database(name)
