"""Protocol checklists: templates, applying them to a visit, readiness, moving with the dates."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from sqlalchemy import text

from peyvand.domain import Action, Gift, Letter, Person, Unit, Visit
from peyvand.domain.enums import (
    ActionStatus,
    ChecklistCheck,
    DeadlineAnchor,
    Direction,
    GiftDirection,
    LetterKind,
)
from peyvand.domain.errors import NotFoundError, ValidationError
from peyvand.services import actions, checklists, dashboard, records, starters, visits
from peyvand.services.clock import FixedClock
from peyvand.storage.database import Database

pytestmark = pytest.mark.both_engines

CLOCK = FixedClock(dt.datetime(2026, 11, 1, 8, 0, tzinfo=dt.UTC))
ARRIVAL = dt.date(2026, 12, 5)
DEPARTURE = dt.date(2026, 12, 8)


def _units(db: Database) -> dict[str, uuid.UUID]:
    with db.session() as session:
        return {
            code: records.create(session, Unit, {"name": name, "code": code}).id
            for code, name in (("PROTO", "اداره تشریفات"), ("INTL", "اداره کل بین‌الملل"))
        }


def _visit(db: Database, **values: object) -> uuid.UUID:
    with db.session() as session:
        visit = records.create(
            session,
            Visit,
            {
                "title": "سفر هیئت نمونه",
                "direction": Direction.INCOMING,
                "arrival": ARRIVAL,
                "departure": DEPARTURE,
                **values,
            },
            clock=CLOCK,
        )
        return visit.id


def _template(db: Database, units: dict[str, uuid.UUID], name: str = "آمادگی هیئت") -> uuid.UUID:
    detail = checklists.save_template(
        db,
        None,
        {"name": name, "direction": Direction.INCOMING},
        [
            {
                "title": "ارسال دعوت‌نامه",
                "unit_id": units["INTL"],
                "anchor": DeadlineAnchor.ARRIVAL,
                "offset_days": -10,
                "check": ChecklistCheck.INVITATION,
            },
            {"title": "رزرو هتل", "unit_id": units["PROTO"], "offset_days": -3},
            {"title": "انتخاب هدایا", "offset_days": -2, "check": ChecklistCheck.GIFTS},
            {
                "title": "نامه تشکر",
                "anchor": DeadlineAnchor.DEPARTURE,
                "offset_days": 3,
                "check": ChecklistCheck.THANK_YOU,
            },
        ],
    )
    return detail.row.id


def _count(db: Database, table: str) -> int:
    with db.engine.connect() as conn:
        return int(conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one())


def test_deadline_counts_from_arrival_or_departure() -> None:
    assert checklists.deadline(ARRIVAL, DEPARTURE, DeadlineAnchor.ARRIVAL, -10) == dt.date(
        2026, 11, 25
    )
    assert checklists.deadline(ARRIVAL, DEPARTURE, DeadlineAnchor.DEPARTURE, 3) == dt.date(
        2026, 12, 11
    )
    # No departure yet: counted from the arrival; no dates: no deadline.
    assert checklists.deadline(ARRIVAL, None, DeadlineAnchor.DEPARTURE, 1) == dt.date(2026, 12, 6)
    assert checklists.deadline(None, None, DeadlineAnchor.ARRIVAL, -5) is None


def test_offsets_read_as_people_say_them() -> None:
    assert checklists.offset_text(DeadlineAnchor.ARRIVAL, -10) == "۱۰ روز پیش از ورود"
    assert checklists.offset_text(DeadlineAnchor.DEPARTURE, 3) == "۳ روز پس از بازگشت"
    assert checklists.offset_text(DeadlineAnchor.ARRIVAL, 0) == "روز ورود"
    assert checklists.offset_text(DeadlineAnchor.ARRIVAL, -10, "en") == "10 days before arrival"
    assert checklists.progress_text(8, 12) == "۸ از ۱۲ انجام شد"


def test_applying_a_template_makes_follow_ups_of_the_visit(db: Database) -> None:
    units = _units(db)
    visit_id = _visit(db)
    _template(db, units)
    result = checklists.apply(db, str(visit_id), clock=CLOCK)
    assert result.template == "آمادگی هیئت"
    assert [a.title for a in result.created] == [
        "ارسال دعوت‌نامه",
        "رزرو هتل",
        "انتخاب هدایا",
        "نامه تشکر",
    ]
    first, hotel, _gifts, thanks = result.created
    assert first.source_visit_id == visit_id
    assert first.unit_id == units["INTL"] and hotel.unit_id == units["PROTO"]
    assert first.due_date == dt.date(2026, 11, 25)
    assert thanks.due_date == dt.date(2026, 12, 11)
    assert first.deadline_anchor == DeadlineAnchor.ARRIVAL
    assert thanks.deadline_anchor == DeadlineAnchor.DEPARTURE
    assert first.checklist_check == ChecklistCheck.INVITATION
    assert all(a.status == ActionStatus.OPEN and a.number for a in result.created)
    # Like any follow-up: numbered, in the audit trail, on the dashboard when due.
    soon = FixedClock(dt.datetime(2026, 11, 20, 8, 0, tzinfo=dt.UTC))
    due = {v.row.title for v in actions.due_soon(db, clock=soon)}
    assert "ارسال دعوت‌نامه" in due
    board = dashboard.summary(db, clock=soon)
    assert "ارسال دعوت‌نامه" in {v.title for v in board.due_soon}


def test_applying_again_adds_only_what_is_missing(db: Database) -> None:
    units = _units(db)
    visit_id = _visit(db)
    _template(db, units)
    checklists.apply(db, visit_id, clock=CLOCK)
    again = checklists.apply(db, visit_id, clock=CLOCK)
    assert again.created == []
    assert len(again.skipped) == 4
    assert _count(db, "action") == 4


def test_template_chosen_by_name_or_by_the_visit_direction(db: Database) -> None:
    units = _units(db)
    visit_id = _visit(db, direction=Direction.OUTGOING)
    _template(db, units)  # incoming only
    with pytest.raises(NotFoundError) as info:
        checklists.apply(db, visit_id, clock=CLOCK)
    assert info.value.msg_id == "checklist.no_template"
    result = checklists.apply(db, visit_id, "آمادگی هیئت", clock=CLOCK)
    assert len(result.created) == 4
    with pytest.raises(NotFoundError):
        checklists.apply(db, visit_id, "الگویی که نیست", clock=CLOCK)


def test_a_visit_without_dates_gets_undated_items(db: Database) -> None:
    units = _units(db)
    visit_id = _visit(db, arrival=None, departure=None)
    _template(db, units)
    result = checklists.apply(db, visit_id, clock=CLOCK)
    assert result.undated == 4
    assert all(a.due_date is None for a in result.created)


def test_bad_template_item_is_refused_whole_with_its_row(db: Database) -> None:
    units = _units(db)
    with pytest.raises(ValidationError) as info:
        checklists.save_template(
            db,
            None,
            {"name": "ناقص"},
            [{"title": "درست", "unit_id": units["INTL"]}, {"title": "", "offset_days": 5}],
        )
    assert info.value.field == "title" and info.value.params["index"] == 1
    with pytest.raises(ValidationError) as info:
        checklists.save_template(db, None, {"name": "دور"}, [{"title": "x", "offset_days": 999}])
    assert info.value.field == "offset_days"
    assert _count(db, "checklist_template") == 0
    assert _count(db, "checklist_template_item") == 0


def test_editing_a_template_keeps_renames_and_drops_items(db: Database) -> None:
    units = _units(db)
    template_id = _template(db, units)
    detail = checklists.template_detail(db, template_id)
    first, second = detail.items[0].row, detail.items[1].row
    assert detail.items[0].unit == "اداره کل بین‌الملل"
    edited = checklists.save_template(
        db,
        template_id,
        {"name": "آمادگی هیئت (ویرایش)"},
        [
            {"id": second.id, "title": second.title, "offset_days": -4},
            {"id": first.id, "title": "ارسال دعوت‌نامه رسمی", "offset_days": -12},
        ],
        expected_revision=detail.row.revision,
    )
    assert [i.row.title for i in edited.items] == ["رزرو هتل", "ارسال دعوت‌نامه رسمی"]
    assert [i.row.id for i in edited.items] == [second.id, first.id]
    assert [i.row.position for i in edited.items] == [1, 2]
    checklists.delete_template(db, template_id)
    assert checklists.templates(db) == []


def test_readiness_counts_done_of_all_and_checks_other_records(db: Database) -> None:
    units = _units(db)
    visit_id = _visit(db)
    _template(db, units)
    created = checklists.apply(db, visit_id, clock=CLOCK).created
    state = checklists.readiness(db, visit_id, clock=CLOCK)
    assert (state.done, state.total) == (0, 4)
    actions.change_status(db, created[1].id, ActionStatus.DONE, "رزرو شد", clock=CLOCK)
    actions.change_status(db, created[3].id, ActionStatus.CANCELLED, "لازم نیست", clock=CLOCK)
    state = checklists.readiness(db, visit_id, clock=CLOCK)
    assert (state.done, state.total) == (1, 3)
    assert checklists.summary_line(state) == "۱ از ۳ انجام شد"
    hints = {i.view.row.title: i.hint for i in state.items}
    invitation, gifts = hints["ارسال دعوت‌نامه"], hints["انتخاب هدایا"]
    assert invitation is not None and not invitation.ok
    assert invitation.text() == "برای این سفر هنوز دعوت‌نامه نوشته نشده است."
    assert gifts is not None and gifts.msg_id == "checklist.hint.no_gifts"
    assert hints["رزرو هتل"] is None
    # A registered invitation letter and a gift make those items look right.
    with db.session() as session:
        records.create(
            session,
            Letter,
            {"subject": "دعوت", "kind": LetterKind.INVITATION, "visit_id": visit_id},
        )
        person = records.create(session, Person, {"name": "مهمان نمونه"})
        records.create(
            session,
            Gift,
            {
                "visit_id": visit_id,
                "person_id": person.id,
                "description": "قلمدان",
                "direction": GiftDirection.GIVEN,
            },
        )
    state = checklists.readiness(db, visit_id, clock=CLOCK)
    hints = {i.view.row.title: i.hint for i in state.items}
    assert hints["ارسال دعوت‌نامه"] is not None
    assert hints["ارسال دعوت‌نامه"].msg_id == "checklist.hint.letter_draft"
    assert hints["انتخاب هدایا"] is not None and hints["انتخاب هدایا"].ok


def test_gift_item_warns_of_a_gift_given_before(db: Database) -> None:
    units = _units(db)
    first_visit = _visit(db, arrival=dt.date(2025, 5, 1), departure=dt.date(2025, 5, 3))
    second_visit = _visit(db)
    with db.session() as session:
        guest = records.create(session, Person, {"name": "مهمان نمونه"})
        for visit_id, description in (
            (first_visit, "قلمدان مینیاتور"),
            (second_visit, "قلم‌دان  مينياتور"),
        ):
            records.create(
                session,
                Gift,
                {"visit_id": visit_id, "person_id": guest.id, "description": description},
            )
    _template(db, units)
    checklists.apply(db, second_visit, clock=CLOCK)
    state = checklists.readiness(db, second_visit, clock=CLOCK)
    hint = next(i.hint for i in state.items if i.check == ChecklistCheck.GIFTS)
    assert hint is not None and not hint.ok
    assert hint.msg_id == "checklist.hint.gift_repeated"
    assert "مهمان نمونه" in hint.text()


def test_moving_the_visit_moves_open_items_when_asked(db: Database) -> None:
    units = _units(db)
    visit_id = _visit(db)
    _template(db, units)
    created = checklists.apply(db, visit_id, clock=CLOCK).created
    actions.change_status(db, created[1].id, ActionStatus.DONE, "رزرو شد", clock=CLOCK)
    # An item moved by hand keeps its distance from its anchor.
    with db.session() as session:
        records.update(session, Action, created[0].id, {"due_date": dt.date(2026, 11, 20)})
    moves = checklists.plan_moves(
        db, visit_id, ARRIVAL + dt.timedelta(days=7), DEPARTURE + dt.timedelta(days=10)
    )
    by_title = {m.title: (m.old_due, m.new_due) for m in moves}
    assert by_title == {
        "ارسال دعوت‌نامه": (dt.date(2026, 11, 20), dt.date(2026, 11, 27)),
        "انتخاب هدایا": (dt.date(2026, 12, 3), dt.date(2026, 12, 10)),
        "نامه تشکر": (dt.date(2026, 12, 11), dt.date(2026, 12, 21)),
    }  # the done hotel item stays
    detail = visits.get_detail(db, visit_id)
    values = {
        **{k: getattr(detail.visit, k) for k in ("title", "direction")},
        "arrival": ARRIVAL + dt.timedelta(days=7),
        "departure": DEPARTURE + dt.timedelta(days=10),
    }
    # Not asked: the dates move alone.
    visits.save_visit(db, visit_id, values, expected_revision=detail.visit.revision)
    assert records.get_row(db, Action, created[2].id).due_date == dt.date(2026, 12, 3)
    # Asked: back and forth, the items follow (in the same transaction as the dates).
    detail = visits.get_detail(db, visit_id)
    values["arrival"] = ARRIVAL + dt.timedelta(days=14)
    values["departure"] = DEPARTURE + dt.timedelta(days=17)
    visits.save_visit(
        db, visit_id, values, expected_revision=detail.visit.revision, move_checklist=True
    )
    assert records.get_row(db, Action, created[2].id).due_date == dt.date(2026, 12, 10)
    assert records.get_row(db, Action, created[3].id).due_date == dt.date(2026, 12, 18)
    assert records.get_row(db, Action, created[1].id).due_date == dt.date(2026, 12, 2)


def test_a_failed_visit_save_moves_nothing(db: Database) -> None:
    units = _units(db)
    visit_id = _visit(db)
    _template(db, units)
    created = checklists.apply(db, visit_id, clock=CLOCK).created
    detail = visits.get_detail(db, visit_id)
    bad = {"title": "", "arrival": ARRIVAL + dt.timedelta(days=7)}
    with pytest.raises(ValidationError):
        visits.save_visit(db, visit_id, bad, move_checklist=True)
    assert records.get_row(db, Action, created[0].id).due_date == dt.date(2026, 11, 25)
    assert visits.get_detail(db, visit_id).visit.revision == detail.visit.revision


def test_starter_templates_install_once_with_the_office_units(db: Database) -> None:
    units = _units(db)
    first = starters.install(db)
    assert first.checklists == 3 and first.letters == 10
    assert starters.install(db) == starters.Installed(0, 0)
    names = [t.name for t in checklists.templates(db)]
    assert "آمادگی هیئت عالی‌رتبه" in names
    high = next(t for t in checklists.templates(db) if t.high_level)
    detail = checklists.template_detail(db, high.id)
    assert any(i.row.unit_id == units["PROTO"] for i in detail.items)
    assert all(i.row.unit_id in (None, *units.values()) for i in detail.items)
    # The plain incoming template is the default for incoming visits.
    visit_id = _visit(db)
    assert checklists.apply(db, visit_id, clock=CLOCK).template == "آمادگی هیئت ورودی"
