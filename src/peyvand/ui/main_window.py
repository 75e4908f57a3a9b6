"""The main window: navigation, menus and hosting of screens — nothing more."""

from __future__ import annotations

import importlib
import logging
import uuid
from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, Qt, QTimer
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import QLineEdit, QListWidgetItem, QMainWindow, QMessageBox, QWidget
from shiboken6 import isValid

from peyvand import __version__
from peyvand.errors import PeyvandError
from peyvand.services import backups
from peyvand.services.backups import BackupInfo
from peyvand.storage.database import Database
from peyvand.ui.context import AppContext
from peyvand.ui.forms.ui_main_window import Ui_MainWindow
from peyvand.ui.layout_store import ui_settings
from peyvand.ui.registry import editor_class
from peyvand.ui.worker import Task, run_in_background, run_with_progress

log = logging.getLogger(__name__)

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
    # The daily automatic backup starts this long after the window is first shown, so
    # that it never competes with the first screen's loading.
    AUTO_BACKUP_DELAY_MS = 3000
    STATUS_MESSAGE_MS = 10_000

    def __init__(self, context: AppContext, *, demo: bool = False) -> None:
        super().__init__()
        self.context = context
        self.auto_backup_task: Task | None = None
        self._auto_backup_timer = QTimer(self)
        self._auto_backup_timer.setSingleShot(True)
        self._auto_backup_timer.timeout.connect(self.start_automatic_backup)
        self._shown_once = False
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
        ui.backup_now_action.triggered.connect(self.backup_now)
        ui.restore_action.triggered.connect(self.show_restore)

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

    # -- backups and restore --------------------------------------------------

    def backup_folder(self) -> Path:
        return backups.backup_folder(self.context.db.path, self.context.settings.backup_dir)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        if not self._shown_once:
            self._shown_once = True
            self._auto_backup_timer.start(self.AUTO_BACKUP_DELAY_MS)

    def start_automatic_backup(self) -> Task | None:
        """The daily backup, in the background: the service decides whether one is due
        (at most one a day) and rotates the folder after it."""
        if self.auto_backup_task is not None:
            return None
        db_path, folder, clock = self.context.db.path, self.backup_folder(), self.context.clock

        def work() -> BackupInfo | None:
            return backups.daily_backup(db_path, folder=folder, clock=clock)

        self.auto_backup_task = run_in_background(
            work, self._automatic_backup_done, self._automatic_backup_failed
        )
        return self.auto_backup_task

    def _automatic_backup_done(self, info: BackupInfo | None) -> None:
        if info is None:
            log.info("automatic backup not due yet")
        else:
            log.info("automatic backup written to %s", info.path)
        if not isValid(self):  # the window went away while the backup ran
            return
        self.auto_backup_task = None
        if info is not None:
            self.ui.status_bar.showMessage(
                self.tr("پشتیبان خودکار روزانه گرفته شد."), self.STATUS_MESSAGE_MS
            )

    def _automatic_backup_failed(self, message: str) -> None:
        log.warning("automatic backup failed: %s", message)
        if not isValid(self):
            return
        self.auto_backup_task = None
        # Not modal: the office keeps working, but must know its data is not backed up.
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            self.tr("پشتیبان خودکار گرفته نشد"),
            self.tr("پشتیبان خودکار روزانه گرفته نشد:\n{message}").format(message=message),
            QMessageBox.StandardButton.Ok,
            self,
        )
        box.setObjectName("auto_backup_failed_box")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.setModal(False)
        box.show()

    def backup_now(self) -> Task:
        """«پشتیبان‌گیری اکنون»: a verified backup into the backup folder, then rotation."""
        db_path, folder, clock = self.context.db.path, self.backup_folder(), self.context.clock

        def work(progress: object) -> BackupInfo:
            return backups.backup_now(db_path, backups.MANUAL, folder=folder, clock=clock)

        return run_with_progress(
            self, self.tr("در حال پشتیبان‌گیری…"), work, self._backup_done, self._backup_failed
        )

    def _backup_done(self, info: BackupInfo) -> None:
        log.info("manual backup written to %s", info.path)
        self.ui.status_bar.showMessage(
            self.tr("پشتیبان گرفته شد: {name}").format(name=f"\u2066{info.path.name}\u2069"),
            self.STATUS_MESSAGE_MS,
        )

    def _backup_failed(self, message: str) -> None:
        QMessageBox.warning(self, self.tr("پشتیبان گرفته نشد"), message)

    def close_editors(self) -> bool:
        """Close every open editor, each asking about its unsaved changes; False when
        one of them stays open."""
        for key, editor in list(self._editors.items()):
            if not editor.close():
                return False
            self._editors.pop(key, None)
        return True

    def show_restore(self) -> QWidget | None:
        """«بازگردانی از پشتیبان…»: editors are closed first (their records may not
        exist in the backup); the dialog does the rest."""
        from peyvand.ui.dialogs.restore_dialog import RestoreDialog

        if not self.close_editors():
            return None
        dialog = RestoreDialog(self.context, self, folder=self.backup_folder())
        dialog.restored.connect(self.reopen_database)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    def reopen_database(self, path: Path) -> None:
        """After a restore: close the database, open it again (which migrates a backup
        from an older version forward) and show the restored data on every screen."""
        self.close_editors()
        self.context.db.close()
        try:
            database = Database.open(Path(path), backup_dir=self.backup_folder())
        except PeyvandError as exc:
            QMessageBox.critical(self, self.tr("پایگاه داده باز نشد"), exc.message("fa"))
            return
        self.context.db = database
        self.ui.status_bar.showMessage(
            self.tr("پایگاه داده از پشتیبان بازگردانده شد."), self.STATUS_MESSAGE_MS
        )
        if self.welcome is not None and not database.is_empty():
            self._leave_welcome()
        else:
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
