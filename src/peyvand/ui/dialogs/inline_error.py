"""The red line under a dialog's fields that says what is wrong (trip dialogs)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget


def show_error(label: QLabel, message: str, focus: QWidget | None = None) -> None:
    label.setText(message)
    label.show()
    if focus is not None:
        focus.setFocus()


def shown_error(label: QLabel, dialog: QWidget) -> str:
    """The message the user sees now ("" when the line is hidden)."""
    return label.text() if label.isVisibleTo(dialog) else ""
