"""The composition root in trip mode: `peyvand --trip F.pvtrip` opens the window on the
package (passphrase given, asked for, or cancelled), and the log keeps no record text."""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from peyvand import app as app_module
from peyvand.ui.dialogs.passphrase_dialog import PassphraseDialog

from .conftest import CHEAP, PASSPHRASE

SECRET = "دیدار محرمانه با شهردار کازان ۴۲"


@pytest.fixture
def trip_log() -> Iterator[Path]:
    path = app_module.setup_logging(trip=True)
    yield path
    app_module.stop_logging()


def _flushed(path: Path) -> str:
    for handler in logging.getLogger().handlers:
        handler.flush()
    return path.read_text(encoding="utf-8")


def test_trip_log_keeps_messages_but_no_text_arguments_or_exception_messages(
    trip_log: Path,
) -> None:
    log = logging.getLogger("peyvand.test")
    log.warning("saving draft %s of %d fields to %s", SECRET, 3, Path("/data/x.pvtrip"))
    log.info("named %(title)s", {"title": SECRET})
    try:
        try:
            raise KeyError(SECRET)
        except KeyError as inner:
            raise ValueError(f"could not save «{SECRET}»") from inner
    except ValueError:
        log.exception("save failed")
    text = _flushed(trip_log)
    assert SECRET not in text
    assert "saving draft ‹…› of 3 fields to /data/x.pvtrip" in text
    assert "named ‹…›" in text
    # The exception types and every frame stay; the messages do not.
    assert "save failed" in text and "Traceback (most recent call last)" in text
    assert "builtins.ValueError: (message withheld in trip mode)" in text
    assert "builtins.KeyError: (message withheld in trip mode)" in text
    assert "direct cause" in text
    assert "test_trip_log_keeps_messages" in text  # the frame's function


def test_office_log_is_unchanged(tmp_path: Path) -> None:
    path = app_module.setup_logging()
    try:
        try:
            raise ValueError("boom")
        except ValueError:
            logging.getLogger("peyvand.test").exception("failed %s", "here")
        text = _flushed(path)
    finally:
        app_module.stop_logging()
    assert "failed here" in text and "ValueError: boom" in text


def test_crash_in_trip_mode_writes_no_record_text(
    app: QApplication, trip_log: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda self: shown.append(self.text()) or 0)
    try:
        raise RuntimeError(SECRET)
    except RuntimeError as exc:
        app_module._excepthook(RuntimeError, exc, exc.__traceback__)
    text = _flushed(trip_log)
    assert SECRET not in text and "builtins.RuntimeError" in text
    assert shown and "بی هیچ متنی از رکوردها" in shown[0] and SECRET not in shown[0]


@pytest.fixture
def restored_hooks(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    yield
    app_module.stop_logging()


def test_run_opens_the_package_in_trip_mode_and_leaves_cleanly(
    app: QApplication,
    trip_package: Path,
    restored_hooks: None,
    capsys: pytest.CaptureFixture[str],
) -> None:
    code = app_module.run(
        trip_package, smoke_test=True, trip=True, passphrase=PASSPHRASE, cost=CHEAP
    )
    assert code == 0
    assert "peyvand-ready" in capsys.readouterr().out
    assert app_module.trip_logging()


def test_run_asks_for_the_passphrase_and_cancel_leaves_cleanly(
    app: QApplication,
    trip_package: Path,
    restored_hooks: None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    asked: list[str] = []

    def cancelled(self: PassphraseDialog) -> int:
        asked.append(self.ui.file_label.text())
        return int(QDialog.DialogCode.Rejected)

    monkeypatch.setattr(PassphraseDialog, "exec", cancelled)
    before = trip_package.read_bytes()
    assert app_module.run(trip_package, trip=True, cost=CHEAP) == 0
    assert asked and "trip.pvtrip" in asked[0]
    assert trip_package.read_bytes() == before


def test_run_with_a_wrong_passphrase_says_so_in_persian(
    app: QApplication,
    trip_package: Path,
    restored_hooks: None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(
        QMessageBox, "critical", lambda _parent, _title, text: shown.append(text) or 0
    )
    assert app_module.run(trip_package, trip=True, passphrase="نه این", cost=CHEAP) == 1
    assert shown and "گذرواژه" in shown[0]
