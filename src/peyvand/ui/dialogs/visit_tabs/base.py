"""What the tabs of the visit editor share: the editor's dirty tracking and row focus."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QTableWidget, QWidget

from peyvand.ui.context import AppContext

ERROR_STYLE = "border: 1px solid #dc2626;"
WARNING_STYLE = "background: #fef3c7;"
# A record number inside Persian text reads like in the lists («۱۴۰۵-۰۰۳», year first)
# only when kept apart from the letters around it: a left-to-right isolate.
LRI, PDI = "\u2066", "\u2069"


def selected_row(table: QTableWidget) -> int:
    rows = table.selectionModel().selectedRows()
    return rows[0].row() if rows else table.currentRow()


class VisitTab(QWidget):
    """A tab gets the editor's context, its ``watch`` (changes make the editor dirty) and
    whether the editor is filling its widgets (no warnings while loading)."""

    edited = Signal()  # rows added, removed or moved: the editor has unsaved changes

    def __init__(
        self,
        context: AppContext,
        watch: Callable[..., None],
        is_loading: Callable[[], bool],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.watch = watch
        self.is_loading = is_loading

    def focus_order(self) -> list[QWidget]:
        """The tab's widgets in the order they are read (right to left, top to bottom)."""
        return []

    # -- typing in a row's field selects the row, so «حذف» removes that row ---------

    def track_focus(self, *widgets: QWidget) -> None:
        for widget in widgets:
            for target in (widget, *widget.findChildren(QWidget)):
                target.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.FocusIn and isinstance(watched, QWidget):
            # Not while the focus is moving: changing a view's current index from
            # inside its cell widget's FocusIn crashes Qt.
            QTimer.singleShot(0, self, lambda: self._focus_entered(watched))
        return super().eventFilter(watched, event)

    def _focus_entered(self, widget: QWidget) -> None:
        try:
            widget.objectName()
        except RuntimeError:  # the row went away meanwhile
            return
        self.select_row_of(widget)

    def select_row_of(self, widget: QWidget) -> None:
        """Select the row holding ``widget``."""
