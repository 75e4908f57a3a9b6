"""A table model over a service list: pages fetched on demand, sorted in SQL."""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor

from peyvand.services import lists
from peyvand.services.lists import ListQuery, ListRow
from peyvand.ui.context import AppContext
from peyvand.ui.formatting import LATIN_COLUMNS, display
from peyvand.ui.worker import run_in_background

PAGE_SIZE = 200
RAW_ROLE = Qt.ItemDataRole.UserRole + 1
STATE_ROLE = Qt.ItemDataRole.UserRole + 2

_STATE_COLORS = {
    "overdue": (QColor("#fde2e2"), QColor("#991b1b")),
    "due_soon": (QColor("#fef3c7"), QColor("#92400e")),
    "closed": (None, QColor("#6b7280")),
    "dormant": (QColor("#e5e7eb"), QColor("#374151")),
}

Index = QModelIndex | QPersistentModelIndex


# A search over a list larger than this runs off the GUI thread: matching a common word
# against hundreds of thousands of rows takes seconds, and the window must not freeze.
ASYNC_SEARCH_ROWS = 20_000
# A search over such a list shows its first rows as soon as they are found (a screenful
# and more), before every match is known (services.lists.first_matches).
FIRST_ROWS = 50


class ListModel(QAbstractTableModel):
    """Rows come from :mod:`peyvand.services.lists`; nothing here loads every row.

    Without a search, pages come straight from SQL (count, then LIMIT/OFFSET). With a
    search, the matching ids are found once, in list order, and pages are read by id.
    """

    loading_changed = Signal(bool)

    def __init__(
        self, context: AppContext, kind: str, headers: Mapping[str, str], parent: Any = None
    ) -> None:
        super().__init__(parent)
        self._context = context
        self._columns = lists.columns(kind)
        self._headers = headers
        self._query = ListQuery(kind)
        self._rows: list[ListRow] = []
        self._total = 0
        self._ids: list[uuid.UUID] | None = None  # the search's matches, in order
        self._partial = False  # a search's first rows shown, the rest still being found
        self._generation = 0
        self._table_size: int | None = None
        self._loaded = False  # no query run yet (the screen is still being built)
        self.loading = False

    # -- querying -------------------------------------------------------------

    @property
    def query(self) -> ListQuery:
        return self._query

    @property
    def total(self) -> int:
        return self._total

    def set_query(self, query: ListQuery) -> None:
        self._generation += 1
        self._partial = False
        if query.search.strip():
            self._search(query)
            return
        self.beginResetModel()
        self._query = query
        self._ids = None
        self._total, self._rows = lists.first_page(
            self._context.db,
            query,
            PAGE_SIZE,
            clock=self._context.clock,
            dormancy_months=self._context.settings.dormancy_months,
        )
        self._loaded = True
        self.endResetModel()
        self._set_loading(False)

    def _search(self, query: ListQuery) -> None:
        db, clock = self._context.db, self._context.clock
        months = self._context.settings.dormancy_months
        if self._table_size is None:
            self._table_size = lists.count(db, ListQuery(query.kind), clock=clock)
        generation = self._generation

        def find() -> list[uuid.UUID]:
            return lists.ordered_ids(db, query, clock=clock)

        def first() -> lists.FirstRows | None:
            return lists.first_matches(
                db, query, FIRST_ROWS, clock=clock, dormancy_months=months
            )

        def show(ids: object) -> None:
            if generation != self._generation:
                return  # the user typed on; a newer search is under way
            assert isinstance(ids, list)
            shown = [row.id for row in self._rows] if self._partial else []
            self._partial = False
            if shown and ids[: len(shown)] == shown:
                # The first rows are on screen already: keep them (and the selection),
                # add the rest of the first page, and let the view scroll on.
                self._ids = ids
                self._total = len(ids)
                self._append(self._fetch(len(shown)))
                self._set_loading(False)
                return
            self.beginResetModel()
            self._query = query
            self._ids = ids
            self._total = len(ids)
            self._rows = self._fetch(0)
            self._loaded = True
            self.endResetModel()
            self._set_loading(False)

        def show_first(found: object) -> None:
            if generation != self._generation:
                return
            if found is not None:
                assert isinstance(found, lists.FirstRows)
                self.beginResetModel()
                self._query = query
                self._rows = found.rows
                # Until every match is known nothing more can be fetched: the total is
                # what is shown.
                self._ids = [row.id for row in found.rows] if found.complete else None
                self._total = len(found.rows)
                self._partial = not found.complete
                self._loaded = True
                self.endResetModel()
                if found.complete:
                    self._set_loading(False)
                    return
            run_in_background(find, show, lambda _message: self._set_loading(False))

        if self._table_size > ASYNC_SEARCH_ROWS:
            self._set_loading(True)
            # The first rows first (a walk of the list, milliseconds when many records
            # match), then every match in list order for the total and the scrolling.
            run_in_background(first, show_first, lambda _message: self._set_loading(False))
        else:
            show(find())

    def _append(self, more: list[ListRow]) -> None:
        if not more:
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(more) - 1)
        self._rows.extend(more)
        self.endInsertRows()

    @property
    def partial(self) -> bool:
        """Only the first rows of a search are shown; the rest are still being found."""
        return self._partial

    def _set_loading(self, loading: bool) -> None:
        if loading != self.loading:
            self.loading = loading
            self.loading_changed.emit(loading)

    def refresh(self) -> None:
        self.set_query(self._query)

    def update_query(self, **changes: Any) -> None:
        self.set_query(dataclasses.replace(self._query, **changes))

    def _fetch(self, offset: int) -> list[ListRow]:
        if self._ids is not None:
            return lists.rows_for_ids(
                self._context.db,
                self._query,
                self._ids[offset : offset + PAGE_SIZE],
                clock=self._context.clock,
                dormancy_months=self._context.settings.dormancy_months,
            )
        return lists.page(
            self._context.db,
            self._query,
            offset,
            PAGE_SIZE,
            clock=self._context.clock,
            dormancy_months=self._context.settings.dormancy_months,
        )

    def row_id(self, row: int) -> uuid.UUID:
        return self._rows[row].id

    def row_of(self, entity_id: uuid.UUID) -> int:
        for number, item in enumerate(self._rows):
            if item.id == entity_id:
                return number
        return -1

    def column_key(self, column: int) -> str:
        return self._columns[column].key

    # -- Qt model interface ---------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._columns)

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008, N802
        return not parent.isValid() and len(self._rows) < self._total

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008, N802
        if parent.isValid():
            return
        more = self._fetch(len(self._rows))
        if not more:
            self._total = len(self._rows)
            return
        self._append(more)

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal
        if horizontal and role == Qt.ItemDataRole.DisplayRole and section < len(self._columns):
            key = self._columns[section].key
            return self._headers.get(key, key)
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        item = self._rows[index.row()]
        column = self._columns[index.column()]
        value = item.values.get(column.key)
        if role == Qt.ItemDataRole.DisplayRole:
            return display(value, column.kind.split(":")[0], column.key)
        if role == Qt.ItemDataRole.ToolTipRole and column.kind == "text":
            # A narrowed column elides its text: the whole of it on hover.
            return display(value, "text", column.key) or None
        if role == RAW_ROLE:
            return value
        if role == STATE_ROLE:
            return item.state
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if column.key in LATIN_COLUMNS:
                # Absolute: left even in a right-to-left table (Latin text reads so).
                return int(
                    Qt.AlignmentFlag.AlignLeft
                    | Qt.AlignmentFlag.AlignAbsolute
                    | Qt.AlignmentFlag.AlignVCenter
                )
            return int(Qt.AlignmentFlag.AlignLeading | Qt.AlignmentFlag.AlignVCenter)
        colors = _STATE_COLORS.get(item.state)
        if colors and role == Qt.ItemDataRole.BackgroundRole and colors[0] is not None:
            return QBrush(colors[0])
        if colors and role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(colors[1])
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self._columns):
            return
        key = self._columns[column].key
        descending = order == Qt.SortOrder.DescendingOrder
        if not self._loaded:
            # The view announces its sort indicator while the screen is being built,
            # before the screen's first query: remember the order, load once later.
            self._query = dataclasses.replace(self._query, sort=key, descending=descending)
            return
        self.update_query(sort=key, descending=descending)
