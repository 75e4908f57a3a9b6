"""`peyvand screenshot`: the main screens rendered offscreen to PNG files.

For documentation and for looking at every screen after a change. Windows are
rendered at 1280×800 (at least 1000×700); a popup is painted into its window.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QPoint
from PySide6.QtGui import QPainter, QPixmap
from PySide6.QtWidgets import QApplication, QTabWidget, QWidget

from peyvand.services import lists
from peyvand.services.lists import ListQuery
from peyvand.ui.context import AppContext

SIZE = (1280, 800)


def _first(context: AppContext, kind: str, **query: object) -> uuid.UUID | None:
    rows = lists.page(context.db, ListQuery(kind, **query), 0, 1, clock=context.clock)  # type: ignore[arg-type]
    return rows[0].id if rows else None


def _settle(widget: QWidget) -> None:
    app = QApplication.instance()
    for _ in range(3):
        if app is not None:
            app.processEvents()
    widget.repaint()


def _shoot(widget: QWidget, path: Path, size: tuple[int, int] = SIZE) -> Path:
    widget.resize(*size)
    widget.show()
    _settle(widget)
    widget.grab().save(str(path))
    return path


def take_all(context: AppContext, out: Path) -> list[Path]:
    """Render every main screen and the key editors; returns the files written."""
    from peyvand.ui.main_window import SCREENS, MainWindow
    from peyvand.ui.registry import editor_class

    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    window = MainWindow(context)
    for key, _path in SCREENS:
        window.show_screen(key)
        written.append(_shoot(window, out / f"{key}.png"))

    def editor(entity: str, record_id: uuid.UUID | None, name: str, tab: str = "") -> None:
        if record_id is None:
            return
        dialog = editor_class(entity)(context, record_id, window)
        dialog.start()
        if tab:
            # Show the part of the editor the picture is about (the minutes, say).
            page = dialog.findChild(QWidget, tab)
            tabs = page.parentWidget().parentWidget() if page is not None else None
            if isinstance(tabs, QTabWidget) and page is not None:
                tabs.setCurrentWidget(page)
        written.append(_shoot(dialog, out / f"{name}.png"))
        dialog.set_dirty(False)
        dialog.close()

    # The seed meeting is the oldest one; the busiest visit and an overdue action.
    seed = _first(context, "meetings", sort="date")
    editor("meeting", seed, "meeting-editor", tab="statements_tab")
    editor("meeting", seed, "meeting-editor-details")
    editor("visit", _first(context, "visits"), "visit-editor")
    editor("action", _first(context, "actions", filters={"state": "overdue"}), "action-editor")
    editor("person", _first(context, "people"), "person-editor")

    partnership = _first(context, "partnerships", sort="last_contact", descending=True)
    if partnership is not None:
        from peyvand.ui.dialogs.relationship_view import RelationshipView

        view = RelationshipView(context, partnership_id=partnership, parent=window)
        written.append(_shoot(view, out / "relationship-view.png"))
        view.close()

    written.append(_date_picker(context, window, out / "date-picker.png"))
    window.close()
    return written


def _date_picker(context: AppContext, window: QWidget, path: Path) -> Path:
    """The Jalali calendar popup, painted into the actions screen where it opens."""
    from peyvand.ui.screens.actions import ActionsScreen

    main: Callable[[str], QWidget] = window.show_screen  # type: ignore[attr-defined]
    screen = main("actions")
    assert isinstance(screen, ActionsScreen)
    _shoot(window, path)
    popup = screen.ui.due_from_edit.show_calendar()
    _settle(popup)
    canvas = QPixmap(window.grab())
    field = screen.ui.due_from_edit
    anchor = (
        window.mapFromGlobal(popup.pos())
        if popup.isVisible()
        else field.mapTo(window, QPoint(0, field.height()))
    )
    painter = QPainter(canvas)
    painter.drawPixmap(anchor, popup.grab())
    painter.end()
    popup.hide()
    canvas.save(str(path))
    return path


def main(db_path: Path, out: Path) -> list[Path]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from peyvand.app import make_application
    from peyvand.config import load_settings
    from peyvand.storage.database import Database
    from peyvand.ui.formgen import build

    build()
    make_application()
    db = Database.open(db_path, create=False)
    try:
        return take_all(AppContext(db=db, settings=load_settings()), out)
    finally:
        db.close()
