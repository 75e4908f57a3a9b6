"""Where things are: bundled resources and the user's data folder.

The only module that computes resource paths; it works in a source checkout, an
installed wheel and a PyInstaller bundle.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs

APP_NAME = "Peyvand"
DATA_DIR_ENV = "PEYVAND_DATA_DIR"


def resources_dir() -> Path:
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root) / "resources"
    packaged = Path(__file__).resolve().parent / "resources"
    if packaged.is_dir():
        return packaged
    # Source checkout: src/peyvand/paths.py -> <repo>/resources
    return Path(__file__).resolve().parents[2] / "resources"


def resource(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)


def user_guide() -> Path:
    """The Persian user guide (Markdown, its pictures in ``screenshots/`` beside it):
    ``docs/`` of a source checkout, ``docs/`` inside a bundle (installer/bundle_paths.py)."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    root = Path(frozen_root) if frozen_root else Path(__file__).resolve().parents[2]
    return root / "docs" / "user-guide.md"


def data_dir() -> Path:
    """The user's data folder (on Windows: the local, non-roaming app-data folder).

    ``PEYVAND_DATA_DIR`` overrides it, so tests and portable installs never touch the
    real one.
    """
    override = os.environ.get(DATA_DIR_ENV)
    if override:
        path = Path(override)
    else:
        path = Path(platformdirs.user_data_dir(APP_NAME, appauthor=False, roaming=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def default_db_path() -> Path:
    return data_dir() / "peyvand.sqlite3"


def demo_db_path() -> Path:
    """The demo database lives apart from the real one so that sample data never mixes
    with the office's records."""
    return data_dir() / "demo.sqlite3"


def backup_dir_for(db_path: Path) -> Path:
    return db_path.parent / "backups"


def backup_folder(db_path: Path, configured: str | Path | None = None) -> Path:
    """The folder of ``db_path``'s backups: the one set in Settings, else ``backups``
    beside the database. (Here rather than in services/backups so that a command that
    only reads finds it without importing the backup service.)"""
    if configured and str(configured).strip():
        return Path(str(configured).strip())
    return backup_dir_for(Path(db_path))


def log_dir() -> Path:
    path = data_dir() / "logs"
    path.mkdir(parents=True, exist_ok=True)
    return path
