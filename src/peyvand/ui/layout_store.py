"""Where window geometry and column layouts are remembered between runs."""

from __future__ import annotations

from PySide6.QtCore import QSettings

from peyvand.paths import data_dir


def ui_settings() -> QSettings:
    return QSettings(str(data_dir() / "peyvand-ui.ini"), QSettings.Format.IniFormat)
