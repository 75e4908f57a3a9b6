"""Time input that accepts ۱۳:۳۰, 13:30, or the digits alone (۱۳۳۰, 930)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLineEdit, QWidget

from peyvand.messages import render
from peyvand.text import TimeParseError, format_time, parse_time


class TimeEdit(QLineEdit):
    changed = Signal()
    # The Persian message when the text, once left, is not a time ("" when it is).
    error_changed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # A hint, not a time: grey digits look like a value already set. Drawn right to
        # left, «ساعت» sits on the left, where typed hours show.
        self.setPlaceholderText(self.tr("دقیقه:ساعت"))
        self._hint = self.tr("مثلاً ۱۰:۳۰ یا ۱۰۳۰")
        self.setToolTip(self._hint)
        self.setMaxLength(8)
        # Digits alone would sit at the left edge of a right-to-left field.
        self.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignAbsolute)
        self._error: str | None = None
        self.editingFinished.connect(self._normalize)
        self.textEdited.connect(lambda _t: self.changed.emit())

    def value(self) -> dt.time | None:
        return self._parse()[0]

    def _parse(self) -> tuple[dt.time | None, str | None]:
        text = self.text().strip()
        if not text:
            return None, None
        try:
            return parse_time(text), None
        except TimeParseError as exc:
            return None, render(exc.msg_id, "fa", value=text)

    def error(self) -> str | None:
        return self._parse()[1]

    def set_value(self, value: dt.time | None) -> None:
        self.setText(format_time(value) if value else "")
        self._set_error(None)

    def _set_error(self, message: str | None) -> None:
        if message == self._error:
            return
        self._error = message
        self.setStyleSheet("border: 1px solid #dc2626;" if message else "")
        self.setToolTip(message or self._hint)
        self.error_changed.emit(message or "")

    def _normalize(self) -> None:
        parsed, message = self._parse()
        self._set_error(message)
        if parsed is not None and format_time(parsed) != self.text():
            self.setText(format_time(parsed))
            self.changed.emit()
