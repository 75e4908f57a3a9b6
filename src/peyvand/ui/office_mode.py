"""The main window on the office server (office mode): a banner when the server goes
away (with «تلاش دوباره») and when it is back, lists and the dashboard refreshed when
another workstation saves, open editors told when their record changed elsewhere, and
what belongs to a SQLite file (its backups, restoring one) turned off with the reason.

Kept apart from main_window.py, which only creates it (``attach``) and hands it each
editor it opens.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import TYPE_CHECKING, Any, Final

from PySide6.QtCore import QCoreApplication, QObject, QTimer
from PySide6.QtWidgets import QLabel

from peyvand.storage.change_feed import Notice
from peyvand.ui.office_link import OfficeLink
from peyvand.ui.widgets.notice_banner import NoticeBanner

if TYPE_CHECKING:
    from peyvand.ui.main_window import MainWindow

log = logging.getLogger(__name__)

LRI, PDI = "\u2066", "\u2069"


class OfficeMode(QObject):
    BACK_MESSAGE_MS: Final = 5000

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        db = window.context.db
        self.link = OfficeLink(db, self)
        self.banner = NoticeBanner(window, name="server_banner")
        self.banner.add_button("retry", self.tr("تلاش دوباره"), self.link.check_now)
        window.ui.central_layout.insertWidget(0, self.banner)
        self._hide_later = QTimer(self)
        self._hide_later.setSingleShot(True)
        self._hide_later.timeout.connect(self._hide_back_message)
        self.status = QLabel(self.tr("کارگزار اداره: {server}").format(server=_place(db)), window)
        self.status.setObjectName("office_status_label")
        window.ui.status_bar.addPermanentWidget(self.status)
        self._turn_off_local_backups()
        self.link.notices.connect(self.others_saved)
        self.link.link_changed.connect(self.server_state)

    def start(self) -> None:
        self.link.start()

    def stop(self) -> None:
        self.link.stop()

    def _turn_off_local_backups(self) -> None:
        ui = self.window.ui
        why = self.tr(
            "در حالت دفتر پشتیبان‌گیری کار کارگزار اداره است (peyvand server backup)، نه این رایانه."
        )
        for action in (ui.backup_now_action, ui.restore_action):
            action.setEnabled(False)
            action.setToolTip(why)

    # -- editors -----------------------------------------------------------------------

    def watch_editor(self, editor: Any) -> None:
        editor.sync.server_lost.connect(self.link.report_lost)

    # -- other workstations' saves ------------------------------------------------------

    def others_saved(self, notices: list[Notice]) -> None:
        """Refresh what the window shows and tell each open editor whose record changed."""
        if not self.link.up:
            return
        try:
            self.window.refresh()
        except Exception as exc:  # the server went away between notice and refresh
            if not self.server_error(exc):
                raise
            return
        now = dt.datetime.now(dt.UTC)
        for editor in self.window.open_editors():
            touching = [n for n in notices if editor.touched_by(n)]
            if touching:
                editor.sync.changed_elsewhere(touching[-1].actor, now)

    # -- the server away, and back -----------------------------------------------------

    def server_error(self, exc: BaseException) -> bool:
        """An error that says the server is away: shown as the banner (True)."""
        from peyvand.services.drafts import server_away

        if not server_away(exc):
            return False
        self.link.report_lost()
        return True

    def server_state(self, up: bool) -> None:
        if not up:
            self._hide_later.stop()
            self.banner.show_message(
                "error",
                self.tr(
                    "ارتباط با کارگزار اداره قطع شده است. پیوند هر چند ثانیه دوباره تلاش "
                    "می‌کند. فرم‌های باز و نوشته‌هایشان در همین رایانه نگه داشته می‌شوند و "
                    "وقتی کارگزار برگردد ذخیره می‌شوند؛ چیزی از دست نمی‌رود."
                ),
                buttons=("retry",),
            )
            return
        self.banner.show_message("ok", self.tr("ارتباط با کارگزار اداره دوباره برقرار شد."))
        self._hide_later.start(self.BACK_MESSAGE_MS)
        for editor in self.window.open_editors():
            if editor.sync_pending():
                editor.sync.server_back()
        try:
            self.window.refresh()
        except Exception as exc:
            if not self.server_error(exc):
                raise

    def _hide_back_message(self) -> None:
        if self.banner.kind == "ok":
            self.banner.hide()


def _place(db: object) -> str:
    """«database روی host:port» as the sign-in dialog names it (db.label is English: the
    command line's wording)."""
    from peyvand.storage.server import DEFAULT_PORT
    from peyvand.storage.server_database import ServerDatabase

    if not isinstance(db, ServerDatabase):
        return f"{LRI}{getattr(db, 'label', '')}{PDI}"
    url = db.url
    host = f"{url.host or 'localhost'}:{url.port or DEFAULT_PORT}"
    return QCoreApplication.translate("OfficeMode", "{database} روی {host}").format(
        database=f"{LRI}{url.database}{PDI}", host=f"{LRI}{host}{PDI}"
    )


def attach(window: MainWindow) -> OfficeMode | None:
    """Office mode for ``window`` when its database is the office server."""
    if not window.context.db.is_server:
        return None
    office = OfficeMode(window)
    office.start()
    return office
