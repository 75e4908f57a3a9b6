"""Pick a person or an organization by typing part of the name, or add a new one."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QCompleter, QWidget

from peyvand.services import choices
from peyvand.services.choices import Choice
from peyvand.ui.context import AppContext
from peyvand.ui.widgets.combo import select_data

NEW_ITEM = "__new__"

_SOURCES: dict[str, Callable[..., list[Choice]]] = {
    "person": choices.people,
    "organization": choices.organizations,
    "unit": choices.units,
    "visit": choices.visits,
    "meeting": choices.meetings,
    "partnership": choices.partnerships,
}
# Records too big to create from a picker: their own editor makes them.
_NO_NEW = frozenset({"unit", "visit", "meeting", "partnership"})


class RecordPicker(QComboBox):
    """``value()`` is the chosen record's id, or None. The last item, «جدید…», opens the
    editor for a new record and selects it once saved."""

    value_changed = Signal(object)

    def __init__(
        self,
        context: AppContext,
        entity: str,
        parent: QWidget | None = None,
        *,
        allow_new: bool = True,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.entity = entity
        self.allow_new = allow_new and entity not in _NO_NEW
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setMinimumContentsLength(18)
        completer = self.completer()
        assert completer is not None  # editable combo boxes always have one
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.reload()
        self.activated.connect(self._on_activated)
        self.currentIndexChanged.connect(lambda _i: self.value_changed.emit(self.value()))

    def reload(self, select: uuid.UUID | None = None) -> None:
        current = select or self.value()
        self.blockSignals(True)
        self.clear()
        self.addItem("", None)
        for choice in _SOURCES[self.entity](self.context.db):
            text = f"{choice.label} — {choice.detail}" if choice.detail else choice.label
            self.addItem(text, choice.id)
        if self.allow_new:
            self.addItem(self.tr("جدید…"), NEW_ITEM)
        self.blockSignals(False)
        self.set_value(current)

    def value(self) -> uuid.UUID | None:
        data = self.currentData()
        # The typed text must still be the chosen item's (not a half-typed name).
        typed_matches = self.currentText() == self.itemText(self.currentIndex())
        return data if isinstance(data, uuid.UUID) and typed_matches else None

    def set_value(self, value: uuid.UUID | None) -> None:
        select_data(self, value)

    def _on_activated(self, index: int) -> None:
        if self.itemData(index) == NEW_ITEM:
            self.set_value(None)
            self.create_new()

    def create_new(self) -> uuid.UUID | None:
        from peyvand.ui.registry import editor_class

        editor = editor_class(self.entity)(self.context, None, self.window())
        editor.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        editor.start()
        created: list[uuid.UUID] = []
        editor.saved.connect(created.append)
        editor.exec()
        if created:
            self.reload(select=created[-1])
            return created[-1]
        return None
