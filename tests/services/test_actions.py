"""Follow-up actions: from decisions, status changes with notes, overdue and due soon."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from sqlalchemy import text

from peyvand.domain import Action, ActionNote, Decision, Person, Unit, Visit
from peyvand.domain.enums import ActionStatus
from peyvand.domain.errors import NotFoundError, ValidationError
from peyvand.domain.limits import TITLE_MAX
from peyvand.services import actions, meetings, records
from peyvand.services.clock import FixedClock
from peyvand.storage.database import Database

pytestmark = pytest.mark.both_engines

ZWNJ = "\u200c"
DUE = dt.date(2026, 11, 25)


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> FixedClock:
    return FixedClock(dt.datetime(year, month, day, hour, minute, tzinfo=dt.UTC))


# Tehran is UTC+03:30 (no daylight saving since 2022): 20:30 UTC is midnight there.
LAST_MINUTE_OF_DUE_DAY = utc(2026, 11, 25, 20, 29)
FIRST_MINUTE_AFTER = utc(2026, 11, 25, 20, 30)
TEHRAN_NEXT_DAY = utc(2026, 11, 25, 21, 0)  # 2026-11-26 00:30 in Tehran


def _owner(db: Database) -> tuple[uuid.UUID, uuid.UUID]:
    with db.session() as session:
        unit = records.create(session, Unit, {"name": "واحد اروپا"})
        person = records.create(session, Person, {"name": "مریم احمدی", "unit_id": unit.id})
    return person.id, unit.id


def _action(db: Database, title: str, due: dt.date | None, **extra: object) -> uuid.UUID:
    row = actions.create_action(
        db, {"title": title, "due_date": due, **extra}, clock=utc(2026, 11, 1, 8, 0)
    )
    return row.id


def _ids(views: list[actions.ActionView]) -> list[uuid.UUID]:
    return [v.row.id for v in views]


def _count(db: Database, table: str) -> int:
    with db.engine.connect() as conn:
        return int(conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one())


# --- from a decision ------------------------------------------------------------------


def test_action_from_decision_copies_text_owner_unit_and_due_date(db: Database) -> None:
    person_id, unit_id = _owner(db)
    with db.session() as session:
        visit = records.create(
            session, Visit, {"title": "هیئت کوالالامپور", "arrival": dt.date(2021, 2, 3)}
        )
    detail = meetings.record_meeting(
        db,
        {"title": "دیدار", "date": dt.date(2021, 2, 4), "visit_id": visit.id},
        decisions=[
            {
                "text": "تهیه فهرست شهروندان دیپلمات",
                "owner_person_id": person_id,
                "owner_unit_id": unit_id,
                "due_date": dt.date(2021, 3, 1),
            }
        ],
    )
    decision_id = detail.decisions[0].row.id
    row = actions.action_from_decision(db, decision_id, clock=utc(2021, 2, 5, 8, 0))
    assert row.title == "تهیه فهرست شهروندان دیپلمات"
    assert row.description == "تهیه فهرست شهروندان دیپلمات"
    assert row.source_decision_id == decision_id
    assert row.source_visit_id == visit.id
    assert row.owner_person_id == person_id
    assert row.unit_id == unit_id
    assert row.due_date == dt.date(2021, 3, 1)
    assert row.status == ActionStatus.OPEN
    assert row.number == "1399-001"


def test_overrides_win_over_the_decision(db: Database) -> None:
    detail = meetings.record_meeting(
        db, {"title": "دیدار", "date": dt.date(2021, 2, 4)}, decisions=[{"text": "مصوبه"}]
    )
    row = actions.action_from_decision(
        db, detail.decisions[0].row.id, {"title": "عنوان دیگر", "due_date": dt.date(2021, 4, 1)}
    )
    assert row.title == "عنوان دیگر"
    assert row.description == "مصوبه"
    assert row.due_date == dt.date(2021, 4, 1)


def test_a_long_decision_gets_a_shortened_title_and_the_full_description(db: Database) -> None:
    long_text = " ".join(["همکاری فرهنگی و گردشگری با شهرهای خواهرخوانده"] * 20)
    assert len(long_text) > TITLE_MAX
    detail = meetings.record_meeting(
        db, {"title": "دیدار", "date": dt.date(2021, 2, 4)}, decisions=[{"text": long_text}]
    )
    row = actions.action_from_decision(db, detail.decisions[0].row.id)
    assert len(row.title) <= TITLE_MAX
    assert row.title.endswith("…")
    assert long_text.startswith(row.title[:-1])
    assert row.description == long_text


def test_action_from_unknown_or_deleted_decision_is_not_found(db: Database) -> None:
    with pytest.raises(NotFoundError):
        actions.action_from_decision(db, uuid.uuid4())
    detail = meetings.record_meeting(
        db, {"title": "دیدار", "date": dt.date(2021, 2, 4)}, decisions=[{"text": "مصوبه"}]
    )
    with db.session() as session:
        records.soft_delete(session, Decision, detail.decisions[0].row.id)
    with pytest.raises(NotFoundError):
        actions.action_from_decision(db, detail.decisions[0].row.id)
    assert _count(db, "action") == 0


# --- status changes -------------------------------------------------------------------


@pytest.mark.parametrize("note", ["", "   ", ZWNJ, "\u200f"])
def test_status_change_needs_a_note(db: Database, note: str) -> None:
    action_id = _action(db, "پیگیری", DUE)
    with pytest.raises(ValidationError) as info:
        actions.change_status(db, action_id, ActionStatus.DONE, note)
    assert info.value.msg_id == "action.note_required"
    assert "note" in info.value.message("en")
    assert "شرح پیشرفت" in info.value.message("fa")
    assert records.get_row(db, Action, action_id).status == ActionStatus.OPEN
    assert _count(db, "action_note") == 0


def test_status_change_writes_a_note_with_from_and_to(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LOGNAME", "maryam")
    action_id = _action(db, "پیگیری", DUE)
    at = utc(2026, 11, 20, 9, 0)
    row = actions.change_status(db, action_id, ActionStatus.IN_PROGRESS, "نامه ارسال شد", clock=at)
    assert row.status == ActionStatus.IN_PROGRESS
    assert row.completed_on is None
    assert row.revision == 2
    notes = actions.history(db, action_id)
    assert len(notes) == 1
    note = notes[0]
    assert note.text == "نامه ارسال شد"
    assert note.status_from == ActionStatus.OPEN
    assert note.status_to == ActionStatus.IN_PROGRESS
    assert note.noted_at == at.at
    assert note.author == "maryam"


def test_done_sets_completed_on_in_tehran_and_reopening_clears_it(db: Database) -> None:
    action_id = _action(db, "پیگیری", DUE)
    done = actions.change_status(
        db, action_id, ActionStatus.DONE, "انجام شد", clock=TEHRAN_NEXT_DAY
    )
    assert done.status == ActionStatus.DONE
    assert done.completed_on == dt.date(2026, 11, 26)
    again = actions.change_status(
        db, action_id, ActionStatus.IN_PROGRESS, "نیاز به پیگیری دوباره", clock=TEHRAN_NEXT_DAY
    )
    assert again.completed_on is None
    history = actions.history(db, action_id)
    assert [(n.status_from, n.status_to) for n in history] == [
        (ActionStatus.OPEN, ActionStatus.DONE),
        (ActionStatus.DONE, ActionStatus.IN_PROGRESS),
    ]


def test_same_status_is_refused(db: Database) -> None:
    action_id = _action(db, "پیگیری", DUE)
    with pytest.raises(ValidationError) as info:
        actions.change_status(db, action_id, ActionStatus.OPEN, "هیچ")
    assert info.value.msg_id == "action.same_status"
    assert _count(db, "action_note") == 0


def test_notes_and_history_skip_deleted_notes(db: Database) -> None:
    action_id = _action(db, "پیگیری", DUE)
    first = actions.add_note(db, action_id, "تماس تلفنی", clock=utc(2026, 11, 2, 8, 0))
    actions.add_note(db, action_id, "ارسال رایانامه", clock=utc(2026, 11, 3, 8, 0))
    with db.session() as session:
        records.soft_delete(session, ActionNote, first.id)
    assert [n.text for n in actions.history(db, action_id)] == ["ارسال رایانامه"]


# --- overdue and due soon -------------------------------------------------------------


def test_due_today_is_due_soon_until_midnight_in_tehran(db: Database) -> None:
    action_id = _action(db, "پیگیری", DUE)
    soon = actions.due_soon(db, clock=LAST_MINUTE_OF_DUE_DAY)
    assert _ids(soon) == [action_id]
    assert soon[0].days_left == 0
    assert soon[0].overdue is False
    assert actions.overdue(db, clock=LAST_MINUTE_OF_DUE_DAY) == []


@pytest.mark.parametrize("clock", [FIRST_MINUTE_AFTER, TEHRAN_NEXT_DAY])
def test_overdue_from_midnight_in_tehran_although_still_the_due_day_in_utc(
    db: Database, clock: FixedClock
) -> None:
    assert clock.at.date() == DUE  # still the due day in UTC
    action_id = _action(db, "پیگیری", DUE)
    late = actions.overdue(db, clock=clock)
    assert _ids(late) == [action_id]
    assert late[0].overdue is True
    assert late[0].days_left == -1
    assert actions.due_soon(db, clock=clock) == []


def test_due_soon_window_is_seven_days_inclusive(db: Database) -> None:
    on = utc(2026, 11, 18, 8, 0)  # 2026-11-18 in Tehran
    within = _action(db, "هفت روز", dt.date(2026, 11, 25))
    beyond = _action(db, "هشت روز", dt.date(2026, 11, 26))
    today = _action(db, "امروز", dt.date(2026, 11, 18))
    yesterday = _action(db, "دیروز", dt.date(2026, 11, 17))
    no_date = _action(db, "بی‌مهلت", None)
    soon = actions.due_soon(db, clock=on)
    assert _ids(soon) == [today, within]
    assert [v.days_left for v in soon] == [0, 7]
    late = actions.overdue(db, clock=on)
    assert _ids(late) == [yesterday]
    assert beyond not in _ids(soon) + _ids(late)
    assert no_date not in _ids(soon) + _ids(late)


def test_overdue_is_sorted_oldest_first(db: Database) -> None:
    b = _action(db, "ب", dt.date(2026, 10, 10))
    a = _action(db, "الف", dt.date(2026, 9, 1))
    c = _action(db, "ج", dt.date(2026, 11, 1))
    assert _ids(actions.overdue(db, clock=TEHRAN_NEXT_DAY)) == [a, b, c]


@pytest.mark.parametrize("status", [ActionStatus.DONE, ActionStatus.CANCELLED])
def test_closed_actions_are_never_overdue_or_due_soon(db: Database, status: ActionStatus) -> None:
    past = _action(db, "گذشته", dt.date(2026, 1, 1))
    soon = _action(db, "نزدیک", dt.date(2026, 11, 27))
    for action_id in (past, soon):
        actions.change_status(db, action_id, status, "بسته شد", clock=TEHRAN_NEXT_DAY)
    assert actions.overdue(db, clock=TEHRAN_NEXT_DAY) == []
    assert actions.due_soon(db, clock=TEHRAN_NEXT_DAY) == []
    row = records.get_row(db, Action, past)
    assert actions.classify(row, dt.date(2026, 11, 26)) == (False, False, None)


def test_in_progress_actions_are_still_overdue(db: Database) -> None:
    action_id = _action(db, "در جریان", dt.date(2026, 11, 1))
    actions.change_status(db, action_id, ActionStatus.IN_PROGRESS, "شروع شد")
    assert _ids(actions.overdue(db, clock=TEHRAN_NEXT_DAY)) == [action_id]


def test_deleted_actions_are_not_listed(db: Database) -> None:
    action_id = _action(db, "حذف‌شده", dt.date(2026, 11, 1))
    records.delete_row(db, Action, action_id)
    assert actions.overdue(db, clock=TEHRAN_NEXT_DAY) == []


def test_views_carry_owner_and_unit_names(db: Database) -> None:
    person_id, unit_id = _owner(db)
    _action(db, "پیگیری", dt.date(2026, 11, 1), owner_person_id=person_id, unit_id=unit_id)
    _action(db, "بی‌مسئول", dt.date(2026, 11, 2))
    late = actions.overdue(db, clock=TEHRAN_NEXT_DAY)
    assert [(v.owner, v.unit) for v in late] == [("مریم احمدی", "واحد اروپا"), ("", "")]
