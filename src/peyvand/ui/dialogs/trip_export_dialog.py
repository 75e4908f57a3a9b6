"""بستهٔ سفر برای هیئت: a visit into an encrypted trip package for the laptop.

The user picks the visit, the file and a passphrase (twice); confidential and secret
minutes go in only when «شامل صورتجلسه‌های محرمانه» is ticked, after a warning.
services.trips.export_visit runs off the GUI thread (the key derivation alone takes a
fraction of a second); the result is reported with its counts.
"""

from __future__ import annotations

import uuid
from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QMessageBox,
    QWidget,
)

from peyvand.domain import Visit
from peyvand.domain.errors import NotFoundError
from peyvand.messages import ENTITY_LABELS, label, render
from peyvand.services import minutes, records
from peyvand.services.trips import TripExport, export_visit
from peyvand.text import to_persian_digits
from peyvand.ui.context import AppContext
from peyvand.ui.dialogs.inline_error import show_error, shown_error
from peyvand.ui.forms.ui_trip_export_dialog import Ui_TripExportDialog
from peyvand.ui.permissions import Act, gate
from peyvand.ui.widgets.combo import select_data
from peyvand.ui.widgets.folding import folding_combo
from peyvand.ui.worker import Task, run_with_progress

SUFFIX = ".pvtrip"
LRI, PDI = "\u2066", "\u2069"
# The order counts are reported in: what a traveller recognises first.
REPORTED = ("visit", "meeting", "statement", "decision", "action", "person", "attachment")


class TripExportDialog(QDialog):
    """After a successful export ``result_info`` holds what the service wrote."""

    def __init__(
        self,
        context: AppContext,
        parent: QWidget | None = None,
        *,
        visit_id: uuid.UUID | None = None,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.task: Task | None = None
        self.result_info: TripExport | None = None
        self.ui = Ui_TripExportDialog()
        self.ui.setupUi(self)
        ui = self.ui
        ok = ui.button_box.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(self.tr("ساختن بسته"))
        ui.error_label.hide()
        ui.confidential_warning_label.hide()
        self._fill_visits(visit_id)
        folding_combo(ui.visit_combo)  # typed text matches as search does (ي/ی, …)
        ui.browse_button.clicked.connect(self.choose_file)
        ui.confidential_check.toggled.connect(self._confidential_toggled)
        # Classified minutes travel only with a cleared member of staff who asks.
        gate(ui.confidential_check, context.account, Act.EXPORT_CLASSIFIED_TRIP)
        ui.button_box.accepted.connect(self.accept)
        ui.button_box.rejected.connect(self.reject)
        (ui.file_edit if visit_id is not None else ui.visit_combo).setFocus()

    # -- the visit ------------------------------------------------------------

    def _fill_visits(self, selected: uuid.UUID | None) -> None:
        combo = self.ui.visit_combo
        combo.addItem("", None)
        choices = minutes.visits(self.context.db)
        if selected is not None and selected not in {c.id for c in choices}:
            try:
                row = records.get_row(self.context.db, Visit, selected)
            except NotFoundError:
                row = None
            if row is not None:
                combo.addItem(self._visit_text(row.number, row.title), row.id)
        for choice in choices:
            combo.addItem(self._visit_text(choice.detail, choice.label), choice.id)
        if selected is not None:
            select_data(combo, selected)

    @staticmethod
    def _visit_text(number: str, title: str) -> str:
        return f"{to_persian_digits(number)} — {title}" if number else title

    def visit_id(self) -> uuid.UUID | None:
        combo = self.ui.visit_combo
        data = combo.currentData()
        # The typed text must still be the chosen item's (not a half-typed title).
        typed_matches = combo.currentText() == combo.itemText(combo.currentIndex())
        return data if isinstance(data, uuid.UUID) and typed_matches else None

    # -- file and confidential minutes ----------------------------------------

    def choose_file(self) -> None:
        visit = self.ui.visit_combo.currentText().split(" — ", 1)[0]
        suggested = Path.home() / f"trip-{visit or 'visit'}{SUFFIX}"
        chosen, _filter = QFileDialog.getSaveFileName(
            self,
            self.tr("پرونده بسته سفر"),
            self.ui.file_edit.text() or str(suggested),
            self.tr("بسته سفر پیوند (*.pvtrip)"),
            options=QFileDialog.Option.DontConfirmOverwrite,
        )
        if chosen:
            self.ui.file_edit.setText(str(self._with_suffix(Path(chosen))))

    @staticmethod
    def _with_suffix(path: Path) -> Path:
        return path if path.suffix.lower() == SUFFIX else path.with_name(path.name + SUFFIX)

    def _confidential_toggled(self, checked: bool) -> None:
        if checked:
            answer = QMessageBox.warning(
                self,
                self.tr("صورتجلسه‌های محرمانه"),
                self.tr(
                    "جلسه‌های محرمانه و سری این هیئت، با صورتجلسه‌هایشان، هم در بسته نوشته "
                    "می‌شوند. بسته رمزگذاری‌شده است، اما اگر لپ‌تاپ و گذرواژه با هم به دست "
                    "دیگری بیفتند، این صورتجلسه‌ها خوانده می‌شوند.\n\n"
                    "فقط اگر در سفر به آن‌ها نیاز دارید بپذیرید. شامل شوند؟"
                ),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No,
            )
            if answer != QMessageBox.StandardButton.Yes:
                check = self.ui.confidential_check
                check.blockSignals(True)
                check.setChecked(False)
                check.blockSignals(False)
                checked = False
        self.ui.confidential_warning_label.setVisible(checked)

    # -- exporting ------------------------------------------------------------

    def error_text(self) -> str:
        return shown_error(self.ui.error_label, self)

    def _show_error(self, message: str, focus: QWidget | None = None) -> None:
        show_error(self.ui.error_label, message, focus)

    def accept(self) -> None:
        if self.task is not None:
            return
        ui = self.ui
        visit = self.visit_id()
        if visit is None:
            self._show_error(self.tr("هیئتی را برگزینید."), ui.visit_combo)
            return
        typed = ui.file_edit.text().strip()
        if not typed:
            self._show_error(self.tr("پرونده بسته را برگزینید."), ui.file_edit)
            return
        passphrase = ui.passphrase_edit.text()
        if not passphrase.strip():
            self._show_error(render("trip.passphrase_required", "fa"), ui.passphrase_edit)
            return
        if ui.repeat_edit.text() != passphrase:
            self._show_error(render("trip.passphrase_mismatch", "fa"), ui.repeat_edit)
            return
        ui.error_label.hide()
        self.start_export(visit, self._with_suffix(Path(typed)), passphrase)

    def start_export(self, visit: uuid.UUID, path: Path, passphrase: str) -> Task:
        db, clock, cost = self.context.db, self.context.clock, self.context.package_cost()
        confidential = self.ui.confidential_check.isChecked()

        def work(progress: object) -> TripExport:
            return export_visit(
                db,
                str(visit),
                path,
                passphrase,
                include_confidential=confidential,
                cost=cost,
                clock=clock,
            )

        self.ui.button_box.setEnabled(False)
        self.task = run_with_progress(
            self, self.tr("در حال ساختن بسته سفر…"), work, self._done, self._failed
        )
        return self.task

    def summary_text(self, result: TripExport) -> str:
        counts = result.counts
        lines = [
            self.tr("بسته سفر {visit} با {total} رکورد در این پرونده ساخته شد:").format(
                visit=f"{LRI}{to_persian_digits(result.visit_number)}{PDI}",
                total=to_persian_digits(result.total),
            ),
            f"{LRI}{result.path}{PDI}",
            "",
        ]
        for table in REPORTED:
            if counts.get(table):
                lines.append(
                    f"{label(ENTITY_LABELS, table, 'fa')}: {to_persian_digits(counts[table])}"
                )
        lines += [
            "",
            self.tr(
                "پرونده را به لپ‌تاپ سفر ببرید و با پیوند باز کنید (در حالت سفر). گذرواژه را "
                "جدا از لپ‌تاپ نگه دارید."
            ),
        ]
        return "\n".join(lines)

    def _done(self, result: TripExport) -> None:
        self.task = None
        self.ui.button_box.setEnabled(True)
        self.result_info = result
        QMessageBox.information(self, self.tr("بسته سفر ساخته شد"), self.summary_text(result))
        super().accept()

    def _failed(self, message: str) -> None:
        self.task = None
        self.ui.button_box.setEnabled(True)
        typed = self.ui.file_edit.text().strip()
        if typed:  # the path in the message reads left to right inside the sentence
            path = self._with_suffix(Path(typed))
            message = message.replace(str(path), f"{LRI}{path}{PDI}")
        self._show_error(message)

    def reject(self) -> None:
        if self.task is None:
            super().reject()
