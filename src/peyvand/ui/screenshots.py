"""`peyvand screenshot`: the main screens rendered offscreen to PNG files.

For documentation and for looking at every screen after a change. Windows are
rendered at 1280×800 (at least 1000×700); a popup is painted into its window.

The trip pictures (the window in trip mode, the import summary, the conflicts screen)
need a trip that came back with conflicts: :func:`take_trip` makes one in a temporary
folder, from a copy of the database — the database itself is only read.
"""

from __future__ import annotations

import os
import secrets
import tempfile
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QPoint
from PySide6.QtGui import QPainter, QPixmap
from PySide6.QtWidgets import QApplication, QTabWidget, QWidget

from peyvand.services import lists
from peyvand.services.lists import ListQuery
from peyvand.storage.trip_package import KdfCost
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
    from peyvand.ui.main_window import MainWindow
    from peyvand.ui.registry import SCREENS, editor_class

    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    window = MainWindow(context)
    for key, _path in SCREENS:
        if key == "conflicts":
            continue  # take_trip shows it with conflicts to resolve
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

    # Protocol: the visit with its checklist, a registered letter, an incoming one.
    editor(
        "visit",
        _first(context, "visits", search="حیدرآباد"),
        "visit-readiness",
        tab="readiness_tab",
    )
    editor(
        "letter",
        _first(context, "letters", filters={"status": ["registered"]}, sort="letter_date"),
        "letter-editor",
    )
    editor("letter", _first(context, "letters", filters={"book": ["incoming"]}), "letter-incoming")
    written.extend(_template_editors(context, window, out))

    # The history of a meeting that was finalized: its creation and the finalization.
    finalized = [
        r for r in lists.page(context.db, ListQuery("meetings"), 0, 100) if r.values["is_final"]
    ]
    if finalized:
        from peyvand.ui.dialogs.history_dialog import HistoryDialog

        dialog = HistoryDialog(context, "meeting", finalized[0].id, window)
        written.append(_shoot(dialog, out / "history.png", (900, 520)))
        dialog.close()

    # The user guide, as «راهنما ← راهنمای کاربر» shows it (in a bundle: proof it is there).
    guide = window.show_user_guide()
    written.append(_shoot(guide, out / "user-guide.png", (900, 700)))
    guide.close()

    partnership = _first(context, "partnerships", sort="last_contact", descending=True)
    if partnership is not None:
        from peyvand.ui.dialogs.relationship_view import RelationshipView

        view = RelationshipView(context, partnership_id=partnership, parent=window)
        written.append(_shoot(view, out / "relationship-view.png"))
        view.close()

    written.append(_date_picker(context, window, out / "date-picker.png"))
    written += _year_pictures(context, window, out)
    window.close()
    return written


def _template_editors(context: AppContext, window: QWidget, out: Path) -> list[Path]:
    """The checklist and letter template editors, as Settings opens them."""
    from peyvand.ui.dialogs.checklist_templates import ChecklistTemplatesDialog
    from peyvand.ui.dialogs.letter_templates import LetterTemplatesDialog

    written: list[Path] = []
    for dialog, name in (
        (ChecklistTemplatesDialog(context, window), "checklist-templates"),
        (LetterTemplatesDialog(context, window), "letter-templates"),
    ):
        written.append(_shoot(dialog, out / f"{name}.png", (1100, 720)))
        dialog.close()
    return written


def _year_pictures(context: AppContext, window: Any, out: Path) -> list[Path]:
    """The calendar's week view, the news draft of the seed meeting and the first page
    of this year's activity report (issue 15)."""
    from peyvand.errors import PeyvandError

    written: list[Path] = []
    calendar = window.show_screen("calendar")
    days = [e.start for e in calendar.entries]
    busiest = max(days, key=days.count, default=None)
    if busiest is not None:
        calendar.show_week(busiest)
        written.append(_shoot(window, out / "calendar-week.png"))
        calendar.ui.view_combo.setCurrentIndex(0)
    seed = _first(context, "meetings", sort="date")
    if seed is not None:
        try:
            dialog = window.show_news_draft(seed)
        except PeyvandError:
            dialog = None
        if dialog is not None:
            written.append(_shoot(dialog, out / "news-draft.png", (820, 640)))
            dialog.close()
    from peyvand import briefs
    from peyvand.services.clock import today
    from peyvand.services.periods import jalali_year_range

    first, last = jalali_year_range(today(context.clock))
    pdf = briefs.activity_report(
        context.db, None, context.settings, start=first, end=last, clock=context.clock
    )
    import pypdfium2  # type: ignore[import-untyped]

    document = pypdfium2.PdfDocument(bytes(pdf))
    try:
        for number in range(min(len(document), 2)):
            image = document[number].render(scale=1.1).to_pil()
            path = out / f"activity-report-{number + 1}.png"
            image.save(path)
            written.append(path)
    finally:
        document.close()
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


def _trip_meeting(context: AppContext) -> Any:
    """A meeting of a visit with at least two statements (its minutes conflict)."""
    from peyvand.domain.enums import Classification
    from peyvand.services import meetings

    for row in lists.page(context.db, ListQuery("meetings", sort="date"), 0, 200):
        detail = meetings.get_detail(context.db, row.id)
        meeting = detail.meeting
        if (
            meeting.visit_id is not None
            and not meeting.is_final
            and meeting.classification is Classification.NORMAL
            and len(detail.statements) >= 2
            and detail.agenda
        ):
            return detail
    return None


def take_trip(db_path: Path, out: Path, *, cost: KdfCost | None = None) -> list[Path]:
    """The trip pictures, from a copy of ``db_path`` in a temporary folder: a visit
    exported, edited "on the laptop" (trip-mode.png), edited differently in the office,
    then imported back (trip-import.png, conflicts.png). Nothing when no visit has
    minutes to work on. ``cost`` (the package's key derivation) is for tests."""
    from peyvand.services import backups
    from peyvand.storage.database import Database

    written: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="peyvand-shots-") as folder:
        work = Path(folder)
        backups.backup_to(db_path, work / "office.sqlite3")  # a consistent copy
        office = Database.open(work / "office.sqlite3", create=False)
        try:
            detail = _trip_meeting(AppContext(db=office))
            if detail is not None:
                written += _shoot_trip(office, detail, work, out, cost or KdfCost.DEFAULT)
        finally:
            office.close()
    return written


def _office_edits(office: Any, detail: Any) -> None:
    """Meanwhile in the office: the same statements and agenda item, edited otherwise."""
    from peyvand.domain import AgendaItem, Statement
    from peyvand.services import records

    first, second = detail.statements[0].row, detail.statements[1].row
    item = detail.agenda[0]
    office_text = f"{first.text} دفتر یادآوری کرد که گزارش همکاری باید تا پایان ماه فرستاده شود."
    records.update_row(office, Statement, first.id, {"text": office_text})
    records.update_row(office, Statement, second.id, {"text": second.text + "."})
    records.update_row(office, AgendaItem, item.id, {"text": item.text + " (بازبینی)"})


def _shoot_trip(
    office: Any, detail: Any, work: Path, out: Path, cost: KdfCost
) -> list[Path]:
    from peyvand.domain import AgendaItem, Meeting, Statement
    from peyvand.services import records, trips
    from peyvand.storage.database import Database
    from peyvand.ui.dialogs.trip_import_dialog import TripImportDialog
    from peyvand.ui.main_window import MainWindow

    written: list[Path] = []
    passphrase = secrets.token_urlsafe(16)
    first, second = detail.statements[0].row, detail.statements[1].row
    item = detail.agenda[0]
    package = work / "trip.pvtrip"
    trips.export_visit(office, str(detail.meeting.visit_id), package, passphrase, cost=cost)
    laptop = Database.open_package(package, passphrase, cost=cost)
    try:
        laptop_text = (
            f"{first.text} در سفر افزوده شد که طرف مقابل آمادگی خود را برای برگزاری "
            "نمایشگاه مشترک در پاییز اعلام کرد."
        )
        records.update_row(laptop, Statement, first.id, {"text": laptop_text})
        records.update_row(laptop, Statement, second.id, {"text": second.text + "…"})
        records.delete_row(laptop, AgendaItem, item.id)
        new_meeting = {
            "title": "نشست کاری با اتاق بازرگانی در سفر",
            "date": detail.meeting.date,
            "visit_id": detail.meeting.visit_id,
        }
        records.create_row(laptop, Meeting, new_meeting)
        trip_window = MainWindow(AppContext(db=laptop))
        meetings_screen: Any = trip_window.show_screen("meetings")
        # The provisional number («T…») is longer than the office's: shown in full.
        meetings_screen.table_view.resizeColumnToContents(0)
        trip_window.ui.status_bar.clearMessage()  # the temporary folder means nothing
        written.append(_shoot(trip_window, out / "trip-mode.png"))
        trip_window.close()
    finally:
        laptop.close()
    _office_edits(office, detail)
    context = AppContext(db=office)
    window = MainWindow(context)
    summary = trips.import_package(office, package, passphrase, dry_run=True, cost=cost)
    dialog = TripImportDialog(context, window)
    dialog.ui.file_edit.setText(str(Path.home() / "trip.pvtrip"))
    dialog.ui.passphrase_edit.setText(passphrase)
    dialog.preview = summary
    dialog.show_summary(summary)
    dialog.ui.apply_button.setEnabled(True)
    written.append(_shoot(dialog, out / "trip-import.png", (720, 600)))
    dialog.close()
    trips.import_package(
        office, package, passphrase, cost=cost, backup_folder=work / "backups"
    )
    window.refresh()
    screen: Any = window.show_screen("conflicts")
    rows = [v.conflict.entity_id for v in screen.views()]
    screen.select_row(rows.index(str(first.id)))
    window.ui.status_bar.clearMessage()
    written.append(_shoot(window, out / "conflicts.png"))
    window.close()
    return written


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
        written = take_all(AppContext(db=db, settings=load_settings()), out)
    finally:
        db.close()
    return written + take_trip(db_path, out)
