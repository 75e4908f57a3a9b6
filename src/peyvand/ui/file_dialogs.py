"""Where a PDF or a workbook is saved: the system's own save dialog where there is one,
opening in the user's Documents folder (then in the folder last used), with a name
that says what the file is («صورتجلسه 1405-011.pdf»).

Where Qt draws the dialog itself (Linux without a desktop's file dialog), the folder
box shows its path left to right: in a right-to-left application «/home/user» read
«home/user/» (a painter takes the application's direction, whatever the widget's).
File names are typed in a line edit, which finds the direction from the text itself.
The dialog's labels are Persian through Qt's translation (ui/qt_translations.py adds
the ones qtbase_fa misses).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QRect, QStandardPaths, Qt
from PySide6.QtGui import QColor, QPainter, QPalette, QShowEvent
from PySide6.QtWidgets import QComboBox, QDialog, QFileDialog, QProxyStyle, QWidget

from peyvand.services.attachments import safe_file_name
from peyvand.text import to_latin_digits
from peyvand.ui.layout_store import ui_settings

LAST_FOLDER_KEY = "save/last_folder"
PATH_COMBO = "lookInCombo"  # Qt's own file dialog: the folder box


def file_name(document: str, number: str = "", suffix: str = ".pdf") -> str:
    """«صورتجلسه 1405-011.pdf»: what the document is and the record's number (Latin
    digits, as file names are typed), made safe for any disk."""
    stem = " ".join(part for part in (document.strip(), to_latin_digits(number)) if part)
    return safe_file_name(stem + suffix)


def documents_folder() -> Path:
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(folder) if folder else Path.home()


def start_folder() -> Path:
    """The folder last saved into, while it exists; else Documents."""
    last = ui_settings().value(LAST_FOLDER_KEY)
    if isinstance(last, str) and last and Path(last).is_dir():
        return Path(last)
    return documents_folder()


class LeftToRightText(QProxyStyle):
    """A style whose item texts (a combo box's current path) are laid out left to right."""

    def drawItemText(  # noqa: N802, PLR0917 - Qt's signature
        self,
        painter: QPainter,
        rect: QRect,
        flags: int,
        palette: QPalette | Qt.GlobalColor | QColor,
        enabled: bool,
        text: str,
        /,
        textRole: QPalette.ColorRole = QPalette.ColorRole.NoRole,  # noqa: N803
    ) -> None:
        painter.save()
        painter.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        super().drawItemText(painter, rect, flags, palette, enabled, text, textRole)
        painter.restore()


class SaveFileDialog(QFileDialog):
    """A save dialog; the native one unless the platform has none."""

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        combo = self.findChild(QComboBox, PATH_COMBO)  # None in a native dialog
        if combo is not None and not isinstance(combo.style(), LeftToRightText):
            self.path_style = LeftToRightText()  # kept alive with the dialog
            combo.setStyle(self.path_style)
            combo.setLayoutDirection(Qt.LayoutDirection.LeftToRight)


def ask_save_path(parent: QWidget, title: str, name: str, file_filter: str) -> Path | None:
    """Ask where to save ``name``; None when the user cancels. The chosen folder is
    where the next save dialog opens."""
    dialog = SaveFileDialog(parent, title, str(start_folder()), file_filter)
    dialog.setObjectName("save_file_dialog")
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.setFileMode(QFileDialog.FileMode.AnyFile)
    suffix = Path(name).suffix.lstrip(".")
    if suffix:
        dialog.setDefaultSuffix(suffix)
    dialog.selectFile(name)
    if dialog.exec() != QDialog.DialogCode.Accepted or not dialog.selectedFiles():
        return None
    path = Path(dialog.selectedFiles()[0])
    settings = ui_settings()
    settings.setValue(LAST_FOLDER_KEY, str(path.parent))
    settings.sync()
    return path
