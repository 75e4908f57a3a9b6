"""«تاریخچه…» speaks Persian: field labels as the forms show them, values as the forms
show them (Jalali, Persian digits, بله/خیر, names instead of UUIDs, enum labels), one
line per field, and a tall entry can be scrolled to its end with the wheel."""

from __future__ import annotations

import datetime as dt
import re

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QAbstractItemView, QApplication
from pytestqt.qtbot import QtBot

from peyvand.domain import Meeting, Organization, Person
from peyvand.services import history, meetings, records
from peyvand.ui.context import AppContext
from peyvand.ui.dialogs.history_dialog import HistoryDialog

LRI, PDI = "\u2066", "\u2069"
UUID_RE = re.compile(r"[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}")
INTERNALS = ("is_final", "finalized_at", "number_provisional", "True", "False", "+00:00", "_")


def _dialog(qtbot: QtBot, context: AppContext, entity: str, record_id: object) -> HistoryDialog:
    dialog = HistoryDialog(context, entity, record_id)  # type: ignore[arg-type]
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _changes(dialog: HistoryDialog) -> list[str]:
    table = dialog.table
    return [table.item(r, 3).text() for r in range(table.rowCount())]


def test_a_meetings_history_reads_like_its_form(qtbot: QtBot, context: AppContext) -> None:
    db = context.db
    org = records.create_row(db, Organization, {"name": "سفارت ایتالیا"})
    detail = meetings.record_meeting(
        db, {"title": "دیدار با سفیر", "date": dt.date(2021, 2, 4), "kind": "official"}
    )
    mid = detail.meeting.id
    meetings.finalize(db, mid, clock=context.clock)
    meetings.reopen(db, mid)
    records.update_row(
        db,
        Meeting,
        mid,
        {
            "organization_id": org.id,
            "date": dt.date(2021, 2, 5),
            "kind": "working",
            "summary": "سطر نخست\nسطر دوم",
        },
    )
    dialog = _dialog(qtbot, context, "meeting", mid)
    update, reopen, final, created = _changes(dialog)
    events = history.history(db, "meeting", mid)
    assert [e.action for e in events] == ["update", "update", "update", "create"]

    for text in (update, reopen, final, created):
        for internal in INTERNALS:
            assert internal not in text, (internal, text)
        assert not UUID_RE.search(text), text
        assert not re.search("[0-9]", text), text  # Persian digits only
    # One line per field, each with the form's label.
    assert update.split("\n") == [
        "تاریخ: ۱۳۹۹/۱۱/۱۶ ← ۱۳۹۹/۱۱/۱۷",
        "نوع جلسه: رسمی ← کاری",
        "طرف مقابل: — ← سفارت ایتالیا",
        "خلاصه: — ← سطر نخست ⏎ سطر دوم",
    ]
    assert final.split("\n")[0] == "صورتجلسه نهایی: خیر ← بله"
    assert final.split("\n")[1].startswith("زمان نهایی‌شدن: — ← ۱۴۰۵/۰۹/۰۵ ")
    assert reopen.split("\n")[0] == "صورتجلسه نهایی: بله ← خیر"
    # The creation lists what was filled in, the number kept in reading order.
    lines = created.split("\n")
    assert lines[0] == f"شماره: {LRI}۱۳۹۹-۰۰۱{PDI}"
    assert "عنوان: دیدار با سفیر" in lines and "نوع جلسه: رسمی" in lines
    assert not [line for line in lines if line.startswith("شماره موقت")]
    # Time of the event: Tehran wall time, Jalali.
    assert dialog.table.item(0, 0).text().startswith("۱۴")
    assert dialog.table.item(0, 2).text() == "ویرایش"


def test_a_persons_history_uses_the_person_forms_labels(qtbot: QtBot, context: AppContext) -> None:
    db = context.db
    person = records.create_row(
        db, Person, {"name": "پروین", "title": "رایزن", "email": "p@example.org"}
    )
    records.update_row(db, Person, person.id, {"title": "سفیر", "tags": ["هنر", "ورزش"]})
    dialog = _dialog(qtbot, context, "person", person.id)
    update, created = _changes(dialog)
    assert update.split("\n") == ["سمت: رایزن ← سفیر", "برچسب‌ها: — ← هنر، ورزش"]
    assert f"رایانامه: {LRI}p@example.org{PDI}" in created.split("\n")


def test_a_tall_entry_scrolls_per_pixel_to_its_end(qtbot: QtBot, context: AppContext) -> None:
    db = context.db
    values = {
        "name": "شهرداری نمونه",
        "name_en": "Sample City",
        "kind": "municipality",
        "country": "ایتالیا",
        "city": "فلورانس",
        "city_en": "Florence",
        "website": "https://example.org",
        "notes": "یادداشت " * 5,
    }
    org = records.create_row(db, Organization, values)
    dialog = _dialog(qtbot, context, "organization", org.id)
    dialog.resize(700, 170)  # shorter than the creation's eight lines
    table = dialog.table
    assert table.verticalScrollMode() == QAbstractItemView.ScrollMode.ScrollPerPixel
    viewport = table.viewport()
    assert table.visualRect(table.model().index(0, 3)).bottom() > viewport.height()
    for _ in range(20):
        wheel = QWheelEvent(
            QPointF(50, 50),
            QPointF(viewport.mapToGlobal(QPoint(50, 50))),
            QPoint(0, 0),
            QPoint(0, -120),
            Qt.MouseButton.NoButton,
            Qt.KeyboardModifier.NoModifier,
            Qt.ScrollPhase.NoScrollPhase,
            False,
        )
        QApplication.sendEvent(viewport, wheel)
    assert table.verticalScrollBar().value() == table.verticalScrollBar().maximum() > 0
    # The last line of the creation is in view.
    assert table.visualRect(table.model().index(0, 3)).bottom() <= viewport.height()
