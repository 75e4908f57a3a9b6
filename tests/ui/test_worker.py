from __future__ import annotations

import threading

from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from peyvand.errors import PeyvandError
from peyvand.ui.worker import run_with_progress


def test_work_runs_off_the_gui_thread_and_reports_back_on_it(
    qtbot: QtBot, app: QApplication
) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    seen: dict[str, object] = {}

    def work(progress: object) -> str:
        seen["thread"] = threading.current_thread()
        for done in range(1, 4):
            progress(done, 3)  # type: ignore[operator]
        return "تمام"

    def done(result: object) -> None:
        seen["result"] = result
        seen["done_thread"] = threading.current_thread()

    run_with_progress(parent, "در حال کار…", work, done, lambda m: seen.update(error=m))
    qtbot.waitUntil(lambda: "result" in seen, timeout=5000)
    assert seen["result"] == "تمام"
    assert seen["thread"] is not threading.main_thread()
    assert seen["done_thread"] is threading.main_thread()


def test_errors_come_back_as_persian_messages(qtbot: QtBot, app: QApplication) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    errors: list[str] = []

    def work(progress: object) -> None:
        raise PeyvandError("db.missing", path="x.sqlite3")

    run_with_progress(parent, "…", work, lambda r: None, errors.append)
    qtbot.waitUntil(lambda: bool(errors), timeout=5000)
    assert "پایگاه داده‌ای" in errors[0]
