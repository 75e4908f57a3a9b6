"""بازهٔ زمانی: the period of the activity report or of a calendar export (a Jalali
year by default), and for the export whether classified records go into the file."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QDialog, QWidget

from peyvand.messages import render
from peyvand.services.periods import jalali_year_range
from peyvand.ui.forms.ui_period_dialog import Ui_PeriodDialog


class PeriodDialog(QDialog):
    def __init__(
        self,
        parent: QWidget | None,
        *,
        title: str,
        intro: str,
        today: dt.date,
        start: dt.date | None = None,
        end: dt.date | None = None,
        classified_choice: bool = False,
    ) -> None:
        super().__init__(parent)
        self.ui = Ui_PeriodDialog()
        self.ui.setupUi(self)
        self.setWindowTitle(title)
        self.ui.intro_label.setText(intro)
        first, last = jalali_year_range(today)
        self.ui.from_edit.set_value(start or first)
        self.ui.to_edit.set_value(end or last)
        self.ui.classified_check.setVisible(classified_choice)
        self.ui.classified_check.setToolTip(
            self.tr(
                "پروندهٔ تقویم به رایانامه و گوشی‌ها می‌رسد؛ موارد طبقه‌بندی‌شده فقط وقتی "
                "نوشته می‌شوند که این گزینه را بزنید."
            )
        )
        self.ui.error_label.hide()
        self.ui.button_box.accepted.connect(self.accept)
        self.ui.button_box.rejected.connect(self.reject)

    def period(self) -> tuple[dt.date, dt.date] | None:
        start, end = self.ui.from_edit.value(), self.ui.to_edit.value()
        if start is None or end is None:
            return None
        return start, end

    @property
    def include_classified(self) -> bool:
        return bool(self.ui.classified_check.isVisible() and self.ui.classified_check.isChecked())

    def accept(self) -> None:
        ui = self.ui
        problem = ui.from_edit.error() or ui.to_edit.error()
        period = self.period()
        if problem is None and period is None:
            problem = self.tr("هر دو تاریخ را بنویسید.")
        if problem is None and period is not None and period[1] < period[0]:
            problem = render("calendar.bad_range", "fa")
        if problem:
            ui.error_label.setText(problem)
            ui.error_label.show()
            return
        super().accept()
