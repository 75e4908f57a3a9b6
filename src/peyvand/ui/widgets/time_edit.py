"""Time input that accepts ۱۳:۳۰ or 13:30."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLineEdit, QWidget

from peyvand.messages import render
from peyvand.text import TimeParseError, format_time, parse_time


class TimeEdit(QLineEdit):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText(self.tr("۱۰:۳۰"))
        self.setMaxLength(8)
        # Digits alone would sit at the left edge of a right-to-left field.
        self.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignAbsolute)
        self._error: str | None = None
        self.editingFinished.connect(self._normalize)
        self.textEdited.connect(lambda _t: self.changed.emit())

    def value(self) -> dt.time | None:
        text = self.text().strip()
        if not text:
            self._set_error(None)
            return None
        try:
            parsed = parse_time(text)
        except TimeParseError as exc:
            self._set_error(render(exc.msg_id, "fa", value=text))
            return None
        self._set_error(None)
        return parsed

    def error(self) -> str | None:
        self.value()
        return self._error

    def set_value(self, value: dt.time | None) -> None:
        self.setText(format_time(value) if value else "")

    def _set_error(self, message: str | None) -> None:
        self._error = message
        self.setStyleSheet("border: 1px solid #dc2626;" if message else "")
        self.setToolTip(message or "")

    def _normalize(self) -> None:
        parsed = self.value()
        if parsed is not None and format_time(parsed) != self.text():
            self.setText(format_time(parsed))
