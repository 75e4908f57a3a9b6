"""The settings file (config.py): what it accepts, and that a damaged or hostile file
falls back to the defaults with a warning instead of stopping the window."""

from __future__ import annotations

import json
import logging
import uuid
from pathlib import Path

import pytest

from peyvand.config import DatabaseChoice, Settings, load_settings, save_settings
from peyvand.errors import ValidationError

ME = uuid.UUID("6f1c0e4a-9a1b-4e4e-8e9f-0a1b2c3d4e5f")


def _load(tmp_path: Path, text: str | bytes) -> Settings:
    path = tmp_path / "settings.json"
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return load_settings(path)


def test_a_missing_file_gives_the_defaults(tmp_path: Path) -> None:
    assert load_settings(tmp_path / "nowhere.json") == Settings()


def test_saving_writes_every_field_and_loading_reads_it_back(tmp_path: Path) -> None:
    settings = Settings(
        letterhead_org="شهرداری نمونه",
        current_person_id=ME,
        dormancy_months=6,
        write_wait_seconds=600,
        database=DatabaseChoice(kind="server", host="db.office", port=6543, sslmode="require"),
    )
    path = tmp_path / "settings.json"
    save_settings(settings, path)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert list(data) == list(Settings.field_names())
    assert data["current_person_id"] == str(ME)
    assert data["current_unit_id"] is None
    assert data["database"] == {
        "kind": "server",
        "host": "db.office",
        "port": 6543,
        "name": "peyvand",
        "user": "",
        "sslmode": "require",
        "sslrootcert": "",
    }
    assert "شهرداری نمونه" in path.read_text(encoding="utf-8")  # not \\u escapes
    assert load_settings(path) == settings


@pytest.mark.parametrize(
    ("stored", "expected"),
    [
        # What the pydantic models read leniently is still read.
        ({"dormancy_months": "24"}, {"dormancy_months": 24}),
        ({"dormancy_months": 24.0}, {"dormancy_months": 24}),
        ({"dormancy_months": " +24 "}, {"dormancy_months": 24}),
        ({"write_wait_seconds": "600.0"}, {"write_wait_seconds": 600}),
        ({"current_person_id": str(ME).replace("-", "")}, {"current_person_id": ME}),
        ({"current_unit_id": str(ME).upper()}, {"current_unit_id": ME}),
        ({"current_unit_id": None}, {"current_unit_id": None}),
        (
            {"database": {"kind": "server", "port": "5433"}},
            {"database": {"kind": "server", "port": 5433}},
        ),
        ({"unknown": [1, {"x": None}], "database": {"password": "no"}}, {}),
    ],
)
def test_lenient_values_and_unknown_keys(
    tmp_path: Path, stored: dict[str, object], expected: dict[str, object]
) -> None:
    settings = _load(tmp_path, json.dumps(stored))
    for name, value in expected.items():
        if name == "database":
            assert isinstance(value, dict)
            for key, part in value.items():
                assert getattr(settings.database, key) == part
        else:
            assert getattr(settings, name) == value
    assert not hasattr(settings, "unknown")


HOSTILE_FILES = [
    "",
    "not json",
    "{",
    "[]",
    "null",
    '"settings"',
    "12",
    '{"dormancy_months": 0}',
    '{"dormancy_months": 121}',
    '{"dormancy_months": 12.5}',
    '{"dormancy_months": "12 months"}',
    '{"dormancy_months": "٣"}',
    '{"dormancy_months": NaN}',
    '{"dormancy_months": Infinity}',
    '{"dormancy_months": 1e400}',
    '{"dormancy_months": ' + "9" * 5000 + "}",  # beyond Python's int-from-text limit
    '{"dormancy_months": "' + "9" * 5000 + '"}',
    '{"write_wait_seconds": 601}',
    '{"write_wait_seconds": -1}',
    '{"write_wait_seconds": null}',
    '{"letterhead_org": 5}',
    '{"letterhead_org": null}',
    '{"letterhead_org": ["a", {"b": []}]}',
    '{"letterhead_org": "\\ud800"}',  # a lone surrogate could never be saved again
    '{"current_person_id": "me"}',
    '{"current_person_id": 12}',
    '{"current_person_id": ""}',
    '{"current_person_id": " 6f1c0e4a-9a1b-4e4e-8e9f-0a1b2c3d4e5f"}',
    '{"current_unit_id": {"id": "6f1c0e4a-9a1b-4e4e-8e9f-0a1b2c3d4e5f"}}',
    '{"database": null}',
    '{"database": "server"}',
    '{"database": []}',
    '{"database": {"kind": "SERVER"}}',
    '{"database": {"port": 0}}',
    '{"database": {"port": 65536}}',
    '{"database": {"port": 99999999999999999999999999}}',
    '{"database": {"sslmode": "allow"}}',
    '{"database": {"host": ["db"]}}',
    '{"database": {"database": {"database": {}}}, "letterhead_logo": false}',
    "[" * 100_000 + "]" * 100_000,  # deeper than the JSON parser recurses
    '{"a":' * 100_000 + "1" + "}" * 100_000,
]


@pytest.mark.parametrize("text", HOSTILE_FILES, ids=lambda text: text[:40])
def test_a_damaged_or_hostile_file_gives_the_defaults_and_a_warning(
    tmp_path: Path, text: str, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="peyvand.config"):
        assert _load(tmp_path, text) == Settings()
    assert "unreadable, using defaults" in caplog.text


@pytest.mark.parametrize("raw", [b"\xff\xfe{", b'{"letterhead_org": "\xd8"}', b"\x00" * 64])
def test_bytes_that_are_not_utf8_give_the_defaults(
    tmp_path: Path, raw: bytes, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="peyvand.config"):
        assert _load(tmp_path, raw) == Settings()
    assert "unreadable, using defaults" in caplog.text


def test_a_folder_where_the_file_should_be_gives_the_defaults(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.mkdir()
    assert load_settings(path) == Settings()


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"dormancy_months": 0}, "dormancy_months", "کم‌فروغ پس از (ماه) خارج از محدوده مجاز است."),
        (
            {"write_wait_seconds": "x"},
            "write_wait_seconds",
            "انتظار برای نوشتن (ثانیه) معتبر نیست.",
        ),
        ({"database": {"port": 70000}}, "port", "درگاه خارج از محدوده مجاز است."),
        ({"current_person_id": "me"}, "current_person_id", "شخص من معتبر نیست."),
    ],
)
def test_a_wrong_value_is_refused_with_its_field_in_persian(
    values: dict[str, object], field: str, message: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        Settings.from_dict(values)
    assert caught.value.field == field
    assert caught.value.message("fa") == message


def test_the_dialogs_values_are_taken_as_they_are() -> None:
    """The settings dialog passes UUIDs and a DatabaseChoice, not their JSON forms."""
    choice = DatabaseChoice(kind="server", host="db")
    settings = Settings.from_dict(
        {**Settings().to_dict(), "current_unit_id": ME, "database": choice}
    )
    assert settings.current_unit_id == ME
    assert settings.database == choice
    assert choice.server_parts() == {
        "host": "db",
        "port": 5432,
        "name": "peyvand",
        "user": "",
        "sslmode": "prefer",
        "sslrootcert": "",
    }
