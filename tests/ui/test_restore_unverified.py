"""The restore dialog's second confirmation: a backup without a recorded checksum (made
elsewhere) or one that changed since it was made is restored only after the user says
yes a second time, in Persian; a crafted backup is refused whatever the user says."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot
from sqlmodel import select

from peyvand.domain import Person
from peyvand.services import backups, records
from peyvand.storage.database import Database
from peyvand.ui.context import AppContext
from peyvand.ui.dialogs.restore_dialog import RestoreDialog


def _names(db: Database) -> set[str]:
    with db.reading() as session:
        return {p.name for p in session.exec(select(Person)).all()}


@pytest.fixture
def from_elsewhere(context: AppContext, tmp_path: Path) -> Path:
    """A genuine backup holding «الف», copied without its folder's checksum catalogue."""
    with context.db.session() as session:
        records.create(session, Person, {"name": "الف"})
    made = backups.backup_now(context.db, backups.MANUAL).path
    stick = tmp_path / "stick"
    stick.mkdir()
    copy = stick / made.name
    shutil.copyfile(made, copy)
    with context.db.session() as session:
        records.create(session, Person, {"name": "ب"})
    return copy


@pytest.fixture
def second_answer(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> dict[str, Any]:
    """Yes to the first question; the second box answers ``state["answer"]``."""
    state: dict[str, Any] = {"answer": QMessageBox.StandardButton.Yes, "texts": []}
    monkeypatch.setattr(
        QMessageBox, "question", lambda *_a, **_k: QMessageBox.StandardButton.Yes
    )

    def second(box: QMessageBox) -> int:
        state["texts"].append((box.objectName(), box.windowTitle(), box.text()))
        box.show()  # laid out as exec() would show it, to look at
        box.grab().save(str(tmp_path / "second_confirmation.png"))
        box.hide()
        return int(state["answer"].value)

    monkeypatch.setattr(QMessageBox, "exec", second)
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *_a: warnings.append(text))
    state["warnings"] = warnings
    return state


def test_a_backup_made_elsewhere_is_restored_after_a_second_yes(
    qtbot: QtBot, context: AppContext, from_elsewhere: Path, second_answer: dict[str, Any]
) -> None:
    dialog = RestoreDialog(context)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.restored, timeout=20000):
        dialog.confirm_and_restore(from_elsewhere, from_elsewhere.name)
    ((name, title, text),) = second_answer["texts"]
    assert name == "unverified_backup_box"
    assert title == "پشتیبان تأییدنشده"
    assert "چکیده‌ای ثبت نشده است" in text and from_elsewhere.name in text
    assert _names(context.db) == {"الف"}
    assert dialog.result_info is not None and dialog.result_info.checksum == "unknown"


def test_saying_no_the_second_time_restores_nothing(
    qtbot: QtBot, context: AppContext, from_elsewhere: Path, second_answer: dict[str, Any]
) -> None:
    second_answer["answer"] = QMessageBox.StandardButton.No
    dialog = RestoreDialog(context)
    qtbot.addWidget(dialog)
    dialog.confirm_and_restore(from_elsewhere, from_elsewhere.name)
    qtbot.waitUntil(lambda: bool(second_answer["texts"]) and dialog.task is None, timeout=20000)
    assert _names(context.db) == {"الف", "ب"}
    assert dialog.result_info is None
    assert dialog.ui.restore_button.isEnabled() == (dialog.selected_backup() is not None)


def test_a_changed_backup_says_so(
    qtbot: QtBot, context: AppContext, second_answer: dict[str, Any]
) -> None:
    with context.db.session() as session:
        records.create(session, Person, {"name": "alef@example.org"})
    made = backups.backup_now(context.db, backups.MANUAL).path
    data = bytearray(made.read_bytes())
    data[data.find(b"alef@example.org")] ^= 0x01  # one bit, after the checksum was taken
    made.write_bytes(bytes(data))
    second_answer["answer"] = QMessageBox.StandardButton.No
    dialog = RestoreDialog(context)
    qtbot.addWidget(dialog)
    dialog.confirm_and_restore(made, made.name)
    qtbot.waitUntil(lambda: bool(second_answer["texts"]) and dialog.task is None, timeout=20000)
    assert "پس از ساخته شدن تغییر کرده است" in second_answer["texts"][0][2]


def test_a_crafted_backup_is_refused_without_a_second_question(
    qtbot: QtBot, context: AppContext, from_elsewhere: Path, second_answer: dict[str, Any]
) -> None:
    conn = sqlite3.connect(from_elsewhere)
    conn.execute("CREATE TRIGGER wipe AFTER UPDATE ON person BEGIN DELETE FROM statement; END")
    conn.close()
    dialog = RestoreDialog(context)
    qtbot.addWidget(dialog)
    dialog.confirm_and_restore(from_elsewhere, from_elsewhere.name)
    qtbot.waitUntil(lambda: bool(second_answer["warnings"]), timeout=20000)
    assert second_answer["texts"] == []
    assert "ساختار جدول‌های" in second_answer["warnings"][0]
    assert _names(context.db) == {"الف", "ب"}
