"""One demo database for the Word tests (they only read it)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from peyvand.services.clock import FixedClock
from peyvand.storage.database import Database

CLOCK = FixedClock(dt.datetime(2026, 11, 26, 9, 0, tzinfo=dt.UTC))


@pytest.fixture(scope="session")
def word_demo_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from peyvand.services.demo import load_demo

    path = tmp_path_factory.mktemp("word-demo") / "demo.sqlite3"
    database = Database.open(path)
    load_demo(database, clock=CLOCK)
    database.close()
    return path


@pytest.fixture
def demo_db(word_demo_path: Path) -> Iterator[Database]:
    database = Database.open(word_demo_path)
    yield database
    database.close()
