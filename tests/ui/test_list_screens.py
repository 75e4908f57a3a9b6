"""Lists and the dashboard fit their panes: every column of a list in view with its
header readable (the meetings list's «نهایی» was off-screen), no filter that reads a
bare «همه», and dashboard rows on one line, elided with the whole text in a tooltip,
never scrolled sideways."""

from __future__ import annotations

import importlib

import pytest
from PySide6.QtCore import QByteArray, Qt
from PySide6.QtWidgets import QApplication, QComboBox, QHeaderView, QTableView
from pytestqt.qtbot import QtBot

from peyvand.ui.context import AppContext
from peyvand.ui.layout_store import ui_settings
from peyvand.ui.registry import SCREENS
from peyvand.ui.screens.dashboard import DashboardScreen
from peyvand.ui.screens.list_screen import ListScreen

LISTS = [
    (key, path) for key, path in SCREENS if key not in ("dashboard", "conflicts", "calendar")
]
WIDTH = 1030  # what the main window leaves a screen at 1280 pixels


def _screen(qtbot: QtBot, context: AppContext, path: str) -> ListScreen:
    module, name = path.split(":")
    screen = getattr(importlib.import_module(module), name)(context)
    assert isinstance(screen, ListScreen)
    qtbot.addWidget(screen)
    screen.resize(WIDTH, 650)
    screen.show()
    qtbot.waitExposed(screen)
    qtbot.wait(100)  # the columns fit once the view is laid out; scroll bars follow
    return screen


def _out_of_view(view: QTableView) -> list[str]:
    header: QHeaderView = view.horizontalHeader()
    model = view.model()
    width = view.viewport().width()
    problems = []
    for section in range(header.count()):
        text = str(model.headerData(section, Qt.Orientation.Horizontal))
        left = header.sectionViewportPosition(section)
        size = header.sectionSize(section)
        if left < 0 or left + size > width:
            problems.append(f"{text}: off-screen")
        if size < header.fontMetrics().horizontalAdvance(text):
            problems.append(f"{text}: header cut")
    return problems


@pytest.mark.parametrize(("kind", "path"), LISTS, ids=[k for k, _ in LISTS])
def test_every_column_of_every_list_is_in_view(
    qtbot: QtBot, demo_context: AppContext, kind: str, path: str
) -> None:
    screen = _screen(qtbot, demo_context, path)
    view = screen.table_view
    assert _out_of_view(view) == []
    assert view.horizontalScrollBar().maximum() == 0


def test_the_meetings_lists_final_column_shows_its_header(
    qtbot: QtBot, demo_context: AppContext
) -> None:
    # A layout saved by the previous version (columns wider than the view) is not
    # restored: it put «نهایی» off-screen.
    settings = ui_settings()
    settings.setValue("meetings/header", QByteArray(b"old layout"))
    settings.sync()
    screen = _screen(qtbot, demo_context, dict(LISTS)["meetings"])
    view = screen.table_view
    final = next(
        c for c in range(screen.model.columnCount()) if screen.model.column_key(c) == "is_final"
    )
    header = view.horizontalHeader()
    assert screen.model.headerData(final, Qt.Orientation.Horizontal) == "نهایی"
    assert header.sectionViewportPosition(final) >= 0
    assert (
        header.sectionViewportPosition(final) + header.sectionSize(final) <= view.viewport().width()
    )
    # A title cut short is read in full in its tooltip.
    title = next(
        c for c in range(screen.model.columnCount()) if screen.model.column_key(c) == "title"
    )
    index = screen.model.index(0, title)
    assert index.data(Qt.ItemDataRole.ToolTipRole) == index.data()


def test_no_filter_reads_a_bare_all(qtbot: QtBot, demo_context: AppContext) -> None:
    for _kind, path in LISTS:
        screen = _screen(qtbot, demo_context, path)
        for combo in screen.findChildren(QComboBox):
            items = [combo.itemText(i) for i in range(combo.count())]
            assert "همه" not in items, (path, combo.objectName(), items)
    actions = _screen(qtbot, demo_context, dict(LISTS)["actions"])
    scope = actions.ui.scope_combo
    assert scope.currentText() == "همه پیگیری‌ها"
    assert scope.toolTip() and scope.accessibleName()


def test_dashboard_rows_are_elided_in_their_pane_not_scrolled_sideways(
    qtbot: QtBot, demo_context: AppContext
) -> None:
    screen = DashboardScreen(demo_context)
    qtbot.addWidget(screen)
    screen.resize(WIDTH, 700)
    screen.show()
    qtbot.waitExposed(screen)
    QApplication.processEvents()
    long_rows = 0
    for pane in screen._lists():
        assert pane.horizontalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAlwaysOff
        assert pane.horizontalScrollBar().maximum() == 0
        width = pane.viewport().width()
        for row in range(pane.count()):
            item = pane.item(row)
            assert item.toolTip() == item.text()
            rect = pane.visualItemRect(item)
            assert rect.left() >= 0 and rect.right() < width
            assert rect.height() < 2 * pane.fontMetrics().height()  # one line
            long_rows += pane.fontMetrics().horizontalAdvance(item.text()) > width
    assert long_rows > 0  # the demo has rows longer than their pane: they are elided


def test_columns_follow_the_view_until_the_user_resizes_one(
    qtbot: QtBot, demo_context: AppContext
) -> None:
    screen = _screen(qtbot, demo_context, dict(LISTS)["meetings"])
    view = screen.table_view
    screen.resize(800, 650)
    qtbot.wait(100)
    assert _out_of_view(view) == [] and view.horizontalScrollBar().maximum() == 0
    view.horizontalHeader().resizeSection(3, 500)  # the user widens the title
    screen.resize(WIDTH, 650)
    qtbot.wait(100)
    assert view.horizontalHeader().sectionSize(3) == 500
