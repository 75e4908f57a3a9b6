"""The relationship view: every visit, meeting, decision, action and agreement with a
partner, newest first; opening an entry asks for the record behind it."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from peyvand.domain import Decision, Organization
from peyvand.domain.enums import Direction, VisitStatus
from peyvand.services import partnerships, records, visits
from peyvand.text import format_jalali_date
from peyvand.ui.context import AppContext
from peyvand.ui.dialogs.relationship_view import RelationshipView


def partnership_id(context: AppContext, city_en: str) -> uuid.UUID:
    for view in partnerships.list_partnerships(context.db, clock=context.clock):
        if view.row.partner_city_en == city_en:
            return view.row.id
    raise LookupError(city_en)


def florence_with_a_visit(context: AppContext) -> tuple[uuid.UUID, uuid.UUID]:
    """The demo's Florence has meetings, decisions and actions; add a past visit."""
    florence = partnership_id(context, "Florence")
    detail = visits.save_visit(
        context.db,
        None,
        {
            "title": "سفر هیئت شهرداری فلورانس به اصفهان",
            "direction": Direction.INCOMING,
            "partnership_id": florence,
            "arrival": dt.date(2026, 10, 5),
            "departure": dt.date(2026, 10, 8),
            "status": VisitStatus.DONE,
        },
        clock=context.clock,
    )
    return florence, detail.visit.id


def make_view(qtbot: QtBot, view: RelationshipView) -> RelationshipView:
    qtbot.addWidget(view)
    view.show()
    qtbot.waitExposed(view)
    return view


def double_click_row(qtbot: QtBot, view: RelationshipView, row: int) -> None:
    table = view.ui.timeline_table
    rect = table.visualItemRect(table.item(row, 3))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_florence_lists_every_kind_newest_first(qtbot: QtBot, demo_context: AppContext) -> None:
    florence, _visit = florence_with_a_visit(demo_context)
    view = make_view(qtbot, RelationshipView(demo_context, partnership_id=florence))
    assert view.isRightToLeft()
    assert view.windowTitle() == "نمای ارتباط — فلورانس"
    assert view.ui.dormant_label.isHidden()
    assert "آخرین تماس: ۱۴۰۵/۰۸/۲۱" in view.ui.summary_label.text()
    kinds = {entry.kind for entry in view.entries}
    assert {"visit", "meeting", "decision", "action"} <= kinds
    days = [entry.day for entry in view.entries]
    assert days == sorted(days, reverse=True)  # newest first
    table = view.ui.timeline_table
    assert table.rowCount() == len(view.entries)
    assert table.item(0, 0).text() == format_jalali_date(view.entries[0].day)
    shown_kinds = {table.item(r, 1).text() for r in range(table.rowCount())}
    assert {"هیئت", "جلسه", "مصوبه", "پیگیری"} <= shown_kinds
    visit_row = next(r for r, e in enumerate(view.entries) if e.kind == "visit")
    assert table.item(visit_row, 0).text() == "۱۴۰۵/۰۷/۱۳"
    assert table.item(visit_row, 4).text() == "ورودی"  # the direction, in Persian
    assert view.ui.count_label.text().endswith("مورد")


def test_opening_an_entry_emits_the_record_to_open(
    qtbot: QtBot, demo_context: AppContext
) -> None:
    florence, visit_id = florence_with_a_visit(demo_context)
    view = make_view(qtbot, RelationshipView(demo_context, partnership_id=florence))
    entries = view.entries
    visit_row = next(r for r, e in enumerate(entries) if e.kind == "visit")
    with qtbot.waitSignal(view.open_requested) as opened:
        double_click_row(qtbot, view, visit_row)
    assert opened.args == ["visit", visit_id]

    meeting_row = next(r for r, e in enumerate(entries) if e.kind == "meeting")
    with qtbot.waitSignal(view.open_requested) as opened:
        double_click_row(qtbot, view, meeting_row)
    assert opened.args == ["meeting", entries[meeting_row].entity_id]

    action_row = next(r for r, e in enumerate(entries) if e.kind == "action")
    view.ui.timeline_table.setCurrentCell(action_row, 0)
    assert view.ui.open_button.isEnabled()
    with qtbot.waitSignal(view.open_requested) as opened:
        qtbot.mouseClick(view.ui.open_button, Qt.MouseButton.LeftButton)
    assert opened.args == ["action", entries[action_row].entity_id]

    # A decision opens the meeting it was taken in.
    decision_row = next(r for r, e in enumerate(entries) if e.kind == "decision")
    decision = records.get_row(demo_context.db, Decision, entries[decision_row].entity_id)
    with qtbot.waitSignal(view.open_requested) as opened:
        double_click_row(qtbot, view, decision_row)
    assert opened.args == ["meeting", decision.meeting_id]


def test_an_agreement_opens_its_partnership(qtbot: QtBot, demo_context: AppContext) -> None:
    leipzig = partnership_id(demo_context, "Leipzig")
    view = make_view(qtbot, RelationshipView(demo_context, partnership_id=leipzig))
    agreement = next(e for e in view.entries if e.kind == "agreement")
    assert view.open_entry(agreement) == ("partnership", leipzig)


def test_filter_by_kind(qtbot: QtBot, demo_context: AppContext) -> None:
    florence, _visit = florence_with_a_visit(demo_context)
    view = make_view(qtbot, RelationshipView(demo_context, partnership_id=florence))
    combo = view.ui.kind_combo
    combo.setCurrentIndex(combo.findData("decision"))
    table = view.ui.timeline_table
    visible = [r for r in range(table.rowCount()) if not table.isRowHidden(r)]
    assert visible
    assert all(view.entries[r].kind == "decision" for r in visible)
    assert view.ui.count_label.text() == f"{len(visible)} مورد".translate(
        str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
    )
    combo.setCurrentIndex(0)
    assert not any(table.isRowHidden(r) for r in range(table.rowCount()))


def test_dormant_partner_and_organization_views(qtbot: QtBot, demo_context: AppContext) -> None:
    kazan = partnership_id(demo_context, "Kazan")
    view = make_view(qtbot, RelationshipView(demo_context, partnership_id=kazan))
    assert view.ui.dormant_label.isVisible()
    organization = partnerships.get_view(demo_context.db, kazan).row.organization_id
    assert organization is not None
    by_org = make_view(qtbot, RelationshipView(demo_context, organization_id=organization))
    name = records.get_row(demo_context.db, Organization, organization).name
    assert by_org.windowTitle() == f"نمای ارتباط — {name}"
    assert [e.entity_id for e in by_org.entries] == [e.entity_id for e in view.entries]
    with pytest.raises(ValueError):
        RelationshipView(demo_context)
