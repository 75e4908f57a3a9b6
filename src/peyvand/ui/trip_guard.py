"""In trip mode nothing confidential is written in plain text without asking first.

A trip package is encrypted; a PDF saved from a preview, an Excel list or an attachment
opened with another program is an ordinary file on the laptop. Every such write asks
first, with a Persian warning; «خیر» writes nothing. Outside trip mode nothing is asked.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget


def confirm_plain_copy(parent: QWidget | None, trip: bool, what: str) -> bool:
    """True when ``what`` («پرونده PDF این گزارش») may be written outside the package:
    always outside trip mode, and in trip mode when the user says yes."""
    if not trip:
        return True
    answer = QMessageBox.warning(
        parent,
        QCoreApplication.translate("trip_guard", "نوشتن بیرون از بسته سفر"),
        QCoreApplication.translate(
            "trip_guard",
            "در حالت سفر، همه‌چیز درون بستهٔ رمزگذاری‌شده نگه داشته می‌شود.\n\n"
            "{what} بیرون از بسته و بدون رمزگذاری روی این رایانه نوشته می‌شود و هر کسی "
            "که به این رایانه یا پرونده دسترسی پیدا کند می‌تواند آن را بخواند.\n\n"
            "ادامه می‌دهید؟",
        ).format(what=what),
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    return answer == QMessageBox.StandardButton.Yes
