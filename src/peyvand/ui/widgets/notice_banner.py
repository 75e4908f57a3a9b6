"""A strip across the top of a window: one sentence and, at most, a few buttons.

Used where something happened that the person must see without a dialog in the way:
the office server went away, another workstation changed the record this form holds.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

STYLES: Final = {
    # background, text, border
    "warning": ("#fef3c7", "#78350f", "#f59e0b"),
    "error": ("#fee2e2", "#7f1d1d", "#ef4444"),
    "info": ("#dbeafe", "#1e3a8a", "#3b82f6"),
    "ok": ("#dcfce7", "#14532d", "#22c55e"),
}


class NoticeBanner(QFrame):
    def __init__(self, parent: QWidget | None = None, *, name: str = "notice_banner") -> None:
        super().__init__(parent)
        self.setObjectName(name)
        layout = QHBoxLayout(self)
        self._layout = layout
        layout.setContentsMargins(12, 6, 12, 6)
        self.label = QLabel(self)
        self.label.setObjectName(f"{name}_text")
        self.label.setWordWrap(True)
        layout.addWidget(self.label, 1)
        self.buttons: dict[str, QPushButton] = {}
        self.kind = ""
        self.hide()

    def add_button(self, key: str, text: str, slot: Callable[[], object]) -> QPushButton:
        button = QPushButton(text, self)
        button.setObjectName(f"{self.objectName()}_{key}")
        button.setAutoDefault(False)
        button.clicked.connect(lambda _checked=False: slot())
        self._layout.addWidget(button)
        self.buttons[key] = button
        return button

    def show_message(self, kind: str, text: str, *, buttons: tuple[str, ...] = ()) -> None:
        """Show ``text`` in the colours of ``kind`` with only the ``buttons`` named."""
        background, color, border = STYLES[kind]
        self.kind = kind
        self.setStyleSheet(
            f"#{self.objectName()} {{ background: {background};"
            f" border-bottom: 1px solid {border}; }}"
            f" #{self.objectName()} QLabel {{ color: {color}; font-weight: bold; }}"
        )
        self.label.setText(text)
        for key, button in self.buttons.items():
            button.setVisible(key in buttons)
        self.show()

    def text(self) -> str:
        return self.label.text() if not self.isHidden() else ""
