from PySide6.QtGui import QColor, QFontMetricsF

from peyvand.ui.widgets.mini_chart import MiniBarChart

MONTHS = ["فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور",
          "مهر", "آبان", "آذر", "دی", "بهمن", "اسفند"]  # fmt: skip
NUMBERS = [str(n) for n in range(1, 13)]


def chart(qtbot, width: int) -> MiniBarChart:
    widget = MiniBarChart()
    qtbot.addWidget(widget)
    widget.resize(width, 150)
    widget.set_data(MONTHS, [(1, 2)] * 12, [QColor("blue"), QColor("red")], short_labels=NUMBERS)
    return widget


def test_wide_chart_names_every_month(qtbot) -> None:
    widget = chart(qtbot, 2400)
    metrics = QFontMetricsF(widget.font())
    assert widget._fitted_labels(metrics, 200.0) == (MONTHS, 1)


def test_narrow_chart_uses_numbers_for_every_bar_never_a_mix(qtbot) -> None:
    widget = chart(qtbot, 360)
    metrics = QFontMetricsF(widget.font())
    room = 30.0
    assert metrics.horizontalAdvance("اردیبهشت") > room - 6  # the names cannot fit
    labels, step = widget._fitted_labels(metrics, room)
    assert labels == NUMBERS and step == 1


def test_too_narrow_even_for_numbers_thins_the_labels(qtbot) -> None:
    widget = chart(qtbot, 60)
    metrics = QFontMetricsF(widget.font())
    labels, step = widget._fitted_labels(metrics, 8.0)
    assert labels == NUMBERS and step > 1
    widget.grab()  # paints without error at that width
