"""Pick a person, an organization or a unit by typing part of its name, or add a new one.

What is typed is never dropped silently. Suggestions match the way the global search
does (``widgets.folding``: «نوروزي» finds «نوروزی»); text that names exactly one record
(folded) chooses it; text that names none stays in the field, marked, and
``unmatched_text()`` reports it, so the editor can offer to create the record or refuse
to save. The last suggestion is always «… جدید: «typed text»…», which opens the record's
editor with the typed name filled in; Enter on text that matches nothing does the same.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QComboBox, QWidget

from peyvand.services import choices
from peyvand.services.choices import Choice
from peyvand.ui.context import AppContext
from peyvand.ui.widgets.combo import find_data, select_data
from peyvand.ui.widgets.folding import FOLD_ROLE, FoldingCompleter, fold_key

NEW_ITEM = "__new__"
# The search key of an item's name alone (FOLD_ROLE holds that of name and detail).
LABEL_FOLD_ROLE = FOLD_ROLE + 1
ERROR_STYLE = "border: 1px solid #dc2626;"

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
        self._typed = ""  # the text the user typed last
        self._error = ""
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setMinimumContentsLength(18)
        self.reload()
        self.completer_ = FoldingCompleter(self.model(), self)
        self.setCompleter(self.completer_)
        self.activated.connect(self._on_activated)
        self.currentIndexChanged.connect(lambda _i: self.value_changed.emit(self.value()))
        line = self.lineEdit()
        assert line is not None  # editable combo boxes always have one
        line.textEdited.connect(self._on_text_edited)
        line.editingFinished.connect(self._on_editing_finished)
        # Enter reaches the open list of suggestions, or else the combo box (the focus
        # widget), which hands it to its line edit directly: it is seen here first.
        self.installEventFilter(self)
        line.installEventFilter(self)
        popup = self.completer_.popup()
        assert popup is not None  # a completer makes its popup on first asking
        popup.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        popup = self.completer_.popup()
        if (
            watched in (self, self.lineEdit(), popup)
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and not event.modifiers() & Qt.KeyboardModifier.ControlModifier
        ):
            if watched is popup:
                if popup.currentIndex().isValid():
                    return False  # a suggestion chosen: the completer takes it
                popup.hide()
            # Consumed unless a record was created: then Enter goes on (it adds the
            # new participant, say), and the combo box never sees the key twice.
            return self._on_return()
        return super().eventFilter(watched, event)

    # -- the list ---------------------------------------------------------------

    def reload(self, select: uuid.UUID | None = None) -> None:
        current = select or self.value()
        self.blockSignals(True)
        self.clear()
        self.addItem("", None)
        for choice in _SOURCES[self.entity](self.context.db):
            text = f"{choice.label} — {choice.detail}" if choice.detail else choice.label
            self.addItem(text, choice.id)
            index = self.count() - 1
            self.setItemData(index, fold_key(text), FOLD_ROLE)
            self.setItemData(index, fold_key(choice.label), LABEL_FOLD_ROLE)
        if self.allow_new:
            self.addItem(self.tr("جدید…"), NEW_ITEM)
            self.setItemData(self.count() - 1, "", FOLD_ROLE)  # set as the user types
        self.blockSignals(False)
        self.set_value(current)

    def _new_item_text(self, typed: str) -> str:
        if not typed:
            return self.tr("جدید…")
        if self.entity == "organization":
            return self.tr("سازمان جدید: «{name}»…").format(name=typed)
        return self.tr("شخص جدید: «{name}»…").format(name=typed)

    # -- the value --------------------------------------------------------------

    def value(self) -> uuid.UUID | None:
        data = self.currentData()
        text = self.currentText()
        if isinstance(data, uuid.UUID) and text == self.itemText(self.currentIndex()):
            return data
        return self._named(text)

    def _named(self, text: str) -> uuid.UUID | None:
        """The one record whose name (or name and detail) is ``text``, folded."""
        key = fold_key(text)
        if not key:
            return None
        found: list[uuid.UUID] = []
        for index in range(self.count()):
            data = self.itemData(index)
            keys = (self.itemData(index, FOLD_ROLE), self.itemData(index, LABEL_FOLD_ROLE))
            if isinstance(data, uuid.UUID) and key in keys:
                found.append(data)
        return found[0] if len(found) == 1 else None

    def set_value(self, value: uuid.UUID | None) -> None:
        select_data(self, value)
        self._typed = ""
        self.set_error("")

    def unmatched_text(self) -> str:
        """Typed text that names no record ("" when the field is empty or chosen)."""
        text = self.currentText().strip()
        if not text or self.value() is not None or self.currentData() == NEW_ITEM:
            return ""
        return text

    def draft_state(self) -> dict[str, str | None]:
        """For a crash draft: the record by id (not by its row in a list that may have
        grown), and text typed that names none (kept like any other typing)."""
        value = self.value()
        return {"id": str(value) if value else None, "typed": self.unmatched_text()}

    def restore_draft_state(self, state: dict[str, Any]) -> None:
        raw = state.get("id")
        try:
            value = uuid.UUID(str(raw)) if raw else None
        except ValueError:
            value = None
        self.set_value(value)
        typed = state.get("typed")
        line = self.lineEdit()
        if typed and line is not None:
            self.setCurrentIndex(0)
            line.setText(str(typed))
            self._typed = str(typed)

    def set_error(self, message: str) -> None:
        """Mark the field (or clear the mark, with "")."""
        if message == self._error:
            return
        self._error = message
        self.setStyleSheet(ERROR_STYLE if message else "")
        line = self.lineEdit()
        if line is not None:
            line.setToolTip(message)

    # -- typing -----------------------------------------------------------------

    def _on_text_edited(self, text: str) -> None:
        self._typed = text.strip()
        self.set_error("")
        new = find_data(self, NEW_ITEM)
        if new >= 0:
            # Always the last suggestion: it matches whatever is typed.
            self.setItemText(new, self._new_item_text(self._typed))
            self.setItemData(new, fold_key(self._typed), FOLD_ROLE)

    def _on_editing_finished(self) -> None:
        chosen = self.value()
        if chosen is not None and self.currentData() != chosen:
            select_data(self, chosen)  # «نوروزي» typed in full: the record, as it is spelled
        elif self.unmatched_text():
            self.set_error(self.tr("«{text}» در فهرست نیست").format(text=self.unmatched_text()))

    def _on_return(self) -> bool:
        """Enter on text that matches no record: create it (when suggestions exist,
        show them instead, so a half-typed name is completed, not duplicated). True
        when Enter has done its work here."""
        typed = self.unmatched_text()
        if not typed or not self.allow_new:
            return False
        key = fold_key(typed)
        for index in range(self.count()):
            folded = self.itemData(index, FOLD_ROLE)
            if isinstance(self.itemData(index), uuid.UUID) and key in str(folded or ""):
                self.completer_.setCompletionPrefix(typed)
                self.completer_.complete()
                return True
        return self.create_new(typed) is None

    def _on_activated(self, index: int) -> None:
        if self.itemData(index) == NEW_ITEM:
            typed = self._typed
            self.set_value(None)
            self.create_new(typed)

    def create_new(self, name: str = "") -> uuid.UUID | None:
        """The record's editor, with ``name`` filled in; the new record is chosen once
        saved. Cancelled, the typed name comes back into the field."""
        from peyvand.ui.registry import editor_class

        editor = editor_class(self.entity)(self.context, None, self.window())
        editor.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        created: list[uuid.UUID] = []
        editor.saved.connect(created.append)
        editor.start()
        if name:
            editor.prefill(name)
        editor.exec()
        if created:
            self.reload(select=created[-1])
            return created[-1]
        if name:
            self.setCurrentIndex(0)
            line = self.lineEdit()
            if line is not None:
                line.setText(name)
            self._typed = name
            self.set_error(self.tr("«{text}» در فهرست نیست").format(text=name))
        return None
