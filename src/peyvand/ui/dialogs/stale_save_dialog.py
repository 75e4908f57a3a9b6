"""«همکاری این رکورد را تغییر داده است»: a save refused because another workstation
saved the same record meanwhile (``record.stale``), or the reload a changed-record
banner offers.

It lists what the other person changed — the field, their saved value and the value in
this form — and offers «بارگذاری نسخهٔ آنان با تغییرات من» (their version with this
form's edits re-applied to the fields they did not touch: services/stale.py) or
«ادامهٔ ویرایش» (the form as it was; nothing is saved over their change).
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QDialog, QHeaderView, QTableWidgetItem, QWidget

from peyvand.text import to_persian_digits
from peyvand.ui.forms.ui_stale_save_dialog import Ui_StaleSaveDialog

# Left-to-right isolate for a Latin user name inside a Persian sentence.
LRI, PDI = "\u2066", "\u2069"


@dataclass(frozen=True)
class ChangedField:
    label: str
    theirs: str
    mine: str
    clash: bool  # both changed it: their value is what the reload keeps


class StaleSaveDialog(QDialog):
    RELOAD = 1
    KEEP = 0

    def __init__(
        self,
        parent: QWidget | None,
        *,
        who: str,
        when: str,
        changes: list[ChangedField],
        refused: bool,
    ) -> None:
        super().__init__(parent)
        self.ui = Ui_StaleSaveDialog()
        self.ui.setupUi(self)
        ui = self.ui
        someone = f"{LRI}{who}{PDI}" if who else self.tr("همکاری")
        if refused:
            intro = self.tr(
                "ذخیره انجام نشد: {who} این رکورد را {when} ذخیره کرده است، پس از آنکه شما "
                "آن را باز کردید. چیزی روی تغییر او نوشته نشد."
            )
        else:
            intro = self.tr("{who} این رکورد را {when} تغییر داده است.")
        ui.intro_label.setText(intro.format(who=someone, when=when or self.tr("همین تازگی")))
        table = ui.changes_table
        table.setRowCount(len(changes))
        for row, change in enumerate(changes):
            label = change.label + (" ⚠" if change.clash else "")
            for column, text in enumerate((label, change.theirs, change.mine)):
                item = QTableWidgetItem(text or "—")
                item.setToolTip(text)
                table.setItem(row, column, item)
        header = table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        table.verticalHeader().hide()
        clashes = sum(1 for c in changes if c.clash)
        if clashes:
            outcome = self.tr(
                "با «بارگذاری نسخهٔ آنان با تغییرات من» تغییرهای شما روی فیلدهایی که همکار "
                "دست نزده است دوباره گذاشته می‌شود؛ در {n} فیلدِ نشان‌دار ⚠ هر دو تغییر داده‌اید "
                "و مقدار همکار می‌ماند (مقدار شما در این جدول هست). سپس فرم را ببینید و ذخیره کنید."
            ).format(n=to_persian_digits(clashes))
        else:
            outcome = self.tr(
                "با «بارگذاری نسخهٔ آنان با تغییرات من» نسخهٔ همکار بار می‌شود و همهٔ تغییرهای "
                "شما روی آن دوباره گذاشته می‌شود؛ سپس فرم را ببینید و ذخیره کنید. "
                "«ادامهٔ ویرایش» فرم را همان‌گونه که بود نگه می‌دارد."
            )
        ui.outcome_label.setText(outcome)
        ui.reload_button.clicked.connect(lambda: self.done(self.RELOAD))
        ui.keep_button.clicked.connect(lambda: self.done(self.KEEP))
        # Enter reloads with one's edits (nothing typed is lost; clashes stay listed here).
        ui.reload_button.setDefault(True)
        ui.reload_button.setFocus()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        # Wrapped rows can be measured only once the columns have their widths.
        self.ui.changes_table.resizeRowsToContents()

    def rows(self) -> list[tuple[str, str, str]]:
        table = self.ui.changes_table
        return [
            (table.item(r, 0).text(), table.item(r, 1).text(), table.item(r, 2).text())
            for r in range(table.rowCount())
        ]
