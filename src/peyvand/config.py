"""User settings, kept as a small JSON file in the user's data folder.

Settings belong to the workstation and its user (letterhead, who 'I' am), not to the
shared records, so they are not in the database and do not travel in exports.
"""

from __future__ import annotations

import json
import logging
import os
import uuid
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field, ValidationError

from peyvand.paths import data_dir

log = logging.getLogger(__name__)

SETTINGS_FILE = "settings.json"
# How long a write waits for another program that is writing the same database.
DEFAULT_WRITE_WAIT_SECONDS = 30


class DatabaseChoice(BaseModel):
    """Where this workstation's records live (Settings → «پایگاه داده»): the SQLite file
    on this computer, or the office server. No password here, ever: it is kept in the
    operating system's credential store (storage/server.py), or libpq finds its own."""

    kind: Literal["local", "server"] = "local"
    host: str = ""
    port: int = Field(default=5432, ge=1, le=65535)
    name: str = "peyvand"
    user: str = ""
    sslmode: Literal["prefer", "require", "verify-full", "disable"] = "prefer"
    sslrootcert: str = ""  # the office's CA certificate, for sslmode=verify-full


class Settings(BaseModel):
    letterhead_org: str = "شهرداری اصفهان"
    letterhead_unit: str = "اداره کل ارتباطات و امور بین‌الملل"
    letterhead_logo: str = ""
    current_person_id: uuid.UUID | None = None
    current_unit_id: uuid.UUID | None = None
    # A partnership with no visit or meeting for this long is flagged dormant (کم‌فروغ).
    dormancy_months: int = Field(default=12, ge=1, le=120)
    backup_dir: str = ""
    # Seconds a save waits for another program writing the database before it fails
    # with a clear message (storage/busy.py); the wait is shown and can be cancelled.
    write_wait_seconds: int = Field(default=DEFAULT_WRITE_WAIT_SECONDS, ge=1, le=600)
    # The correspondence register (services/letters.py): how numbers are written, with
    # {n} the sequence of the year, {yyyy} the Jalali year and {yy} its last two digits.
    letter_number_pattern: str = "{n}/{yyyy}/ب‌م"
    incoming_number_pattern: str = "{n}/{yyyy}/و"
    # Who signs letters by default: name on the first line, title on the second.
    letter_signatory: str = ""
    letter_signatory_en: str = ""  # the same for letters in English
    # Word files name a complex-script font every Persian Windows has; an office with
    # B Nazanin installed everywhere may choose it.
    docx_font: str = "Tahoma"
    # The database the window opens when no --db is given (office mode: the server).
    database: DatabaseChoice = Field(default_factory=DatabaseChoice)


def settings_path() -> Path:
    return data_dir() / SETTINGS_FILE


def load_settings(path: Path | None = None) -> Settings:
    path = path or settings_path()
    try:
        return Settings.model_validate_json(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Settings()
    except (ValidationError, ValueError, OSError) as exc:
        # A damaged settings file must not stop the office from working.
        log.warning("settings file %s unreadable, using defaults: %s", path, exc)
        return Settings()


def save_settings(settings: Settings, path: Path | None = None) -> None:
    path = path or settings_path()
    tmp = path.with_suffix(".tmp")
    tmp.write_text(
        json.dumps(settings.model_dump(mode="json"), ensure_ascii=False, indent=2),
        encoding="utf-8",
    )
    os.replace(tmp, path)
