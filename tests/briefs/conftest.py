"""Fixtures for the PDF briefs: one demo database per session (the briefs only read it)."""

from __future__ import annotations

import datetime as dt
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from peyvand.services.clock import FixedClock
from peyvand.storage.database import Database

# The reading helper (pdftext.py) lives beside the tests.
sys.path.insert(0, str(Path(__file__).parent))

# The demo and the tests agree on "today", so that overdue is stable.
FIXED_NOW = dt.datetime(2026, 11, 26, 9, 0, tzinfo=dt.UTC)
CLOCK = FixedClock(FIXED_NOW)


@pytest.fixture(scope="session")
def demo_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from peyvand.services.demo import load_demo

    path = tmp_path_factory.mktemp("briefs-demo") / "demo.sqlite3"
    database = Database.open(path)
    load_demo(database, clock=CLOCK)
    database.close()
    return path


@pytest.fixture
def demo_db(demo_path: Path) -> Iterator[Database]:
    database = Database.open(demo_path)
    yield database
    database.close()


@pytest.fixture
def own_db(demo_path: Path, tmp_path: Path) -> Iterator[Database]:
    """A copy of the demo, for a test that changes it."""
    path = tmp_path / "demo.sqlite3"
    shutil.copyfile(demo_path, path)
    database = Database.open(path)
    yield database
    database.close()
