"""«کارهای من» and «کارهای واحد من» on a single workstation: the person and unit chosen
in Settings; from the View menu and the dashboard's links."""

from __future__ import annotations

import uuid

from pytestqt.qtbot import QtBot

from peyvand.domain import Action
from peyvand.domain.enums import ActionStatus
from peyvand.services import dashboard, lists, records
from peyvand.services.lists import ListQuery
from peyvand.ui.context import AppContext
from peyvand.ui.main_window import MainWindow
from peyvand.ui.screens.actions import ActionsScreen
from peyvand.ui.screens.dashboard import DashboardScreen

OPEN = {ActionStatus.OPEN.value, ActionStatus.IN_PROGRESS.value}


def an_owner_and_unit(context: AppContext) -> tuple[uuid.UUID, uuid.UUID]:
    """A person and a unit that own open follow-ups of the demo, and not all of them."""
    rows = lists.page(context.db, ListQuery("actions"), 0, 200, clock=context.clock)
    owned = [records.get_row(context.db, Action, r.id) for r in rows]
    owned = [a for a in owned if a.status in OPEN]
    person = next(a.owner_person_id for a in owned if a.owner_person_id is not None)
    unit = next(a.unit_id for a in owned if a.unit_id is not None)
    return person, unit


def shown(screen: ActionsScreen) -> list[Action]:
    model = screen.model
    return [records.get_row(screen.context.db, Action, model.row_id(i)) for i in range(model.total)]


def test_my_tasks_and_my_units_tasks_from_the_menu(qtbot: QtBot, demo_context: AppContext) -> None:
    person, unit = an_owner_and_unit(demo_context)
    demo_context.settings.current_person_id = person
    demo_context.settings.current_unit_id = unit
    window = MainWindow(demo_context)
    qtbot.addWidget(window)
    window.my_tasks_action.trigger()
    screen = window.current_screen()
    assert isinstance(screen, ActionsScreen)
    mine = shown(screen)
    assert mine and all(a.owner_person_id == person for a in mine)
    assert all(a.status in OPEN for a in mine)
    assert len(mine) == dashboard.open_followups(demo_context.db, owner_person_id=person)
    everyone = lists.count(demo_context.db, ListQuery("actions"), clock=demo_context.clock)
    assert len(mine) < everyone

    window.unit_tasks_action.trigger()
    units = shown(screen)
    assert units and all(a.unit_id == unit and a.status in OPEN for a in units)
    assert screen.ui.scope_combo.currentText() == "کارهای واحد من"
    window.close()


def test_nobody_chosen_shows_nothing_not_everything(qtbot: QtBot, demo_context: AppContext) -> None:
    window = MainWindow(demo_context)
    qtbot.addWidget(window)
    window.my_tasks_action.trigger()
    screen = window.current_screen()
    assert isinstance(screen, ActionsScreen) and screen.model.total == 0
    window.close()


def test_the_dashboard_links_to_my_tasks(qtbot: QtBot, demo_context: AppContext) -> None:
    person, unit = an_owner_and_unit(demo_context)
    demo_context.settings.current_person_id = person
    demo_context.settings.current_unit_id = unit
    board = DashboardScreen(demo_context)
    qtbot.addWidget(board)
    label = board.ui.my_tasks_label
    assert "href='mine'" in label.text() and "href='unit'" in label.text()
    with qtbot.waitSignal(board.list_requested) as signal:
        label.linkActivated.emit("mine")
    assert signal.args == ["actions", {"scope": "mine", "open": True}]
    demo_context.settings.current_person_id = None
    demo_context.settings.current_unit_id = None
    board.refresh()
    assert label.isHidden()
