"""The main window: navigation, menus and hosting of screens — nothing more."""

from __future__ import annotations

import importlib
import uuid
from typing import Any

from PySide6.QtCore import QByteArray, Qt
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QLineEdit, QListWidgetItem, QMainWindow, QMessageBox, QWidget

from peyvand import __version__
from peyvand.ui.context import AppContext
from peyvand.ui.forms.ui_main_window import Ui_MainWindow
from peyvand.ui.layout_store import ui_settings
from peyvand.ui.registry import editor_class

# key, module:Class — screens are built the first time they are shown.
SCREENS: tuple[tuple[str, str], ...] = (
    ("dashboard", "peyvand.ui.screens.dashboard:DashboardScreen"),
    ("visits", "peyvand.ui.screens.visits:VisitsScreen"),
    ("meetings", "peyvand.ui.screens.meetings:MeetingsScreen"),
    ("actions", "peyvand.ui.screens.actions:ActionsScreen"),
    ("people", "peyvand.ui.screens.people:PeopleScreen"),
    ("organizations", "peyvand.ui.screens.organizations:OrganizationsScreen"),
    ("partnerships", "peyvand.ui.screens.partnerships:PartnershipsScreen"),
)


class MainWindow(QMainWindow):
    def __init__(self, context: AppContext, *, demo: bool = False) -> None:
        super().__init__()
        self.context = context
        self.ui = Ui_MainWindow()
        self.ui.setupUi(self)
        self._screens: dict[str, QWidget] = {}
        self._editors: dict[tuple[str, uuid.UUID | None], Any] = {}
        title = self.tr("پیوند")
        if demo:
            title = self.tr("پیوند — داده نمونه")
        self.setWindowTitle(title)
        self._build_navigation()
        self._build_search()
        self._connect_actions()
        # An isolate keeps the path left-to-right inside the right-to-left status bar.
        self.ui.status_bar.showMessage(f"\u2066{context.db.path}\u2069")
        self._restore_layout()
        self.welcome: QWidget | None = None
        if context.db.is_empty():
            self.show_welcome()
        else:
            self.show_screen("dashboard")

    # -- navigation -----------------------------------------------------------

    def _titles(self) -> dict[str, str]:
        return {
            "dashboard": self.tr("پیشخوان"),
            "visits": self.tr("هیئت‌ها"),
            "meetings": self.tr("جلسات"),
            "actions": self.tr("پیگیری‌ها"),
            "people": self.tr("اشخاص"),
            "organizations": self.tr("سازمان‌ها"),
            "partnerships": self.tr("خواهرخواندگی و همکاری"),
        }

    def _build_navigation(self) -> None:
        titles = self._titles()
        for number, (key, _path) in enumerate(SCREENS, start=1):
            item = QListWidgetItem(titles[key])
            item.setData(Qt.ItemDataRole.UserRole, key)
            item.setToolTip(f"Ctrl+{number}")
            self.ui.nav_list.addItem(item)
            shortcut = QShortcut(QKeySequence(f"Ctrl+{number}"), self)
            shortcut.activated.connect(lambda k=key: self.show_screen(k))
        self.ui.nav_list.currentItemChanged.connect(self._on_nav)

    def _on_nav(self, current: QListWidgetItem | None, _previous: object) -> None:
        if current is not None:
            self.show_screen(str(current.data(Qt.ItemDataRole.UserRole)))

    def screen_widget(self, key: str) -> QWidget:
        if key not in self._screens:
            path = dict(SCREENS)[key]
            module_name, _, class_name = path.partition(":")
            cls = getattr(importlib.import_module(module_name), class_name)
            widget = cls(self.context, self)
            assert isinstance(widget, QWidget)
            if hasattr(widget, "open_requested"):
                widget.open_requested.connect(self.open_record)
            if hasattr(widget, "new_requested"):
                widget.new_requested.connect(lambda entity: self.open_record(entity, None))
            self._screens[key] = widget
            self.ui.screen_stack.addWidget(widget)
        screen: QWidget = self._screens[key]
        return screen

    def show_screen(self, key: str) -> QWidget:
        widget = self.screen_widget(key)
        self.ui.screen_stack.setCurrentWidget(widget)
        row = [k for k, _p in SCREENS].index(key)
        if self.ui.nav_list.currentRow() != row:
            self.ui.nav_list.setCurrentRow(row)
        return widget

    def current_screen(self) -> QWidget:
        # self.ui comes from generated code, which mypy does not follow.
        current: QWidget = self.ui.screen_stack.currentWidget()
        return current

    def show_welcome(self) -> QWidget:
        """An empty database opens on a welcome page that offers the sample data."""
        from peyvand.ui.screens.welcome import WelcomePage

        page = WelcomePage(self.context, self)
        page.demo_requested.connect(page.load_sample)
        page.sample_loaded.connect(self._leave_welcome)
        page.dismissed.connect(self._leave_welcome)
        page.import_requested.connect(self.show_import)
        self.welcome = page
        # Until the user chooses how to start, the (empty) screens are not offered.
        self.ui.nav_list.setEnabled(False)
        self.ui.screen_stack.addWidget(page)
        self.ui.screen_stack.setCurrentWidget(page)
        return page

    def _leave_welcome(self) -> None:
        if self.welcome is not None:
            self.ui.screen_stack.removeWidget(self.welcome)
            self.welcome.deleteLater()
            self.welcome = None
        self.ui.nav_list.setEnabled(True)
        self.refresh()
        self.show_screen("dashboard")

    # -- search ---------------------------------------------------------------

    def _build_search(self) -> None:
        from peyvand.ui.widgets.search_box import SearchBox

        self.search_box = SearchBox(self.context, self)
        self.search_box.setObjectName("global_search_edit")
        self.ui.main_toolbar.addSeparator()
        self.ui.main_toolbar.addWidget(self.search_box)
        self.search_box.open_requested.connect(self.open_record)

    def focus_search(self) -> QLineEdit:
        self.search_box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_box.selectAll()
        return self.search_box

    # -- records --------------------------------------------------------------

    def open_record(self, entity: str, record_id: uuid.UUID | None) -> Any:
        """Open (or bring forward) the editor of one record; None means a new one."""
        key = (entity, record_id)
        existing = self._editors.get(key)
        if existing is not None and record_id is not None:
            existing.raise_()
            existing.activateWindow()
            return existing
        editor = editor_class(entity)(self.context, record_id, self)
        editor.saved.connect(lambda _id: self.refresh())
        if hasattr(editor, "open_requested"):
            # An editor can point at another record (an action's source meeting).
            editor.open_requested.connect(self.open_record)
        editor.finished.connect(lambda _code, k=key: self._editors.pop(k, None))
        editor.start()
        self._editors[key] = editor
        editor.show()
        return editor

    def refresh(self) -> None:
        for widget in self._screens.values():
            refresh = getattr(widget, "refresh", None)
            if callable(refresh):
                refresh()

    # -- menus ----------------------------------------------------------------

    def _connect_actions(self) -> None:
        ui = self.ui
        ui.quit_action.triggered.connect(self.close)
        ui.search_action.triggered.connect(self.focus_search)
        ui.refresh_action.triggered.connect(self.refresh)
        ui.about_action.triggered.connect(self.show_about)
        for action, entity in (
            (ui.new_meeting_action, "meeting"),
            (ui.new_visit_action, "visit"),
            (ui.new_action_action, "action"),
            (ui.new_person_action, "person"),
            (ui.new_organization_action, "organization"),
            (ui.new_partnership_action, "partnership"),
        ):
            action.triggered.connect(lambda _c=False, e=entity: self.open_record(e, None))
        ui.settings_action.triggered.connect(self.show_settings)
        ui.import_people_action.triggered.connect(self.show_import)

    def show_about(self) -> None:
        QMessageBox.about(
            self,
            self.tr("درباره پیوند"),
            self.tr("پیوند {version}\nحافظه و چاپخانه اداره کل ارتباطات و امور بین‌الملل").format(
                version=__version__
            ),
        )

    def show_settings(self) -> None:
        from peyvand.ui.dialogs.settings_dialog import SettingsDialog

        dialog = SettingsDialog(self.context, self)
        if dialog.exec():
            self.refresh()

    def show_import(self) -> None:
        from peyvand.ui.dialogs.import_people_dialog import ImportPeopleDialog

        dialog = ImportPeopleDialog(self.context, self)
        if dialog.exec():
            self.refresh()

    # -- layout persistence ---------------------------------------------------

    def _restore_layout(self) -> None:
        settings = ui_settings()
        geometry = settings.value("main/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        state = settings.value("main/state")
        if isinstance(state, QByteArray):
            self.restoreState(state)

    def save_layout(self) -> None:
        settings = ui_settings()
        settings.setValue("main/geometry", self.saveGeometry())
        settings.setValue("main/state", self.saveState())
        for widget in self._screens.values():
            save = getattr(widget, "save_layout", None)
            if callable(save):
                save(settings)
        settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        for editor in list(self._editors.values()):
            if not editor.close():
                event.ignore()
                return
        self.save_layout()
        event.accept()
