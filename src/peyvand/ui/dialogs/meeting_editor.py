"""جلسه و صورتجلسه: the minutes editor, built for typing during the meeting.

The header and the minutes (participants, agenda, statements, decisions) are one
document on screen, saved together in one transaction (``services.minutes.save``);
a new meeting needs no separate first save. Each tab is its own widget and form
(``meeting_tabs``); this dialog holds the header, the buttons, the save, the final
lock and the drafts. Text typed in an entry box but not yet added is saved with the
record (never lost) and goes into the crash drafts like every other field.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox, QPushButton, QWidget

from peyvand.services import meetings, minutes
from peyvand.services.clock import today
from peyvand.services.minutes import FollowUp, Minutes
from peyvand.text import format_datetime_local, format_jalali_date, to_persian_digits
from peyvand.ui.context import AppContext
from peyvand.ui.dialogs.base_editor import (
    EditorDialog,
    buttons_in_order,
    focus_chain,
    set_tab_order,
)
from peyvand.ui.dialogs.followup_dialog import FollowupDialog
from peyvand.ui.dialogs.meeting_tabs.agenda_tab import AgendaTab
from peyvand.ui.dialogs.meeting_tabs.base import MinutesTab
from peyvand.ui.dialogs.meeting_tabs.decisions_tab import DecisionsTab
from peyvand.ui.dialogs.meeting_tabs.details_tab import DetailsTab
from peyvand.ui.dialogs.meeting_tabs.entries import (
    AgendaEntry,
    DecisionEntry,
    ParticipantEntry,
    StatementEntry,
    agenda_from,
    decision_from,
    jsonable,
    participant_from,
    statement_from,
    to_uuid,
)
from peyvand.ui.dialogs.meeting_tabs.participants_tab import ParticipantsTab, person_detail
from peyvand.ui.dialogs.meeting_tabs.statements_tab import StatementsTab
from peyvand.ui.dialogs.partnership_editor import open_elsewhere
from peyvand.ui.formatting import short_number
from peyvand.ui.forms.ui_meeting_editor import Ui_MeetingEditor
from peyvand.ui.widgets.attachments_panel import AttachmentsPanel
from peyvand.ui.widgets.combo import select_data


class MeetingEditor(EditorDialog):
    entity = "meeting"

    def __init__(
        self, context: AppContext, record_id: uuid.UUID | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(context, record_id, parent)
        self.ui = Ui_MeetingEditor()
        self.ui.setupUi(self)
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        self.number = ""
        self.is_final = False
        self._followups_fresh = False  # read by load(): the first activation skips them
        self._finalized_text = ""
        self._saved: Minutes | None = None
        self._build_tabs()
        self._connect()
        self.set_tab_order()
        self._update_header()

    # -- building ---------------------------------------------------------------

    def _build_tabs(self) -> None:
        ui = self.ui
        context = self.context

        def loading() -> bool:
            return self._loading

        self.details = DetailsTab(context, ui.tabs)
        self.participants = ParticipantsTab(context, loading, ui.tabs)
        self.agenda = AgendaTab(context, loading, ui.tabs)
        self.statements = StatementsTab(context, loading, ui.tabs)
        self.decisions = DecisionsTab(context, loading, ui.tabs)
        pages: tuple[tuple[QWidget, str, str], ...] = (
            (self.details, "details_tab", self.tr("مشخصات جلسه")),
            (self.participants, "participants_tab", self.tr("شرکت‌کنندگان")),
            (self.agenda, "agenda_tab", self.tr("دستور جلسه")),
            (self.statements, "statements_tab", self.tr("اظهارات")),
            (self.decisions, "decisions_tab", self.tr("مصوبات")),
        )
        for index, (page, name, title) in enumerate(pages):
            page.setObjectName(name)
            ui.tabs.insertTab(index, page, title)
        ui.tabs.setCurrentIndex(0)
        self.attachments = AttachmentsPanel(context, "meeting", ui.attachments_container)
        ui.attachments_container_layout.addWidget(self.attachments)
        # The pickers, by the names the tests and drafts know them by.
        self.organization_picker = self.details.organization_picker
        self.participant_picker = self.participants.picker
        self.decision_owner_picker = self.decisions.owner_picker
        self.decision_unit_picker = self.decisions.unit_picker
        ui.error_label.hide()
        # Enter in a line edit must never press some button of the dialog.
        for button in self.findChildren(QPushButton):
            button.setAutoDefault(False)
            button.setDefault(False)

    def news_draft(self) -> QWidget | None:
        """«پیش‌نویس خبر»: the news item from these minutes (saving what is on screen
        first), editable before it leaves; refused for classified minutes."""
        if (self.record_id is None or self.is_dirty()) and not self.save():
            return None
        assert self.record_id is not None
        from PySide6.QtWidgets import QMessageBox

        from peyvand.errors import PeyvandError
        from peyvand.services import news
        from peyvand.ui.dialogs.news_draft_dialog import NewsDraftDialog

        try:
            item = news.draft(self.context.db, self.record_id, self.context.settings)
        except PeyvandError as exc:
            QMessageBox.warning(self, self.tr("پیش‌نویس خبر ساخته نشد"), exc.message("fa"))
            return None
        dialog = NewsDraftDialog(self.context, item, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        return dialog

    def set_tab_order(self) -> None:
        """Tab follows the form as it is read, right to left and top to bottom: the
        header's button, the tabs, the fields of the tab shown, then the buttons."""
        ui = self.ui
        set_tab_order(
            ui.finalize_button,
            ui.reopen_button,
            ui.tabs,
            self.details.focus_order(),
            *[tab.focus_order() for tab in self._tabs()],
            [w for w in focus_chain(self) if ui.attachments_tab.isAncestorOf(w)],
            ui.history_button,
            ui.print_button,
            ui.news_button,
            buttons_in_order(ui.button_box),
        )

    def _tabs(self) -> tuple[MinutesTab, ...]:
        return (self.participants, self.agenda, self.statements, self.decisions)

    def _connect(self) -> None:
        ui = self.ui
        self.setup_buttons(ui.button_box)
        ui.history_button.clicked.connect(self.show_history)
        ui.print_button.clicked.connect(self.print_brief)
        ui.news_button.clicked.connect(self.news_draft)
        print_shortcut = QShortcut(QKeySequence(QKeySequence.StandardKey.Print), self)
        print_shortcut.activated.connect(self.print_brief)
        ui.finalize_button.clicked.connect(self.finalize)
        ui.reopen_button.clicked.connect(self.reopen)
        for tab in self._tabs():
            tab.edited.connect(self.mark_dirty)
            tab.rows_changed.connect(self._update_counts)
            tab.rows_changed.connect(self.set_tab_order)  # new rows, new cell widgets
            tab.error.connect(self.show_error)
            tab.errors_cleared.connect(self.clear_errors)
            tab.loading_entry.connect(self._loading_entry)
        self.participants.rows_changed.connect(self._participants_changed)
        self.decisions.followup_requested.connect(self.create_followup)
        self.decisions.followup_shown.connect(self.show_followup)
        self.watch(
            *self.details.watched(),
            self.agenda.ui.agenda_edit,
            self.statements.ui.statement_edit,
            self.decisions.ui.decision_text_edit,
            self.decisions.ui.decision_due_edit,
        )

    def _loading_entry(self, loading: bool) -> None:
        """A saved row shown in its entry box changes nothing yet."""
        self._loading = loading
        if not loading and not self.is_dirty():
            self.rebase_clean()

    def _participants_changed(self) -> None:
        self.statements.set_speakers(self.participants.entries)

    # -- EditorDialog -------------------------------------------------------------

    def load(self) -> None:
        if self.record_id is None:
            self.details.ui.date_edit.set_value(today(self.context.clock))
            self._render_all()
            self.details.ui.title_edit.setFocus()
            return
        self._show(minutes.load(self.context.db, self.record_id))
        # The follow-ups were read just now: the window's first activation (it opens)
        # need not read them again.
        self._followups_fresh = True

    def collect(self) -> dict[str, Any]:
        return {
            "header": self.details.header(),
            "participants": [
                {
                    "id": p.id,
                    "revision": p.revision,
                    "person_id": p.person_id,
                    "side": p.side,
                    "role": p.role,
                    "attendance": p.attendance,
                }
                for p in self.participants.entries
            ],
            "agenda": [
                {"id": a.id, "revision": a.revision, "text": a.text} for a in self.agenda.entries
            ],
            "statements": [
                {"id": s.id, "revision": s.revision, "speaker_id": s.speaker_id, "text": s.text}
                for s in self.statements.entries
            ],
            "decisions": [
                {
                    "id": d.id,
                    "revision": d.revision,
                    "text": d.text,
                    "owner_person_id": d.owner_person_id,
                    "owner_unit_id": d.owner_unit_id,
                    "due_date": d.due_date,
                }
                for d in self.decisions.entries
            ],
        }

    def persist(self, values: dict[str, Any]) -> uuid.UUID:
        self._saved = minutes.save(
            self.context.db,
            self.record_id,
            values["header"],
            participants=values["participants"],
            agenda=values["agenda"],
            statements=values["statements"],
            decisions=values["decisions"],
            expected_revision=self.revision,
            clock=self.context.clock,
        )
        return self._saved.detail.meeting.id

    def field_widgets(self) -> dict[str, QWidget]:
        return {**self.details.field_widgets(), **self.decisions.field_widgets()}

    def save(self) -> bool:
        """Save the header and the whole minutes; text still in an entry box goes too."""
        if self.is_final:
            return False
        self.clear_errors()
        if not self._flush_entries():
            return False
        if not super().save():
            return False
        if self._saved is not None:
            self._loading = True
            try:
                self._show(self._saved)
            finally:
                self._loading = False
            self._saved = None
        return True

    def show_error(self, field_name: str | None, message: str) -> None:
        widget = self.field_widgets().get(field_name or "")
        tabs = self.ui.tabs
        for index in range(tabs.count()):
            page = tabs.widget(index)
            if widget is not None and page.isAncestorOf(widget):
                tabs.setCurrentIndex(index)
        super().show_error(field_name, message)

    def clear_errors(self) -> None:
        super().clear_errors()
        self.ui.error_label.hide()

    def draft_title(self) -> str:
        return self.windowTitle().removesuffix(" *")

    # -- showing a saved meeting --------------------------------------------------

    def _show(self, view: Minutes) -> None:
        detail = view.detail
        meeting = detail.meeting
        self.revision = meeting.revision
        self.number = meeting.number
        self.is_final = meeting.is_final
        self._finalized_text = (
            self.tr("نهایی‌شده به دست {who} در {when}").format(
                who=meeting.finalized_by or "—",
                when=format_datetime_local(meeting.finalized_at),
            )
            if meeting.is_final and meeting.finalized_at
            else ""
        )
        self.details.show_meeting(meeting)
        self.participants.entries = [
            ParticipantEntry(
                person_id=p.row.person_id,
                name=p.name,
                detail=person_detail(p.title, p.organization),
                side=p.row.side,
                role=p.row.role,
                attendance=p.row.attendance,
                id=p.row.id,
                revision=p.row.revision,
            )
            for p in detail.participants
        ]
        self.agenda.entries = [AgendaEntry(a.text, a.id, a.revision) for a in detail.agenda]
        self.statements.entries = [
            StatementEntry(s.row.speaker_id, s.speaker, s.row.text, s.row.id, s.row.revision)
            for s in detail.statements
        ]
        self.decisions.entries = [
            DecisionEntry(
                text=d.row.text,
                owner_person_id=d.row.owner_person_id,
                owner=d.owner,
                owner_unit_id=d.row.owner_unit_id,
                unit=self.decisions.unit_name(d.row.owner_unit_id),
                due_date=d.row.due_date,
                number=d.row.number,
                followups=list(view.followups.get(d.row.id, [])),
                id=d.row.id,
                revision=d.row.revision,
            )
            for d in detail.decisions
        ]
        self.decisions.next_number = view.next_decision
        self.attachments.set_owner(meeting.id)
        self.statements.editing = self.decisions.editing = None
        self._render_all()

    def _render_all(self) -> None:
        self.participants.redraw()
        self.statements.set_speakers(self.participants.entries)
        self.agenda.redraw()
        self.statements.redraw()
        self.statements.show_entry_mode()
        self.decisions.redraw()
        self.decisions.show_entry_mode()
        self._update_counts()
        self._update_header()
        self._apply_lock()
        self.set_tab_order()

    def _update_header(self) -> None:
        ui = self.ui
        if self.number:
            # Isolated left-to-right: the year reads first, as in the lists and the briefs.
            label = short_number(self.tr("جلسه"), f"\u2066{self.number}\u2069")
            title = f"{label} — {self.details.ui.title_edit.text()}"
        else:
            label = self.tr("جلسه جدید")
            title = label
        ui.number_label.setText(label)
        self.setWindowTitle(title)
        self.set_dirty(self.is_dirty())
        if self.record_id is None:
            status = self.tr("هنوز ذخیره نشده است")
        elif self.is_final:
            status = self.tr("صورتجلسه نهایی است — {detail}").format(detail=self._finalized_text)
        else:
            status = self.tr("صورتجلسه باز است")
        ui.status_label.setText(status)

    def _update_counts(self) -> None:
        tabs = self.ui.tabs
        counts = (
            (self.participants, self.tr("شرکت‌کنندگان"), len(self.participants.entries)),
            (self.agenda, self.tr("دستور جلسه"), len(self.agenda.entries)),
            (self.statements, self.tr("اظهارات"), len(self.statements.entries)),
            (self.decisions, self.tr("مصوبات"), len(self.decisions.entries)),
        )
        for page, name, count in counts:
            text = f"{name} ({to_persian_digits(count)})" if count else name
            tabs.setTabText(tabs.indexOf(page), text)

    # -- the final lock -------------------------------------------------------------

    def _apply_lock(self) -> None:
        ui = self.ui
        locked = self.is_final
        self.details.set_locked(locked)
        for tab in self._tabs():
            tab.set_locked(locked)
        buttons = QDialogButtonBox.StandardButton
        for which in (buttons.Apply, buttons.Save):
            ui.button_box.button(which).setEnabled(not locked)
        ui.history_button.setEnabled(self.record_id is not None)
        ui.print_button.setEnabled(self.record_id is not None)
        ui.news_button.setEnabled(self.record_id is not None)
        ui.finalize_button.setVisible(not locked)
        ui.reopen_button.setVisible(locked)

    def print_brief(self) -> bool:
        """Preview the minutes as printed (saving what is on screen first)."""
        if (self.record_id is None or self.is_dirty()) and not self.save():
            return False
        assert self.record_id is not None
        from peyvand import briefs
        from peyvand.ui.file_dialogs import file_name
        from peyvand.ui.printing import preview_pdf

        db, record_id, settings = self.context.db, self.record_id, self.context.settings
        number = self.windowTitle().removesuffix(" *")
        from peyvand import word

        preview_pdf(
            self,
            number,
            file_name(self.tr("صورتجلسه"), self.number),
            lambda progress: briefs.meeting_brief(db, record_id, None, settings),
            trip=self.context.trip_mode,
            make_docx=lambda: word.minutes_docx(db, record_id, None, settings),
            context=self.context,
        )
        return True

    def finalize(self) -> bool:
        """Save what is on screen, then lock the minutes (after confirmation)."""
        if (self.record_id is None or self.is_dirty()) and not self.save():
            return False
        assert self.record_id is not None
        meeting = meetings.get_detail(self.context.db, self.record_id).meeting
        if meetings.held(meeting, clock=self.context.clock):
            title = self.tr("نهایی‌کردن صورتجلسه")
            text = self.tr(
                "پس از نهایی‌کردن، صورتجلسه دیگر ویرایش نمی‌شود مگر آن را بازگشایی کنید. نهایی شود؟"
            )
        else:
            title = self.tr("جلسه هنوز برگزار نشده است")
            text = self.tr(
                "تاریخ این جلسه {date} است و هنوز نرسیده است. صورتجلسه جلسه‌ای که برگزار نشده، "
                "نهایی شود؟ (پس از نهایی‌کردن، فقط با بازگشایی ویرایش می‌شود.)"
            ).format(date=format_jalali_date(meeting.date))
        answer = QMessageBox.question(
            self,
            title,
            text,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return False
        row = meetings.finalize(self.context.db, self.record_id, clock=self.context.clock)
        self._set_final_state(row.is_final, row.revision, row.finalized_by, row.finalized_at)
        self.saved.emit(self.record_id)
        return True

    def reopen(self) -> bool:
        """Unlock final minutes; the audit log records who reopened them."""
        if self.record_id is None:
            return False
        answer = QMessageBox.question(
            self,
            self.tr("بازگشایی صورتجلسه"),
            self.tr(
                "صورتجلسه نهایی برای ویرایش باز می‌شود و نام شما در تاریخچه آن ثبت می‌شود. "
                "بازگشایی شود؟"
            ),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return False
        row = meetings.reopen(self.context.db, self.record_id)
        self._set_final_state(row.is_final, row.revision, row.finalized_by, row.finalized_at)
        self.saved.emit(self.record_id)
        return True

    def _set_final_state(self, final: bool, revision: int, by: str, at: dt.datetime | None) -> None:
        self.is_final = final
        self.revision = revision
        self._finalized_text = (
            self.tr("نهایی‌شده به دست {who} در {when}").format(
                who=by or "—", when=format_datetime_local(at)
            )
            if final and at
            else ""
        )
        self._update_header()
        self._apply_lock()

    # -- follow-ups -----------------------------------------------------------------

    def create_followup(self, row: int) -> FollowupDialog | None:
        """Open the small action form for decision ``row`` (saving the minutes first
        when the decision or anything else on screen is not saved yet)."""
        if not 0 <= row < len(self.decisions.entries):
            return None
        if (self.decisions.entries[row].id is None or self.is_dirty()) and not self.save():
            return None
        entry = self.decisions.entries[row]
        assert entry.id is not None
        dialog = FollowupDialog(self.context, entry.id, self, decision_number=entry.number)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.saved.connect(lambda _id, d=dialog, e=entry: self._followup_created(d, e))
        dialog.start()
        dialog.open()
        return dialog

    def _followup_created(self, dialog: FollowupDialog, entry: DecisionEntry) -> None:
        if dialog.created is not None:
            created = dialog.created
            entry.followups.append(
                FollowUp(created.id, created.number, created.title, created.due_date)
            )
            self.decisions.redraw()
            self.set_tab_order()
            if self.record_id is not None:
                self.saved.emit(self.record_id)

    def show_followup(self, action_id: uuid.UUID) -> QWidget | None:
        """«نمایش پیگیری»: the follow-up, where its deadline is changed. Opened by the
        main window when there is one (it keeps one window per record)."""
        if open_elsewhere(self, "action", action_id):
            return None
        from peyvand.ui.dialogs.action_editor import ActionEditor

        editor = ActionEditor(self.context, action_id, self)
        editor.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        editor.saved.connect(lambda _id: self.refresh_followups())
        editor.start()
        editor.show()
        return editor

    def refresh_followups(self) -> None:
        """Follow-ups change in their own window (a deadline, a new one from elsewhere):
        show them as they are now, without touching anything typed here."""
        ids = [d.id for d in self.decisions.entries if d.id is not None]
        if not ids:
            return
        current = minutes.followups(self.context.db, ids)
        changed = False
        for entry in self.decisions.entries:
            if entry.id is not None and current.get(entry.id, []) != entry.followups:
                entry.followups = list(current.get(entry.id, []))
                changed = True
        if changed:
            self.decisions.followups_changed()
            self.set_tab_order()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        # Back from the follow-up's window: its deadline may have changed.
        if event.type() == QEvent.Type.ActivationChange and self.isActiveWindow():
            if self._followups_fresh:
                self._followups_fresh = False
            else:
                self.refresh_followups()
        super().changeEvent(event)

    def _flush_entries(self) -> bool:
        """Text typed in an entry box and not yet added is part of what is saved."""
        self.agenda.flush()
        self.statements.flush()
        self.participants.flush()
        return self.decisions.flush()

    # -- office mode ----------------------------------------------------------------

    def touched_by(self, notice: Any) -> bool:
        """The meeting's row, or one of the rows of its minutes shown here."""
        if super().touched_by(notice):
            return True
        shown: list[tuple[str, list[Any]]] = [
            ("participant", self.participants.entries),
            ("agenda_item", self.agenda.entries),
            ("statement", self.statements.entries),
            ("decision", self.decisions.entries),
        ]
        return any(
            entry.id is not None and notice.touches(table, entry.id)
            for table, entries in shown
            for entry in entries
        )

    def payload_labels(self) -> dict[str, str]:
        """The parts of the minutes in a draft, named as their tabs are."""
        tabs = self.ui.tabs
        titles = {
            "minutes/participants": self.participants,
            "minutes/agenda": self.agenda,
            "minutes/statements": self.statements,
            "minutes/decisions": self.decisions,
        }
        return {
            # «اظهارات (۳)» is named without its count.
            key: tabs.tabText(tabs.indexOf(tab)).replace("&", "").split(" (")[0]
            for key, tab in titles.items()
        }

    # -- drafts ---------------------------------------------------------------------

    def draft_payload(self) -> dict[str, Any]:
        payload = super().draft_payload()
        for combo in (self.details.ui.visit_combo, self.statements.ui.speaker_combo):
            # By id: the row of a record in a list that may have grown means nothing.
            value = combo.currentData()
            payload[combo.objectName()] = str(value) if isinstance(value, uuid.UUID) else None
        payload["minutes"] = {
            "participants": jsonable(self.participants.entries),
            "agenda": jsonable(self.agenda.entries),
            "statements": jsonable(self.statements.entries),
            "decisions": jsonable(self.decisions.entries),
            "editing_statement": self.statements.editing,
            "editing_decision": self.decisions.editing,
        }
        return payload

    def restore_draft(self, payload: dict[str, Any]) -> None:
        visit_combo = self.details.ui.visit_combo
        speaker_combo = self.statements.ui.speaker_combo
        saved = payload.get("minutes") or {}
        self.participants.entries = [participant_from(p) for p in saved.get("participants", [])]
        self.statements.entries = [statement_from(s) for s in saved.get("statements", [])]
        self.agenda.entries = [agenda_from(a) for a in saved.get("agenda", [])]
        self.decisions.entries = [decision_from(d) for d in saved.get("decisions", [])]
        self._render_all()
        by_id = {c.objectName(): c for c in (visit_combo, speaker_combo)}
        super().restore_draft(
            {k: v for k, v in payload.items() if k not in by_id and k != "minutes"}
        )
        select_data(visit_combo, to_uuid(payload.get(visit_combo.objectName())))
        self.statements.select_speaker(to_uuid(payload.get(speaker_combo.objectName())))
        editing = saved.get("editing_statement")
        self.statements.editing = editing if isinstance(editing, int) else None
        editing = saved.get("editing_decision")
        self.decisions.editing = editing if isinstance(editing, int) else None
        self.statements.show_entry_mode()
        self.decisions.show_entry_mode()
        self._update_header()
