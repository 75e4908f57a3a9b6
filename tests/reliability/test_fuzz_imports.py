"""Hostile files fed to both imports: 1,000 mutated JSON exports and trip packages per
run (benchmarks/_fuzz.py describes the mutations and the checks). Only the project's
own typed errors may come out, no case may take 10 s, and a refused import or a dry
run leaves the office database exactly as it was."""

from __future__ import annotations

import contextlib
import os
import random
import shutil
import sys
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from sqlmodel import select

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))

import _fuzz

from peyvand.domain import Meeting
from peyvand.errors import PeyvandError
from peyvand.services import trips
from peyvand.services.intake import ImportRowError
from peyvand.storage.database import Database

CASES = int(os.environ.get("PEYVAND_FUZZ_CASES", "1000"))
# A new seed every day, so that CI explores new cases; PEYVAND_FUZZ_SEED replays a run.
SEED = int(os.environ.get("PEYVAND_FUZZ_SEED", "0")) or int(date.today().strftime("%Y%m%d"))


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> _fuzz.Template:
    return _fuzz.build_template(tmp_path_factory.mktemp("fuzz-template"))


def test_the_row_error_is_a_typed_error() -> None:
    """The fuzz test accepts PeyvandError: the row error must be one of them."""
    assert issubclass(ImportRowError, PeyvandError)


def test_the_unchanged_files_are_accepted(template: _fuzz.Template, tmp_path: Path) -> None:
    """The controls: without a mutation, both files import (so refusals are the
    mutations' doing) and the JSON import writes."""
    report = _fuzz.Report(seed=0)
    for target in ("json", "package"):
        for dry_run in (True, False):
            case = _fuzz.Case(0, target, "none", dry_run)
            outcome = _fuzz.run_unchanged(template, case, tmp_path)
            report.outcomes.append(outcome)
    assert [o.result for o in report.outcomes] == ["accepted"] * 4
    assert not report.failures, [o.failure for o in report.failures]


def test_a_changed_office_or_a_crash_would_be_reported(
    template: _fuzz.Template, tmp_path: Path
) -> None:
    """The checks can fail: a case whose import is replaced by a write, or by an
    exception of another type, is reported as a failure."""
    changed = _fuzz.run_unchanged(
        template, _fuzz.Case(0, "json", "none", False), tmp_path, importer=_fuzz.write_only
    )
    assert "office changed" in changed.failure
    crashed = _fuzz.run_unchanged(
        template, _fuzz.Case(0, "json", "none", True), tmp_path, importer=_fuzz.crash_only
    )
    assert crashed.result.startswith("crash") and crashed.failure


@pytest.mark.slow
@pytest.mark.timeout(1200)
def test_mutated_exports_and_packages_are_refused_cleanly(
    template: _fuzz.Template, tmp_path_factory: pytest.TempPathFactory
) -> None:
    root = tmp_path_factory.mktemp("fuzz")
    report = _fuzz.fuzz(CASES, SEED, template=template, folder=root)
    summary = report.summary()
    failures = [o.failure for o in report.failures]
    assert not failures, f"seed {SEED}: {len(failures)} failures\n" + "\n\n".join(failures[:5])
    assert summary["cases"] == CASES
    targets = Counter(o.case.target for o in report.outcomes)
    # Both imports, and a good spread of the mutations, were exercised.
    assert min(targets.values()) >= CASES // 3, targets
    assert len(report.mutations()) >= min(40, CASES // 10), report.mutations()
    refused = sum(1 for o in report.outcomes if o.result != "accepted")
    assert refused >= CASES // 2, report.results()


# --- what the fuzzing found ------------------------------------------------------------------
# A trip_base row nested 100,000 deep raised RecursionError (json.loads) before commit
# a4e68d4 (intake.load_json); kept as a regression test, as is the renumbering bug.


def _hostile_import(
    template: _fuzz.Template, tmp_path: Path, statements: tuple[str, ...]
) -> tuple[Path, Path]:
    """A copy of the office, and the package with ``statements`` run on it by raw SQL."""
    package = tmp_path / "hostile.pvtrip"
    shutil.copyfile(template.package, package)
    _fuzz._hostile(package, statements, random.Random(0))
    office = tmp_path / "office.sqlite3"
    shutil.copyfile(template.office, office)
    return office, package


def _import_package(office: Path, package: Path, tmp_path: Path) -> trips.TripImport:
    db = Database.open(office)
    try:
        return trips.import_package(
            db, package, _fuzz.PASS, cost=_fuzz.CHEAP, backup_folder=tmp_path / "backups"
        )
    finally:
        db.close()


def test_a_deeply_nested_base_row_is_refused_with_a_typed_error(
    template: _fuzz.Template, tmp_path: Path
) -> None:
    (statements,) = [sql for name, sql in _fuzz.HOSTILE_SQL if name == "trip_base deep JSON"]
    office, package = _hostile_import(template, tmp_path, statements)
    with pytest.raises(PeyvandError) as caught:
        _import_package(office, package, tmp_path)
    assert caught.value.msg_id == "import.too_deep"
    assert _fuzz.digest(office) == template.office_digest


@pytest.mark.parametrize(
    "change",
    [
        "UPDATE meeting SET number = '1390-777'",
        "UPDATE meeting SET number = 'T1405-ABCDEF', number_provisional = 1",
    ],
)
def test_bug_5_a_package_cannot_renumber_office_records(
    template: _fuzz.Template, tmp_path: Path, change: str
) -> None:
    office, package = _hostile_import(template, tmp_path, (change,))
    with contextlib.suppress(PeyvandError):  # refusing the package would be right too
        _import_package(office, package, tmp_path)
    db = Database.open(office)
    try:
        with db.reading() as session:
            numbers = {(m.number, m.number_provisional) for m in session.exec(select(Meeting))}
    finally:
        db.close()
    assert ("1390-777", False) not in numbers
    assert ("T1405-ABCDEF", True) not in numbers
