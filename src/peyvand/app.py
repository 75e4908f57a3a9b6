"""Composition root of the desktop application: Qt set-up, then the main window.

Everything Persian-specific that Qt needs is decided here, once: locale, right-to-left,
Qt's own Persian translation, the bundled Vazirmatn font.
"""

from __future__ import annotations

import logging
import logging.handlers
import sys
import traceback
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, Qt, QTimer, QTranslator
from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from peyvand import __version__
from peyvand.paths import log_dir, resource

log = logging.getLogger(__name__)

FONT_FILES = ("Vazirmatn-Regular.ttf", "Vazirmatn-Bold.ttf")
FONT_FAMILY = "Vazirmatn"
ORGANIZATION = "Peyvand"


def setup_logging() -> Path:
    """A rotating log in the data folder. Records' text never goes to the log."""
    path = log_dir() / "peyvand.log"
    handler = logging.handlers.RotatingFileHandler(
        path, maxBytes=1_000_000, backupCount=3, encoding="utf-8"
    )
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    return path


def register_fonts() -> str:
    for name in FONT_FILES:
        if QFontDatabase.addApplicationFont(str(resource("fonts", name))) < 0:
            log.warning("could not load font %s", name)
    return FONT_FAMILY


def install_translations(app: QCoreApplication) -> list[QTranslator]:
    """Qt's own Persian strings (تأیید / انصراف on standard buttons)."""
    translators = []
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    for name in ("qtbase_fa",):
        translator = QTranslator(app)
        if translator.load(name, folder):
            app.installTranslator(translator)
            translators.append(translator)
        else:
            log.warning("Qt translation %s not found in %s", name, folder)
    return translators


def configure(app: QApplication) -> None:
    QCoreApplication.setOrganizationName(ORGANIZATION)
    QCoreApplication.setApplicationName("Peyvand")
    QCoreApplication.setApplicationVersion(__version__)
    QLocale.setDefault(QLocale(QLocale.Language.Persian, QLocale.Country.Iran))
    QGuiApplication.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
    install_translations(app)
    family = register_fonts()
    font = QFont(family, 10)
    app.setFont(font)
    app.setWindowIcon(QIcon(str(resource("icons", "peyvand.svg"))))
    app.setStyle("Fusion")


def make_application(argv: list[str] | None = None) -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    app = QApplication(argv or sys.argv[:1])
    configure(app)
    return app


def _excepthook(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
    log.error("unexpected error:\n%s", "".join(traceback.format_exception(kind, value, tb)))
    app = QApplication.instance()
    if isinstance(app, QApplication):
        box = QMessageBox(
            QMessageBox.Icon.Critical,
            QCoreApplication.translate("app", "خطای پیش‌بینی‌نشده"),
            QCoreApplication.translate(
                "app",
                "خطایی پیش‌بینی‌نشده رخ داد و در پرونده گزارش ثبت شد:\n{log}\n\n"
                "نوشته‌های ذخیره‌نشده به‌صورت پیش‌نویس نگه داشته شده‌اند و "
                "دفعه بعد پیشنهاد می‌شوند.",
            ).format(log=log_dir() / "peyvand.log"),
        )
        box.exec()


def run(
    db_path: Path,
    *,
    smoke_test: bool = False,
    demo: bool = False,
    trip: bool = False,
    passphrase: str | None = None,
) -> int:
    """Open the main window on ``db_path`` (a trip package when ``trip``); returns the
    exit code."""
    from peyvand.ui.formgen import build as build_forms

    setup_logging()
    build_forms()  # no-op outside a source checkout or when the forms are current
    app = make_application()
    sys.excepthook = _excepthook

    from peyvand.config import load_settings
    from peyvand.errors import PeyvandError
    from peyvand.storage.database import Database
    from peyvand.ui.context import AppContext
    from peyvand.ui.main_window import MainWindow

    try:
        settings = load_settings()
        backup_dir = Path(settings.backup_dir) if settings.backup_dir else None
        if trip:
            if passphrase is None:
                return 1  # the passphrase dialog comes with the trip-mode window
            db = Database.open_package(db_path, passphrase, backup_dir=backup_dir)
        else:
            db = Database.open(db_path, backup_dir=backup_dir)
    except PeyvandError as exc:
        QMessageBox.critical(None, QCoreApplication.translate("app", "پیوند"), exc.message("fa"))
        return 1
    context = AppContext(db=db, settings=settings)
    window = MainWindow(context, demo=demo)
    window.show()
    if smoke_test:
        # Prove the window came up with data (the first event-loop turn has painted
        # it), say so for build checks and benchmarks, then leave cleanly.
        def ready() -> None:
            print("peyvand-ready", flush=True)
            window.close()

        QTimer.singleShot(0, ready)
    code = app.exec()
    # A restore may have replaced the database object the window works on.
    context.db.close()
    return code
