"""The main window: navigation, menus and hosting of screens — nothing more.

On a trip package (``context.trip_mode``) it says so in its title, a banner and the
status bar; restoring a backup and making or importing trip packages are office work
and are disabled there.
"""

from __future__ import annotations

import logging
import uuid
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QByteArray, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QLineEdit,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QMessageBox,
    QWidget,
)
from shiboken6 import isValid

from peyvand import __version__
from peyvand.errors import PeyvandError
from peyvand.services import conflict_count
from peyvand.storage.database import Database
from peyvand.text import format_jalali_long, to_persian_digits
from peyvand.ui.context import AppContext
from peyvand.ui.formatting import short_number
from peyvand.ui.forms.ui_main_window import Ui_MainWindow
from peyvand.ui.layout_store import ui_settings
from peyvand.ui.permissions import Act, gate, roles_text
from peyvand.ui.registry import SCREENS, build_screen, open_editor
from peyvand.ui.worker import Task, run_in_background, run_with_progress

if TYPE_CHECKING:
    from peyvand.services.backups import BackupInfo

log = logging.getLogger(__name__)


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
        self.trip = context.trip_mode
        title = self.tr("پیوند")
        if demo:
            title = self.tr("پیوند — داده نمونه")
        self.setWindowTitle(title)
        self._build_navigation()
        self._build_search()
        self._connect_actions()
        self._build_year_menu()
        self._build_account_menu()
        self._build_status()
        # Before trip and read-only modes: they turn off more, with their own reasons.
        self.apply_permissions()
        if self.trip:
            self._enter_trip_mode()
        else:
            self.ui.trip_banner.hide()
        self.read_only_banner: QLabel | None = None
        if context.read_only:
            self._enter_read_only_mode()
        # An isolate keeps the path left-to-right inside the right-to-left status bar.
        if not context.db.is_server:  # office mode names its server in Persian (office_mode)
            self.ui.status_bar.showMessage(f"\u2066{context.db.label}\u2069")
        from peyvand.ui.office_mode import attach as attach_office

        # Office mode (the server): others' saves, a server that goes away.
        self.office = attach_office(self)
        self.update_conflict_count()
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
            "conflicts": self.tr("ناسازگاری‌ها"),
            "calendar": self.tr("تقویم"),
            "letters": self.tr("دبیرخانه"),
        }

    def _build_navigation(self) -> None:
        titles = self._titles()
        for number, (key, _path) in enumerate(SCREENS, start=1):
            item = QListWidgetItem(titles[key])
            item.setData(Qt.ItemDataRole.UserRole, key)
            self.ui.nav_list.addItem(item)
            if number > 10:
                continue
            # Ctrl+1 … Ctrl+9, then Ctrl+0 for the tenth, as the digit row goes.
            keys = f"Ctrl+{number % 10}"
            item.setToolTip(keys)
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.activated.connect(lambda k=key: self.go_to_screen(k))
        self.ui.nav_list.currentItemChanged.connect(self._on_nav)

    def _on_nav(self, current: QListWidgetItem | None, _previous: object) -> None:
        if current is not None:
            self.show_screen(str(current.data(Qt.ItemDataRole.UserRole)))

    def screen_widget(self, key: str) -> QWidget:
        if key not in self._screens:
            widget = build_screen(self.context, key, self)
            if hasattr(widget, "open_requested"):
                widget.open_requested.connect(self.open_record)
            if hasattr(widget, "new_requested"):
                widget.new_requested.connect(lambda entity: self.open_record(entity, None))
            if hasattr(widget, "trip_export_requested"):
                widget.trip_export_requested.connect(self.show_trip_export)
            if hasattr(widget, "list_requested"):
                widget.list_requested.connect(self.show_filtered_list)
            if hasattr(widget, "news_requested"):
                widget.news_requested.connect(self.show_news_draft)
            if hasattr(widget, "ics_requested"):
                widget.ics_requested.connect(self.export_calendar)
            if hasattr(widget, "resolved"):
                # A resolved conflict changed a record: every list may show it.
                widget.resolved.connect(self.refresh)
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

    def go_to_screen(self, key: str) -> QWidget:
        """Ctrl+1 … Ctrl+0: the screen, with the keyboard in its search field, so that
        typing filters the list at once (found in a real window: the focus stayed in
        the navigation, and what was typed went nowhere)."""
        widget = self.show_screen(key)
        edit = getattr(widget, "search_edit", None)
        if isinstance(edit, QLineEdit):
            edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
            edit.selectAll()
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
        editor = open_editor(self.context, entity, record_id, self)
        editor.saved.connect(lambda _id: self.refresh())
        if hasattr(editor, "open_requested"):
            # An editor can point at another record (an action's source meeting).
            editor.open_requested.connect(self.open_record)
        editor.finished.connect(lambda _code, k=key: self._editors.pop(k, None))
        if self.office is not None:
            self.office.watch_editor(editor)
        self._editors[key] = editor
        editor.show()
        return editor

    def open_editors(self) -> list[Any]:
        return list(self._editors.values())

    def refresh(self) -> None:
        for widget in self._screens.values():
            refresh = getattr(widget, "refresh", None)
            if callable(refresh):
                refresh()
        self.update_conflict_count()

    # -- trip mode, conflicts -------------------------------------------------

    def _build_status(self) -> None:
        self.trip_status_label = QLabel(self.tr("حالت سفر — بسته رمزگذاری‌شده"), self)
        self.trip_status_label.setObjectName("trip_status_label")
        self.trip_status_label.setStyleSheet(
            "background: #fef3c7; color: #78350f; padding: 1px 8px; font-weight: bold;"
        )
        self.trip_status_label.setVisible(self.trip)
        self.ui.status_bar.addPermanentWidget(self.trip_status_label)
        self.conflicts_status_label = QLabel(self)
        self.conflicts_status_label.setObjectName("conflicts_status_label")
        self.conflicts_status_label.linkActivated.connect(lambda _l: self.show_screen("conflicts"))
        self.conflicts_status_label.hide()
        self.ui.status_bar.addPermanentWidget(self.conflicts_status_label)
        self.account_status_label = QLabel(self)
        self.account_status_label.setObjectName("account_status_label")
        self.account_status_label.linkActivated.connect(lambda _l: self.show_settings())
        self.ui.status_bar.addPermanentWidget(self.account_status_label)
        self.update_account_status()

    def update_account_status(self) -> str:
        """Who is signed in, in the status bar: in office mode the login's name and
        roles; on a workstation the person linked in Settings, or the operating
        system's user with a link to Settings to choose one."""
        from peyvand.services.accounts import person_name

        account = self.context.account
        label = self.account_status_label
        if account.enforced:
            text = self.tr("{name} — {roles}").format(
                name=f"\u2068{account.name}\u2069", roles=roles_text(account.roles)
            )
            label.setText(text)
            label.setToolTip(self.tr("نام کاربری: {login}").format(login=account.login))
            return text
        person_id = self.context.my_person_id
        name = ""
        if person_id is not None:
            try:
                name = person_name(self.context.db, person_id)
            except PeyvandError:
                name = ""
        if name:
            text = name
            label.setText(text)
        else:
            user = f"\u2066{account.login}\u2069"
            text = self.tr("کاربر: {user} — <a href='settings'>شخص خود را در تنظیمات برگزینید</a>")
            text = text.format(user=user)
            label.setText(text)
        label.setToolTip(
            self.tr(
                "روی این رایانه نقش‌ها اعمال نمی‌شوند؛ نام شخصی که در تنظیمات برگزیده‌اید "
                "در تاریخچهٔ تغییرها ثبت می‌شود."
            )
        )
        return text

    def apply_permissions(self) -> None:
        """Menu entries the signed-in account may not use: disabled, the reason in
        their tooltip (ui/permissions.py holds the rules)."""
        ui, account = self.ui, self.context.account
        for action in (
            ui.new_meeting_action,
            ui.new_visit_action,
            ui.new_action_action,
            ui.new_person_action,
            ui.new_organization_action,
            ui.new_partnership_action,
        ):
            gate(action, account, Act.CREATE)
        gate(ui.import_people_action, account, Act.IMPORT)
        gate(ui.trip_import_action, account, Act.IMPORT)
        gate(ui.trip_export_action, account, Act.EXPORT_TRIP)
        # A restore replaces everyone's records: the administrator's decision.
        gate(ui.restore_action, account, Act.UPGRADE)
        # Accounts exist only on the office server; the entry shows to administrators.
        office = self.context.db.is_server and account.enforced
        may_manage = gate(self.users_action, account, Act.MANAGE_ACCOUNTS)
        self.users_action.setVisible(office and may_manage)

    def _enter_trip_mode(self) -> None:
        """Say «حالت سفر» everywhere it shows, and turn off what belongs to the office."""
        from peyvand.services.trips import package_info

        ui = self.ui
        info = package_info(self.context.db)
        name = f"\u2066{self.context.db.path.name}\u2069"
        if info is not None:
            visit = short_number(self.tr("هیئت"), info.visit_number)
            self.setWindowTitle(
                self.tr("پیوند — حالت سفر — {visit} — {name}").format(visit=visit, name=name)
            )
            banner = self.tr(
                "حالت سفر: این پنجره روی بسته رمزگذاری‌شده {visit} کار می‌کند که "
                "{day} از دفتر گرفته شده است. همه تغییرها و پیش‌نویس‌ها درون همین بسته "
                "ذخیره می‌شوند. ذخیره PDF، خروجی اکسل و باز کردن پیوست‌ها پرونده‌ای "
                "رمزگذاری‌نشده بیرون از بسته می‌سازند و پیش از آن پرسیده می‌شود."
            ).format(visit=visit, day=format_jalali_long(info.exported_at.date(), weekday=False))
        else:
            self.setWindowTitle(self.tr("پیوند — حالت سفر — {name}").format(name=name))
            banner = self.tr(
                "حالت سفر: این پنجره روی بسته رمزگذاری‌شده {name} کار می‌کند. همه تغییرها و "
                "پیش‌نویس‌ها درون همین بسته ذخیره می‌شوند."
            ).format(name=name)
        ui.trip_banner.setText(banner)
        ui.trip_banner.show()
        office_only = self.tr("در حالت سفر در دسترس نیست: این کار در رایانه دفتر انجام می‌شود.")
        for action in (ui.trip_export_action, ui.trip_import_action, ui.conflicts_action):
            action.setEnabled(False)
            action.setToolTip(office_only)
        ui.restore_action.setEnabled(False)
        ui.restore_action.setToolTip(
            self.tr(
                "در حالت سفر بازگردانی از پشتیبان انجام نمی‌شود: پشتیبان‌های بسته سفر "
                "رونوشت‌های رمزگذاری‌شده‌اند و با همان گذرواژه باز می‌شوند."
            )
        )
        # Conflicts arise when a package comes back to the office, never inside one.
        row = [k for k, _p in SCREENS].index("conflicts")
        ui.nav_list.item(row).setHidden(True)

    def _enter_read_only_mode(self) -> None:
        """A database on a read-only medium: «فقط خواندنی» in the title, a banner and
        the status bar; what can only write is turned off (saving elsewhere says why)."""
        ui = self.ui
        self.setWindowTitle(self.tr("{title} — فقط خواندنی").format(title=self.windowTitle()))
        banner = QLabel(
            self.tr(
                "فقط خواندنی: این پایگاه داده روی دیسک یا پوشه‌ای است که نمی‌توان در آن "
                "نوشت (مثلاً لوح فشرده یا حافظه قفل‌شده). می‌توانید بخوانید، جست‌وجو کنید "
                "و چاپ بگیرید، اما هیچ تغییری ذخیره نمی‌شود."
            ),
            self,
        )
        banner.setObjectName("read_only_banner")
        banner.setWordWrap(True)
        banner.setStyleSheet(
            "background: #e0e7ff; color: #1e3a8a; padding: 6px 12px;"
            " border-bottom: 1px solid #6366f1; font-weight: bold;"
        )
        ui.central_layout.insertWidget(0, banner)
        self.read_only_banner = banner
        status = QLabel(self.tr("فقط خواندنی"), self)
        status.setObjectName("read_only_status_label")
        status.setStyleSheet(
            "background: #e0e7ff; color: #1e3a8a; padding: 1px 8px; font-weight: bold;"
        )
        ui.status_bar.addPermanentWidget(status)
        refused = self.tr("این پایگاه داده فقط خواندنی است.")
        for action in (
            ui.new_meeting_action,
            ui.new_visit_action,
            ui.new_action_action,
            ui.new_person_action,
            ui.new_organization_action,
            ui.new_partnership_action,
            ui.import_people_action,
            ui.restore_action,
            ui.trip_export_action,
            ui.trip_import_action,
        ):
            action.setEnabled(False)
            action.setToolTip(refused)

    def update_conflict_count(self) -> int:
        """Open conflicts: a badge on «ناسازگاری‌ها» and a link in the status bar."""
        count = 0 if self.trip else conflict_count.open_count(self.context.db)
        row = [k for k, _p in SCREENS].index("conflicts")
        title = self._titles()["conflicts"]
        item = self.ui.nav_list.item(row)
        if count:
            item.setText(f"{title} ({to_persian_digits(count)})")
            self.conflicts_status_label.setText(
                "<a href='conflicts'>{}</a>".format(
                    self.tr("{n} ناسازگاری باز").format(n=to_persian_digits(count))
                )
            )
        else:
            item.setText(title)
        self.conflicts_status_label.setVisible(bool(count))
        return count

    def show_trip_export(self, visit_id: uuid.UUID | None = None) -> QWidget | None:
        """«بستهٔ سفر…»: a visit into an encrypted package for the laptop."""
        from peyvand.ui.dialogs.trip_export_dialog import TripExportDialog

        if self.trip:
            return None
        dialog = TripExportDialog(self.context, self, visit_id=visit_id)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    def show_trip_import(self) -> QWidget | None:
        """«ورود بستهٔ سفر…»: summary first, then the merge; conflicts are offered after."""
        from peyvand.ui.dialogs.trip_import_dialog import TripImportDialog

        if self.trip:
            return None
        folder = self.backup_folder() if self.context.db.has_local_backups else None
        dialog = TripImportDialog(self.context, self, backup_folder=folder)
        dialog.imported.connect(self.refresh)
        dialog.conflicts_requested.connect(lambda: self.show_screen("conflicts"))
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    # -- menus ----------------------------------------------------------------

    def _connect_actions(self) -> None:
        ui = self.ui
        ui.quit_action.triggered.connect(self.close)
        ui.search_action.triggered.connect(self.focus_search)
        ui.refresh_action.triggered.connect(self.refresh)
        ui.about_action.triggered.connect(self.show_about)
        ui.user_guide_action.triggered.connect(lambda _c=False: self.show_user_guide())
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
        ui.trip_export_action.triggered.connect(lambda _c=False: self.show_trip_export())
        ui.trip_import_action.triggered.connect(self.show_trip_import)
        ui.conflicts_action.triggered.connect(lambda _c=False: self.show_screen("conflicts"))

    # -- the year: calendar export, activity report, news draft (issue 15) -------------

    def _build_year_menu(self) -> None:
        """«تقویم و گزارش‌ها», before «راهنما». Built here rather than in
        main_window.ui so that it merges apart from other menus' changes."""
        menu = QMenu(self.tr("تقویم و گزارش‌ها"), self)
        menu.setObjectName("year_menu")
        self.ui.menu_bar.insertMenu(self.ui.help_menu.menuAction(), menu)
        calendar = menu.addAction(self.tr("تقویم"))
        calendar.setShortcut(QKeySequence("Ctrl+9"))
        calendar.setShortcutVisibleInContextMenu(True)
        calendar.triggered.connect(lambda _c=False: self.show_screen("calendar"))
        # Ctrl+9 is the navigation's shortcut already; the menu only shows it.
        calendar.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.calendar_export_action = menu.addAction(self.tr("خروجی تقویم برای Outlook (.ics)…"))
        self.calendar_export_action.setObjectName("calendar_export_action")
        self.calendar_export_action.triggered.connect(lambda _c=False: self.export_calendar())
        menu.addSeparator()
        self.activity_report_action = menu.addAction(self.tr("گزارش فعالیت…"))
        self.activity_report_action.setObjectName("activity_report_action")
        self.activity_report_action.triggered.connect(lambda _c=False: self.show_activity_report())
        self.activity_excel_action = menu.addAction(self.tr("ارقام گزارش فعالیت در اکسل…"))
        self.activity_excel_action.setObjectName("activity_excel_action")
        self.activity_excel_action.triggered.connect(lambda _c=False: self.export_activity_excel())
        menu.addSeparator()
        self.news_draft_action = menu.addAction(self.tr("پیش‌نویس خبر از جلسه…"))
        self.news_draft_action.setObjectName("news_draft_action")
        self.news_draft_action.triggered.connect(lambda _c=False: self.show_news_draft())
        self.year_menu = menu

    # -- the account: my tasks, users and roles (issue 13) ----------------------------

    def _build_account_menu(self) -> None:
        """«کارهای من» and «کارهای واحد من» in «نما»; «کاربران و نقش‌ها…» in «پرونده»
        for administrators in office mode. Built here, like the year menu, so that it
        merges apart from the form's other changes."""
        ui = self.ui
        first = ui.view_menu.actions()[0] if ui.view_menu.actions() else None
        self.my_tasks_action = QAction(self.tr("کارهای من"), self)
        self.my_tasks_action.setObjectName("my_tasks_action")
        self.my_tasks_action.setShortcut(QKeySequence("Ctrl+Shift+K"))
        self.my_tasks_action.triggered.connect(lambda _c=False: self.show_my_tasks("mine"))
        self.unit_tasks_action = QAction(self.tr("کارهای واحد من"), self)
        self.unit_tasks_action.setObjectName("unit_tasks_action")
        self.unit_tasks_action.setShortcut(QKeySequence("Ctrl+Shift+U"))
        self.unit_tasks_action.triggered.connect(lambda _c=False: self.show_my_tasks("unit"))
        ui.view_menu.insertActions(first, [self.my_tasks_action, self.unit_tasks_action])
        ui.view_menu.insertSeparator(first)
        self.users_action = QAction(self.tr("کاربران و نقش‌ها…"), self)
        self.users_action.setObjectName("users_action")
        self.users_action.triggered.connect(lambda _c=False: self.show_users())
        file_actions = ui.file_menu.actions()
        after = file_actions.index(ui.settings_action) + 1
        before = file_actions[after] if after < len(file_actions) else None
        ui.file_menu.insertAction(before, self.users_action)

    def show_my_tasks(self, scope: str) -> QWidget:
        """The follow-ups list filtered to the signed-in person («mine») or their
        unit («unit»), open and in progress."""
        return self.show_filtered_list("actions", {"scope": scope, "open": True})

    def show_users(self) -> QWidget | None:
        """«کاربران و نقش‌ها»: administrators only, office mode only."""
        from peyvand.ui.dialogs.users_dialog import UsersDialog

        if not self.users_action.isEnabled() or not self.users_action.isVisible():
            return None
        dialog = UsersDialog(self.context, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def show_filtered_list(self, key: str, filters: object) -> QWidget:
        """A dashboard chart's bar: the list screen with the bar's filters."""
        widget = self.show_screen(key)
        show = getattr(widget, "show_filtered", None)
        if callable(show):
            show(filters)
        return widget

    def _ask_period(self, title: str, intro: str, *, classified: bool = False,
                    start: object = None, end: object = None) -> Any:  # fmt: skip
        from peyvand.services.clock import today
        from peyvand.ui.dialogs.period_dialog import PeriodDialog

        dialog = PeriodDialog(
            self, title=title, intro=intro, today=today(self.context.clock),
            start=start, end=end, classified_choice=classified,  # type: ignore[arg-type]
        )  # fmt: skip
        dialog.setObjectName("period_dialog")
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog

    def export_calendar(self, start: object = None, end: object = None) -> Path | None:
        """«خروجی تقویم برای Outlook»: a period, then where; the .ics is written with
        stable UIDs, so importing a newer file updates Outlook's events."""
        from peyvand.services import ics_export
        from peyvand.text import format_jalali_date
        from peyvand.ui.file_dialogs import ask_save_path, file_name
        from peyvand.ui.trip_guard import confirm_plain_copy

        dialog = self._ask_period(
            self.tr("خروجی تقویم برای Outlook"),
            self.tr(
                "هیئت‌ها، جلسات، برنامهٔ هیئت‌ها و مهلت پیگیری‌های این بازه در پرونده‌ای "
                "iCalendar (.ics) نوشته می‌شوند. ورود دوبارهٔ پرونده‌ای تازه‌تر در Outlook، "
                "همان رویدادها را به‌روز می‌کند و تکراری نمی‌سازد."
            ),
            classified=True, start=start, end=end,
        )  # fmt: skip
        if dialog is None:
            return None
        first, last = dialog.period()
        if not confirm_plain_copy(self, self.trip, self.tr("پرونده تقویم")):
            return None
        name = file_name(
            self.tr("تقویم"),
            f"{format_jalali_date(first, persian_digits=False)} "
            f"{format_jalali_date(last, persian_digits=False)}".replace("/", "-"),
            ".ics",
        )
        path = ask_save_path(self, self.tr("خروجی تقویم"), name, self.tr("iCalendar (*.ics)"))
        if path is None:
            return None
        try:
            result = ics_export.export(
                self.context.db, first, last, path,
                include_classified=dialog.include_classified, clock=self.context.clock,
            )  # fmt: skip
        except (PeyvandError, OSError) as exc:
            text = exc.message("fa") if isinstance(exc, PeyvandError) else str(exc)
            QMessageBox.warning(self, self.tr("پرونده تقویم نوشته نشد"), text)
            return None
        self.ui.status_bar.showMessage(
            self.tr("{n} رویداد در {name} نوشته شد.").format(
                n=to_persian_digits(result.events), name=f"\u2066{path.name}\u2069"
            ),
            self.STATUS_MESSAGE_MS,
        )
        return path

    def show_activity_report(self) -> None:
        """«گزارش فعالیت»: a period (this Jalali year by default), then the PDF preview."""
        from peyvand import briefs
        from peyvand.briefs.activity import title_for
        from peyvand.ui.file_dialogs import file_name
        from peyvand.ui.printing import preview_pdf

        dialog = self._ask_period(
            self.tr("گزارش فعالیت"),
            self.tr("گزارش فعالیت با نمودارها برای این بازه ساخته می‌شود."),
        )
        if dialog is None:
            return
        first, last = dialog.period()
        db, settings, clock = self.context.db, self.context.settings, self.context.clock

        def make(progress: object) -> bytes:
            return briefs.activity_report(db, None, settings, start=first, end=last, clock=clock)

        title = title_for(first, last)
        preview_pdf(self, title, file_name(title), make, trip=self.trip)

    def export_activity_excel(self) -> Path | None:
        """The activity report's figures as an Excel workbook."""
        from peyvand.services import activity, activity_excel
        from peyvand.ui.file_dialogs import ask_save_path, file_name
        from peyvand.ui.trip_guard import confirm_plain_copy

        dialog = self._ask_period(
            self.tr("ارقام گزارش فعالیت"),
            self.tr("ارقام گزارش فعالیت این بازه در پرونده‌ای اکسل نوشته می‌شوند."),
        )
        if dialog is None:
            return None
        first, last = dialog.period()
        if not confirm_plain_copy(self, self.trip, self.tr("پرونده اکسل گزارش فعالیت")):
            return None
        name = file_name(self.tr("گزارش فعالیت"), suffix=".xlsx")
        path = ask_save_path(self, self.tr("خروجی اکسل"), name, self.tr("اکسل (*.xlsx)"))
        if path is None:
            return None
        try:
            figures = activity.report(
                self.context.db, first, last, clock=self.context.clock,
                dormancy_months=self.context.settings.dormancy_months,
            )  # fmt: skip
            activity_excel.export(figures, path)
        except (PeyvandError, OSError) as exc:
            text = exc.message("fa") if isinstance(exc, PeyvandError) else str(exc)
            QMessageBox.warning(self, self.tr("خروجی ساخته نشد"), text)
            return None
        return path

    def _meeting_for_news(self) -> uuid.UUID | None:
        """The meeting selected in the meetings list, else one asked for by number."""
        from PySide6.QtWidgets import QInputDialog

        from peyvand.services.lookup import resolve

        screen = self._screens.get("meetings")
        if screen is not None and screen is self.current_screen():
            selected = getattr(screen, "selected_meeting", lambda: None)()
            if isinstance(selected, uuid.UUID):
                return selected
        text, ok = QInputDialog.getText(
            self, self.tr("پیش‌نویس خبر"), self.tr("شمارهٔ جلسه (مانند ۱۴۰۵-۰۱۱):")
        )
        if not ok or not text.strip():
            return None
        from peyvand.domain import Meeting

        try:
            with self.context.db.reading() as session:
                return resolve(session, Meeting, text.strip()).id
        except PeyvandError as exc:
            QMessageBox.warning(self, self.tr("جلسه پیدا نشد"), exc.message("fa"))
            return None

    def show_news_draft(self, meeting_id: object = None) -> QWidget | None:
        """«پیش‌نویس خبر»: the draft of a meeting, editable; refused for classified
        minutes (said in Persian)."""
        from peyvand.services import news
        from peyvand.ui.dialogs.news_draft_dialog import NewsDraftDialog

        if not isinstance(meeting_id, uuid.UUID):
            meeting_id = self._meeting_for_news()
            if meeting_id is None:
                return None
        try:
            item = news.draft(self.context.db, meeting_id, self.context.settings)
        except PeyvandError as exc:
            QMessageBox.warning(self, self.tr("پیش‌نویس خبر ساخته نشد"), exc.message("fa"))
            return None
        dialog = NewsDraftDialog(self.context, item, self)
        dialog.setObjectName("news_draft_dialog")
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        return dialog

    def show_user_guide(self) -> QDialog:
        """راهنمای کاربر: the Persian user guide shipped with the application (F1)."""
        from peyvand.ui.dialogs.user_guide import UserGuideDialog

        dialog = self.findChild(UserGuideDialog)
        if dialog is None:
            dialog = UserGuideDialog(self)
        dialog.show()
        dialog.raise_()
        dialog.activateWindow()
        return dialog

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
            self.reload_account()
            self.refresh()

    def reload_account(self) -> None:
        """Who is signed in, read again (Settings named another «شخص من»; on the
        server an administrator may have changed the roles), and the window with it."""
        from peyvand.services.accounts import current

        try:
            self.context.account = current(self.context.db, self.context.settings)
        except PeyvandError as exc:
            log.warning("account not read again: %s", exc)
        self.update_account_status()
        if self.context.account.enforced:  # (a file's account holds every role)
            self.apply_permissions()

    def show_import(self) -> None:
        from peyvand.ui.dialogs.import_people_dialog import ImportPeopleDialog

        dialog = ImportPeopleDialog(self.context, self)
        if dialog.exec():
            self.refresh()

    # -- backups and restore --------------------------------------------------

    def backup_folder(self) -> Path:
        # Imported when first needed: the backup service is not part of the first paint.
        from peyvand.services import backups

        return backups.backup_folder(self.context.db.path, self.context.settings.backup_dir)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        if not self._shown_once:
            self._shown_once = True
            self._auto_backup_timer.start(self.AUTO_BACKUP_DELAY_MS)

    def start_automatic_backup(self) -> Task | None:
        """The daily backup, in the background: the service decides whether one is due
        (at most one a day) and rotates the folder after it. Of a trip package it is an
        encrypted copy (the service is given the open Database for that)."""
        if self.auto_backup_task is not None or self.context.read_only:
            return None  # a read-only database cannot have changed since its last backup
        if not self.context.db.has_local_backups:
            return None  # the office server is backed up by the server (Settings says so)
        from peyvand.services import backups

        db, folder, clock = self.context.db, self.backup_folder(), self.context.clock

        def work() -> BackupInfo | None:
            return backups.daily_backup(db, folder=folder, clock=clock)

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
        """«پشتیبان‌گیری اکنون»: a verified backup into the backup folder, then rotation
        (of a trip package: an encrypted copy)."""
        from peyvand.services import backups

        db, folder, clock = self.context.db, self.backup_folder(), self.context.clock

        def work(progress: object) -> BackupInfo:
            return backups.backup_now(db, backups.MANUAL, folder=folder, clock=clock)

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

        if self.trip or self.context.read_only or not self.close_editors():
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
        # A closed window starts no backup of a database that may be closed with it.
        self._auto_backup_timer.stop()
        if self.office is not None:
            self.office.stop()
        event.accept()
