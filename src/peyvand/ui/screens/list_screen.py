"""What every list screen shares: search as you type, SQL-side sorting and paging,
open on Enter or double-click, the column layout remembered.

A screen's form (forms/<screen>.ui) provides ``search_edit``, ``table_view``,
``new_button`` and ``count_label``; the screen adds its own filter widgets.
"""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Any, ClassVar

from PySide6.QtCore import QByteArray, QEvent, QModelIndex, QObject, QSettings, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QWidget,
)

from peyvand.messages import enum_label
from peyvand.services import lists
from peyvand.text import to_persian_digits
from peyvand.ui.context import AppContext
from peyvand.ui.formatting import LATIN_COLUMNS
from peyvand.ui.layout_store import ui_settings
from peyvand.ui.models.list_model import ListModel
from peyvand.ui.permissions import Act, gate

SEARCH_DEBOUNCE_MS = 250
MIN_TEXT_COLUMN = 90  # pixels a narrowed text column keeps (its header may need more)
# The saved column layout; the key changed when columns began to fit the view, so that
# a layout saved with columns off-screen (the meetings list's «نهایی») is not restored.
LAYOUT_KEY = "columns"


class ListScreen(QWidget):
    open_requested = Signal(str, object)  # entity, uuid
    new_requested = Signal(str)  # entity

    kind: ClassVar[str] = ""
    entity: ClassVar[str] = ""

    ui: Any  # the generated form, set by setup_form()
    search_edit: QLineEdit
    table_view: QTableView
    new_button: QPushButton
    count_label: QLabel

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setup_form()
        # Every list form names its common widgets alike (see the module docstring).
        self.search_edit = self.ui.search_edit
        self.table_view = self.ui.table_view
        self.new_button = self.ui.new_button
        self.count_label = self.ui.count_label
        self.model = ListModel(context, self.kind, self.headers(), self)
        self.model.loading_changed.connect(self._show_count)
        # A large list's search shows its first rows before the rest is found.
        self.model.modelReset.connect(self._show_count)
        view = self.table_view
        view.setModel(self.model)
        self._show_default_sort()
        view.setSortingEnabled(True)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.setAlternatingRowColors(True)
        view.verticalHeader().hide()
        view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        view.horizontalHeader().setStretchLastSection(True)
        view.horizontalHeader().setSortIndicatorShown(True)
        view.activated.connect(self._open_index)
        view.doubleClicked.connect(self._open_index)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DEBOUNCE_MS)
        self._search_timer.timeout.connect(self.apply)
        self.search_edit.textEdited.connect(lambda _t: self._search_timer.start())
        self.search_edit.setClearButtonEnabled(True)
        self.new_button.clicked.connect(lambda: self.new_requested.emit(self.entity))
        # A reader sees the button, disabled, with the reason as its tooltip.
        gate(self.new_button, context.account, Act.CREATE)
        export = self.findChild(QPushButton, "export_button")
        if export is not None:
            # A lambda: clicked() would pass its checked flag as the path.
            export.clicked.connect(lambda: self.export_excel())  # noqa: PLW0108
        self.connect_filters()
        self.apply()
        # Columns follow the view's width until the user resizes one (or a layout of
        # theirs is restored): the width is known only once the view is laid out.
        self._auto_fit = False
        self._fitting = False
        self._fit_timer = QTimer(self)  # one fit once a burst of resizes has settled
        self._fit_timer.setSingleShot(True)
        self._fit_timer.setInterval(0)
        self._fit_timer.timeout.connect(self.fit_columns)
        view.viewport().installEventFilter(self)
        view.horizontalHeader().sectionResized.connect(self._section_resized)
        self.restore_layout()

    # -- to implement ---------------------------------------------------------

    def setup_form(self) -> None:
        raise NotImplementedError

    def headers(self) -> dict[str, str]:
        return {}

    @staticmethod
    def add_enum_filter(combo: QComboBox, all_label: str, enum: type[Enum]) -> None:
        """«همه …» (no filter), then one item per value of ``enum`` in Persian."""
        combo.addItem(all_label, None)
        for member in enum:
            combo.addItem(enum_label(member), [member.value])

    def filters(self) -> dict[str, Any]:
        return {}

    def connect_filters(self) -> None:
        """Connect the screen's own filter widgets to ``apply``."""

    # -- behaviour ------------------------------------------------------------

    def apply(self) -> None:
        self.model.update_query(search=self.search_edit.text(), filters=self.filters())
        self._show_count()

    def _show_count(self, loading: bool = False) -> None:
        if self.model.partial:
            self.count_label.setText(
                self.tr("{count} مورد نخست؛ در حال جست‌وجوی بقیه…").format(
                    count=to_persian_digits(self.model.rowCount())
                )
            )
        elif loading or self.model.loading:
            self.count_label.setText(self.tr("در حال جست‌وجو…"))
        else:
            self.count_label.setText(
                self.tr("{count} مورد").format(count=to_persian_digits(self.model.total))
            )
        if self.table_view.horizontalHeader().sortIndicatorSection() >= self.model.columnCount():
            self.table_view.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)

    def refresh(self) -> None:
        self.apply()

    def screen_title(self) -> str:
        label = self.findChild(QLabel, "title_label")
        return label.text() if label is not None else self.kind

    def export_excel(self, path: Path | None = None) -> None:
        """The list as it is filtered and sorted now, to an Excel workbook."""
        from peyvand.ui.printing import export_excel

        export_excel(
            self, self.context, self.model.query, self.headers(), self.screen_title(), path=path
        )

    def _show_default_sort(self) -> None:
        spec = lists.SPECS[self.kind]
        keys = [c.key for c in spec.columns]
        order = (
            Qt.SortOrder.DescendingOrder
            if spec.default_descending
            else (Qt.SortOrder.AscendingOrder)
        )
        if spec.default_sort in keys:
            header = self.table_view.horizontalHeader()
            header.setSortIndicator(keys.index(spec.default_sort), order)

    def _open_index(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_requested.emit(self.entity, self.model.row_id(index.row()))

    def select_row(self, row: int) -> None:
        self.table_view.selectRow(row)

    # -- layout persistence ---------------------------------------------------

    def save_layout(self, settings: QSettings) -> None:
        """The user's column widths; none while the columns still follow the view."""
        key = f"{self.kind}/{LAYOUT_KEY}"
        if self._auto_fit:
            settings.remove(key)
        else:
            settings.setValue(key, self.table_view.horizontalHeader().saveState())

    def restore_layout(self) -> None:
        state = ui_settings().value(f"{self.kind}/{LAYOUT_KEY}")
        if isinstance(state, QByteArray):
            self.table_view.horizontalHeader().restoreState(state)
        else:
            self.table_view.resizeColumnsToContents()
            self._auto_fit = True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if (
            self._auto_fit
            and not self._fitting
            and event.type() == QEvent.Type.Resize
            and watched is self.table_view.viewport()
        ):
            self._fit_timer.start()
        return super().eventFilter(watched, event)

    def _section_resized(self, section: int, _old: int, _new: int) -> None:
        header = self.table_view.horizontalHeader()
        # The last section stretches with the view by itself; any other was resized by
        # the user: their widths from now on.
        if not self._fitting and header.visualIndex(section) != header.count() - 1:
            self._auto_fit = False

    def fit_columns(self) -> None:
        """Every column in view, its header readable: columns as wide as their content,
        then the widest text columns (a title, a place) narrowed until the table fits
        the view. Their text is elided there and read in full in the tooltip."""
        view = self.table_view
        header = view.horizontalHeader()
        self._fitting = True
        header.setStretchLastSection(False)
        view.resizeColumnsToContents()
        columns = lists.columns(self.kind)
        first = lists.SPECS[self.kind].default_sort  # a person's name: narrowed last
        text = [i for i, c in enumerate(columns) if c.kind == "text" and c.key != "number"]
        # Persian text first; an e-mail or a Latin name only if that is not enough.
        for narrowed in (
            [i for i in text if columns[i].key not in LATIN_COLUMNS | {first}],
            [i for i in text if columns[i].key in LATIN_COLUMNS],
            [i for i in text if columns[i].key == first],
        ):
            widths = [header.sectionSize(i) for i in range(header.count())]
            excess = sum(widths) - view.viewport().width()
            floors = {i: max(header.sectionSizeHint(i), MIN_TEXT_COLUMN) for i in narrowed}
            room = {i: widths[i] - floor for i, floor in floors.items() if widths[i] > floor}
            total = sum(room.values())
            for i, spare in room.items() if excess > 0 else ():
                cut = min(spare, -(-excess * spare // total))  # shares rounded up
                header.resizeSection(i, widths[i] - cut)
        header.setStretchLastSection(True)
        self._fitting = False
