"""خوش آمدید: what the main window shows while the database is empty.

It explains Peyvand in a few lines and offers three ways to start: the sample data
(``demo_requested``; the host then calls :meth:`WelcomePage.load_sample`), an empty
database (``dismissed``), or people from a spreadsheet (``import_requested``).
"""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from peyvand.services.sample_data import load_sample_into
from peyvand.ui.context import AppContext
from peyvand.ui.forms.ui_welcome_page import Ui_WelcomePage
from peyvand.ui.worker import run_with_progress


class WelcomePage(QWidget):
    demo_requested = Signal()
    dismissed = Signal()
    import_requested = Signal()
    # After load_sample() succeeded: the database now holds the sample office.
    sample_loaded = Signal()

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.ui = Ui_WelcomePage()
        self.ui.setupUi(self)
        self.ui.load_sample_button.clicked.connect(self.demo_requested)
        self.ui.start_empty_button.clicked.connect(self.dismissed)
        self.ui.import_button.clicked.connect(self.import_requested)

    def load_sample(self) -> None:
        """Load the sample office into the (empty) database, in the background behind a
        progress dialog. ``sample_loaded`` follows on success; an error is shown."""
        self._set_busy(True)
        run_with_progress(
            self,
            self.tr("در حال بارگذاری داده نمونه…"),
            partial(load_sample_into, self.context.db, clock=self.context.clock),
            self._loaded,
            self._failed,
        )

    def _set_busy(self, busy: bool) -> None:
        for button in (
            self.ui.load_sample_button,
            self.ui.start_empty_button,
            self.ui.import_button,
        ):
            button.setEnabled(not busy)

    def _loaded(self, _summary: object) -> None:
        self._set_busy(False)
        self.sample_loaded.emit()

    def _failed(self, message: str) -> None:
        self._set_busy(False)
        QMessageBox.warning(self, self.tr("داده نمونه بارگذاری نشد"), message)
