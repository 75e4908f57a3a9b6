"""User settings, kept as a small JSON file in the user's data folder.

Settings belong to the workstation and its user (letterhead, who 'I' am), not to the
shared records, so they are not in the database and do not travel in exports.

The two classes are plain dataclasses with a hand-written validator, not pydantic
models: the window reads the settings before its first paint, and importing pydantic
costs about 90 ms of the 500 ms start-up budget (issue 16, docs/benchmarks.md). The
validator accepts what the pydantic models accepted (lax integers such as 12.0 or
"12", UUIDs as text, unknown keys ignored) and refuses the rest with a ValidationError.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import math
import os
import re
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, TypeVar

from peyvand.errors import PeyvandError, ValidationError
from peyvand.paths import data_dir

log = logging.getLogger(__name__)

SETTINGS_FILE = "settings.json"
# How long a write waits for another program that is writing the same database.
DEFAULT_WRITE_WAIT_SECONDS = 30

DatabaseKind = Literal["local", "server"]
SslMode = Literal["prefer", "require", "verify-full", "disable"]
_KINDS: tuple[DatabaseKind, ...] = ("local", "server")
_SSLMODES: tuple[SslMode, ...] = ("prefer", "require", "verify-full", "disable")


@dataclass
class DatabaseChoice:
    """Where this workstation's records live (Settings → «پایگاه داده»): the SQLite file
    on this computer, or the office server. No password here, ever: it is kept in the
    operating system's credential store (storage/server.py), or libpq finds its own."""

    kind: DatabaseKind = "local"
    host: str = ""
    port: int = 5432  # 1-65535
    name: str = "peyvand"
    user: str = ""
    sslmode: SslMode = "prefer"
    sslrootcert: str = ""  # the office's CA certificate, for sslmode=verify-full

    @classmethod
    def from_dict(cls, data: object) -> DatabaseChoice:
        """A checked choice from ``data`` (a mapping, or a DatabaseChoice as it is);
        a wrong value raises ValidationError naming its field."""
        if isinstance(data, DatabaseChoice):
            return data
        return cls(**_checked(data, _DATABASE_FIELDS))

    def to_dict(self) -> dict[str, Any]:
        """As the settings file holds it."""
        return dataclasses.asdict(self)

    def server_parts(self) -> dict[str, Any]:
        """The keyword arguments of storage.location.server_location."""
        parts = self.to_dict()
        del parts["kind"]
        return parts


@dataclass
class Settings:
    letterhead_org: str = "شهرداری اصفهان"
    letterhead_unit: str = "اداره کل ارتباطات و امور بین‌الملل"
    letterhead_logo: str = ""
    current_person_id: uuid.UUID | None = None
    current_unit_id: uuid.UUID | None = None
    # A partnership with no visit or meeting for this long is flagged dormant (کم‌فروغ).
    dormancy_months: int = 12  # 1-120
    backup_dir: str = ""
    # Seconds a save waits for another program writing the database before it fails
    # with a clear message (storage/busy.py); the wait is shown and can be cancelled.
    write_wait_seconds: int = DEFAULT_WRITE_WAIT_SECONDS  # 1-600
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
    database: DatabaseChoice = field(default_factory=DatabaseChoice)

    @classmethod
    def from_dict(cls, data: object) -> Settings:
        """Checked settings from ``data`` (a mapping: the file's JSON object, or the
        settings dialog's values); unknown keys are ignored, missing ones take their
        default, and a wrong value raises ValidationError naming its field."""
        return cls(**_checked(data, _SETTINGS_FIELDS))

    def to_dict(self) -> dict[str, Any]:
        """As the settings file holds it: UUIDs as text, the database as an object."""
        data = dataclasses.asdict(self)
        for name in ("current_person_id", "current_unit_id"):
            if data[name] is not None:
                data[name] = str(data[name])
        return data

    @classmethod
    def field_names(cls) -> tuple[str, ...]:
        return tuple(f.name for f in dataclasses.fields(cls))


# -- the validator ----------------------------------------------------------------------


class _InvalidError(Exception):
    """A value the field does not take; ``msg_id`` says why."""

    def __init__(self, msg_id: str = "field.invalid") -> None:
        super().__init__(msg_id)
        self.msg_id = msg_id


def _checked(data: object, fields: Mapping[str, Callable[[object], object]]) -> dict[str, Any]:
    if not isinstance(data, Mapping):
        raise ValidationError("field.invalid", field=None)
    values: dict[str, Any] = {}
    for name, check in fields.items():
        if name in data:
            try:
                values[name] = check(data[name])
            except _InvalidError as exc:
                raise ValidationError(exc.msg_id, field=name) from None
    return values


def _text(value: object) -> str:
    if not isinstance(value, str):
        raise _InvalidError
    try:
        value.encode("utf-8")  # a lone surrogate (JSON "\ud800") could never be saved
    except UnicodeEncodeError:
        raise _InvalidError from None
    return value


# Whole numbers as pydantic's lax mode read them: "12", " +12 ", "1_2", "12.0".
_INTEGER_TEXT = re.compile(r"[+-]?[0-9](?:_?[0-9])*(?:\.0*)?", re.ASCII)


def _integer(value: object) -> int:
    if isinstance(value, int):  # bool too, as pydantic took it
        return int(value)
    if isinstance(value, float):
        if math.isfinite(value) and value.is_integer():
            return int(value)
        raise _InvalidError
    if isinstance(value, str):
        text = value.strip()
        if len(text) <= 40 and _INTEGER_TEXT.fullmatch(text):
            return int(text.partition(".")[0])
    raise _InvalidError


def _between(low: int, high: int) -> Callable[[object], int]:
    def check(value: object) -> int:
        number = _integer(value)
        if not low <= number <= high:
            raise _InvalidError("field.out_of_range")
        return number

    return check


_HEX32 = re.compile(r"[0-9a-fA-F]{32}", re.ASCII)


def _optional_uuid(value: object) -> uuid.UUID | None:
    if value is None or isinstance(value, uuid.UUID):
        return value
    if not isinstance(value, str):
        raise _InvalidError
    # The spellings uuid.UUID reads: braces, "urn:uuid:", hyphens, either case.
    digits = value.replace("urn:", "").replace("uuid:", "").strip("{}").replace("-", "")
    if not _HEX32.fullmatch(digits):
        raise _InvalidError
    return uuid.UUID(digits)


_T = TypeVar("_T", bound=str)


def _one_of(choices: tuple[_T, ...]) -> Callable[[object], _T]:
    def check(value: object) -> _T:
        if isinstance(value, str) and value in choices:
            return value
        raise _InvalidError

    return check


_DATABASE_FIELDS: dict[str, Callable[[object], object]] = {
    "kind": _one_of(_KINDS),
    "host": _text,
    "port": _between(1, 65535),
    "name": _text,
    "user": _text,
    "sslmode": _one_of(_SSLMODES),
    "sslrootcert": _text,
}
_SETTINGS_FIELDS: dict[str, Callable[[object], object]] = {
    "letterhead_org": _text,
    "letterhead_unit": _text,
    "letterhead_logo": _text,
    "current_person_id": _optional_uuid,
    "current_unit_id": _optional_uuid,
    "dormancy_months": _between(1, 120),
    "backup_dir": _text,
    "write_wait_seconds": _between(1, 600),
    "letter_number_pattern": _text,
    "incoming_number_pattern": _text,
    "letter_signatory": _text,
    "letter_signatory_en": _text,
    "docx_font": _text,
    # A wrong value inside raises the ValidationError of its own field (port, kind, ...).
    "database": DatabaseChoice.from_dict,
}


# -- the file ---------------------------------------------------------------------------


def settings_path() -> Path:
    return data_dir() / SETTINGS_FILE


def load_settings(path: Path | None = None) -> Settings:
    path = path or settings_path()
    try:
        return Settings.from_dict(json.loads(path.read_text(encoding="utf-8")))
    except FileNotFoundError:
        return Settings()
    except (PeyvandError, ValueError, OSError, RecursionError) as exc:
        # A damaged settings file must not stop the office from working. (ValueError
        # covers bad JSON and bad UTF-8; RecursionError, JSON nested thousands deep.)
        log.warning("settings file %s unreadable, using defaults: %s", path, exc)
        return Settings()


def save_settings(settings: Settings, path: Path | None = None) -> None:
    path = path or settings_path()
    tmp = path.with_suffix(".tmp")
    tmp.write_text(
        json.dumps(settings.to_dict(), ensure_ascii=False, indent=2),
        encoding="utf-8",
    )
    os.replace(tmp, path)
