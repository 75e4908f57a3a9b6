"""Finding a combo box item by its data.

``QComboBox.findData`` compares Python objects by identity, so a UUID read back from the
database (an equal but different object) is never found by it; these compare by value.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QComboBox


def find_data(combo: QComboBox, value: Any) -> int:
    """The index of the first item whose data equals ``value``; -1 when there is none."""
    if value is None:
        return -1
    for index in range(combo.count()):
        if combo.itemData(index) == value:
            return index
    return -1


def select_data(combo: QComboBox, value: Any) -> None:
    """Select the item holding ``value``, or the first item ("none") when there is none."""
    combo.setCurrentIndex(max(find_data(combo, value), 0))
