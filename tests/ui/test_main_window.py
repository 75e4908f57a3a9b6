from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from peyvand.text import to_persian_digits
from peyvand.ui.context import AppContext
from peyvand.ui.main_window import MainWindow
from peyvand.ui.registry import SCREENS
from peyvand.ui.screens.actions import ActionsScreen
from peyvand.ui.screens.dashboard import DashboardScreen


def test_main_window_is_right_to_left_and_opens_on_the_dashboard(
    qtbot: QtBot, demo_context: AppContext
) -> None:
    window = MainWindow(demo_context)
    qtbot.addWidget(window)
    window.show()
    assert window.isRightToLeft()
    assert isinstance(window.current_screen(), DashboardScreen)
    assert window.ui.nav_list.count() == len(SCREENS)
    assert window.ui.nav_list.item(0).text() == "پیشخوان"


def test_navigation_by_keyboard_shortcut(qtbot: QtBot, demo_context: AppContext) -> None:
    window = MainWindow(demo_context)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=3000)
    qtbot.keyClick(window, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    assert isinstance(window.current_screen(), ActionsScreen)


def test_dashboard_lists_overdue_and_due_soon(qtbot: QtBot, demo_context: AppContext) -> None:
    screen = DashboardScreen(demo_context)
    qtbot.addWidget(screen)
    assert screen.ui.overdue_list.count() > 0
    assert screen.ui.due_soon_list.count() > 0
    assert screen.ui.dormant_list.count() > 0
    # Persian digits on screen.
    assert any(ch in screen.ui.overdue_list.item(0).text() for ch in "۰۱۲۳۴۵۶۷۸۹")


def test_empty_database_opens_on_the_welcome_page_and_loads_sample_data(
    qtbot: QtBot, context: AppContext
) -> None:
    from peyvand.ui.screens.welcome import WelcomePage

    window = MainWindow(context)
    qtbot.addWidget(window)
    window.show()
    page = window.current_screen()
    assert isinstance(page, WelcomePage)
    qtbot.mouseClick(page.ui.load_sample_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: isinstance(window.current_screen(), DashboardScreen), timeout=20000)
    assert not context.db.is_empty()
    dashboard = window.current_screen()
    assert isinstance(dashboard, DashboardScreen)
    assert dashboard.ui.overdue_list.count() > 0


def test_search_on_a_large_list_runs_off_the_gui_thread(
    qtbot: QtBot, demo_context: AppContext, monkeypatch: object
) -> None:
    import pytest

    from peyvand.ui.models import list_model

    assert isinstance(monkeypatch, pytest.MonkeyPatch)
    monkeypatch.setattr(list_model, "ASYNC_SEARCH_ROWS", 0)  # treat the demo as large
    screen = ActionsScreen(demo_context)
    qtbot.addWidget(screen)
    before = screen.model.total
    with qtbot.waitSignal(screen.model.loading_changed, timeout=5000):
        screen.search_edit.setText("هیئت")
        screen.apply()
    assert screen.count_label.text() == "در حال جست‌وجو…"
    qtbot.waitUntil(lambda: not screen.model.loading, timeout=15000)
    assert 0 < screen.model.total < before
    assert "مورد" in screen.count_label.text()


def test_application_speaks_persian_with_the_bundled_font(app: object) -> None:
    from PySide6.QtCore import QLocale
    from PySide6.QtWidgets import QApplication, QDialogButtonBox

    assert isinstance(app, QApplication)
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    texts = {b.text() for b in buttons.buttons()}
    assert texts == {"تأیید", "انصراف"}  # Qt's own Persian translation (qtbase_fa)
    assert app.font().family() == "Vazirmatn"
    assert app.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert QLocale().language() == QLocale.Language.Persian
    assert not app.windowIcon().isNull()


def test_window_geometry_and_columns_are_remembered(
    qtbot: QtBot, demo_context: AppContext
) -> None:
    window = MainWindow(demo_context)
    qtbot.addWidget(window)
    window.resize(800, 541)
    window.show()
    qtbot.waitExposed(window)
    size = (window.width(), window.height())
    assert size[1] == 541
    screen = window.show_screen("actions")
    assert isinstance(screen, ActionsScreen)
    screen.table_view.horizontalHeader().resizeSection(1, 345)
    window.close()  # saves the layout
    again = MainWindow(demo_context)
    qtbot.addWidget(again)
    # The offscreen screen is 800 px wide; the platform may trim a frame's worth.
    assert again.height() == size[1] and abs(again.width() - size[0]) <= 4
    reopened = again.show_screen("actions")
    assert isinstance(reopened, ActionsScreen)
    assert reopened.table_view.horizontalHeader().sectionSize(1) == 345


def test_unexpected_error_is_logged_and_shown_in_persian(
    app: object, monkeypatch: object, tmp_path: object
) -> None:
    import logging

    import pytest
    from PySide6.QtWidgets import QMessageBox

    from peyvand import app as app_module
    from peyvand.paths import log_dir

    assert isinstance(monkeypatch, pytest.MonkeyPatch)
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda self: shown.append(self.text()) or 0)
    log_path = app_module.setup_logging()
    try:
        raise ValueError("boom")
    except ValueError as exc:
        app_module._excepthook(ValueError, exc, exc.__traceback__)
    for handler in logging.getLogger().handlers:
        handler.flush()
    assert log_path.parent == log_dir()
    assert "ValueError: boom" in log_path.read_text(encoding="utf-8")
    assert shown and "خطایی پیش‌بینی‌نشده" in shown[0] and str(log_path) in shown[0]


def test_a_large_lists_search_shows_its_first_rows_before_the_rest(
    qtbot: QtBot, demo_context: AppContext, monkeypatch: object
) -> None:
    """The first rows come from walking the list (lists.first_matches); the full search
    follows for the total and the scrolling, and keeps what is on screen."""
    import threading

    import pytest
    from PySide6.QtCore import QItemSelectionModel

    from peyvand.services import lists
    from peyvand.ui.models import list_model

    assert isinstance(monkeypatch, pytest.MonkeyPatch)
    monkeypatch.setattr(list_model, "ASYNC_SEARCH_ROWS", 0)  # treat the demo as large
    monkeypatch.setattr(list_model, "FIRST_ROWS", 3)
    full_search = threading.Event()  # the full search waits until the first rows are seen
    ordered_ids = lists.ordered_ids

    def held(*args: object, **kwargs: object) -> object:
        full_search.wait(10)
        return ordered_ids(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(lists, "ordered_ids", held)
    screen = ActionsScreen(demo_context)
    qtbot.addWidget(screen)
    screen.search_edit.setText("پ")
    screen.apply()
    qtbot.waitUntil(lambda: screen.model.partial, timeout=10000)
    model = screen.model
    # The screen's own query: its search, its filters and its order.
    expected = ordered_ids(demo_context.db, model.query, clock=demo_context.clock)
    assert model.query.search == "پ" and len(expected) > 3
    assert [model.row_id(r) for r in range(model.rowCount())] == expected[:3]
    assert screen.count_label.text() == "۳ مورد نخست؛ در حال جست‌وجوی بقیه…"
    assert not model.canFetchMore()
    # The user picks one of the first rows meanwhile (through the selection model: the
    # view's selectRow() selects nothing in a screen that was never laid out).
    selection = screen.table_view.selectionModel()
    selection.select(
        model.index(1, 0),
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
    )
    assert [i.row() for i in selection.selectedRows()] == [1]
    full_search.set()
    qtbot.waitUntil(lambda: not model.loading, timeout=15000)
    assert not model.partial
    assert model.total == len(expected)
    assert [model.row_id(r) for r in range(model.rowCount())] == expected[: model.rowCount()]
    assert [i.row() for i in selection.selectedRows()] == [1]  # kept
    assert screen.count_label.text() == f"{to_persian_digits(len(expected))} مورد"


def test_ctrl_and_a_digit_opens_a_list_ready_to_type_into(
    qtbot: QtBot, demo_context: AppContext
) -> None:
    """Found in a real window: after Ctrl+4 the keyboard stayed in the navigation and
    what was typed next went nowhere. The list's search field takes it now."""
    from PySide6.QtGui import QKeySequence, QShortcut
    from PySide6.QtWidgets import QApplication

    window = MainWindow(demo_context)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    window.ui.nav_list.setFocus()
    # The offscreen platform delivers no shortcut events: the shortcut itself is fired.
    ctrl_4 = QKeySequence("Ctrl+4")
    next(s for s in window.findChildren(QShortcut) if s.key() == ctrl_4).activated.emit()
    screen = window.current_screen()
    assert isinstance(screen, ActionsScreen)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is screen.search_edit, timeout=3000)
    qtbot.keyClicks(QApplication.focusWidget(), "1405")  # QTest types Latin keys only
    assert screen.search_edit.text() == "1405"
    # Arrow keys in the navigation still move through it without leaving it.
    window.ui.nav_list.setFocus()
    qtbot.keyClick(window.ui.nav_list, Qt.Key.Key_Down)
    assert QApplication.focusWidget() is window.ui.nav_list
