"""Guards the PySide6 pin: 6.12.0 on Python 3.11 leaks a reference to None on every
void method call, and the application dies ("none_dealloc") after a few thousand."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication, QLabel, QProgressBar


def test_void_qt_calls_do_not_leak_references_to_none(app: QApplication) -> None:
    label = QLabel()
    bar = QProgressBar()
    bar.setRange(0, 100)
    before = sys.getrefcount(None)
    for i in range(2000):
        label.setText(str(i))
        bar.setValue(i % 100)
    # A few references may come and go with caches; 4,000 calls leaking one each
    # would show as -4,000.
    assert sys.getrefcount(None) - before > -200
