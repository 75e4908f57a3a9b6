"""The window's line to the office server (office mode): other workstations' changes
as they commit, and whether the server answers.

The listener (storage.change_feed) runs on a thread of its own; it hands each notice
and each change of its connection's state to Qt signals of :class:`OfficeLink`, which
deliver them on the GUI thread (a queued connection), so no widget is touched off it.
Notices arriving together are gathered for a moment and handed on as one batch: a
save of forty rows refreshes each list once, well within a second.
"""

from __future__ import annotations

import logging
import weakref
from typing import Final

from PySide6.QtCore import QObject, QTimer, Signal

from peyvand.storage.change_feed import Listener, Notice
from peyvand.storage.database import Database
from peyvand.ui.worker import run_in_background

log = logging.getLogger(__name__)

_current: list[weakref.ref[OfficeLink]] = []


def current() -> OfficeLink | None:
    """The link of the open office-mode window, if any (for the error hook)."""
    link = _current[0]() if _current else None
    return link


class OfficeLink(QObject):
    notices = Signal(list)  # list[Notice] of other workstations, on the GUI thread
    link_changed = Signal(bool)  # the server answers (True) or went away (False)
    _arrived = Signal(object)  # from the listener's thread
    _state = Signal(bool)  # from the listener's thread

    GATHER_MS: Final = 150
    RETRY_MS: Final = 5000

    def __init__(self, db: Database, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.up = True
        self.listening = False  # the listener's connection is open (LISTEN issued)
        self._gathered: list[Notice] = []
        self._checking = False
        self._gather = QTimer(self)
        self._gather.setSingleShot(True)
        self._gather.setInterval(self.GATHER_MS)
        self._gather.timeout.connect(self._hand_on)
        self._retry = QTimer(self)
        self._retry.setInterval(self.RETRY_MS)
        self._retry.timeout.connect(self.check_now)
        self._arrived.connect(self._on_notice)
        self._state.connect(self._on_state)
        self._listener: Listener | None = db.change_listener(self._arrived.emit, self._state.emit)
        _current[:] = [weakref.ref(self)]

    def start(self) -> None:
        if self._listener is not None:
            self._listener.start()

    def stop(self) -> None:
        self._retry.stop()
        self._gather.stop()
        if self._listener is not None:
            self._listener.stop()
            self._listener = None

    # -- notices ----------------------------------------------------------------------

    def _on_notice(self, notice: Notice) -> None:
        if notice.is_own:
            return  # this window's own saves refresh it already
        self._gathered.append(notice)
        if not self._gather.isActive():
            self._gather.start()

    def _hand_on(self) -> None:
        batch, self._gathered = self._gathered, []
        if batch:
            self.notices.emit(batch)

    # -- is the server there? ------------------------------------------------------------

    def _on_state(self, up: bool) -> None:
        self.listening = up
        self.set_up(up)

    def report_lost(self) -> None:
        """Something in the window failed to reach the server."""
        self.set_up(False)

    def set_up(self, up: bool) -> None:
        if up == self.up:
            return
        self.up = up
        log.info("office server %s", "back" if up else "unreachable")
        if up:
            self._retry.stop()
        else:
            self._retry.start()
        self.link_changed.emit(up)

    def check_now(self) -> None:
        """«تلاش دوباره» (and every few seconds while the server is away): one round trip
        off the GUI thread; the answer sets the state."""
        if self._checking:
            return
        self._checking = True

        def done(_result: object) -> None:
            self._checking = False
            self.set_up(True)

        def failed(message: str) -> None:
            self._checking = False
            log.info("office server still unreachable")
            self.set_up(False)

        run_in_background(self.db.ping, done, failed)
