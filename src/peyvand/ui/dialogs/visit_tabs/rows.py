"""The widgets of one row of the members, itinerary and gifts tables."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QTreeWidgetItem, QWidget

from peyvand.services.visits import PreviousGift
from peyvand.ui.widgets.jalali_date_edit import JalaliDateEdit
from peyvand.ui.widgets.record_picker import RecordPicker
from peyvand.ui.widgets.time_edit import TimeEdit

# Itinerary columns; the English ones are left-to-right.
ITEM_COLUMNS = (
    "start_time",
    "end_time",
    "place",
    "place_en",
    "activity",
    "activity_en",
    "hosts",
    "hosts_en",
)
ITEM_TEXTS = ITEM_COLUMNS[2:]
LATIN_ITEM_COLUMNS = frozenset({"place_en", "activity_en", "hosts_en"})
ITEM_WIDTHS = (72, 72, 140, 140, 190, 190, 135, 135)
MEMBER_COLUMNS = ("person_id", "side", "role", "is_head")
GIFT_COLUMNS = ("direction", "person_id", "description", "given_on", "notes")


@dataclass(eq=False)
class MemberWidgets:
    id: uuid.UUID | None
    person: RecordPicker
    side: QComboBox
    role: QLineEdit
    head: QCheckBox

    def widget(self, name: str) -> QWidget:
        return {"person_id": self.person, "side": self.side, "is_head": self.head}.get(
            name, self.role
        )

    def cells(self) -> list[QWidget]:
        return [self.person, self.side, self.role, self.head]


@dataclass(eq=False)
class ItemWidgets:
    id: uuid.UUID | None
    item: QTreeWidgetItem
    start: TimeEdit
    end: TimeEdit
    texts: dict[str, QLineEdit]

    def widget(self, name: str) -> QWidget:
        if name == "start_time":
            return self.start
        if name == "end_time":
            return self.end
        return self.texts.get(name, self.texts["activity"])

    def cells(self) -> list[QWidget]:
        return [self.start, self.end, *self.texts.values()]


@dataclass(eq=False)
class GiftWidgets:
    id: uuid.UUID | None
    direction: QComboBox
    person: RecordPicker
    description: QLineEdit
    given_on: JalaliDateEdit
    notes: QLineEdit
    previous: list[PreviousGift] = field(default_factory=list)

    def widget(self, name: str) -> QWidget:
        widgets: dict[str, QWidget] = {
            "direction": self.direction,
            "person_id": self.person,
            "given_on": self.given_on,
            "notes": self.notes,
        }
        return widgets.get(name, self.description)

    def cells(self) -> list[QWidget]:
        return [self.direction, self.person, self.description, self.given_on, self.notes]
