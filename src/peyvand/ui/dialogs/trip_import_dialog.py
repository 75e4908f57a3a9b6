"""ورود بستهٔ سفر: merge a trip package back into the office database.

First a dry run (services.trips.import_package with ``dry_run=True``) shows what would
happen: new, changed, conflicts, kept, unchanged. «ادغام در پایگاه داده» then applies
it all in one transaction (the service backs the database up first). Both run off the
GUI thread. Errors (wrong passphrase, a damaged or foreign file…) are shown in Persian
and change nothing. When conflicts were recorded, the conflicts screen is offered.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox, QWidget

from peyvand.messages import ENTITY_LABELS, FIELD_LABELS, label, render
from peyvand.services.trips import Change, TripImport, import_package
from peyvand.text import to_persian_digits
from peyvand.ui.context import AppContext
from peyvand.ui.dialogs.inline_error import show_error, shown_error
from peyvand.ui.formatting import display, rtl_text_option
from peyvand.ui.forms.ui_trip_import_dialog import Ui_TripImportDialog
from peyvand.ui.worker import Task, run_with_progress

LRI, FSI, PDI = "\u2066", "\u2068", "\u2069"
DELETE_VS_EDIT = "delete-vs-edit"


class TripImportDialog(QDialog):
    imported = Signal(object)  # the TripImport of the applied merge
    conflicts_requested = Signal()

    def __init__(
        self,
        context: AppContext,
        parent: QWidget | None = None,
        *,
        backup_folder: Path | None = None,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.backup_folder = backup_folder
        self.task: Task | None = None
        self.preview: TripImport | None = None  # the dry run shown
        self.result_info: TripImport | None = None  # the merge applied
        self.ui = Ui_TripImportDialog()
        self.ui.setupUi(self)
        ui = self.ui
        ui.error_label.hide()
        ui.summary_group.hide()
        ui.details_edit.document().setDefaultTextOption(rtl_text_option())
        ui.browse_button.clicked.connect(self.choose_file)
        ui.check_button.clicked.connect(self.check)
        ui.apply_button.clicked.connect(self.apply)
        ui.file_edit.textEdited.connect(self._inputs_changed)
        ui.passphrase_edit.textEdited.connect(self._inputs_changed)
        ui.passphrase_edit.returnPressed.connect(self.check)
        ui.button_box.rejected.connect(self.reject)
        ui.file_edit.setFocus()

    # -- input ----------------------------------------------------------------

    def choose_file(self) -> None:
        chosen, _filter = QFileDialog.getOpenFileName(
            self,
            self.tr("بسته سفر"),
            self.ui.file_edit.text(),
            self.tr("بسته سفر پیوند (*.pvtrip);;همه پرونده‌ها (*)"),
        )
        if chosen:
            self.ui.file_edit.setText(chosen)
            self._inputs_changed()
            self.ui.passphrase_edit.setFocus()

    def _inputs_changed(self, *_args: object) -> None:
        """A summary holds for the file and passphrase it was made with only."""
        if self.result_info is None:
            self.preview = None
            self.ui.apply_button.setEnabled(False)
            self.ui.summary_group.hide()

    def _inputs(self) -> tuple[Path, str] | None:
        ui = self.ui
        typed = ui.file_edit.text().strip()
        if not typed:
            self._show_error(self.tr("پرونده بسته را برگزینید."), ui.file_edit)
            return None
        passphrase = ui.passphrase_edit.text()
        if not passphrase.strip():
            self._show_error(render("trip.passphrase_required", "fa"), ui.passphrase_edit)
            return None
        ui.error_label.hide()
        return Path(typed), passphrase

    def error_text(self) -> str:
        return shown_error(self.ui.error_label, self)

    def _show_error(self, message: str, focus: QWidget | None = None) -> None:
        show_error(self.ui.error_label, message, focus)

    def _set_busy(self, busy: bool) -> None:
        ui = self.ui
        for widget in (ui.file_edit, ui.browse_button, ui.passphrase_edit, ui.check_button):
            widget.setEnabled(not busy and self.result_info is None)
        ui.apply_button.setEnabled(
            not busy
            and self.result_info is None
            and self.preview is not None
            and not self.preview.is_empty
        )
        ui.button_box.setEnabled(not busy)

    # -- dry run --------------------------------------------------------------

    def check(self) -> Task | None:
        """«بررسی بسته»: the summary of what importing would do; writes nothing."""
        inputs = self._inputs()
        if inputs is None or self.task is not None or self.result_info is not None:
            return None
        return self._run(inputs, dry_run=True)

    def apply(self) -> Task | None:
        """«ادغام در پایگاه داده»: the merge shown in the summary, in one transaction."""
        inputs = self._inputs()
        if inputs is None or self.preview is None or self.task is not None:
            return None
        return self._run(inputs, dry_run=False)

    def _run(self, inputs: tuple[Path, str], *, dry_run: bool) -> Task:
        path, passphrase = inputs
        db, clock, cost = self.context.db, self.context.clock, self.context.package_cost()
        folder = self.backup_folder

        def work(progress: object) -> TripImport:
            return import_package(
                db,
                path,
                passphrase,
                dry_run=dry_run,
                cost=cost,
                backup_folder=folder,
                clock=clock,
            )

        label_text = (
            self.tr("در حال بررسی بسته سفر…") if dry_run else self.tr("در حال ادغام بسته سفر…")
        )
        done = self._checked if dry_run else self._applied
        self.task = run_with_progress(self, label_text, work, done, self._failed)
        self._set_busy(True)
        return self.task

    def _checked(self, result: TripImport) -> None:
        self.task = None
        self.preview = result
        self.show_summary(result)
        self._set_busy(False)
        if not result.is_empty:
            self.ui.apply_button.setFocus()

    def _applied(self, result: TripImport) -> None:
        self.task = None
        self.result_info = result
        self.show_summary(result)
        self._set_busy(False)
        self.imported.emit(result)
        if result.conflicts and self.ask_open_conflicts(result.conflicts):
            self.conflicts_requested.emit()
            self.accept()

    def _failed(self, message: str) -> None:
        self.task = None
        self._set_busy(False)
        typed = self.ui.file_edit.text().strip()
        if typed:  # the path in the message reads left to right inside the sentence
            message = message.replace(str(Path(typed)), f"{LRI}{Path(typed)}{PDI}")
        self._show_error(message)

    def ask_open_conflicts(self, count: int) -> bool:
        answer = QMessageBox.question(
            self,
            self.tr("ناسازگاری‌ها"),
            self.tr(
                "{n} ناسازگاری ثبت شد: در این موارد مقدار دفتر در رکورد ماند و مقدار سفر "
                "برای تصمیم شما نگه داشته شد. صفحه ناسازگاری‌ها باز شود؟"
            ).format(n=to_persian_digits(count)),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.Yes,
        )
        return answer == QMessageBox.StandardButton.Yes

    # -- the summary ----------------------------------------------------------

    def show_summary(self, result: TripImport) -> None:
        ui = self.ui
        for widget, value in (
            (ui.new_label, result.new),
            (ui.changed_label, result.changed),
            (ui.conflicts_label, result.conflicts),
            (ui.kept_label, result.kept),
            (ui.unchanged_label, result.unchanged),
            (ui.recorded_label, result.already_recorded),
        ):
            widget.setText(to_persian_digits(value))
        ui.summary_group.setTitle(
            self.tr("خلاصه پیش از ادغام") if result.dry_run else self.tr("نتیجه ادغام")
        )
        ui.details_edit.setPlainText(self.details_text(result))
        ui.details_edit.setVisible(bool(ui.details_edit.toPlainText()))
        ui.note_label.setText(self.note_text(result))
        ui.summary_group.show()

    def details_text(self, result: TripImport) -> str:
        lines: list[str] = []
        if result.numbers:
            lines.append(self.tr("شماره‌های موقت سفر و شماره‌های دفتر:"))
            for provisional, number in sorted(result.numbers.items()):
                lines.append(
                    f"  {LRI}{to_persian_digits(provisional)}{PDI} ← "
                    f"{LRI}{to_persian_digits(number)}{PDI}"
                )
        if result.changes:
            lines.append(self.tr("تغییرها، رکورد به رکورد:"))
            lines.extend(
                "  " + self.change_text(change, result.numbers) for change in result.changes
            )
        if result.conflict_list:
            lines.append(self.tr("ناسازگاری‌ها:"))
            for conflict in result.conflict_list:
                entity = label(ENTITY_LABELS, conflict.table, "fa")
                if conflict.kind == DELETE_VS_EDIT:
                    field = self.tr("حذف در برابر ویرایش")
                else:
                    field = label(FIELD_LABELS, conflict.field, "fa")
                lines.append(f"  {entity} — {field}")
        return "\n".join(lines)

    def change_text(self, change: Change, numbers: dict[str, str]) -> str:
        """«جلسه ۱۴۰۵-۰۰۲ — عنوان: خلاصه: «پیشین» ← «تازه»»."""
        title = change.title
        for provisional, number in numbers.items():
            title = title.replace(provisional, number)
        entity = label(ENTITY_LABELS, change.table, "fa")
        record = f"{entity} {FSI}{to_persian_digits(title)}{PDI}"
        if change.kind == "new":
            return self.tr("{record}: تازه").format(record=record)
        if change.kind == "delete":
            return self.tr("{record}: حذف می‌شود").format(record=record)
        if change.kind == "restore":
            return self.tr("{record}: بازگردانده می‌شود").format(record=record)
        field = label(FIELD_LABELS, change.field or "", "fa")
        return self.tr("{record} — {field}: «{old}» ← «{new}»").format(
            record=record,
            field=field,
            old=self.value_text(change.old),
            new=self.value_text(change.new),
        )

    def value_text(self, value: object) -> str:
        if isinstance(value, bool):
            return self.tr("بله") if value else self.tr("خیر")
        text = display(value)
        text = text if len(text) <= 80 else text[:79] + "…"
        return f"{FSI}{text}{PDI}"

    def note_text(self, result: TripImport) -> str:
        if result.dry_run:
            if result.is_empty:
                return self.tr("این بسته تغییری ندارد که ادغام شود؛ چیزی نوشته نمی‌شود.")
            return self.tr(
                "هنوز چیزی تغییر نکرده است. برای ادغام «ادغام در پایگاه داده» را بزنید؛ "
                "پیش از آن از پایگاه داده پشتیبان گرفته می‌شود."
            )
        if result.backup is not None:
            return self.tr("ادغام انجام شد. پشتیبان پیش از ادغام: {name}").format(
                name=f"{LRI}{result.backup.name}{PDI}"
            )
        return self.tr("ادغام انجام شد.")

    def reject(self) -> None:
        if self.task is None:  # a merge half-way is never walked away from
            super().reject()
