"""The main window on a trip package: it says «حالت سفر», office-only work is off,
editing gives provisional «T…» numbers, drafts stay inside the package, backups are
encrypted copies — and nothing typed reaches any file in plain text."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from peyvand import app as app_module
from peyvand.paths import data_dir
from peyvand.services import backups, drafts, meetings
from peyvand.storage.package_magic import is_package
from peyvand.text import to_persian_digits
from peyvand.ui.context import AppContext
from peyvand.ui.dialogs.meeting_editor import MeetingEditor
from peyvand.ui.main_window import MainWindow
from peyvand.ui.registry import SCREENS
from peyvand.ui.screens.visits import VisitsScreen

from .conftest import TRIP_VISIT, type_text

# Typed into an editor on the laptop; must never be found in a file in plain text.
SECRET = "گفت‌وگوی محرمانهٔ شهرداران دربارهٔ پل ۷۳۹"


def _window(qtbot: QtBot, context: AppContext) -> MainWindow:
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.show()
    return window


def test_window_says_trip_mode_and_turns_off_office_work(
    qtbot: QtBot, trip_context: AppContext
) -> None:
    window = _window(qtbot, trip_context)
    ui = window.ui
    title = window.windowTitle()
    assert title.startswith("پیوند — حالت سفر — ")
    assert to_persian_digits(TRIP_VISIT) in title and "trip.pvtrip" in title
    assert ui.trip_banner.isVisibleTo(window)
    assert "حالت سفر" in ui.trip_banner.text() and "۵ آذر ۱۴۰۵" in ui.trip_banner.text()
    assert window.trip_status_label.isVisibleTo(window)
    assert not ui.restore_action.isEnabled() and "رمزگذاری‌شده" in ui.restore_action.toolTip()
    assert window.show_restore() is None
    for action in (ui.trip_export_action, ui.trip_import_action, ui.conflicts_action):
        assert not action.isEnabled() and action.toolTip()
    assert window.show_trip_export() is None and window.show_trip_import() is None
    conflicts_row = [key for key, _path in SCREENS].index("conflicts")
    assert ui.nav_list.item(conflicts_row).isHidden()
    visits = window.show_screen("visits")
    assert isinstance(visits, VisitsScreen)
    assert not visits.ui.trip_button.isVisibleTo(visits)
    # Search and the lists work on the package.
    assert visits.model.total == 1


def test_office_window_has_no_trip_banner(qtbot: QtBot, office_context: AppContext) -> None:
    window = _window(qtbot, office_context)
    assert window.windowTitle() == "پیوند"
    assert not window.ui.trip_banner.isVisibleTo(window)
    assert not window.trip_status_label.isVisibleTo(window)
    assert window.ui.restore_action.isEnabled() and window.ui.trip_export_action.isEnabled()


def test_a_meeting_made_on_the_laptop_gets_a_provisional_number(
    qtbot: QtBot, trip_context: AppContext
) -> None:
    editor = MeetingEditor(trip_context, None)
    qtbot.addWidget(editor)
    editor.start()
    editor.show()
    type_text(qtbot, editor.details.ui.title_edit, "جلسه‌ای در سفر")
    assert editor.save()
    assert editor.record_id is not None
    number = meetings.get_detail(trip_context.db, editor.record_id).meeting.number
    assert number.startswith("T")
    assert "جلسه" in editor.ui.number_label.text()


def test_the_automatic_backup_of_a_package_is_an_encrypted_copy(
    qtbot: QtBot, trip_context: AppContext
) -> None:
    window = _window(qtbot, trip_context)
    task = window.start_automatic_backup()
    assert task is not None
    qtbot.waitUntil(lambda: window.auto_backup_task is None, timeout=15000)
    taken = backups.list_backups(trip_context.db.path, window.backup_folder())
    assert len(taken) == 1
    assert is_package(taken[0].path)


@pytest.fixture
def trip_log() -> Iterator[Path]:
    path = app_module.setup_logging(trip=True)
    yield path
    app_module.stop_logging()


def _files_containing(folder: Path, text: str) -> list[Path]:
    needles = (text.encode("utf-8"), text.encode("utf-16-le"))
    found = []
    for root, _dirs, files in os.walk(folder):
        for name in files:
            path = Path(root, name)
            data = path.read_bytes()
            if any(needle in data for needle in needles):
                found.append(path)
    return found


def test_drafts_live_inside_the_package_and_nothing_is_written_in_plain(
    qtbot: QtBot, trip_context: AppContext, trip_log: Path, tmp_path: Path
) -> None:
    import logging

    window = _window(qtbot, trip_context)
    editor = window.open_record("meeting", None)
    assert isinstance(editor, MeetingEditor)
    type_text(qtbot, editor.details.ui.title_edit, SECRET)

    def drafted() -> bool:
        draft = drafts.load(trip_context.db, "meeting:new")
        return draft is not None and draft.payload.get("title_edit") == SECRET

    qtbot.waitUntil(drafted, timeout=5000)
    # Something goes wrong with the record's text in it: the log must not keep it.
    try:
        raise ValueError(f"cannot save «{SECRET}»")
    except ValueError:
        logging.getLogger("peyvand.test").exception("saving %s failed", SECRET)
    window.backup_now()
    qtbot.waitUntil(lambda: bool(backups.list_backups(trip_context.db.path)), timeout=15000)
    editor.set_dirty(False)
    editor.close()
    window.close()  # saves the window layout into the data folder
    for handler in logging.getLogger().handlers:
        handler.flush()
    assert trip_log.read_text(encoding="utf-8")  # the log was written…
    for folder in (tmp_path, data_dir()):
        assert _files_containing(folder, SECRET) == []  # …and holds no record text
