"""«در انتظار برنامه دیگر…»: the progress dialog shown while a save waits for another
program that is writing the database (storage/busy.py), with a button to stop waiting.

storage/busy.py calls :meth:`WriteWaitNotice.waiting` about ten times a second from
whichever thread is writing. No Qt object is touched from a worker thread (see
ui/worker.py for why): the call only records the state, and a timer on the GUI thread
shows, updates or closes the dialog. When the writer *is* the GUI thread (an editor's
save), the call also processes events, so the dialog paints and its button works while
the save waits; the dialog is application-modal meanwhile, so no other click starts
anything else.
"""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer
from PySide6.QtWidgets import QApplication, QProgressBar, QProgressDialog, QWidget
from shiboken6 import isValid

from peyvand.text import to_persian_digits

LRI, PDI = "\u2066", "\u2069"


class WriteWaitNotice(QObject):
    """The GUI's observer for storage.busy (install with ``busy.configure``)."""

    POLL_MS = 100

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        # Made on the GUI thread: which thread calls is told by Python's thread id, so
        # that a worker's call touches no Qt at all (QThread.currentThread() from a
        # Python thread makes Qt adopt it, with a QThread object of its own).
        self._gui_thread = threading.get_ident()
        self._lock = threading.Lock()
        self._state: tuple[Path, float, float] | None = None
        self._cancelled = threading.Event()
        self.dialog: QProgressDialog | None = None
        self.timer = QTimer(self)
        self.timer.setInterval(self.POLL_MS)
        self.timer.timeout.connect(self.sync)
        self.timer.start()

    # -- any thread -----------------------------------------------------------

    def waiting(self, path: Path, elapsed: float, limit: float) -> bool:
        with self._lock:
            if self._state is None:
                self._cancelled.clear()  # a new wait
            self._state = (path, elapsed, limit)
        if self._on_gui_thread():
            self.sync()
            QCoreApplication.processEvents()
        return not self._cancelled.is_set()

    def finished(self, path: Path) -> None:
        with self._lock:
            self._state = None
        if self._on_gui_thread():
            self.sync()

    def _on_gui_thread(self) -> bool:
        return threading.get_ident() == self._gui_thread

    # -- GUI thread -----------------------------------------------------------

    def sync(self) -> None:
        """Show, update or close the dialog after the recorded state."""
        with self._lock:
            state = self._state
        if state is None:
            old, self.dialog = self.dialog, None
            if old is not None and isValid(old):
                old.canceled.disconnect()  # closing emits canceled: not a cancel
                old.close()
                old.deleteLater()
            return
        path, elapsed, limit = state
        current = self.dialog
        if current is None or not isValid(current):
            current = self._make_dialog(path, limit)
            self.dialog = current
        if current.wasCanceled():
            self._cancelled.set()
        current.setValue(min(int(elapsed), max(int(limit) - 1, 0)))

    def _make_dialog(self, path: Path, limit: float) -> QProgressDialog:
        parent = QApplication.activeWindow()
        text = self.tr(
            "برنامه دیگری در حال نوشتن در پایگاه داده {name} است.\n"
            "پیوند تا {seconds} ثانیه منتظر می‌ماند تا کار آن برنامه تمام شود؛ "
            "اگر نمی‌خواهید منتظر بمانید «انصراف» را بزنید (چیزی ذخیره نمی‌شود)."
        ).format(name=f"{LRI}{path.name}{PDI}", seconds=to_persian_digits(round(limit)))
        owner = parent if isinstance(parent, QWidget) else None
        dialog = QProgressDialog(text, self.tr("انصراف"), 0, max(int(limit), 1), owner)
        bar = QProgressBar(dialog)
        bar.setTextVisible(False)  # Qt writes "3%" in Latin digits; the bar says enough
        dialog.setBar(bar)
        dialog.setObjectName("write_wait_dialog")
        dialog.setWindowTitle(self.tr("در انتظار برنامه دیگر"))
        dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
        dialog.setMinimumDuration(0)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.canceled.connect(self._cancelled.set)
        dialog.show()
        return dialog

    def cancel(self) -> None:
        """As the dialog's «انصراف» button (tests)."""
        self._cancelled.set()
