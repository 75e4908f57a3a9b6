"""The GUI's wait for another program writing the database: a dialog that says so and
can be cancelled, for a save on the GUI thread and for one in a worker thread."""

from __future__ import annotations

import threading
from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QProgressDialog, QPushButton
from pytestqt.qtbot import QtBot

from peyvand.domain.directory import Unit
from peyvand.domain.errors import PeyvandError
from peyvand.services import records
from peyvand.storage import busy
from peyvand.ui.context import AppContext
from peyvand.ui.write_wait import WriteWaitNotice

Writer = Callable[..., AbstractContextManager[Any]]


def _click_cancel(dialog: QProgressDialog) -> None:
    (button,) = dialog.findChildren(QPushButton)
    assert button.text() == "انصراف"
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)


def test_a_save_on_the_gui_thread_shows_the_wait_and_can_be_cancelled(
    qtbot: QtBot, demo_context: AppContext, other_writer: Writer, tmp_path: Path
) -> None:
    notice = WriteWaitNotice()
    busy.configure(seconds=30, observer=notice)
    seen: dict[str, Any] = {}

    def look_then_cancel() -> None:
        dialog = notice.dialog
        assert dialog is not None and dialog.isVisible()
        seen["text"] = dialog.labelText()
        seen["title"] = dialog.windowTitle()
        dialog.grab().save(str(tmp_path / "write_wait.png"))
        _click_cancel(dialog)

    QTimer.singleShot(1500, look_then_cancel)
    with other_writer(demo_context.db.path), pytest.raises(PeyvandError) as caught:
        records.create_row(demo_context.db, Unit, {"name": "واحد تازه"})
    assert caught.value.msg_id == "db.busy_cancelled"
    assert "برنامه دیگری در حال نوشتن" in seen["text"]
    assert "۳۰ ثانیه" in seen["text"]
    assert seen["title"] == "در انتظار برنامه دیگر"
    qtbot.waitUntil(lambda: notice.dialog is None)  # closed once the wait is over


def test_a_save_in_a_worker_thread_shows_the_same_dialog(
    qtbot: QtBot, demo_context: AppContext, other_writer: Writer
) -> None:
    notice = WriteWaitNotice()
    busy.configure(seconds=30, observer=notice)
    outcome: list[BaseException | None] = []

    def work() -> None:
        try:
            records.create_row(demo_context.db, Unit, {"name": "واحد تازه"})
        except BaseException as exc:
            outcome.append(exc)
        else:
            outcome.append(None)

    with other_writer(demo_context.db.path):
        thread = threading.Thread(target=work)
        thread.start()
        # Shown by the GUI thread's timer: the worker itself never touches Qt.
        qtbot.waitUntil(
            lambda: notice.dialog is not None and notice.dialog.isVisible(), timeout=10_000
        )
        assert notice.dialog is not None
        _click_cancel(notice.dialog)
        thread.join(timeout=10)
    assert len(outcome) == 1 and isinstance(outcome[0], PeyvandError)
    assert outcome[0].msg_id == "db.busy_cancelled"
    qtbot.waitUntil(lambda: notice.dialog is None)


def test_a_workers_wait_touches_no_qt_from_its_thread(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A worker's call only records the state: no Qt call from its thread (a crash was
    seen once while a worker waited, when the notice asked Qt which thread called)."""
    import PySide6.QtCore

    from peyvand.ui import write_wait

    notice = WriteWaitNotice()
    gui = threading.get_ident()
    off_gui: list[str] = []

    def watch(name: str, original: Any) -> Any:
        def called(*args: Any, **kwargs: Any) -> Any:
            if threading.get_ident() != gui:
                off_gui.append(name)
            return original(*args, **kwargs)

        return called

    for cls, name in ((PySide6.QtCore.QThread, "currentThread"),
                      (PySide6.QtCore.QCoreApplication, "instance"),
                      (PySide6.QtCore.QCoreApplication, "processEvents"),
                      (write_wait.QCoreApplication, "processEvents")):  # fmt: skip
        monkeypatch.setattr(cls, name, staticmethod(watch(name, getattr(cls, name))))
    answers: list[bool] = []
    worker = threading.Thread(target=lambda: answers.append(notice.waiting(Path("x"), 2.0, 30)))
    worker.start()
    worker.join(timeout=10)
    assert answers == [True] and off_gui == []
    assert notice.dialog is None  # shown by the GUI thread's timer, not by the worker
    qtbot.waitUntil(lambda: notice.dialog is not None and notice.dialog.isVisible())
    notice.finished(Path("x"))
    assert notice.dialog is None
