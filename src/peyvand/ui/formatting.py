"""How values look on screen: Jalali dates, Persian digits, Persian enum labels."""

from __future__ import annotations

import datetime as dt
from enum import Enum
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextOption

from peyvand.messages import enum_label
from peyvand.text import format_jalali_date, format_time, to_persian_digits

# Columns holding short numbers («۱۴۰۵-۰۰۴»): shown with Persian digits.
NUMBER_COLUMNS = frozenset({"number", "linked"})
# Columns whose content is Latin by nature: shown left-to-right with Latin digits.
LATIN_COLUMNS = frozenset({"name_latin", "name_en", "email", "phone", "website", "title_en"})


def display(value: Any, kind: str = "text", key: str = "") -> str:
    if value is None or value == "":
        return ""
    if kind == "date" or (isinstance(value, dt.date) and not isinstance(value, dt.datetime)):
        return format_jalali_date(value)
    if kind == "time" or isinstance(value, dt.time):
        return format_time(value)
    if isinstance(value, Enum):
        return enum_label(value)
    if kind == "bool" or isinstance(value, bool):
        return "✔" if value else ""
    if kind == "number" or isinstance(value, int):
        return to_persian_digits(value)
    text = str(value)
    if key in NUMBER_COLUMNS:
        return to_persian_digits(text)
    return text


def short_number(kind_label: str, number: str) -> str:
    """«جلسه ۱۴۰۳-۰۴۲»: how people say a record's number."""
    # An isolate keeps «۱۴۰۳-۰۴۲» in reading order after Persian letters.
    return f"{kind_label} \u2066{to_persian_digits(number)}\u2069"


def rtl_text_option() -> QTextOption:
    """For a QPlainTextEdit/QTextBrowser document: paragraphs right to left, aligned
    right, even when one starts with spaces, digits or a Latin word."""
    option = QTextOption()
    option.setTextDirection(Qt.LayoutDirection.RightToLeft)
    option.setAlignment(Qt.AlignmentFlag.AlignRight)
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    return option
