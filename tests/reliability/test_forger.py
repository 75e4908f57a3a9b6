"""The forger (benchmarks/_forger.py): a package holder who knows the passphrase
rewrites rows, base copies, blobs and schema at random; whatever the import decides,
the office outside the export stays byte-for-byte as it was, no id is reused, the
counters allocate, every blob matches its hash and the database checks clean.

A few dozen examples per run (each takes about a second with real databases);
``PEYVAND_FORGER_CASES=1000`` or ``benchmarks/reliability_bench.py --forger 1000`` for
the large run."""

from __future__ import annotations

import os
import sqlite3
import sys
from datetime import date
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))

import _forger

CASES = int(os.environ.get("PEYVAND_FORGER_CASES", "50"))
SEED = int(os.environ.get("PEYVAND_FUZZ_SEED", "0")) or int(date.today().strftime("%Y%m%d"))


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> _forger.Template:
    return _forger.build_template(tmp_path_factory.mktemp("forger-template"))


def test_the_invariants_can_fail(template: _forger.Template, tmp_path: Path) -> None:
    """A change to an office row outside the export, and a blob whose bytes differ from
    its hash, are both reported."""
    office = tmp_path / "office.sqlite3"
    office.write_bytes(template.office.read_bytes())
    before = _forger.office_rows(office)
    person = template.outside["person"][0]
    conn = sqlite3.connect(office)
    conn.execute(
        "UPDATE person SET email = 'x@example.com' WHERE id = ?", (person.replace("-", ""),)
    )
    conn.execute("UPDATE blob SET data = CAST('x' AS BLOB) WHERE rowid = 1")
    conn.commit()
    conn.close()
    problems = _forger._invariants(template, before, office)
    assert any("outside the export changed" in p for p in problems), problems
    assert any("does not match its hash" in p for p in problems), problems


@pytest.mark.slow
@pytest.mark.timeout(900)
def test_forged_packages_never_reach_outside_the_export(
    template: _forger.Template, tmp_path_factory: pytest.TempPathFactory
) -> None:
    report = _forger.forge(CASES, SEED, template=template, folder=tmp_path_factory.mktemp("f"))
    failures = [f"example {o.index} {o.forgeries}: {o.failure}" for o in report.failures]
    assert not failures, f"seed {SEED}:\n" + "\n\n".join(failures[:5])
    results = report.results()
    # Legitimate edits get through; forgeries are refused.
    assert results["accepted"] >= 1 and sum(results.values()) - results["accepted"] >= CASES // 3
    assert len(report.forgeries()) >= min(10, CASES // 3), report.forgeries()
