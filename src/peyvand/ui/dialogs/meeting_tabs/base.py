"""What every tab of the minutes editor shares: the signals it talks to the editor with."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QPushButton, QTableWidget, QWidget

from peyvand.ui.context import AppContext


class MinutesTab(QWidget):
    """A tab keeps its rows and redraws its table; the editor saves them all together."""

    edited = Signal()  # the user changed something: the editor has unsaved changes
    rows_changed = Signal()  # rows added, removed or reordered: counts and speakers follow
    error = Signal(object, str)  # (field name or None, Persian message)
    errors_cleared = Signal()
    # True while a saved row is put into the entry box: that is showing, not editing.
    loading_entry = Signal(bool)

    def __init__(
        self,
        context: AppContext,
        is_loading: Callable[[], bool],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.is_loading = is_loading
        self.locked = False

    def cells(self, table: QTableWidget, columns: tuple[int, ...]) -> list[QWidget]:
        """The widgets in ``table``'s cells, row by row (Tab reaches them after the table;
        the table itself moves between cells with the arrows, not with Tab)."""
        table.setTabKeyNavigation(False)
        found: list[QWidget] = []
        for row in range(table.rowCount()):
            for column in columns:
                cell = table.cellWidget(row, column)
                if cell is None:
                    continue
                if cell.focusPolicy() & Qt.FocusPolicy.TabFocus:
                    found.append(cell)
                else:  # a cell holding a label and a button: the button
                    found.extend(cell.findChildren(QPushButton))
        return found

    def no_default_buttons(self) -> None:
        # Enter in a line edit must never press some button of the dialog.
        for button in self.findChildren(QPushButton):
            button.setAutoDefault(False)
            button.setDefault(False)

    def focus_order(self) -> list[QWidget]:
        """The tab's widgets in the order they are read (right to left, top to bottom)."""
        return []

    def set_locked(self, locked: bool) -> None:
        """Final minutes: nothing in the tab can be changed."""
        self.locked = locked

    def changed(self) -> None:
        if not self.is_loading():
            self.edited.emit()
