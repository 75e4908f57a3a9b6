"""Every screen and dialog builds, is right-to-left, and raises no Qt warning
(qt_log_level_fail = WARNING turns any warning into a failure)."""

from __future__ import annotations

import importlib
from typing import Any

import pytest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from peyvand.services import lists
from peyvand.services.lists import ListQuery
from peyvand.ui.context import AppContext
from peyvand.ui.registry import EDITORS, SCREENS, editor_class


def _load(path: str) -> Any:
    module_name, _, class_name = path.partition(":")
    return getattr(importlib.import_module(module_name), class_name)


@pytest.mark.parametrize(("key", "path"), SCREENS, ids=[k for k, _ in SCREENS])
def test_every_screen_builds_right_to_left(
    qtbot: QtBot, demo_context: AppContext, key: str, path: str
) -> None:
    screen: QWidget = _load(path)(demo_context)
    qtbot.addWidget(screen)
    screen.resize(1280, 800)
    screen.show()
    assert screen.isRightToLeft()
    assert screen.grab().width() >= 1000


KIND_OF = {
    "meeting": "meetings", "visit": "visits", "action": "actions", "person": "people",
    "organization": "organizations", "partnership": "partnerships", "letter": "letters",
}


@pytest.mark.parametrize("entity", sorted(EDITORS))
@pytest.mark.parametrize("existing", [False, True], ids=["new", "existing"])
def test_every_editor_builds_right_to_left(
    qtbot: QtBot, demo_context: AppContext, entity: str, existing: bool
) -> None:
    record_id = None
    if existing:
        rows = lists.page(demo_context.db, ListQuery(KIND_OF[entity]), 0, 1,
                          clock=demo_context.clock)
        record_id = rows[0].id
    editor = editor_class(entity)(demo_context, record_id)
    qtbot.addWidget(editor)
    editor.start()
    editor.show()
    assert editor.isRightToLeft()
    assert not editor.is_dirty(), "opening a record must not mark it changed"
    editor.close()


@pytest.mark.parametrize(
    "path",
    [
        "peyvand.ui.dialogs.settings_dialog:SettingsDialog",
        "peyvand.ui.dialogs.import_people_dialog:ImportPeopleDialog",
    ],
)
def test_every_dialog_builds_right_to_left(
    qtbot: QtBot, demo_context: AppContext, path: str
) -> None:
    dialog: QWidget = _load(path)(demo_context)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.isRightToLeft()
