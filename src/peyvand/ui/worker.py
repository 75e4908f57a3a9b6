"""Long work off the GUI thread, with progress; the worker never touches widgets.

The function runs in Qt's thread pool and reports through signals, which Qt delivers
on the GUI thread: only the slots there update widgets.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from peyvand.errors import PeyvandError


class _Signals(QObject):
    progress = Signal(int, int)
    finished = Signal(object)
    failed = Signal(str)


class Task(QRunnable):
    """Runs ``function(progress=callback)``; the result or a message comes back by signal."""

    def __init__(self, function: Callable[..., Any]) -> None:
        super().__init__()
        self.function = function
        self.signals = _Signals()
        # Python keeps the task (and its signals object) alive until it reported back;
        # letting Qt delete it could free the signals while a queued event is pending.
        self.setAutoDelete(False)

    def run(self) -> None:
        try:
            result = self.function(progress=self._progress)
        except PeyvandError as exc:
            self._emit(self.signals.failed, exc.message("fa"))
        except Exception as exc:  # reported to the user; the log has the details
            logging.getLogger(__name__).exception("background task failed")
            self._emit(self.signals.failed, str(exc))
        else:
            self._emit(self.signals.finished, result)

    def _progress(self, done: int, total: int) -> None:
        self._emit(self.signals.progress, done, total)

    @staticmethod
    def _emit(signal: Any, *args: Any) -> None:
        try:
            signal.emit(*args)
        except RuntimeError:
            # The application is shutting down and the receiver is gone; the work
            # itself has completed (or failed) in its own transaction either way.
            logging.getLogger(__name__).info("background task result dropped at shutdown")


_RUNNING: set[Task] = set()


def run_with_progress(
    parent: QWidget,
    label: str,
    function: Callable[..., Any],
    on_done: Callable[[Any], None],
    on_error: Callable[[str], None],
) -> Task:
    """Start ``function`` in the background behind a modal progress dialog."""
    dialog = QProgressDialog(label, "", 0, 0, parent)
    dialog.setCancelButtonText("")  # nothing to cancel half-way: the work is one transaction
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(300)
    task = Task(function)

    def progress(done: int, total: int) -> None:
        dialog.setMaximum(max(total, 1))
        dialog.setValue(done)

    def finish(result: Any) -> None:
        _RUNNING.discard(task)
        dialog.close()
        on_done(result)

    def fail(message: str) -> None:
        _RUNNING.discard(task)
        dialog.close()
        on_error(message)

    # Queued: the slots run on the GUI thread whatever thread emits.
    queued = Qt.ConnectionType.QueuedConnection
    task.signals.progress.connect(progress, queued)
    task.signals.finished.connect(finish, queued)
    task.signals.failed.connect(fail, queued)
    _RUNNING.add(task)
    QThreadPool.globalInstance().start(task)
    return task


def run_in_background(
    function: Callable[[], Any],
    on_done: Callable[[Any], None],
    on_error: Callable[[str], None],
) -> Task:
    """Like run_with_progress, without a dialog: for work the screen shows itself
    (a list that says «در حال جست‌وجو…»)."""
    task = Task(lambda progress: function())

    def finish(result: Any) -> None:
        _RUNNING.discard(task)
        on_done(result)

    def fail(message: str) -> None:
        _RUNNING.discard(task)
        on_error(message)

    queued = Qt.ConnectionType.QueuedConnection
    task.signals.finished.connect(finish, queued)
    task.signals.failed.connect(fail, queued)
    _RUNNING.add(task)
    QThreadPool.globalInstance().start(task)
    return task
