"""راهنمای کاربر: the Persian user guide (docs/user-guide.md), shipped with the program
and shown as it is written — Qt reads Markdown — with its pictures, right to left.

One file for the repository's readers and the program's: the guide is not copied into
another format. Links to the web open in the browser.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QEvent, QObject, QSize, Qt, QUrl
from PySide6.QtGui import QImage, QPixmap, QTextCursor, QTextDocument
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from peyvand.paths import user_guide
from peyvand.ui.formatting import rtl_text_option

IMAGE_MARGIN = 24  # pixels beside a picture, for the scroll bar


class UserGuideDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("user_guide_dialog")
        self.setWindowTitle(self.tr("راهنمای کاربر"))
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        self.resize(900, 720)
        layout = QVBoxLayout(self)
        self.browser = QTextBrowser(self)
        self.browser.setObjectName("guide_browser")
        self.browser.setOpenExternalLinks(True)
        self.browser.document().setDefaultTextOption(rtl_text_option())
        layout.addWidget(self.browser)
        # The pictures follow the page's width, which is known once it is laid out.
        self.browser.viewport().installEventFilter(self)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.close)
        layout.addWidget(buttons)
        self.load()

    def load(self) -> bool:
        """Show the guide; False (and a Persian note in its place) when it is missing."""
        path = user_guide()
        if not path.is_file():
            self.browser.setPlainText(
                self.tr("راهنمای کاربر در این نسخه پیدا نشد ({path}).").format(path=path)
            )
            return False
        # As a source, so that the pictures' relative paths are found beside the file.
        self.browser.setSource(
            QUrl.fromLocalFile(str(path)), QTextDocument.ResourceType.MarkdownResource
        )
        self._right_to_left()
        self.fit_images()
        return True

    def _right_to_left(self) -> None:
        """Every paragraph and heading right to left, starting at the right (Markdown
        carries no direction; a heading would otherwise follow its first letter)."""
        document = self.browser.document()
        document.setDefaultTextOption(rtl_text_option())
        cursor = QTextCursor(document)
        block = document.begin()
        while block.isValid():
            layout = block.blockFormat()
            layout.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
            layout.setAlignment(Qt.AlignmentFlag.AlignLeading)
            cursor.setPosition(block.position())
            cursor.setBlockFormat(layout)
            block = block.next()

    def fit_images(self) -> None:
        """Pictures no wider than the page (the screenshots are 1280 pixels wide): a
        wider one would make every line of the guide run off the window."""
        document = self.browser.document()
        room = self.browser.viewport().width() - 2 * document.documentMargin() - IMAGE_MARGIN
        if room <= 0:
            return
        cursor = QTextCursor(document)
        block = document.begin()
        while block.isValid():
            fragments = block.begin()
            while not fragments.atEnd():
                fragment = fragments.fragment()
                picture = fragment.charFormat()
                if picture.isImageFormat():
                    image = picture.toImageFormat()
                    size = _size(
                        document.resource(
                            QTextDocument.ResourceType.ImageResource, QUrl(image.name())
                        )
                    )
                    if size.width() > 0:
                        width = min(size.width(), room)
                        image.setWidth(width)
                        image.setHeight(size.height() * width / size.width())
                        cursor.setPosition(fragment.position())
                        cursor.setPosition(
                            fragment.position() + fragment.length(),
                            QTextCursor.MoveMode.KeepAnchor,
                        )
                        cursor.setCharFormat(image)
                fragments += 1
            block = block.next()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if watched is self.browser.viewport() and event.type() == QEvent.Type.Resize:
            self.fit_images()
        return super().eventFilter(watched, event)


def _size(resource: object) -> QSize:
    """A loaded picture's size (the document holds a QPixmap, a QImage or bytes)."""
    if isinstance(resource, QPixmap | QImage):
        return resource.size()
    if isinstance(resource, bytes | bytearray | QByteArray):
        return QImage.fromData(resource).size()
    return QSize()
