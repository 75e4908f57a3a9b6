"""Long work off the GUI thread, with progress; the worker never touches widgets.

The function runs in a Python thread pool; it reports progress, its result or its
failure through a queue that a timer on the GUI thread drains, and only the callbacks
run there touch widgets.

Hand-written rather than QThreadPool/QRunnable with signals emitted from the worker:
with PySide6 6.12 that pattern corrupted Python's reference counts under load (fatal
"none_dealloc"/"bool_dealloc" after a few hundred tasks); a queue of plain Python
objects drained on the GUI thread never crosses threads inside Qt.
"""

from __future__ import annotations

import logging
import queue
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtWidgets import QProgressDialog, QWidget

from peyvand.errors import PeyvandError

log = logging.getLogger(__name__)

POLL_MS = 15
_POOL = ThreadPoolExecutor(max_workers=2, thread_name_prefix="peyvand-worker")

# (task, kind, payload) from worker threads; kind is "progress", "done" or "failed".
_EVENTS: queue.SimpleQueue[tuple[Task, str, Any]] = queue.SimpleQueue()
_RUNNING: set[Task] = set()


class _Pump(QObject):
    """Delivers worker events on the GUI thread while any task is running."""

    def __init__(self) -> None:
        super().__init__()
        self.timer = QTimer(self)
        self.timer.setInterval(POLL_MS)
        self.timer.timeout.connect(self.drain)

    def drain(self) -> None:
        while True:
            try:
                task, kind, payload = _EVENTS.get_nowait()
            except queue.Empty:
                break
            task.deliver(kind, payload)
        if not _RUNNING:
            self.timer.stop()


_pump: _Pump | None = None


def _ensure_pump() -> _Pump:
    global _pump  # noqa: PLW0603 - one pump per process, made on the GUI thread
    if _pump is None:
        _pump = _Pump()
    if not _pump.timer.isActive():
        _pump.timer.start()
    return _pump


class Task:
    """Runs ``function(progress=callback)`` in the pool; callbacks run on the GUI thread."""

    def __init__(
        self,
        function: Callable[..., Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[str], None],
        on_progress: Callable[[int, int], None] | None = None,
    ) -> None:
        self.function = function
        self.on_done = on_done
        self.on_error = on_error
        self.on_progress = on_progress

    def start(self) -> Task:
        _RUNNING.add(self)
        _ensure_pump()
        _POOL.submit(self._run)
        return self

    def _run(self) -> None:  # worker thread: no Qt here
        try:
            result = self.function(progress=self._progress)
        except PeyvandError as exc:
            _EVENTS.put((self, "failed", exc.message("fa")))
        except OSError as exc:  # a file the user named: a full disk, no permission…
            from peyvand.storage.failures import from_os_error

            disk = from_os_error(exc)
            if disk is None:
                log.exception("background task failed")
            _EVENTS.put((self, "failed", disk.message("fa") if disk else str(exc)))
        except Exception as exc:  # reported to the user; the log has the details
            log.exception("background task failed")
            _EVENTS.put((self, "failed", str(exc)))
        else:
            _EVENTS.put((self, "done", result))

    def _progress(self, done: int, total: int) -> None:
        _EVENTS.put((self, "progress", (done, total)))

    def deliver(self, kind: str, payload: Any) -> None:  # GUI thread
        if kind == "progress":
            if self.on_progress is not None:
                self.on_progress(*payload)
            return
        _RUNNING.discard(self)
        if kind == "done":
            self.on_done(payload)
        else:
            self.on_error(payload)


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

    def progress(done: int, total: int) -> None:
        dialog.setMaximum(max(total, 1))
        dialog.setValue(done)

    def finish(result: Any) -> None:
        dialog.close()
        on_done(result)

    def fail(message: str) -> None:
        dialog.close()
        on_error(message)

    return Task(function, finish, fail, progress).start()


def run_in_background(
    function: Callable[[], Any],
    on_done: Callable[[Any], None],
    on_error: Callable[[str], None],
) -> Task:
    """Like run_with_progress, without a dialog: for work the screen shows itself
    (a list that says «در حال جست‌وجو…»)."""
    return Task(lambda progress: function(), on_done, on_error).start()


def wait_idle(timeout_s: float = 30.0) -> bool:
    """Process events until every task has reported back (for shutdown and tests)."""
    import time

    from PySide6.QtCore import QCoreApplication

    deadline = time.monotonic() + timeout_s
    while _RUNNING and time.monotonic() < deadline:
        QCoreApplication.processEvents()
        if _pump is not None:
            _pump.drain()
        time.sleep(0.005)
    return not _RUNNING
