"""جلسه و صورتجلسه: the minutes editor, built for typing during the meeting.

The header and the minutes (participants, agenda, statements, decisions) are one
document on screen, saved together in one transaction (``services.minutes.save``);
a new meeting needs no separate first save. Statements are typed in a box under the
list: Ctrl+Enter adds one and empties the box for the next, the speaker staying or
moving on to the next participant; Ctrl+↑/↓ change the speaker without leaving the
box. Text typed in an entry box but not yet added is saved with the record (never
lost) and goes into the crash drafts like every other field.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, TypeVar

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from peyvand.domain.enums import Attendance, Classification, MeetingKind, ParticipantRole, Side
from peyvand.errors import ValidationError
from peyvand.messages import enum_label
from peyvand.services import meetings, minutes
from peyvand.services.clock import today
from peyvand.services.minutes import FollowUp, Minutes
from peyvand.text import (
    format_datetime_local,
    format_jalali_date,
    to_persian_digits,
)
from peyvand.ui.context import AppContext
from peyvand.ui.dialogs.base_editor import EditorDialog, typed_date, typed_time
from peyvand.ui.dialogs.followup_dialog import FollowupDialog
from peyvand.ui.formatting import short_number
from peyvand.ui.forms.ui_meeting_editor import Ui_MeetingEditor
from peyvand.ui.widgets.attachments_panel import AttachmentsPanel
from peyvand.ui.widgets.combo import find_data, select_data
from peyvand.ui.widgets.record_picker import RecordPicker

E = TypeVar("E", bound=Enum)

ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
FOLLOWUP_COLUMN = 5


@dataclass
class ParticipantEntry:
    person_id: uuid.UUID
    name: str
    detail: str  # title and organization
    side: Side = Side.HOST
    role: ParticipantRole = ParticipantRole.MEMBER
    attendance: Attendance = Attendance.PRESENT
    id: uuid.UUID | None = None
    revision: int | None = None


@dataclass
class AgendaEntry:
    text: str
    id: uuid.UUID | None = None
    revision: int | None = None


@dataclass
class StatementEntry:
    speaker_id: uuid.UUID | None
    speaker: str
    text: str
    id: uuid.UUID | None = None
    revision: int | None = None


@dataclass
class DecisionEntry:
    text: str
    owner_person_id: uuid.UUID | None = None
    owner: str = ""
    owner_unit_id: uuid.UUID | None = None
    unit: str = ""
    due_date: dt.date | None = None
    number: int | None = None  # given by the service on first save
    followups: list[FollowUp] = field(default_factory=list)
    id: uuid.UUID | None = None
    revision: int | None = None


# -- JSON for drafts: ids as text, dates ISO, enums by value -----------------------


def _jsonable(value: Any) -> Any:
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    return value


def _uuid(value: Any) -> uuid.UUID | None:
    return uuid.UUID(value) if isinstance(value, str) and value else None


def _participant_from(data: dict[str, Any]) -> ParticipantEntry:
    person_id = _uuid(data.get("person_id"))
    assert person_id is not None
    return ParticipantEntry(
        person_id=person_id,
        name=str(data.get("name", "")),
        detail=str(data.get("detail", "")),
        side=Side(data.get("side", Side.HOST)),
        role=ParticipantRole(data.get("role", ParticipantRole.MEMBER)),
        attendance=Attendance(data.get("attendance", Attendance.PRESENT)),
        id=_uuid(data.get("id")),
        revision=data.get("revision"),
    )


def _agenda_from(data: dict[str, Any]) -> AgendaEntry:
    return AgendaEntry(str(data.get("text", "")), _uuid(data.get("id")), data.get("revision"))


def _statement_from(data: dict[str, Any]) -> StatementEntry:
    return StatementEntry(
        speaker_id=_uuid(data.get("speaker_id")),
        speaker=str(data.get("speaker", "")),
        text=str(data.get("text", "")),
        id=_uuid(data.get("id")),
        revision=data.get("revision"),
    )


def _decision_from(data: dict[str, Any]) -> DecisionEntry:
    due = data.get("due_date")
    followups = []
    for item in data.get("followups") or []:
        follow_id = _uuid(item.get("id"))
        if follow_id is not None:
            followups.append(FollowUp(follow_id, str(item["number"]), str(item["title"])))
    return DecisionEntry(
        text=str(data.get("text", "")),
        owner_person_id=_uuid(data.get("owner_person_id")),
        owner=str(data.get("owner", "")),
        owner_unit_id=_uuid(data.get("owner_unit_id")),
        unit=str(data.get("unit", "")),
        due_date=dt.date.fromisoformat(due) if isinstance(due, str) and due else None,
        number=data.get("number"),
        followups=followups,
        id=_uuid(data.get("id")),
        revision=data.get("revision"),
    )


def _fill_enum(combo: QComboBox, enum: type[Enum]) -> None:
    for member in enum:
        combo.addItem(enum_label(member), member)


def _moved(items: list[Any], row: int, step: int) -> int | None:
    """Swap ``items[row]`` with its neighbour ``step`` away; the new row, or None."""
    target = row + step
    if not (0 <= row < len(items) and 0 <= target < len(items)):
        return None
    items[row], items[target] = items[target], items[row]
    return target


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
        self._finalized_text = ""
        self._participants: list[ParticipantEntry] = []
        self._agenda: list[AgendaEntry] = []
        self._statements: list[StatementEntry] = []
        self._decisions: list[DecisionEntry] = []
        self._editing_statement: int | None = None
        self._editing_decision: int | None = None
        self._saved: Minutes | None = None
        self._build_dynamic_parts()
        self._connect()
        self._show_entry_modes()
        self._update_header()

    # -- building ---------------------------------------------------------------

    def _build_dynamic_parts(self) -> None:
        ui = self.ui
        context = self.context
        self.organization_picker = RecordPicker(context, "organization", ui.organization_container)
        self.organization_picker.setObjectName("organization_picker")
        ui.organization_layout.addWidget(self.organization_picker)
        self.participant_picker = RecordPicker(context, "person", ui.participant_picker_container)
        self.participant_picker.setObjectName("participant_picker")
        self.participant_picker.setToolTip(self.tr("نام را بنویسید و از فهرست برگزینید"))
        ui.participant_picker_layout.addWidget(self.participant_picker)
        self.decision_owner_picker = RecordPicker(context, "person", ui.decision_owner_container)
        self.decision_owner_picker.setObjectName("decision_owner_picker")
        ui.decision_owner_layout.addWidget(self.decision_owner_picker)
        self.decision_unit_picker = RecordPicker(context, "unit", ui.decision_unit_container)
        self.decision_unit_picker.setObjectName("decision_unit_picker")
        ui.decision_unit_layout.addWidget(self.decision_unit_picker)
        self.attachments = AttachmentsPanel(context, "meeting", ui.attachments_container)
        ui.attachments_container_layout.addWidget(self.attachments)

        _fill_enum(ui.kind_combo, MeetingKind)
        _fill_enum(ui.classification_combo, Classification)
        _fill_enum(ui.side_combo, Side)
        _fill_enum(ui.role_combo, ParticipantRole)
        select_data(ui.role_combo, ParticipantRole.MEMBER)
        _fill_enum(ui.attendance_combo, Attendance)
        ui.visit_combo.addItem(self.tr("— بدون هیئت —"), None)
        for visit in minutes.visits(context.db):
            number = to_persian_digits(visit.detail)
            ui.visit_combo.addItem(f"{number} — {visit.label}", visit.id)

        self._setup_table(
            ui.participants_table,
            [
                self.tr("نام"),
                self.tr("سمت و سازمان"),
                self.tr("طرف"),
                self.tr("نقش"),
                self.tr("حضور"),
            ],
            stretch=1,
        )
        self._setup_table(ui.statements_table, [self.tr("گوینده"), self.tr("متن")], stretch=1)
        self._setup_table(
            ui.decisions_table,
            [
                self.tr("شماره"),
                self.tr("متن مصوبه"),
                self.tr("مسئول"),
                self.tr("واحد"),
                self.tr("مهلت"),
                self.tr("پیگیری"),
            ],
            stretch=1,
        )
        ui.statements_table.verticalHeader().show()
        self._setup_table(ui.agenda_table, [self.tr("بند دستور جلسه")], stretch=0)
        ui.agenda_table.verticalHeader().show()
        ui.error_label.hide()
        # Enter in a line edit must never press some button of the dialog.
        for button in self.findChildren(QPushButton):
            button.setAutoDefault(False)
            button.setDefault(False)

    def _setup_table(self, table: QTableWidget, headers: list[str], *, stretch: int) -> None:
        table.setColumnCount(len(headers))
        table.setHorizontalHeaderLabels(headers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setWordWrap(True)
        table.setAlternatingRowColors(True)
        table.verticalHeader().hide()
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
        # Wrapped text: row heights follow the column widths (a tab shown for the first
        # time, a resized window), not the widths the rows happened to be filled at.
        fit = QTimer(table)
        fit.setSingleShot(True)
        fit.setInterval(0)
        fit.timeout.connect(table.resizeRowsToContents)
        header.sectionResized.connect(lambda *_args, timer=fit: timer.start())

    def _connect(self) -> None:
        ui = self.ui
        ui.save_button.clicked.connect(self.save)
        ui.save_close_button.clicked.connect(self.accept)
        ui.close_button.clicked.connect(self.reject)
        save_shortcut = QShortcut(QKeySequence(QKeySequence.StandardKey.Save), self)
        save_shortcut.activated.connect(self.save)
        ui.history_button.clicked.connect(self.show_history)
        ui.print_button.clicked.connect(self.print_brief)
        print_shortcut = QShortcut(QKeySequence(QKeySequence.StandardKey.Print), self)
        print_shortcut.activated.connect(self.print_brief)
        ui.finalize_button.clicked.connect(self.finalize)
        ui.reopen_button.clicked.connect(self.reopen)
        # participants
        ui.add_participant_button.clicked.connect(self.add_participant)
        line = self.participant_picker.lineEdit()
        if line is not None:
            line.returnPressed.connect(self.add_participant)
        ui.remove_participant_button.clicked.connect(self.remove_participant)
        ui.participant_up_button.clicked.connect(lambda: self._move_participant(-1))
        ui.participant_down_button.clicked.connect(lambda: self._move_participant(1))
        # agenda
        ui.agenda_edit.returnPressed.connect(self.add_agenda_item)
        ui.add_agenda_button.clicked.connect(self.add_agenda_item)
        ui.remove_agenda_button.clicked.connect(self.remove_agenda_item)
        ui.agenda_up_button.clicked.connect(lambda: self._move_agenda_item(-1))
        ui.agenda_down_button.clicked.connect(lambda: self._move_agenda_item(1))
        ui.agenda_table.itemChanged.connect(self._agenda_item_edited)
        # statements
        ui.statement_edit.installEventFilter(self)
        ui.add_statement_button.clicked.connect(self.add_statement)
        ui.cancel_statement_button.clicked.connect(self.cancel_statement_edit)
        ui.edit_statement_button.clicked.connect(self.edit_statement)
        ui.statements_table.doubleClicked.connect(lambda _i: self.edit_statement())
        ui.remove_statement_button.clicked.connect(self.remove_statement)
        ui.statement_up_button.clicked.connect(lambda: self._move_statement(-1))
        ui.statement_down_button.clicked.connect(lambda: self._move_statement(1))
        # decisions
        ui.decision_text_edit.installEventFilter(self)
        ui.add_decision_button.clicked.connect(self.add_decision)
        ui.cancel_decision_button.clicked.connect(self.cancel_decision_edit)
        ui.edit_decision_button.clicked.connect(self.edit_decision)
        ui.decisions_table.doubleClicked.connect(lambda _i: self.edit_decision())
        ui.remove_decision_button.clicked.connect(self.remove_decision)
        self.decision_owner_picker.value_changed.connect(self._owner_chosen)
        self.watch(
            ui.title_edit,
            ui.date_edit,
            ui.start_time_edit,
            ui.end_time_edit,
            ui.place_edit,
            ui.kind_combo,
            ui.classification_combo,
            ui.visit_combo,
            self.organization_picker,
            ui.summary_edit,
            ui.agenda_edit,
            ui.statement_edit,
            ui.decision_text_edit,
            ui.decision_due_edit,
        )

    # -- keyboard -----------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            ctrl = bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier)
            if ctrl and event.key() in ENTER_KEYS:
                if watched is self.ui.statement_edit:
                    self.add_statement()
                    return True
                if watched is self.ui.decision_text_edit:
                    self.add_decision()
                    return True
            if ctrl and watched is self.ui.statement_edit:
                if event.key() == Qt.Key.Key_Up:
                    self._step_speaker(-1)
                    return True
                if event.key() == Qt.Key.Key_Down:
                    self._step_speaker(1)
                    return True
        return super().eventFilter(watched, event)

    # -- EditorDialog -------------------------------------------------------------

    def load(self) -> None:
        if self.record_id is None:
            self.ui.date_edit.set_value(today(self.context.clock))
            self._render_all()
            self.ui.title_edit.setFocus()
            return
        self._show(minutes.load(self.context.db, self.record_id))

    def collect(self) -> dict[str, Any]:
        ui = self.ui
        header = {
            "title": ui.title_edit.text(),
            "date": typed_date(ui.date_edit, "date"),
            "start_time": typed_time(ui.start_time_edit, "start_time"),
            "end_time": typed_time(ui.end_time_edit, "end_time"),
            "place": ui.place_edit.text(),
            "kind": ui.kind_combo.currentData(),
            "classification": ui.classification_combo.currentData(),
            "visit_id": ui.visit_combo.currentData(),
            "organization_id": self.organization_picker.value(),
            "summary": ui.summary_edit.toPlainText(),
        }
        return {
            "header": header,
            "participants": [
                {
                    "id": p.id,
                    "revision": p.revision,
                    "person_id": p.person_id,
                    "side": p.side,
                    "role": p.role,
                    "attendance": p.attendance,
                }
                for p in self._participants
            ],
            "agenda": [{"id": a.id, "revision": a.revision, "text": a.text} for a in self._agenda],
            "statements": [
                {"id": s.id, "revision": s.revision, "speaker_id": s.speaker_id, "text": s.text}
                for s in self._statements
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
                for d in self._decisions
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
        ui = self.ui
        return {
            "title": ui.title_edit,
            "date": ui.date_edit,
            "start_time": ui.start_time_edit,
            "end_time": ui.end_time_edit,
            "place": ui.place_edit,
            "kind": ui.kind_combo,
            "classification": ui.classification_combo,
            "visit_id": ui.visit_combo,
            "organization_id": ui.organization_container,
            "summary": ui.summary_edit,
            "decision_due_date": ui.decision_due_edit,
        }

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
        ui = self.ui
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
        ui.title_edit.setText(meeting.title)
        ui.date_edit.set_value(meeting.date)
        ui.start_time_edit.set_value(meeting.start_time)
        ui.end_time_edit.set_value(meeting.end_time)
        ui.place_edit.setText(meeting.place)
        select_data(ui.kind_combo, meeting.kind)
        select_data(ui.classification_combo, meeting.classification)
        if meeting.visit_id is not None and find_data(ui.visit_combo, meeting.visit_id) < 0:
            ui.visit_combo.addItem(self.tr("هیئت پیوندشده"), meeting.visit_id)
        select_data(ui.visit_combo, meeting.visit_id)
        select_data(self.organization_picker, meeting.organization_id)
        ui.summary_edit.setPlainText(meeting.summary)
        self._participants = [
            ParticipantEntry(
                person_id=p.row.person_id,
                name=p.name,
                detail=self._person_detail(p.title, p.organization),
                side=p.row.side,
                role=p.row.role,
                attendance=p.row.attendance,
                id=p.row.id,
                revision=p.row.revision,
            )
            for p in detail.participants
        ]
        self._agenda = [AgendaEntry(a.text, a.id, a.revision) for a in detail.agenda]
        self._statements = [
            StatementEntry(s.row.speaker_id, s.speaker, s.row.text, s.row.id, s.row.revision)
            for s in detail.statements
        ]
        self._decisions = [
            DecisionEntry(
                text=d.row.text,
                owner_person_id=d.row.owner_person_id,
                owner=d.owner,
                owner_unit_id=d.row.owner_unit_id,
                unit=self._unit_name(d.row.owner_unit_id),
                due_date=d.row.due_date,
                number=d.row.number,
                followups=list(view.followups.get(d.row.id, [])),
                id=d.row.id,
                revision=d.row.revision,
            )
            for d in detail.decisions
        ]
        self.attachments.set_owner(meeting.id)
        self._editing_statement = self._editing_decision = None
        self._show_entry_modes()
        self._render_all()

    def _person_detail(self, title: str, organization: str) -> str:
        return "، ".join(part for part in (title, organization) if part)

    def _unit_name(self, unit_id: uuid.UUID | None) -> str:
        picker = self.decision_unit_picker
        index = find_data(picker, unit_id) if unit_id is not None else -1
        return picker.itemText(index) if index >= 0 else ""

    def _render_all(self) -> None:
        self._render_participants()
        self._render_agenda()
        self._render_statements()
        self._render_decisions()
        self._update_counts()
        self._update_header()
        self._apply_lock()

    def _update_header(self) -> None:
        ui = self.ui
        if self.number:
            # Isolated left-to-right: the year reads first, as in the lists and the briefs.
            label = short_number(self.tr("جلسه"), f"\u2066{self.number}\u2069")
            title = f"{label} — {ui.title_edit.text()}"
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
        ui = self.ui
        counts = (
            (ui.participants_tab, self.tr("شرکت‌کنندگان"), len(self._participants)),
            (ui.agenda_tab, self.tr("دستور جلسه"), len(self._agenda)),
            (ui.statements_tab, self.tr("اظهارات"), len(self._statements)),
            (ui.decisions_tab, self.tr("مصوبات"), len(self._decisions)),
        )
        for page, name, count in counts:
            text = f"{name} ({to_persian_digits(count)})" if count else name
            ui.tabs.setTabText(ui.tabs.indexOf(page), text)

    # -- the final lock -------------------------------------------------------------

    def _apply_lock(self) -> None:
        ui = self.ui
        locked = self.is_final
        for line in (
            ui.title_edit,
            ui.start_time_edit,
            ui.end_time_edit,
            ui.place_edit,
            ui.date_edit.line_edit,
        ):
            line.setReadOnly(locked)
        ui.summary_edit.setReadOnly(locked)
        ui.date_edit.button.setEnabled(not locked)
        for widget in (
            ui.kind_combo,
            ui.classification_combo,
            ui.visit_combo,
            self.organization_picker,
            ui.participant_group,
            ui.participant_up_button,
            ui.participant_down_button,
            ui.remove_participant_button,
            ui.agenda_edit,
            ui.add_agenda_button,
            ui.remove_agenda_button,
            ui.agenda_up_button,
            ui.agenda_down_button,
            ui.statement_group,
            ui.statement_up_button,
            ui.statement_down_button,
            ui.edit_statement_button,
            ui.remove_statement_button,
            ui.decision_group,
            ui.edit_decision_button,
            ui.remove_decision_button,
            ui.save_button,
            ui.save_close_button,
        ):
            widget.setEnabled(not locked)
        triggers = (
            QAbstractItemView.EditTrigger.NoEditTriggers
            if locked
            else QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        ui.agenda_table.setEditTriggers(triggers)
        for row in range(ui.participants_table.rowCount()):
            for column in (2, 3, 4):
                cell = ui.participants_table.cellWidget(row, column)
                if cell is not None:
                    cell.setEnabled(not locked)
        ui.history_button.setEnabled(self.record_id is not None)
        ui.print_button.setEnabled(self.record_id is not None)
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
        preview_pdf(
            self,
            number,
            file_name(self.tr("صورتجلسه"), self.number),
            lambda progress: briefs.meeting_brief(db, record_id, None, settings),
            trip=self.context.trip_mode,
        )
        return True

    def finalize(self) -> bool:
        """Save what is on screen, then lock the minutes (after confirmation)."""
        if (self.record_id is None or self.is_dirty()) and not self.save():
            return False
        assert self.record_id is not None
        answer = QMessageBox.question(
            self,
            self.tr("نهایی‌کردن صورتجلسه"),
            self.tr(
                "پس از نهایی‌کردن، صورتجلسه دیگر ویرایش نمی‌شود مگر آن را بازگشایی کنید. نهایی شود؟"
            ),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
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

    # -- participants ---------------------------------------------------------------

    def add_participant(self) -> None:
        ui = self.ui
        person_id = self.participant_picker.value()
        if person_id is None:
            if self.participant_picker.currentText().strip():
                self.show_error(None, self.tr("شخص را از فهرست برگزینید یا «جدید…» را بزنید."))
            self.participant_picker.setFocus()
            return
        for row, existing in enumerate(self._participants):
            if existing.person_id == person_id:
                ui.participants_table.setCurrentCell(row, 0)
                self.participant_picker.set_value(None)
                return
        card = minutes.person_card(self.context.db, person_id)
        self._participants.append(
            ParticipantEntry(
                person_id=person_id,
                name=card.name,
                detail=self._person_detail(card.title, card.organization),
                side=Side(ui.side_combo.currentData()),
                role=ParticipantRole(ui.role_combo.currentData()),
                attendance=Attendance(ui.attendance_combo.currentData()),
            )
        )
        self.clear_errors()
        self._participants_changed(len(self._participants) - 1)
        self.participant_picker.set_value(None)
        select_data(ui.role_combo, ParticipantRole.MEMBER)
        self.participant_picker.setFocus()

    def remove_participant(self) -> None:
        row = self.ui.participants_table.currentRow()
        if 0 <= row < len(self._participants):
            del self._participants[row]
            self._participants_changed(min(row, len(self._participants) - 1))

    def _move_participant(self, step: int) -> None:
        target = _moved(self._participants, self.ui.participants_table.currentRow(), step)
        if target is not None:
            self._participants_changed(target)

    def _participants_changed(self, select: int) -> None:
        self._render_participants()
        if select >= 0:
            self.ui.participants_table.setCurrentCell(select, 0)
        self._update_counts()
        self.mark_dirty()

    def _render_participants(self) -> None:
        table = self.ui.participants_table
        table.setRowCount(len(self._participants))
        for row, entry in enumerate(self._participants):
            table.setItem(row, 0, QTableWidgetItem(entry.name))
            table.setItem(row, 1, QTableWidgetItem(entry.detail))
            cells: tuple[tuple[int, type[Enum], str], ...] = (
                (2, Side, "side"),
                (3, ParticipantRole, "role"),
                (4, Attendance, "attendance"),
            )
            for column, enum, name in cells:
                combo = QComboBox(table)
                _fill_enum(combo, enum)
                select_data(combo, getattr(entry, name))
                combo.setEnabled(not self.is_final)
                combo.currentIndexChanged.connect(
                    lambda _i, c=combo, e=entry, n=name, t=enum: self._participant_cell_changed(
                        c, e, n, t
                    )
                )
                table.setCellWidget(row, column, combo)
        self._render_speakers()

    def _participant_cell_changed(
        self, combo: QComboBox, entry: ParticipantEntry, name: str, enum: type[Enum]
    ) -> None:
        setattr(entry, name, enum(combo.currentData()))
        self.mark_dirty()

    # -- agenda ---------------------------------------------------------------------

    def add_agenda_item(self) -> None:
        ui = self.ui
        text = ui.agenda_edit.text().strip()
        if not text:
            return
        self._agenda.append(AgendaEntry(text))
        ui.agenda_edit.clear()
        self._agenda_changed(len(self._agenda) - 1)

    def remove_agenda_item(self) -> None:
        row = self.ui.agenda_table.currentRow()
        if 0 <= row < len(self._agenda):
            del self._agenda[row]
            self._agenda_changed(min(row, len(self._agenda) - 1))

    def _move_agenda_item(self, step: int) -> None:
        target = _moved(self._agenda, self.ui.agenda_table.currentRow(), step)
        if target is not None:
            self._agenda_changed(target)

    def _agenda_changed(self, select: int) -> None:
        self._render_agenda()
        if select >= 0:
            self.ui.agenda_table.setCurrentCell(select, 0)
        self._update_counts()
        self.mark_dirty()

    def _agenda_item_edited(self, item: QTableWidgetItem) -> None:
        row = item.row()
        text = item.text().strip()
        if not 0 <= row < len(self._agenda) or text == self._agenda[row].text:
            return
        if text:
            self._agenda[row].text = text
            self.mark_dirty()
        else:  # emptied in place: the item keeps its text (remove it with «حذف بند»)
            item.setText(self._agenda[row].text)

    def _render_agenda(self) -> None:
        table = self.ui.agenda_table
        table.blockSignals(True)
        try:
            table.setRowCount(len(self._agenda))
            table.setVerticalHeaderLabels(
                [to_persian_digits(n) for n in range(1, len(self._agenda) + 1)]
            )
            for row, entry in enumerate(self._agenda):
                table.setItem(row, 0, QTableWidgetItem(entry.text))
        finally:
            table.blockSignals(False)
        table.resizeRowsToContents()

    # -- statements -----------------------------------------------------------------

    def _render_speakers(self) -> None:
        combo = self.ui.speaker_combo
        first = combo.count() <= 1  # nobody to keep: start with the first participant
        current = combo.currentData()
        combo.clear()
        for entry in self._participants:
            combo.addItem(entry.name, entry.person_id)
        combo.addItem(self.tr("— بدون گوینده —"), None)
        if first:
            combo.setCurrentIndex(0)
        else:
            self._select_speaker(current)

    def _select_speaker(self, speaker_id: uuid.UUID | None) -> None:
        combo = self.ui.speaker_combo
        index = find_data(combo, speaker_id) if speaker_id is not None else -1
        combo.setCurrentIndex(index if index >= 0 else combo.count() - 1)

    def _step_speaker(self, step: int) -> None:
        combo = self.ui.speaker_combo
        speakers = max(combo.count() - 1, 1)  # the «no speaker» item is not in the cycle
        current = combo.currentIndex()
        if current >= speakers:
            current = -1 if step > 0 else 0
        combo.setCurrentIndex((current + step) % speakers)

    def _speaker(self) -> tuple[uuid.UUID | None, str]:
        combo = self.ui.speaker_combo
        speaker_id = combo.currentData()
        return (speaker_id, combo.currentText()) if speaker_id is not None else (None, "")

    def add_statement(self) -> None:
        """Ctrl+Enter: add the statement (or apply the edit) and empty the box."""
        ui = self.ui
        text = ui.statement_edit.toPlainText().strip()
        if not text or self.is_final:
            return
        speaker_id, speaker = self._speaker()
        editing = self._editing_statement
        if editing is not None and 0 <= editing < len(self._statements):
            entry = self._statements[editing]
            entry.speaker_id, entry.speaker, entry.text = speaker_id, speaker, text
            row = editing
        else:
            self._statements.append(StatementEntry(speaker_id, speaker, text))
            row = len(self._statements) - 1
        self._editing_statement = None
        ui.statement_edit.clear()
        self._render_statements()
        ui.statements_table.setCurrentCell(row, 0)
        ui.statements_table.scrollToItem(ui.statements_table.item(row, 1))
        if editing is None and ui.advance_speaker_check.isChecked():
            self._step_speaker(1)
        self._show_entry_modes()
        self._update_counts()
        self.mark_dirty()
        ui.statement_edit.setFocus()

    def edit_statement(self) -> None:
        ui = self.ui
        row = ui.statements_table.currentRow()
        if self.is_final or not 0 <= row < len(self._statements):
            return
        if ui.statement_edit.toPlainText().strip() and self._editing_statement != row:
            self.show_error(None, self.tr("ابتدا اظهار در حال نوشتن را ثبت یا پاک کنید."))
            return
        entry = self._statements[row]
        self._editing_statement = row
        if entry.speaker_id is not None and find_data(ui.speaker_combo, entry.speaker_id) < 0:
            ui.speaker_combo.insertItem(
                ui.speaker_combo.count() - 1, entry.speaker, entry.speaker_id
            )
        self._select_speaker(entry.speaker_id)
        ui.statement_edit.setPlainText(entry.text)
        self._show_entry_modes()
        ui.statement_edit.setFocus()

    def cancel_statement_edit(self) -> None:
        self._editing_statement = None
        self.ui.statement_edit.clear()
        self._show_entry_modes()

    def remove_statement(self) -> None:
        row = self.ui.statements_table.currentRow()
        if 0 <= row < len(self._statements):
            del self._statements[row]
            if self._editing_statement is not None:
                self.cancel_statement_edit()
            self._render_statements()
            self.ui.statements_table.setCurrentCell(min(row, len(self._statements) - 1), 0)
            self._update_counts()
            self.mark_dirty()

    def _move_statement(self, step: int) -> None:
        if self._editing_statement is not None:
            return
        target = _moved(self._statements, self.ui.statements_table.currentRow(), step)
        if target is not None:
            self._render_statements()
            self.ui.statements_table.setCurrentCell(target, 0)
            self.mark_dirty()

    def _render_statements(self) -> None:
        table = self.ui.statements_table
        table.setRowCount(len(self._statements))
        table.setVerticalHeaderLabels(
            [to_persian_digits(n) for n in range(1, len(self._statements) + 1)]
        )
        for row, entry in enumerate(self._statements):
            table.setItem(row, 0, QTableWidgetItem(entry.speaker or "—"))
            table.setItem(row, 1, QTableWidgetItem(entry.text))
        table.resizeRowsToContents()

    # -- decisions ------------------------------------------------------------------

    def _owner_chosen(self, person_id: uuid.UUID | None) -> None:
        """The owner's own unit fills an empty unit field."""
        if self._loading or person_id is None or self.decision_unit_picker.value() is not None:
            return
        card = minutes.person_card(self.context.db, person_id)
        if card.unit_id is not None:
            select_data(self.decision_unit_picker, card.unit_id)

    def _decision_entry(self) -> DecisionEntry | None:
        """The decision in the entry box; None (with the error shown) when not valid."""
        ui = self.ui
        text = ui.decision_text_edit.toPlainText().strip()
        if not text:
            return None
        try:
            due = typed_date(ui.decision_due_edit, "decision_due_date")
        except ValidationError as exc:
            self.show_error(exc.field, exc.message("fa"))
            return None
        owner_id = self.decision_owner_picker.value()
        owner = minutes.person_card(self.context.db, owner_id).name if owner_id else ""
        unit_id = self.decision_unit_picker.value()
        return DecisionEntry(
            text=text,
            owner_person_id=owner_id,
            owner=owner,
            owner_unit_id=unit_id,
            unit=self._unit_name(unit_id),
            due_date=due,
        )

    def add_decision(self) -> bool:
        """Ctrl+Enter: add the decision (or apply the edit) and empty the entry."""
        ui = self.ui
        if self.is_final:
            return False
        self.clear_errors()
        entry = self._decision_entry()
        if entry is None:
            return not ui.decision_text_edit.toPlainText().strip()
        editing = self._editing_decision
        if editing is not None and 0 <= editing < len(self._decisions):
            old = self._decisions[editing]
            entry.number, entry.followups = old.number, old.followups
            entry.id, entry.revision = old.id, old.revision
            self._decisions[editing] = entry
            row = editing
        else:
            self._decisions.append(entry)
            row = len(self._decisions) - 1
        self._clear_decision_entry()
        self._render_decisions()
        ui.decisions_table.setCurrentCell(row, 0)
        self._update_counts()
        self.mark_dirty()
        ui.decision_text_edit.setFocus()
        return True

    def _clear_decision_entry(self) -> None:
        ui = self.ui
        self._editing_decision = None
        ui.decision_text_edit.clear()
        self.decision_owner_picker.set_value(None)
        self.decision_unit_picker.set_value(None)
        ui.decision_due_edit.set_value(None)
        self._show_entry_modes()

    def edit_decision(self) -> None:
        ui = self.ui
        row = ui.decisions_table.currentRow()
        if self.is_final or not 0 <= row < len(self._decisions):
            return
        if ui.decision_text_edit.toPlainText().strip() and self._editing_decision != row:
            self.show_error(None, self.tr("ابتدا مصوبه در حال نوشتن را ثبت یا پاک کنید."))
            return
        entry = self._decisions[row]
        self._editing_decision = row
        keep = self._loading
        self._loading = True  # loading the entry: the owner's unit must not be guessed
        try:
            ui.decision_text_edit.setPlainText(entry.text)
            select_data(self.decision_owner_picker, entry.owner_person_id)
            select_data(self.decision_unit_picker, entry.owner_unit_id)
            ui.decision_due_edit.set_value(entry.due_date)
        finally:
            self._loading = keep
        self._show_entry_modes()
        ui.decision_text_edit.setFocus()

    def cancel_decision_edit(self) -> None:
        self._clear_decision_entry()

    def remove_decision(self) -> None:
        row = self.ui.decisions_table.currentRow()
        if not 0 <= row < len(self._decisions):
            return
        if self._decisions[row].followups:
            answer = QMessageBox.question(
                self,
                self.tr("حذف مصوبه"),
                self.tr("از این مصوبه پیگیری ایجاد شده است؛ پیگیری می‌ماند. مصوبه حذف شود؟"),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        del self._decisions[row]
        if self._editing_decision is not None:
            self._clear_decision_entry()
        self._render_decisions()
        self._update_counts()
        self.mark_dirty()

    def _render_decisions(self) -> None:
        table = self.ui.decisions_table
        table.setRowCount(len(self._decisions))
        for row, entry in enumerate(self._decisions):
            number = to_persian_digits(entry.number) if entry.number else "…"
            due = format_jalali_date(entry.due_date) if entry.due_date else ""
            for column, text in enumerate((number, entry.text, entry.owner, entry.unit, due)):
                table.setItem(row, column, QTableWidgetItem(text))
            table.setCellWidget(row, FOLLOWUP_COLUMN, self._followup_cell(row, entry))
        table.resizeRowsToContents()

    def _followup_cell(self, row: int, entry: DecisionEntry) -> QWidget:
        cell = QWidget()
        layout = QHBoxLayout(cell)
        layout.setContentsMargins(2, 0, 2, 0)
        if entry.followups:
            numbers = "، ".join(to_persian_digits(f.number) for f in entry.followups)
            label = QLabel(numbers, cell)
            label.setToolTip("\n".join(f.title for f in entry.followups))
            layout.addWidget(label)
        button = QPushButton(self.tr("ایجاد پیگیری"), cell)
        button.setObjectName("followup_button")
        button.setAutoDefault(False)
        button.setToolTip(self.tr("پیگیری تازه با متن، مسئول و مهلت این مصوبه"))
        button.clicked.connect(lambda _c=False, r=row: self.create_followup(r))
        layout.addWidget(button)
        return cell

    def create_followup(self, row: int) -> FollowupDialog | None:
        """Open the small action form for decision ``row`` (saving the minutes first
        when the decision or anything else on screen is not saved yet)."""
        if not 0 <= row < len(self._decisions):
            return None
        if (self._decisions[row].id is None or self.is_dirty()) and not self.save():
            return None
        entry = self._decisions[row]
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
            entry.followups.append(FollowUp(created.id, created.number, created.title))
            self._render_decisions()
            if self.record_id is not None:
                self.saved.emit(self.record_id)

    # -- entry boxes ----------------------------------------------------------------

    def _show_entry_modes(self) -> None:
        ui = self.ui
        editing_statement = self._editing_statement is not None
        ui.statement_group.setTitle(
            self.tr("ویرایش اظهار {n}").format(
                n=to_persian_digits((self._editing_statement or 0) + 1)
            )
            if editing_statement
            else self.tr("اظهار تازه")
        )
        ui.add_statement_button.setText(
            self.tr("ثبت تغییر (Ctrl+Enter)")
            if editing_statement
            else self.tr("ثبت اظهار (Ctrl+Enter)")
        )
        ui.cancel_statement_button.setVisible(editing_statement)
        editing_decision = self._editing_decision is not None
        number = None
        if self._editing_decision is not None and self._editing_decision < len(self._decisions):
            number = self._decisions[self._editing_decision].number
        ui.decision_group.setTitle(
            self.tr("ویرایش مصوبه {n}").format(n=to_persian_digits(number or ""))
            if editing_decision
            else self.tr("مصوبه تازه")
        )
        ui.add_decision_button.setText(
            self.tr("ثبت تغییر (Ctrl+Enter)")
            if editing_decision
            else self.tr("ثبت مصوبه (Ctrl+Enter)")
        )
        ui.cancel_decision_button.setVisible(editing_decision)

    def _flush_entries(self) -> bool:
        """Text typed in an entry box and not yet added is part of what is saved."""
        ui = self.ui
        if ui.agenda_edit.text().strip():
            self.add_agenda_item()
        if ui.statement_edit.toPlainText().strip():
            self.add_statement()
        if self.participant_picker.value() is not None:
            self.add_participant()
        return self.add_decision()

    # -- drafts ---------------------------------------------------------------------

    def _pickers(self) -> tuple[RecordPicker, ...]:
        return (
            self.organization_picker,
            self.participant_picker,
            self.decision_owner_picker,
            self.decision_unit_picker,
        )

    def draft_payload(self) -> dict[str, Any]:
        payload = super().draft_payload()
        ui = self.ui
        for combo in (*self._pickers(), ui.visit_combo, ui.speaker_combo):
            # By id: the row of a record in a list that may have grown means nothing.
            value = combo.currentData()
            payload[combo.objectName()] = str(value) if isinstance(value, uuid.UUID) else None
        payload["minutes"] = {
            "participants": _jsonable(self._participants),
            "agenda": _jsonable(self._agenda),
            "statements": _jsonable(self._statements),
            "decisions": _jsonable(self._decisions),
            "editing_statement": self._editing_statement,
            "editing_decision": self._editing_decision,
        }
        return payload

    def restore_draft(self, payload: dict[str, Any]) -> None:
        ui = self.ui
        saved = payload.get("minutes") or {}
        self._participants = [_participant_from(p) for p in saved.get("participants", [])]
        self._statements = [_statement_from(s) for s in saved.get("statements", [])]
        self._agenda = [_agenda_from(a) for a in saved.get("agenda", [])]
        self._decisions = [_decision_from(d) for d in saved.get("decisions", [])]
        self._render_all()
        by_id = {c.objectName(): c for c in (*self._pickers(), ui.visit_combo, ui.speaker_combo)}
        super().restore_draft(
            {k: v for k, v in payload.items() if k not in by_id and k != "minutes"}
        )
        for picker in self._pickers():
            select_data(picker, _uuid(payload.get(picker.objectName())))
        select_data(ui.visit_combo, _uuid(payload.get(ui.visit_combo.objectName())))
        self._select_speaker(_uuid(payload.get(ui.speaker_combo.objectName())))
        editing = saved.get("editing_statement")
        self._editing_statement = editing if isinstance(editing, int) else None
        editing = saved.get("editing_decision")
        self._editing_decision = editing if isinstance(editing, int) else None
        self._show_entry_modes()
        self._update_header()
