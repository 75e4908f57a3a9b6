"""The rows of the minutes as the editor holds them before saving, and what the tabs share.

Rows are kept as plain dataclasses (not widgets): the tables are redrawn from them, they
go into the crash drafts as JSON, and ``collect`` hands them to ``services.minutes``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QAbstractItemView, QComboBox, QHeaderView, QTableWidget

from peyvand.domain.enums import Attendance, ParticipantRole, Side
from peyvand.messages import enum_label
from peyvand.services.minutes import FollowUp


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


def jsonable(value: Any) -> Any:
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, list):
        return [jsonable(v) for v in value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    return value


def to_uuid(value: Any) -> uuid.UUID | None:
    return uuid.UUID(value) if isinstance(value, str) and value else None


def participant_from(data: dict[str, Any]) -> ParticipantEntry:
    person_id = to_uuid(data.get("person_id"))
    assert person_id is not None
    return ParticipantEntry(
        person_id=person_id,
        name=str(data.get("name", "")),
        detail=str(data.get("detail", "")),
        side=Side(data.get("side", Side.HOST)),
        role=ParticipantRole(data.get("role", ParticipantRole.MEMBER)),
        attendance=Attendance(data.get("attendance", Attendance.PRESENT)),
        id=to_uuid(data.get("id")),
        revision=data.get("revision"),
    )


def agenda_from(data: dict[str, Any]) -> AgendaEntry:
    return AgendaEntry(str(data.get("text", "")), to_uuid(data.get("id")), data.get("revision"))


def statement_from(data: dict[str, Any]) -> StatementEntry:
    return StatementEntry(
        speaker_id=to_uuid(data.get("speaker_id")),
        speaker=str(data.get("speaker", "")),
        text=str(data.get("text", "")),
        id=to_uuid(data.get("id")),
        revision=data.get("revision"),
    )


def decision_from(data: dict[str, Any]) -> DecisionEntry:
    due = data.get("due_date")
    followups = []
    for item in data.get("followups") or []:
        follow_id = to_uuid(item.get("id"))
        if follow_id is not None:
            followups.append(FollowUp(follow_id, str(item["number"]), str(item["title"])))
    return DecisionEntry(
        text=str(data.get("text", "")),
        owner_person_id=to_uuid(data.get("owner_person_id")),
        owner=str(data.get("owner", "")),
        owner_unit_id=to_uuid(data.get("owner_unit_id")),
        unit=str(data.get("unit", "")),
        due_date=dt.date.fromisoformat(due) if isinstance(due, str) and due else None,
        number=data.get("number"),
        followups=followups,
        id=to_uuid(data.get("id")),
        revision=data.get("revision"),
    )


# -- widgets the tabs share ---------------------------------------------------------


def fill_enum(combo: QComboBox, enum: type[Enum]) -> None:
    for member in enum:
        combo.addItem(enum_label(member), member)


def moved(items: list[Any], row: int, step: int) -> int | None:
    """Swap ``items[row]`` with its neighbour ``step`` away; the new row, or None."""
    target = row + step
    if not (0 <= row < len(items) and 0 <= target < len(items)):
        return None
    items[row], items[target] = items[target], items[row]
    return target


def setup_table(table: QTableWidget, headers: list[str], *, stretch: int) -> None:
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
