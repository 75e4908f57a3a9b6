"""«راهنما ← راهنمای کاربر» opens the Persian user guide shipped with the program (and
with the bundle), pictures included, right to left; beside «درباره پیوند»."""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path
from types import ModuleType

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QKeySequence, QTextDocument
from pytestqt.qtbot import QtBot

from peyvand import paths
from peyvand.ui.context import AppContext
from peyvand.ui.dialogs import user_guide
from peyvand.ui.dialogs.user_guide import UserGuideDialog
from peyvand.ui.main_window import MainWindow

ROOT = Path(__file__).resolve().parents[2]


def _bundle_paths() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "bundle_paths", ROOT / "installer" / "bundle_paths.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("bundle_paths", module)
    spec.loader.exec_module(module)
    return module


PICTURE = re.compile(r"!\[[^\]]*\]\(([^)]+)\)")


def test_the_help_menu_opens_the_user_guide(qtbot: QtBot, demo_context: AppContext) -> None:
    window = MainWindow(demo_context)
    qtbot.addWidget(window)
    window.show()
    ui = window.ui
    assert [a.text() for a in ui.help_menu.actions()] == ["راهنمای کاربر", "درباره پیوند"]
    assert ui.user_guide_action.shortcut() == QKeySequence("F1")
    ui.user_guide_action.trigger()
    dialog = window.findChild(UserGuideDialog)
    assert dialog is not None and dialog.isVisible()
    qtbot.waitExposed(dialog)
    document = dialog.browser.document()
    assert document.toPlainText().startswith("راهنمای کاربر پیوند")
    # Its pictures are found beside the guide and fit the page.
    names = PICTURE.findall(paths.user_guide().read_text(encoding="utf-8"))
    assert names
    width = dialog.browser.viewport().width()
    resource = document.resource(QTextDocument.ResourceType.ImageResource, QUrl(names[0]))
    assert resource is not None and not resource.isNull()
    assert document.idealWidth() <= width
    first = document.begin()
    assert first.blockFormat().layoutDirection().name == "RightToLeft"
    # Asked again, the same window comes forward.
    ui.user_guide_action.trigger()
    assert window.findChildren(UserGuideDialog) == [dialog]


def test_the_guide_and_its_pictures_are_in_the_bundle() -> None:
    bundled = {(p.resolve(), dest) for p, dest in _bundle_paths().data_sources()}
    guide = paths.user_guide()
    assert (guide.resolve(), "docs") in bundled
    for name in PICTURE.findall(guide.read_text(encoding="utf-8")):
        picture = (guide.parent / name).resolve()
        assert picture.is_file(), name
        assert (picture, str(Path("docs") / Path(name).parent)) in bundled, name


def test_a_missing_guide_says_so_in_persian(
    qtbot: QtBot, app: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(user_guide, "user_guide", lambda: tmp_path / "user-guide.md")
    dialog = UserGuideDialog()
    qtbot.addWidget(dialog)
    assert dialog.browser.toPlainText().startswith("راهنمای کاربر در این نسخه پیدا نشد")
