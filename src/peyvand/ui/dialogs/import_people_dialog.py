"""ورود اشخاص و سازمان‌ها: a spreadsheet, previewed, its columns mapped, then imported.

The dialog only shows what ``services.sheet_import`` decides: the sheet's first rows, a
field per column (guessed from the headers, corrected by the user), and the plan: how many
people and organizations would be added, which rows are duplicates and which have errors.
Rows with errors are not imported; the rest is imported in one transaction, in the
background behind a progress dialog (a few thousand rows take a while).
"""

from __future__ import annotations

from functools import partial
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QHeaderView,
    QListWidgetItem,
    QMessageBox,
    QTableWidgetItem,
    QWidget,
)

from peyvand.errors import PeyvandError
from peyvand.services import sheet_import
from peyvand.services.sheet_import import ImportPlan, ImportResult, Sheet
from peyvand.text import to_persian_digits
from peyvand.ui.context import AppContext
from peyvand.ui.forms.ui_import_people_dialog import Ui_ImportPeopleDialog
from peyvand.ui.worker import run_with_progress

PREVIEW_ROWS = 50
# The problems list stays quick even when every row of a big sheet is wrong.
PROBLEMS_SHOWN = 300
SAMPLE_MAX = 40
ERROR_COLOR = QColor("#b91c1c")
MUTED_COLOR = QColor("#6b7280")
# Left-to-right isolate for cells with no Persian letter (phones, e-mails, Latin names),
# so that «+98 31 3222 1234» is not reordered inside the right-to-left table.
LRI, PDI = "\u2066", "\u2069"


def _has_rtl(text: str) -> bool:
    return any("\u0590" <= ch <= "\u08ff" or "\ufb50" <= ch <= "\ufeff" for ch in text)


def _cell_text(text: str) -> str:
    return text if not text or _has_rtl(text) else f"{LRI}{text}{PDI}"


class ImportPeopleDialog(QDialog):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.ui = Ui_ImportPeopleDialog()
        self.ui.setupUi(self)
        self.sheet: Sheet | None = None
        self.plan = ImportPlan()
        self._combos: list[QComboBox] = []
        ui = self.ui
        ui.main_splitter.setStretchFactor(0, 1)
        ui.main_splitter.setStretchFactor(1, 1)
        ui.main_splitter.setSizes([300, 340])
        ui.mapping_table.setColumnCount(3)
        ui.mapping_table.setHorizontalHeaderLabels(
            [self.tr("ستون برگه"), self.tr("نمونه"), self.tr("فیلد در پیوند")]
        )
        header = ui.mapping_table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        ui.mapping_table.verticalHeader().hide()
        ui.choose_file_button.clicked.connect(self.choose_file)
        ui.import_button.clicked.connect(self.import_sheet)
        ui.cancel_button.clicked.connect(self.reject)
        self.show_plan(self.plan)

    def field_labels(self) -> dict[str, str]:
        return {
            "name": self.tr("نام"),
            "name_latin": self.tr("نام لاتین"),
            "honorific": self.tr("عنوان احترام"),
            "title": self.tr("سمت"),
            "title_en": self.tr("سمت (انگلیسی)"),
            "organization": self.tr("سازمان"),
            "country": self.tr("کشور"),
            "city": self.tr("شهر"),
            "phone": self.tr("تلفن"),
            "email": self.tr("رایانامه"),
            "languages": self.tr("زبان‌ها"),
            "tags": self.tr("برچسب‌ها"),
            "protocol_notes": self.tr("نکات تشریفاتی"),
        }

    def column_title(self, index: int) -> str:
        assert self.sheet is not None
        header = self.sheet.headers[index]
        return header or self.tr("ستون {n}").format(n=to_persian_digits(index + 1))

    # -- choosing and reading the file ----------------------------------------

    def choose_file(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self,
            self.tr("انتخاب برگه اشخاص"),
            "",
            self.tr("برگه اکسل یا CSV (*.xlsx *.csv);;همه پرونده‌ها (*)"),
        )
        if path:
            self.load_file(Path(path))

    def load_file(self, path: Path) -> bool:
        try:
            opened = sheet_import.open_sheet(self.context.db, path)
        except PeyvandError as exc:
            QMessageBox.warning(self, self.tr("برگه خوانده نشد"), exc.message("fa"))
            return False
        self.sheet = opened.sheet
        self.ui.file_path_edit.setText(str(path))
        self.ui.file_path_edit.setToolTip(str(path))
        sheet = opened.sheet
        if not sheet.headers:
            self.ui.sheet_info_label.setText(self.tr("این برگه خالی است."))
        else:
            self.ui.sheet_info_label.setText(
                self.tr("{rows} ردیف و {columns} ستون؛ سطر عنوان: {line}").format(
                    rows=to_persian_digits(len(sheet.rows)),
                    columns=to_persian_digits(len(sheet.headers)),
                    line=to_persian_digits(sheet.header_line),
                )
            )
        self._fill_preview(sheet)
        self._fill_mapping(sheet, opened.mapping)
        self.show_plan(opened.plan)
        return True

    def _fill_preview(self, sheet: Sheet) -> None:
        table = self.ui.preview_table
        shown = sheet.rows[:PREVIEW_ROWS]
        table.clear()
        table.setColumnCount(len(sheet.headers))
        table.setRowCount(len(shown))
        table.setHorizontalHeaderLabels([self.column_title(i) for i in range(len(sheet.headers))])
        table.setVerticalHeaderLabels(
            [to_persian_digits(sheet.first_line + i) for i in range(len(shown))]
        )
        for row, cells in enumerate(shown):
            for column, text in enumerate(cells):
                table.setItem(row, column, QTableWidgetItem(_cell_text(text)))
        table.resizeColumnsToContents()
        for column in range(table.columnCount()):
            table.setColumnWidth(column, min(table.columnWidth(column), 260))

    def _fill_mapping(self, sheet: Sheet, mapping: dict[int, str]) -> None:
        table = self.ui.mapping_table
        labels = self.field_labels()
        self._combos = []
        table.setRowCount(len(sheet.headers))
        for index in range(len(sheet.headers)):
            table.setItem(index, 0, QTableWidgetItem(self.column_title(index)))
            sample = next((r[index] for r in sheet.rows[:PREVIEW_ROWS] if r[index]), "")
            if len(sample) > SAMPLE_MAX:
                sample = sample[: SAMPLE_MAX - 1] + "…"
            sample_item = QTableWidgetItem(_cell_text(sample))
            sample_item.setForeground(QBrush(MUTED_COLOR))
            table.setItem(index, 1, sample_item)
            combo = QComboBox(table)
            combo.setObjectName(f"field_combo_{index}")
            combo.addItem(self.tr("نادیده گرفتن"), None)
            for name in sheet_import.FIELDS:
                combo.addItem(labels[name], name)
            combo.setCurrentIndex(max(combo.findData(mapping.get(index)), 0))
            combo.currentIndexChanged.connect(self.replan)
            table.setCellWidget(index, 2, combo)
            self._combos.append(combo)
        table.resizeColumnToContents(0)
        table.resizeColumnToContents(2)
        self._mark_ignored_columns()

    # -- mapping and plan ------------------------------------------------------

    def mapping(self) -> dict[int, str]:
        """Column index -> field, as the combos say."""
        return {
            index: str(combo.currentData())
            for index, combo in enumerate(self._combos)
            if combo.currentData() is not None
        }

    def field_combo(self, column: int) -> QComboBox:
        return self._combos[column]

    def replan(self) -> None:
        if self.sheet is None:
            return
        self._mark_ignored_columns()
        try:
            plan = sheet_import.plan_import(
                self.context.db,
                self.sheet.rows,
                self.mapping(),
                first_line=self.sheet.first_line,
            )
        except PeyvandError as exc:
            QMessageBox.warning(self, self.tr("برگه بررسی نشد"), exc.message("fa"))
            return
        self.show_plan(plan)

    def _mark_ignored_columns(self) -> None:
        table = self.ui.preview_table
        mapped = self.mapping()
        for column in range(table.columnCount()):
            ignored = column not in mapped
            for row in range(table.rowCount()):
                item = table.item(row, column)
                if item is None:
                    continue
                if ignored:
                    item.setForeground(QBrush(MUTED_COLOR))
                else:
                    item.setData(Qt.ItemDataRole.ForegroundRole, None)

    def summary_text(self, plan: ImportPlan) -> str:
        if self.sheet is None:
            return self.tr("هنوز برگه‌ای انتخاب نشده است.")
        if plan.missing_fields == sheet_import.KEY_FIELDS:
            labels = self.field_labels()
            return self.tr("مشخص کنید کدام ستون «{name}» یا «{org}» است.").format(
                name=labels["name"], org=labels["organization"]
            )
        return self.tr("{people} شخص جدید، {orgs} سازمان جدید، {dups} تکراری، {errors} خطا").format(
            people=to_persian_digits(len(plan.people)),
            orgs=to_persian_digits(len(plan.new_organizations)),
            dups=to_persian_digits(len(plan.duplicates)),
            errors=to_persian_digits(len(plan.errors)),
        )

    def show_plan(self, plan: ImportPlan) -> None:
        self.plan = plan
        ui = self.ui
        ui.summary_label.setText(self.summary_text(plan))
        details = []
        if plan.reused_organizations:
            names = "، ".join(o.name for o in plan.reused_organizations[:5])
            more = "…" if len(plan.reused_organizations) > 5 else ""
            details.append(
                self.tr("{count} سازمان موجود به کار می‌رود: {names}{more}").format(
                    count=to_persian_digits(len(plan.reused_organizations)),
                    names=names,
                    more=more,
                )
            )
        if plan.blank_rows:
            details.append(
                self.tr("{count} ردیف خالی نادیده گرفته می‌شود.").format(
                    count=to_persian_digits(plan.blank_rows)
                )
            )
        ui.details_label.setText("\n".join(details))
        ui.details_label.setVisible(bool(details))
        self._fill_problems(plan)
        ui.import_button.setEnabled(not plan.is_empty)

    def problem_texts(self, plan: ImportPlan) -> list[tuple[str, bool]]:
        """(text, is_error) for each error and duplicate, errors first."""
        texts: list[tuple[str, bool]] = []
        for error in plan.errors:
            texts.append(
                (
                    self.tr("ردیف {line}: {message}").format(
                        line=to_persian_digits(error.line), message=error.message("fa")
                    ),
                    True,
                )
            )
        for dup in plan.duplicates:
            who = f"«{dup.name}»" + (f" ({dup.organization})" if dup.organization else "")
            if dup.where == "database":
                text = self.tr("ردیف {line}: {who} از قبل در پایگاه داده هست.")
            else:
                text = self.tr("ردیف {line}: {who} در همین برگه تکرار شده است.")
            texts.append((text.format(line=to_persian_digits(dup.line), who=who), False))
        return texts

    def _fill_problems(self, plan: ImportPlan) -> None:
        problems = self.ui.problems_list
        problems.clear()
        texts = self.problem_texts(plan)
        for text, is_error in texts[:PROBLEMS_SHOWN]:
            item = QListWidgetItem(text)
            item.setForeground(QBrush(ERROR_COLOR if is_error else MUTED_COLOR))
            problems.addItem(item)
        if len(texts) > PROBLEMS_SHOWN:
            problems.addItem(
                self.tr("و {count} مورد دیگر…").format(
                    count=to_persian_digits(len(texts) - PROBLEMS_SHOWN)
                )
            )

    # -- importing ------------------------------------------------------------

    def import_sheet(self) -> bool:
        """Confirm when rows have errors, then import in the background; False when the
        user declined or there is nothing to import."""
        plan = self.plan
        if plan.is_empty:
            return False
        if plan.errors:
            answer = QMessageBox.question(
                self,
                self.tr("ردیف‌های دارای خطا"),
                self.tr(
                    "{errors} ردیف خطا دارد و وارد نمی‌شود. بقیه ({people} شخص و "
                    "{orgs} سازمان جدید) وارد شود؟\nپس از اصلاح برگه می‌توانید دوباره آن را "
                    "وارد کنید؛ اشخاصی که از قبل هستند تکرار نمی‌شوند."
                ).format(
                    errors=to_persian_digits(len(plan.errors)),
                    people=to_persian_digits(len(plan.people)),
                    orgs=to_persian_digits(len(plan.new_organizations)),
                ),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            )
            if answer != QMessageBox.StandardButton.Yes:
                return False
        self.ui.import_button.setEnabled(False)
        run_with_progress(
            self,
            self.tr("در حال درون‌ریزی…"),
            partial(
                sheet_import.apply_import,
                self.context.db,
                plan,
                backup_folder=Path(folder)
                if (folder := self.context.settings.backup_dir)
                else None,
            ),
            self._imported,
            self._import_failed,
        )
        return True

    def _import_failed(self, message: str) -> None:
        self.ui.import_button.setEnabled(not self.plan.is_empty)
        QMessageBox.warning(
            self,
            self.tr("درون‌ریزی انجام نشد"),
            self.tr("هیچ ردیفی وارد نشد:\n{message}").format(message=message),
        )

    def _imported(self, result: ImportResult) -> None:
        message = self.tr("{people} شخص و {orgs} سازمان وارد شد.").format(
            people=to_persian_digits(result.people),
            orgs=to_persian_digits(result.organizations),
        )
        if result.skipped:
            message += "\n" + self.tr(
                "{count} شخص که در این فاصله افزوده شده بودند تکرار نشدند."
            ).format(count=to_persian_digits(result.skipped))
        QMessageBox.information(self, self.tr("درون‌ریزی انجام شد"), message)
        self.accept()
