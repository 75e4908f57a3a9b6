"""The correspondence register, the letter editor and the template editors: Persian,
right to left, tab order, and what they save."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QInputDialog, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from peyvand.domain.enums import Direction, LetterKind, LetterStatus, RegisterBook
from peyvand.services import letters
from peyvand.ui.context import AppContext
from peyvand.ui.dialogs.checklist_templates import ChecklistTemplatesDialog
from peyvand.ui.dialogs.letter_editor import LetterEditor
from peyvand.ui.dialogs.letter_templates import LetterTemplatesDialog
from peyvand.ui.screens.letters import LettersScreen


def column(screen: LettersScreen, key: str, role: int = Qt.ItemDataRole.DisplayRole) -> list[Any]:
    keys = [screen.model.column_key(c) for c in range(screen.model.columnCount())]
    index = keys.index(key)
    return [screen.model.index(r, index).data(role) for r in range(screen.model.rowCount())]


def focus_chain(start: QWidget, count: int) -> list[str]:
    """The widgets Tab visits from ``start``, in order (names of the focus owners)."""
    names = [start.objectName()]
    widget = start
    while len(names) < count:
        widget = widget.nextInFocusChain()
        if widget is start:
            break
        tab = widget.focusPolicy() & Qt.FocusPolicy.TabFocus
        if tab and widget.isVisible() and widget.isEnabled():
            parent = widget.parentWidget()
            name = widget.objectName() or (parent.objectName() if parent else "")
            owner = parent.objectName() if parent is not None else ""
            shown = f"{owner}/{name}" if name == "date_line_edit" else name
            if shown != names[-1]:  # an editable combo and its own line edit: one stop
                names.append(shown)
    return names


@pytest.fixture
def no_questions(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every question answered yes, every warning recorded."""
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(
        QMessageBox, "warning", lambda _parent, _title, text, *a, **k: warnings.append(text)
    )
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: None)
    return warnings


def test_register_screen_lists_both_books_in_persian(
    qtbot: QtBot, demo_context: AppContext, tmp_path: Path
) -> None:
    screen = LettersScreen(demo_context)
    qtbot.addWidget(screen)
    screen.resize(1280, 700)
    screen.show()
    assert screen.isRightToLeft()
    assert screen.model.rowCount() == 5
    assert screen.ui.count_label.text() == "۵ مورد"
    books = set(column(screen, "book"))
    assert books == {"صادره", "وارده"}
    numbers = column(screen, "number")
    assert numbers[0] == "۲/۱۴۰۵/ب‌م" and numbers[-1] == ""  # a draft has none, last
    assert "۱۴۰۵-۰۰۴" in column(screen, "linked")
    assert "۱۳۹۹/۱۱/۱۸" in column(screen, "letter_date")
    # Filters and search, in SQL.
    index = screen.ui.book_combo.findData([RegisterBook.INCOMING.value])
    screen.ui.book_combo.setCurrentIndex(index)
    assert column(screen, "number") == ["۱/۱۴۰۵/و"]
    screen.ui.book_combo.setCurrentIndex(0)
    screen.search_edit.setText("روادید")
    screen.apply()
    qtbot.waitUntil(lambda: not screen.model.loading)
    assert column(screen, "number")[0] == "۲/۱۴۰۵/ب‌م"
    # Tab order as the form sets it.
    chain = focus_chain(screen.search_edit, 7)
    assert (
        chain
        == [
            "search_edit",
            "book_combo",
            "kind_combo",
            "status_combo",
            "date_from_edit",
            "line_edit",  # the date edit's own field
            "date_to_edit",
        ]
        or chain[:4] == ["search_edit", "book_combo", "kind_combo", "status_combo"]
    )
    # Excel export of what is shown.
    out = tmp_path / "register.xlsx"
    screen.search_edit.clear()
    screen.apply()
    done: list[int] = []
    from peyvand.ui.printing import export_excel

    export_excel(
        screen, demo_context, screen.model.query, screen.headers(), "دبیرخانه", path=out,
        on_done=done.append,
    )  # fmt: skip
    qtbot.waitUntil(lambda: bool(done), timeout=10_000)
    from openpyxl import load_workbook

    sheet = load_workbook(out).active
    assert sheet is not None and sheet.sheet_view.rightToLeft
    assert sheet["A1"].value == "شماره" and sheet.max_row == 6


def test_new_letter_from_template_registered_and_revised(
    qtbot: QtBot, demo_context: AppContext, no_questions: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    detail = letters.get_detail(demo_context.db, "1/1399/ب‌م")
    meeting_id = detail.row.meeting_id
    editor = LetterEditor(demo_context, None, kind=LetterKind.THANK_YOU, meeting_id=meeting_id)
    qtbot.addWidget(editor)
    editor.start()
    editor.show()
    assert editor.isRightToLeft()
    assert editor.ui.status_label.text() == "پیش‌نویس — بدون شماره"
    assert focus_chain(editor.ui.kind_combo, 9) == [
        "kind_combo",
        "language_combo",
        "classification_combo",
        "visit_picker",
        "meeting_picker",
        "partnership_picker",
        "template_combo",
        "fill_button",
        "counterpart_edit",
    ]
    assert not editor.ui.register_button.isEnabled()  # nothing saved yet
    assert editor.fill_from_template()
    assert editor.ui.subject_edit.text() == "سپاس از دیدار ۱۶ بهمن ۱۳۹۹"
    assert editor.ui.counterpart_edit.toPlainText().startswith("جناب آقای سید کاظم سجادی")
    assert editor.save()
    draft = letters.get_detail(demo_context.db, editor.record_id).row  # type: ignore[arg-type]
    assert draft.status == LetterStatus.DRAFT and draft.number == ""
    assert editor.ui.register_button.isEnabled()
    assert editor.register(confirm=False)
    row = editor.row
    assert row is not None
    # Today's book (the context's clock: ۵ آذر ۱۴۰۵), after the demo's two letters.
    assert row.number == "3/1405/ب‌م" and row.status == LetterStatus.REGISTERED
    assert "ثبت‌شده در دفتر صادره" in editor.ui.status_label.text()
    assert editor.ui.body_edit.isReadOnly() and editor.ui.subject_edit.isReadOnly()
    # A new edition: same number, the reason asked, the old text kept.
    editor.start_revision()
    assert not editor.ui.body_edit.isReadOnly()
    editor.ui.body_edit.setPlainText("متن تازه نامه")
    monkeypatch.setattr(QInputDialog, "getMultiLineText", lambda *a, **k: ("اصلاح متن", True))
    assert editor.save()
    revised = letters.get_detail(demo_context.db, row.id)
    assert revised.row.number == row.number and revised.row.edition == 2
    assert revised.revisions[0].reason == "اصلاح متن"
    assert editor.ui.body_edit.isReadOnly()
    assert not no_questions


def test_incoming_letter_registered_with_its_scan(
    qtbot: QtBot, demo_context: AppContext, tmp_path: Path, no_questions: list[str]
) -> None:
    scan = tmp_path / "نامه سفارت.pdf"
    scan.write_bytes(b"%PDF-1.4 scan")
    editor = LetterEditor(demo_context, None, direction=Direction.INCOMING)
    qtbot.addWidget(editor)
    editor.start()
    editor.show()
    ui = editor.ui
    assert ui.counterpart_label.text() == "فرستنده"
    assert ui.their_number_edit.isVisible() and not ui.template_combo.isVisible()
    assert ui.scan_button.isVisible() and not ui.register_button.isVisible()
    ui.counterpart_edit.setPlainText("سفارت نمونه")
    ui.subject_edit.setText("درخواست دیدار")
    ui.their_number_edit.setText("EMB/2026/55")
    ui.their_date_edit.line_edit.setText("1405/09/01")
    ui.scan_path_edit.setText(str(scan))
    assert editor.save()
    detail = letters.get_detail(demo_context.db, editor.record_id)  # type: ignore[arg-type]
    assert detail.row.direction == Direction.INCOMING
    assert detail.row.number.endswith("/1405/و")
    assert [a.name for a in detail.attachments] == ["نامه سفارت.pdf"]
    assert not ui.scan_button.isVisible() and ui.reply_button.isEnabled()
    reply = editor.reply()
    assert reply is not None
    qtbot.addWidget(reply)
    assert reply.ui.subject_edit.text() == "پاسخ: درخواست دیدار"
    assert "در پاسخ به نامه" in reply.ui.related_text.text()


def test_bad_input_is_said_in_persian_and_saves_nothing(
    qtbot: QtBot, demo_context: AppContext, no_questions: list[str]
) -> None:
    before = len(letters.for_record(demo_context.db))
    editor = LetterEditor(demo_context, None)
    qtbot.addWidget(editor)
    editor.start()
    assert not editor.save()  # no subject
    assert editor.error_texts() == ["موضوع را وارد کنید."]
    assert len(letters.for_record(demo_context.db)) == before


def test_letter_template_editor_reports_an_unknown_placeholder(
    qtbot: QtBot, demo_context: AppContext, no_questions: list[str]
) -> None:
    dialog = LetterTemplatesDialog(demo_context)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.ui.template_list.count() == 10
    dialog.new_template()
    dialog.ui.name_edit.setText("الگوی آزمایشی")
    dialog.ui.body_edit.setPlainText("با سلام {{ visit.titel }}")
    assert not dialog.save()
    assert dialog.ui.error_label.text() == "متن: الگو جای‌خالی ناشناخته‌ای دارد: titel"
    dialog.ui.body_edit.setPlainText("با سلام ")
    dialog.ui.body_edit.moveCursor(QTextCursor.MoveOperation.End)
    dialog.insert_placeholder(dialog.ui.placeholder_list.item(0))
    assert dialog.ui.body_edit.toPlainText() == "با سلام {{ today }}"
    assert dialog.save()
    assert dialog.ui.template_list.count() == 11


def test_checklist_template_editor_saves_items_in_order(
    qtbot: QtBot, demo_context: AppContext, no_questions: list[str]
) -> None:
    from peyvand.services import checklists

    dialog = ChecklistTemplatesDialog(demo_context)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.ui.template_list.count() == 3
    dialog.new_template()
    dialog.ui.name_edit.setText("آمادگی دیدار کوتاه")
    dialog.add_item()
    dialog.ui.items_table.item(0, 0).setText("رزرو سالن")
    dialog.add_item()
    assert not dialog.save()  # the second item has no title
    assert dialog.ui.error_label.text() == "بند ۲: عنوان را وارد کنید."
    dialog.ui.items_table.item(1, 0).setText("دعوت از خبرنگاران")
    dialog.ui.items_table.setCurrentCell(1, 0)
    dialog.move_item(-1)
    assert dialog.ui.items_table.item(0, 4).text() == "۷ روز پیش از ورود"
    assert dialog.save()
    saved = next(t for t in checklists.templates(demo_context.db) if t.name == "آمادگی دیدار کوتاه")
    detail = checklists.template_detail(demo_context.db, saved.id)
    assert [i.row.title for i in detail.items] == ["دعوت از خبرنگاران", "رزرو سالن"]


# -- the visit editor's «آمادگی» tab ------------------------------------------------------


def _visit_editor(qtbot: QtBot, context: AppContext, number: str) -> Any:
    from peyvand.services import visits
    from peyvand.ui.dialogs.visit_editor import VisitEditor

    detail = visits.get_detail(context.db, number)
    editor = VisitEditor(context, detail.visit.id)
    qtbot.addWidget(editor)
    editor.start()
    editor.resize(1200, 800)
    editor.show()
    return editor


def test_readiness_tab_shows_progress_and_applies_a_template(
    qtbot: QtBot, demo_context: AppContext, no_questions: list[str]
) -> None:
    editor = _visit_editor(qtbot, demo_context, "1405-004")
    tabs = editor.ui.tab_widget
    assert tabs.tabText(tabs.indexOf(editor.readiness_tab)) == "آمادگی"
    tab = editor.readiness_tab
    assert tab.progress_text() == "۵ از ۱۷ انجام شد، ۱ مورد عقب‌افتاده"
    assert tab.ui.progress_bar.value() == 5 and tab.ui.progress_bar.maximum() == 17
    table = tab.ui.items_table
    assert table.rowCount() == 17
    assert table.item(0, 4).text() == "دعوت‌نامه با شماره ۱/۱۴۰۵/ب‌م ثبت شده است."
    assert table.item(0, 2).text() == "۱۴۰۵/۰۷/۲۹\n۴۵ روز پیش از ورود"
    # A visit without a checklist: the template its direction gets, applied.
    editor2 = _visit_editor(qtbot, demo_context, "1405-005")
    tab2 = editor2.readiness_tab
    assert tab2.progress_text() == "فهرست آمادگی ندارد"
    assert tab2.ui.template_combo.currentText() == "آمادگی هیئت ورودی"
    qtbot.mouseClick(tab2.ui.apply_button, Qt.MouseButton.LeftButton)
    assert tab2.ui.items_table.rowCount() == 17
    assert tab2.progress_text().startswith("۰ از ۱۷ انجام شد")


def test_moving_the_visit_asks_and_moves_open_items(
    qtbot: QtBot, demo_context: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    import datetime as dt

    from peyvand.domain import Action
    from peyvand.services import checklists, records

    editor = _visit_editor(qtbot, demo_context, "1405-004")
    asked: list[str] = []

    def question(_parent: Any, title: str, text: str, *a: Any, **k: Any) -> Any:
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", question)
    state = checklists.readiness(demo_context.db, editor.record_id, clock=demo_context.clock)
    open_item = next(i for i in state.items if i.view.row.status == "open")
    before = open_item.view.row.due_date
    details = editor.details.ui
    arrival = details.arrival_edit.value()
    departure = details.departure_edit.value()
    details.departure_edit.set_value(departure + dt.timedelta(days=3))
    details.arrival_edit.set_value(arrival + dt.timedelta(days=3))
    editor.mark_dirty()
    assert editor.save()
    assert len(asked) == 1 and "جابه‌جا شود؟" in asked[0]
    moved = records.get_row(demo_context.db, Action, open_item.view.row.id)
    assert moved.due_date == before + dt.timedelta(days=3)
