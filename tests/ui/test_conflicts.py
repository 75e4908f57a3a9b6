"""The conflicts screen: both values side by side (a diff for long texts), keep the
office's, take the laptop's, or type another; the record's history keeps both values
and says what was chosen."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from peyvand.domain import AgendaItem, Statement
from peyvand.errors import NotFoundError
from peyvand.services import conflicts, records, trips
from peyvand.ui.context import AppContext
from peyvand.ui.dialogs.conflict_edit_dialog import ConflictEditDialog
from peyvand.ui.dialogs.history_dialog import HistoryDialog
from peyvand.ui.main_window import MainWindow
from peyvand.ui.screens.conflicts import ConflictsScreen, word_diff_html

from .conftest import CHEAP, LAPTOP_TEXT, OFFICE_TEXT, PASSPHRASE, make_conflicts


@pytest.fixture
def conflicted(office_context: AppContext, trip_package: Path, tmp_path: Path) -> dict[str, Any]:
    ids = make_conflicts(office_context.db, trip_package)
    result = trips.import_package(
        office_context.db, trip_package, PASSPHRASE, cost=CHEAP, backup_folder=tmp_path / "b"
    )
    assert result.conflicts == 3
    return ids


def _screen(qtbot: QtBot, context: AppContext) -> ConflictsScreen:
    screen = ConflictsScreen(context)
    qtbot.addWidget(screen)
    screen.resize(1100, 760)
    screen.show()
    return screen


def _select(screen: ConflictsScreen, entity_id: uuid.UUID) -> conflicts.ConflictView:
    rows = [v.conflict.entity_id for v in screen.views()]
    screen.select_row(rows.index(str(entity_id)))
    view = screen.selected()
    assert view is not None
    return view


def _history(context: AppContext, entity: str, entity_id: uuid.UUID) -> list[list[str]]:
    dialog = HistoryDialog(context, entity, entity_id)
    table = dialog.table
    rows = [
        [table.item(r, c).text() for c in range(table.columnCount())]
        for r in range(table.rowCount())
    ]
    dialog.deleteLater()
    return rows


def _text(context: AppContext, statement: uuid.UUID) -> str:
    text: str = records.get_row(context.db, Statement, statement).text
    return text


def test_both_values_side_by_side_with_a_diff_for_long_texts(
    qtbot: QtBot, office_context: AppContext, conflicted: dict[str, Any]
) -> None:
    screen = _screen(qtbot, office_context)
    ui = screen.ui
    assert screen.isRightToLeft()
    assert ui.conflicts_table.rowCount() == 3 and ui.count_label.text() == "۳ ناسازگاری باز"
    kinds = {ui.conflicts_table.item(r, 2).text() for r in range(3)}
    assert kinds == {"دو مقدار متفاوت", "حذف در برابر ویرایش"}

    view = _select(screen, conflicted["long"])
    assert ui.conflicts_table.item(ui.conflicts_table.currentRow(), 1).text() == "متن"
    assert ui.record_label.text().startswith("اظهارات: ")
    assert ui.office_edit.toPlainText() == OFFICE_TEXT and ui.office_edit.isReadOnly()
    assert ui.laptop_edit.toPlainText() == LAPTOP_TEXT and ui.laptop_edit.isReadOnly()
    assert ui.base_label.text() == view.base
    assert ui.diff_group.isVisibleTo(screen)
    diff = ui.diff_browser.toHtml()
    assert "بهار" in diff and "پاییز" in diff and "line-through" in diff
    assert ui.edit_button.isEnabled()

    _select(screen, conflicted["short"])
    assert not ui.diff_group.isVisibleTo(screen)

    _select(screen, conflicted["item"])
    assert ui.office_edit.toPlainText() == "ویرایش‌شده در دفتر"
    assert ui.laptop_edit.toPlainText() == "حذف‌شده در سفر"
    assert not ui.edit_button.isEnabled()  # delete against edit: keep or take only
    assert ui.keep_button.isEnabled() and ui.take_button.isEnabled()


def test_keep_the_office_value(
    qtbot: QtBot, office_context: AppContext, conflicted: dict[str, Any]
) -> None:
    screen = _screen(qtbot, office_context)
    _select(screen, conflicted["long"])
    with qtbot.waitSignal(screen.resolved, timeout=2000):
        screen.ui.keep_button.click()
    assert len(screen.views()) == 2 and screen.ui.count_label.text() == "۲ ناسازگاری باز"
    assert _text(office_context, conflicted["long"]) == OFFICE_TEXT
    rows = _history(office_context, "statement", conflicted["long"])
    resolve = next(r for r in rows if r[2] == "حل ناسازگاری")
    assert "تصمیم: مقدار دفتر نگه داشته شد" in resolve[3]
    assert "متن — دفتر: " in resolve[3] and "متن — سفر: " in resolve[3]
    found = next(r for r in rows if r[2] == "ناسازگاری در ادغام سفر")
    assert "_package" not in found[3] and "_kind" not in found[3]
    assert LAPTOP_TEXT[:40] in found[3]  # the value not chosen is in the history


def test_take_the_laptop_value_of_a_deleted_row(
    qtbot: QtBot, office_context: AppContext, conflicted: dict[str, Any]
) -> None:
    screen = _screen(qtbot, office_context)
    _select(screen, conflicted["item"])
    screen.ui.take_button.click()
    with pytest.raises(NotFoundError):
        records.get_row(office_context.db, AgendaItem, conflicted["item"])  # deleted
    rows = _history(office_context, "agenda_item", conflicted["item"])
    resolve = next(r for r in rows if r[2] == "حل ناسازگاری")
    assert "دفتر: ویرایش‌شده و برقرار" in resolve[3] and "سفر: حذف‌شده" in resolve[3]
    assert "تصمیم: مقدار سفر پذیرفته شد" in resolve[3]


def test_edit_starts_from_the_laptop_value(
    qtbot: QtBot, office_context: AppContext, conflicted: dict[str, Any]
) -> None:
    screen = _screen(qtbot, office_context)
    _select(screen, conflicted["short"])
    dialog = screen.edit_selected()
    assert isinstance(dialog, ConflictEditDialog)
    assert dialog.kind == "line" and dialog.ui.line_edit.text() == "کوتاه در سفر"
    assert dialog.isRightToLeft()
    dialog.set_text("")
    dialog.accept()  # a statement needs its text: shown under the box, nothing changes
    assert dialog.error_text() and dialog.isVisible()
    assert len(conflicts.open_conflicts(office_context.db)) == 3
    dialog.set_text("متن نهایی پس از سفر")
    with qtbot.waitSignal(screen.resolved, timeout=2000):
        dialog.accept()
    assert _text(office_context, conflicted["short"]) == "متن نهایی پس از سفر"
    assert len(screen.views()) == 2
    rows = _history(office_context, "statement", conflicted["short"])
    resolve = next(r for r in rows if r[2] == "حل ناسازگاری")
    assert "کوتاه در دفتر" in resolve[3] and "کوتاه در سفر" in resolve[3]
    assert "مقدار نهایی: متن نهایی پس از سفر" in resolve[3]


def test_the_main_window_counts_open_conflicts(
    qtbot: QtBot, office_context: AppContext, conflicted: dict[str, Any]
) -> None:
    window = MainWindow(office_context)
    qtbot.addWidget(window)
    window.show()
    assert window.conflicts_status_label.isVisibleTo(window)
    assert "۳ ناسازگاری باز" in window.conflicts_status_label.text()
    window.conflicts_status_label.linkActivated.emit("conflicts")
    screen = window.current_screen()
    assert isinstance(screen, ConflictsScreen)
    for _ in range(3):
        screen.select_row(0)
        screen.resolve_selected("office")
    assert screen.ui.empty_label.isVisibleTo(screen)
    assert not window.conflicts_status_label.isVisibleTo(window)
    assert window.ui.nav_list.currentItem().text() == "ناسازگاری‌ها"
    assert screen.selected() is None and screen.resolve_selected("office") is None


def test_a_conflict_resolved_elsewhere_is_said_in_persian(
    qtbot: QtBot,
    office_context: AppContext,
    conflicted: dict[str, Any],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    screen = _screen(qtbot, office_context)
    view = _select(screen, conflicted["long"])
    conflicts.resolve(office_context.db, view.seq, "laptop")
    warned: list[str] = []

    def warn(_parent: QWidget, _title: str, text: str, *_a: object) -> int:
        warned.append(text)
        return 0

    monkeypatch.setattr(QMessageBox, "warning", warn)
    assert screen.resolve_selected("office") is None
    assert warned and "پیش‌تر حل شده است" in warned[0]
    assert len(screen.views()) == 2


def test_word_diff_marks_only_what_differs() -> None:
    html = word_diff_html("الف ب ج د", "الف ب ه د")
    assert html.count("line-through") == 1 and "ج" in html and "ه" in html
    assert 'dir="rtl"' in html
