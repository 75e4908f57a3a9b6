"""`peyvand screenshot`: the trip pictures are made from a copy; the database is only
read."""

from __future__ import annotations

from pathlib import Path

from peyvand.services.transfer import export_data
from peyvand.ui.context import AppContext
from peyvand.ui.screenshots import take_trip

from .conftest import CHEAP


def test_trip_pictures_leave_the_database_as_it_was(
    demo_context: AppContext, tmp_path: Path
) -> None:
    before = export_data(demo_context.db)["tables"]
    out = tmp_path / "shots"
    out.mkdir()
    written = take_trip(demo_context.db.path, out, cost=CHEAP)
    assert [p.name for p in written] == ["trip-mode.png", "trip-import.png", "conflicts.png"]
    assert all(p.stat().st_size > 10_000 for p in written)
    assert export_data(demo_context.db)["tables"] == before
    assert sorted(p.name for p in out.iterdir()) == sorted(p.name for p in written)
