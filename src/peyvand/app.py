"""Composition root of the desktop application: Qt set-up, then the main window.

Everything Persian-specific that Qt needs is decided here, once: locale, right-to-left,
Qt's own Persian translation, the bundled Vazirmatn font.

On a trip package (`peyvand --trip F.pvtrip`) the passphrase is asked for
(ui/dialogs/passphrase_dialog.py) and the log is written by :class:`TripLogFormatter`,
which keeps no record text.
"""

from __future__ import annotations

import logging
import logging.handlers
import sys
import traceback
from collections.abc import Mapping
from pathlib import Path, PurePath
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QLibraryInfo,
    QLocale,
    Qt,
    QTimer,
    QTranslator,
)
from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from peyvand import __version__
from peyvand.paths import log_dir, resource

if TYPE_CHECKING:
    from peyvand.config import Settings
    from peyvand.domain.accounts import Account
    from peyvand.storage.database import Database
    from peyvand.storage.trip_package import KdfCost

log = logging.getLogger(__name__)

FONT_FILES = ("Vazirmatn-Regular.ttf", "Vazirmatn-Bold.ttf")
FONT_FAMILY = "Vazirmatn"
ORGANIZATION = "Peyvand"


# Set by setup_logging: in trip mode nothing a record says may reach the disk in plain.
_trip_logging: list[bool] = [False]
_REDACTED = "‹…›"


def _redacted_arg(value: object) -> object:
    """A log argument as the trip log keeps it: numbers and paths as they are; text and
    anything else (an exception, a row) only by its type."""
    if value is None or isinstance(value, bool | int | float | PurePath):
        return value
    if isinstance(value, str):
        return _REDACTED
    return f"‹{type(value).__name__}›"


def _redacted_exception(exc: BaseException | None) -> str:
    """A traceback with every frame but no exception message (the message of a failed
    insert or a validation error can quote the record)."""
    lines: list[str] = []
    seen: set[int] = set()
    chain: list[tuple[BaseException, str]] = []
    current, link = exc, ""
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        chain.append((current, link))
        if current.__cause__ is not None:
            current, link = current.__cause__, "The above exception was the direct cause of"
        elif current.__context__ is not None and not current.__suppress_context__:
            current, link = current.__context__, "During handling of the above exception"
        else:
            current = None
    for error, following in reversed(chain):
        lines.append("Traceback (most recent call last):\n")
        lines.extend(traceback.format_list(traceback.extract_tb(error.__traceback__)))
        kind = type(error)
        lines.append(f"{kind.__module__}.{kind.__qualname__}: (message withheld in trip mode)\n")
        if following:
            lines.append(f"\n{following} the following exception:\n\n")
    return "".join(lines).rstrip("\n")


class TripLogFormatter(logging.Formatter):
    """Trip mode: log messages keep their wording, but text arguments and exception
    messages are withheld (exception types and traceback frames stay), so that no
    record text is written to the log file in plain."""

    def format(self, record: logging.LogRecord) -> str:
        safe = logging.makeLogRecord(record.__dict__)
        if not isinstance(record.msg, str):
            safe.msg = str(_redacted_arg(record.msg))
        if isinstance(record.args, Mapping):
            safe.args = {key: _redacted_arg(value) for key, value in record.args.items()}
        elif record.args:
            safe.args = tuple(_redacted_arg(value) for value in record.args)
        safe.exc_text = None
        if record.exc_info:
            safe.exc_text = _redacted_exception(record.exc_info[1])
            safe.exc_info = None
        return super().format(safe)


def trip_logging() -> bool:
    return _trip_logging[0]


def stop_logging() -> None:
    """Close the log file set up by :func:`setup_logging` (tests; a second set-up)."""
    root = logging.getLogger()
    for old in [h for h in root.handlers if getattr(h, "peyvand_log", False)]:
        root.removeHandler(old)
        old.close()
    _trip_logging[0] = False


def setup_logging(*, trip: bool = False) -> Path:
    """A rotating log in the data folder. Records' text never goes to the log; in trip
    mode not even through an exception message (:class:`TripLogFormatter`)."""
    path = log_dir() / "peyvand.log"
    stop_logging()
    root = logging.getLogger()
    handler = logging.handlers.RotatingFileHandler(
        path, maxBytes=1_000_000, backupCount=3, encoding="utf-8"
    )
    handler.peyvand_log = True  # type: ignore[attr-defined]
    fmt = "%(asctime)s %(levelname)s %(name)s: %(message)s"
    handler.setFormatter(TripLogFormatter(fmt) if trip else logging.Formatter(fmt))
    _trip_logging[0] = trip
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
            from peyvand.ui.qt_translations import install_mnemonic_fallback

            # First: it is asked last, for what the catalogue misses («&Look in:»).
            translators.append(install_mnemonic_fallback(app, translator))
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
    # Through the log's formatter: in trip mode it withholds the exception's message.
    log.error("unexpected error", exc_info=(kind, value, tb))
    app = QApplication.instance()
    if isinstance(app, QApplication):
        if trip_logging():
            text = QCoreApplication.translate(
                "app",
                "خطایی پیش‌بینی‌نشده رخ داد. نوع خطا، بی هیچ متنی از رکوردها، در پرونده "
                "گزارش ثبت شد:\n{log}\n\n"
                "نوشته‌های ذخیره‌نشده به‌صورت پیش‌نویس درون بسته سفر نگه داشته شده‌اند و "
                "دفعه بعد پیشنهاد می‌شوند.",
            )
        else:
            text = QCoreApplication.translate(
                "app",
                "خطایی پیش‌بینی‌نشده رخ داد و در پرونده گزارش ثبت شد:\n{log}\n\n"
                "نوشته‌های ذخیره‌نشده به‌صورت پیش‌نویس نگه داشته شده‌اند و "
                "دفعه بعد پیشنهاد می‌شوند.",
            )
        box = QMessageBox(
            QMessageBox.Icon.Critical,
            QCoreApplication.translate("app", "خطای پیش‌بینی‌نشده"),
            text.format(log=log_dir() / "peyvand.log"),
        )
        box.exec()


def _open_trip_package(
    path: Path, passphrase: str | None, backup_dir: Path | None, cost: KdfCost | None
) -> Database | None:
    """The package, unlocked: with the passphrase given (a file, a smoke test) at once,
    behind a busy cursor; otherwise through the passphrase dialog, which derives the key
    off the GUI thread. None when the user cancels."""
    from peyvand.storage.database import Database

    if passphrase is None:
        from peyvand.ui.dialogs.passphrase_dialog import PassphraseDialog

        dialog = PassphraseDialog(path, cost=cost, backup_dir=backup_dir)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.database
    QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        return Database.open_package(path, passphrase, cost=cost, backup_dir=backup_dir)
    finally:
        QGuiApplication.restoreOverrideCursor()


def _sign_in(spec: str, settings: Settings) -> tuple[Database, Account] | None:
    """Office mode: the sign-in dialog (ui/dialogs/sign_in_dialog.py); None when the
    user cancels."""
    from peyvand.ui.dialogs.sign_in_dialog import SignInDialog

    dialog = SignInDialog(spec, settings)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    assert dialog.database is not None and dialog.account is not None
    return dialog.database, dialog.account


def run(
    db_path: Path | str,
    *,
    smoke_test: bool = False,
    demo: bool = False,
    trip: bool = False,
    passphrase: str | None = None,
    cost: KdfCost | None = None,
) -> int:
    """Open the main window on ``db_path`` (a file, a trip package when ``trip``: the
    passphrase is asked for unless given, or the office server's URL); returns the exit
    code. ``cost`` is for tests only."""
    from peyvand.ui.formgen import build as build_forms

    setup_logging(trip=trip)
    build_forms()  # no-op outside a source checkout or when the forms are current
    app = make_application()
    sys.excepthook = _excepthook

    from peyvand.config import load_settings
    from peyvand.errors import PeyvandError
    from peyvand.storage import busy, scratch
    from peyvand.ui.context import AppContext
    from peyvand.ui.main_window import MainWindow
    from peyvand.ui.write_wait import WriteWaitNotice

    try:
        settings = load_settings()
        # A save that finds another program writing waits, visibly and cancellably.
        busy.configure(seconds=settings.write_wait_seconds, observer=WriteWaitNotice(app))
        scratch.sweep()  # temporary files of Peyvand processes that were killed
        backup_dir = Path(settings.backup_dir) if settings.backup_dir else None
        from peyvand.storage.location import is_server

        account = None
        if trip:
            opened = _open_trip_package(Path(db_path), passphrase, backup_dir, cost)
            if opened is None:
                log.info("trip package not opened: the passphrase was not given")
                return 0
            db = opened
        elif is_server(db_path) and not smoke_test:
            signed_in = _sign_in(str(db_path), settings)
            if signed_in is None:
                log.info("office server not opened: nobody signed in")
                return 0
            db, account = signed_in
        else:
            from peyvand.storage.location import open_location

            db = open_location(db_path, backup_dir=backup_dir)
        if account is None:
            from peyvand.services.accounts import current

            account = current(db, settings)
    except PeyvandError as exc:
        QMessageBox.critical(None, QCoreApplication.translate("app", "پیوند"), exc.message("fa"))
        return 1
    context = AppContext(db=db, settings=settings, kdf_cost=cost, account=account)
    window = MainWindow(context, demo=demo)
    window.show()
    if smoke_test:
        # Prove the window came up with data (the first event-loop turn has painted
        # it), say so for build checks and benchmarks, then leave cleanly.
        def ready() -> None:
            print("peyvand-ready", flush=True)
            window.close()
            QCoreApplication.exit(0)  # whatever other windows are open

        QTimer.singleShot(0, ready)
    code = app.exec()
    # Closing the last window posts a Quit event of its own. Left queued, it would
    # stop the next event loop that runs in this process (a test's, say) at once.
    QCoreApplication.removePostedEvents(app, QEvent.Type.Quit)
    # A restore may have replaced the database object the window works on.
    context.db.close()
    return code
