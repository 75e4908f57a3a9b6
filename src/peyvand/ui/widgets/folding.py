"""Completers that match typed text the way the global search does.

Qt's completers compare characters as they are, so «نوروزي» (Arabic yeh, as some
keyboards type it) never finds «نوروزی». Each item carries its search key
(``text.fold_compact``: ي/ی and ك/ک unified, harakat dropped, digit sets and case
folded, spaces and ZWNJ removed) in :data:`FOLD_ROLE`; the completer folds what is typed
the same way and matches it anywhere in that key.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QComboBox, QCompleter

from peyvand.text import fold_compact

FOLD_ROLE = int(Qt.ItemDataRole.UserRole) + 64


def fold_key(text: str) -> str:
    """The key typed text and item labels are compared by."""
    return fold_compact(text)


class FoldingCompleter(QCompleter):
    """A popup of the items whose folded label contains the folded typed text."""

    def __init__(self, model: QAbstractItemModel, parent: QObject | None = None) -> None:
        super().__init__(model, parent)
        self.setCompletionRole(FOLD_ROLE)
        self.setFilterMode(Qt.MatchFlag.MatchContains)
        self.setCaseSensitivity(Qt.CaseSensitivity.CaseSensitive)  # the keys are casefolded
        self.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.setModelSorting(QCompleter.ModelSorting.UnsortedModel)

    def splitPath(self, path: str) -> list[str]:  # noqa: N802 - Qt's name
        return [fold_key(path)]

    def pathFromIndex(self, index: QModelIndex | QPersistentModelIndex) -> str:  # noqa: N802
        # What goes into the line edit is the label as shown, not its search key.
        return str(index.data(Qt.ItemDataRole.DisplayRole) or "")


def fold_combo_items(combo: QComboBox) -> None:
    """Give every item of ``combo`` its search key (call after filling it)."""
    for index in range(combo.count()):
        combo.setItemData(index, fold_key(combo.itemText(index)), FOLD_ROLE)


def folding_combo(combo: QComboBox) -> FoldingCompleter:
    """Make an editable combo box complete with folding; its items must be filled
    (and refolded with :func:`fold_combo_items` whenever they change)."""
    completer = FoldingCompleter(combo.model(), combo)
    combo.setCompleter(completer)
    fold_combo_items(combo)
    return completer


def folding_word_completer(words: list[str], parent: QObject | None = None) -> FoldingCompleter:
    """A completer over a fixed list of suggestions (for a line edit)."""
    model = QStandardItemModel(parent)
    for word in words:
        item = QStandardItem(word)
        item.setData(fold_key(word), FOLD_ROLE)
        model.appendRow(item)
    return FoldingCompleter(model, parent)
