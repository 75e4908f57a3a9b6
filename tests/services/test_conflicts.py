"""Resolving merge conflicts: keep office, take laptop, edit; history keeps both."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlmodel import select

from peyvand.domain import AgendaItem, AuditEvent, AuditRow, MergeConflict, Statement
from peyvand.domain.errors import PeyvandError
from peyvand.services import conflicts, records, trips
from peyvand.services.clock import FixedClock
from peyvand.services.demo import load_demo
from peyvand.storage.database import Database
from peyvand.storage.trip_package import KdfCost

CHEAP = KdfCost(memory_kib=8, iterations=1, lanes=1)
CLOCK = FixedClock(datetime(2026, 11, 26, 9, tzinfo=UTC))
PASS = "رمز سفر"
VISIT = "1405-002"


@pytest.fixture
def office(db: Database) -> Database:
    load_demo(db, clock=CLOCK)
    return db


def _conflicted(office: Database, tmp_path: Path) -> tuple[uuid.UUID, uuid.UUID]:
    """A statement both sides edited, and an agenda item deleted on the laptop while the
    office edited it; imported, so two conflicts are open."""
    package = tmp_path / "trip.pvtrip"
    trips.export_visit(office, VISIT, package, PASS, cost=CHEAP, clock=CLOCK)
    laptop = Database.open_package(package, PASS, cost=CHEAP)
    try:
        with laptop.session() as session:
            statement = session.exec(select(Statement).order_by(Statement.id)).first()
            item = session.exec(select(AgendaItem).order_by(AgendaItem.id)).first()
            assert statement is not None and item is not None
            statement_id, item_id = statement.id, item.id
            records.update(session, Statement, statement_id, {"text": "متن سفر"})
            records.soft_delete(session, AgendaItem, item_id)
    finally:
        laptop.close()
    with office.session() as session:
        records.update(session, Statement, statement_id, {"text": "متن دفتر"})
        records.update(session, AgendaItem, item_id, {"text": "دستور دفتر"})
    result = trips.import_package(
        office, package, PASS, cost=CHEAP, backup_folder=tmp_path / "b", clock=CLOCK
    )
    assert result.conflicts == 2 and result.kept == 1
    return statement_id, item_id


def _by_entity(office: Database) -> dict[str, conflicts.ConflictView]:
    return {v.conflict.entity: v for v in conflicts.open_conflicts(office)}


def _text(office: Database, statement_id: uuid.UUID) -> str:
    with office.reading() as session:
        found = session.get(Statement, statement_id)
        assert found is not None
        return found.text


def _resolve_events(office: Database, entity_id: uuid.UUID) -> list[AuditRow]:
    with office.reading() as session:
        return [
            AuditRow.model_validate(e)
            for e in session.exec(
                select(AuditEvent).where(
                    AuditEvent.entity_id == str(entity_id), AuditEvent.action == "resolve"
                )
            ).all()
        ]


def test_open_conflicts_show_both_sides(office: Database, tmp_path: Path) -> None:
    _conflicted(office, tmp_path)
    views = _by_entity(office)
    text = views["statement"]
    assert (text.office, text.laptop, text.current) == ("متن دفتر", "متن سفر", "متن دفتر")
    assert text.editable and text.base not in ("متن دفتر", "متن سفر")
    deleted = views["agenda_item"]
    assert deleted.conflict.kind == conflicts.DELETE_VS_EDIT
    assert (deleted.office, deleted.laptop, deleted.current) == (False, True, False)
    assert not deleted.editable
    assert conflicts.open_count(office) == 2


def test_take_laptop_sets_the_value_and_history_keeps_the_office_one(
    office: Database, tmp_path: Path
) -> None:
    statement_id, _ = _conflicted(office, tmp_path)
    seq = _by_entity(office)["statement"].seq
    done = conflicts.resolve(office, seq, "laptop", clock=CLOCK)
    assert done.conflict.resolution == "laptop" and done.conflict.resolved_at is not None
    assert _text(office, statement_id) == "متن سفر"
    (event,) = _resolve_events(office, statement_id)
    assert event.changes["text"] == ["متن دفتر", "متن سفر"]
    assert event.changes["_choice"] == "laptop"
    assert conflicts.open_count(office) == 1
    with pytest.raises(PeyvandError) as caught:
        conflicts.resolve(office, seq, "office")
    assert caught.value.msg_id == "conflict.resolved"


def test_keep_office_and_edit(office: Database, tmp_path: Path) -> None:
    statement_id, item_id = _conflicted(office, tmp_path)
    views = _by_entity(office)
    conflicts.resolve(office, views["agenda_item"].seq, "laptop")  # the laptop deleted it
    with office.reading() as session:
        item = session.get(AgendaItem, item_id)
        assert item is not None and item.deleted_at is not None
    with pytest.raises(PeyvandError) as caught:
        conflicts.resolve(office, views["statement"].seq, "edited", value="")
    assert caught.value.msg_id.startswith("field.")
    assert _text(office, statement_id) == "متن دفتر"  # the refused edit changed nothing
    conflicts.resolve(office, views["statement"].seq, "edited", value="متن سوم")
    assert _text(office, statement_id) == "متن سوم"
    (event,) = _resolve_events(office, statement_id)
    assert event.changes["text"] == ["متن دفتر", "متن سفر"] and event.changes["_value"] == "متن سوم"
    assert conflicts.open_conflicts(office) == []


def test_reimport_does_not_reopen_resolved_conflicts(office: Database, tmp_path: Path) -> None:
    statement_id, _ = _conflicted(office, tmp_path)
    for view in conflicts.open_conflicts(office):
        conflicts.resolve(office, view.seq, "office")
    again = trips.import_package(
        office, tmp_path / "trip.pvtrip", PASS, cost=CHEAP, backup_folder=tmp_path / "b"
    )
    assert again.is_empty and again.already_recorded == 2
    with office.reading() as session:
        assert len(session.exec(select(MergeConflict)).all()) == 2
    assert _text(office, statement_id) == "متن دفتر"


def test_unknown_conflict_and_bad_choice(office: Database) -> None:
    with pytest.raises(PeyvandError) as caught:
        conflicts.resolve(office, 999, "office")
    assert caught.value.msg_id == "conflict.missing"
    with pytest.raises(PeyvandError) as caught:
        conflicts.resolve(office, 1, "both")  # type: ignore[arg-type]
    assert caught.value.msg_id == "conflict.bad_choice"
