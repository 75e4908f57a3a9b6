"""A small bar chart painted with QPainter for the dashboard: the first bar on the
right, the count above each bar, the label under it; a click on a bar says which.

Painted by hand because Qt Charts is not bundled (it would add tens of megabytes for
two small charts) and these need only rectangles and text."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFontMetricsF, QMouseEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from peyvand.text import to_persian_digits

LABEL_H = 18.0
VALUE_H = 16.0
GAP = 6.0


class MiniBarChart(QWidget):
    bar_clicked = Signal(int)  # the bar's index in the data

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.labels: list[str] = []
        self.values: list[tuple[int, ...]] = []
        self.colors: list[QColor] = [QColor("#2563eb")]
        self.tips: list[str] = []
        self.bar_rects: list[QRectF] = []
        self.per_bar = False
        self.short_labels: list[str] = []
        self.setMouseTracking(True)
        self.setMinimumHeight(50)  # the dashboard must still fit a small window
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(360, 150)

    def set_data(
        self,
        labels: Sequence[str],
        values: Sequence[tuple[int, ...]],
        colors: Sequence[QColor],
        tips: Sequence[str] = (),
        *,
        per_bar: bool = False,
        short_labels: Sequence[str] = (),
    ) -> None:
        """``values``: one tuple per bar, one number per series (stacked, first at the
        bottom) coloured by ``colors``; ``per_bar``: one colour per bar instead."""
        self.per_bar = per_bar
        self.short_labels = list(short_labels)  # drawn when a label does not fit its bar
        self.labels, self.values = list(labels), list(values)
        self.colors = list(colors) or self.colors
        self.tips = list(tips)
        self.update()

    def _geometry(self) -> list[QRectF]:
        """Each bar's whole column (right to left), for painting and clicking."""
        n = max(len(self.labels), 1)
        slot = self.width() / n
        return [QRectF(self.width() - (i + 1) * slot, 0, slot, self.height()) for i in range(n)]

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        metrics = QFontMetricsF(self.font())
        top = max((sum(v) for v in self.values), default=0) or 1
        plot_h = self.height() - LABEL_H - VALUE_H - 2
        self.bar_rects = []
        text_color = self.palette().text().color()
        columns = self._geometry()[: len(self.labels)]
        labels, step = self._fitted_labels(metrics, columns[0].width() if columns else 0.0)
        for i, column in enumerate(columns):
            values = self.values[i]
            total = sum(values)
            width = min(column.width() - GAP, 38.0)
            x = column.center().x() - width / 2
            y = self.height() - LABEL_H
            for k, value in enumerate(values):
                h = plot_h * value / top
                color = self.colors[(i if self.per_bar else k) % len(self.colors)]
                painter.fillRect(QRectF(x, y - h, width, h), color)
                y -= h
            self.bar_rects.append(QRectF(column.left(), 0, column.width(), self.height()))
            painter.setPen(text_color)
            painter.drawText(
                QRectF(column.left(), y - VALUE_H, column.width(), VALUE_H),
                int(Qt.AlignmentFlag.AlignCenter), to_persian_digits(total),
            )  # fmt: skip
            if i % step:
                continue
            label = metrics.elidedText(labels[i], Qt.TextElideMode.ElideRight, column.width())
            painter.drawText(
                QRectF(column.left(), self.height() - LABEL_H, column.width(), LABEL_H),
                int(Qt.AlignmentFlag.AlignCenter), label,
            )  # fmt: skip
        painter.setPen(QColor("#d4d4d8"))
        base = self.height() - LABEL_H
        painter.drawLine(QPointF(0, base), QPointF(self.width(), base))
        painter.end()

    def _fitted_labels(self, metrics: QFontMetricsF, width: float) -> tuple[list[str], int]:
        """One kind of label for every bar (names mixed with numbers read as a defect),
        and every ``step``-th label only when even the short ones would touch."""
        room = width - GAP

        def widest(labels: Sequence[str]) -> float:
            return max((metrics.horizontalAdvance(label) for label in labels), default=0.0)

        labels = self.labels
        if widest(labels) > room and len(self.short_labels) == len(self.labels):
            labels = self.short_labels
        step = 1
        while room > 0 and widest(labels) > room * step and step < len(labels):
            step += 1
        return list(labels), step

    def index_at(self, point: QPointF) -> int | None:
        for i, rect in enumerate(self.bar_rects):
            if rect.contains(point):
                return i
        return None

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        i = self.index_at(event.position())
        if i is not None and i < len(self.tips):
            self.setToolTip(self.tips[i])
            self.setCursor(Qt.CursorShape.PointingHandCursor)
        else:
            self.unsetCursor()
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if event.button() == Qt.MouseButton.LeftButton:
            i = self.index_at(event.position())
            if i is not None:
                self.bar_clicked.emit(i)
        super().mouseReleaseEvent(event)
