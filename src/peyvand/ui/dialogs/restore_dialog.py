"""بازگردانی از پشتیبان: the database's backups, newest first, and restoring one.

The dialog lists (services.backups.list_backups), asks, and runs
services.backups.restore off the GUI thread; the service backs up the current state
first. On success it emits ``restored(path)``: the main window then closes and reopens
the database and rebuilds its screens.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHeaderView,
    QMessageBox,
    QTableWidgetItem,
    QWidget,
)

from peyvand.errors import PeyvandError
from peyvand.services import backups
from peyvand.services.backups import BackupInfo, RestoreResult
from peyvand.text import TEHRAN, format_jalali_long, format_time, to_persian_digits
from peyvand.ui.context import AppContext
from peyvand.ui.forms.ui_restore_dialog import Ui_RestoreDialog
from peyvand.ui.worker import Task, run_with_progress

# Left-to-right isolate: a path inside right-to-left text.
LRI, PDI = "\u2066", "\u2069"
# Refusals that only a second confirmation may override (backups.restore(force=True)).
UNVERIFIED = ("restore.unverified", "restore.changed")


@dataclass(frozen=True)
class _Unverified:
    backup: Path
    msg_id: str
TIME_COLUMN, REASON_COLUMN, SIZE_COLUMN = 0, 1, 2


def backup_time_text(moment: dt.datetime) -> str:
    """«پنج‌شنبه ۵ آذر ۱۴۰۵، ۱۲:۳۰»: the office's (Tehran) wall time of a backup."""
    local = moment.astimezone(TEHRAN)
    return f"{format_jalali_long(local.date())}، {format_time(local.time())}"


class RestoreDialog(QDialog):
    restored = Signal(Path)

    def __init__(
        self, context: AppContext, parent: QWidget | None = None, *, folder: Path | None = None
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.folder = folder or backups.backup_folder(context.db.path, context.settings.backup_dir)
        self.result_info: RestoreResult | None = None
        self.task: Task | None = None
        self._rows: list[BackupInfo] = []
        self.ui = Ui_RestoreDialog()
        self.ui.setupUi(self)
        ui = self.ui
        ui.folder_edit.setText(str(self.folder))  # left-to-right, like every path
        ui.folder_edit.setToolTip(str(self.folder))
        header = ui.backups_table.horizontalHeader()
        header.setSectionResizeMode(TIME_COLUMN, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(REASON_COLUMN, QHeaderView.ResizeMode.ResizeToContents)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeading | Qt.AlignmentFlag.AlignVCenter)
        ui.backups_table.itemSelectionChanged.connect(self._update_buttons)
        ui.backups_table.itemDoubleClicked.connect(lambda _item: self.restore_selected())
        ui.restore_button.clicked.connect(self.restore_selected)
        ui.choose_file_button.clicked.connect(self.choose_file)
        ui.button_box.rejected.connect(self.reject)
        self.reload()
        ui.backups_table.setFocus()

    # -- listing --------------------------------------------------------------

    def reason_text(self, reason: str) -> str:
        labels = {
            backups.DAILY: self.tr("خودکار روزانه"),
            backups.MANUAL: self.tr("دستی"),
            backups.PRE_MIGRATION: self.tr("پیش از به‌روزرسانی ساختار داده"),
            backups.PRE_IMPORT: self.tr("پیش از درون‌ریزی"),
            backups.PRE_RESTORE: self.tr("پیش از بازگردانی"),
        }
        return labels.get(reason, reason)

    def size_text(self, size: int) -> str:
        megabyte = 1024 * 1024
        if size < megabyte:
            return self.tr("{n} کیلوبایت").format(n=to_persian_digits(max(1, round(size / 1024))))
        value = to_persian_digits(f"{size / megabyte:.1f}").replace(".", "٫")
        return self.tr("{n} مگابایت").format(n=value)

    def reload(self) -> None:
        # Only verified backups are offered; a damaged file is not one.
        self._rows = [
            b for b in backups.list_backups(self.context.db.path, self.folder) if b.verified
        ]
        table = self.ui.backups_table
        table.clearSelection()
        table.setRowCount(len(self._rows))
        for row, info in enumerate(self._rows):
            cells = (
                backup_time_text(info.taken_at),
                self.reason_text(info.reason),
                self.size_text(info.size),
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setTextAlignment(Qt.AlignmentFlag.AlignLeading | Qt.AlignmentFlag.AlignVCenter)
                item.setToolTip(info.path.name)
                table.setItem(row, column, item)
        self.ui.empty_label.setVisible(not self._rows)
        self._update_buttons()

    def backups_shown(self) -> list[BackupInfo]:
        return list(self._rows)

    def selected_backup(self) -> BackupInfo | None:
        rows = self.ui.backups_table.selectionModel().selectedRows()
        if not rows:
            return None
        row: int = rows[0].row()
        return self._rows[row]

    def _update_buttons(self) -> None:
        idle = self.task is None
        self.ui.restore_button.setEnabled(idle and self.selected_backup() is not None)
        self.ui.choose_file_button.setEnabled(idle)

    # -- restoring ------------------------------------------------------------

    def restore_selected(self) -> None:
        info = self.selected_backup()
        if info is not None and self.task is None:
            self.confirm_and_restore(info.path, backup_time_text(info.taken_at))

    def choose_file(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self,
            self.tr("پرونده پشتیبان"),
            str(self.folder),
            self.tr("پایگاه داده پیوند (*.sqlite3 *.db);;همه پرونده‌ها (*)"),
        )
        if path:
            self.confirm_and_restore(Path(path), f"{LRI}{Path(path).name}{PDI}")

    def confirm_and_restore(self, backup: Path, description: str) -> bool:
        """Ask, then start restoring; False when the user said no."""
        answer = QMessageBox.question(
            self,
            self.tr("بازگردانی از پشتیبان"),
            self.tr(
                "پایگاه داده به وضعیت پشتیبان «{backup}» بازگردانده می‌شود و تغییرهای "
                "پس از آن کنار می‌روند.\n\n"
                "پیش از بازگردانی، از وضعیت کنونی پشتیبان گرفته می‌شود تا اگر لازم شد "
                "بتوانید به آن برگردید.\n\nادامه می‌دهید؟"
            ).format(backup=description),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return False
        self.start_restore(backup)
        return True

    def start_restore(self, backup: Path, *, force: bool = False) -> Task:
        db_path, folder, clock = self.context.db.path, self.folder, self.context.clock

        def work(progress: object) -> RestoreResult | _Unverified:
            try:
                return backups.restore(backup, db_path, folder=folder, clock=clock, force=force)
            except PeyvandError as exc:
                if exc.msg_id in UNVERIFIED:  # every other check passed: ask again
                    return _Unverified(backup, exc.msg_id)
                raise

        self.task = run_with_progress(
            self, self.tr("در حال بازگردانی از پشتیبان…"), work, self._done, self._failed
        )
        self._update_buttons()
        return self.task

    def _done(self, result: RestoreResult | _Unverified) -> None:
        self.task = None
        if isinstance(result, _Unverified):
            self._update_buttons()
            if self.confirm_unverified(result):
                self.start_restore(result.backup, force=True)
            return
        self.result_info = result
        self.restored.emit(result.database)
        self.accept()

    def confirm_unverified(self, unverified: _Unverified) -> bool:
        """The second confirmation for a backup whose checksum was not recorded when it
        was made (made elsewhere), or no longer matches (changed since)."""
        name = f"{LRI}{unverified.backup.name}{PDI}"
        if unverified.msg_id == "restore.changed":
            text = self.tr(
                "پشتیبان «{name}» پس از ساخته شدن تغییر کرده است: چکیده آن با چکیده‌ای که "
                "هنگام ساختنش ثبت شد یکی نیست. شاید پرونده آسیب دیده یا دست‌کاری شده باشد.\n\n"
                "ساختار و سلامت آن بررسی شد و ایرادی دیده نشد. با این همه بازگردانده شود؟"
            )
        else:
            text = self.tr(
                "برای پشتیبان «{name}» هنگام ساختنش چکیده‌ای ثبت نشده است (جای دیگری یا با "
                "نسخه قدیمی‌تری از پیوند ساخته شده)، پس نمی‌توان گفت پس از آن تغییر کرده "
                "است یا نه.\n\n"
                "ساختار و سلامت آن بررسی شد و ایرادی دیده نشد. اگر به این پرونده اطمینان "
                "دارید، بازگردانده شود؟"
            )
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            self.tr("پشتیبان تأییدنشده"),
            text.format(name=name),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            self,
        )
        box.setObjectName("unverified_backup_box")
        box.setDefaultButton(QMessageBox.StandardButton.No)
        return box.exec() == QMessageBox.StandardButton.Yes

    def _failed(self, message: str) -> None:
        self.task = None
        QMessageBox.warning(self, self.tr("بازگردانی انجام نشد"), message)
        self.reload()

    def reject(self) -> None:
        if self.task is None:  # a restore half-way is never walked away from
            super().reject()
