"""The trip package container: one SQLCipher file keyed by Argon2id from a passphrase."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

import peyvand
from peyvand.errors import PeyvandError
from peyvand.storage import trip_package as tp
from peyvand.storage.trip_package import (
    FORMAT_VERSION,
    KdfCost,
    check_package,
    create_package,
    open_package,
    upgrade_package,
)

# Test-only: Argon2id's minimum memory, one pass. Real packages use KdfCost.DEFAULT.
CHEAP = KdfCost(memory_kib=8, iterations=1, lanes=1)

# Persian yeh (U+06CC) and keheh (U+06A9), with a ZWNJ in «می‌خواهیم».
PASSPHRASE = "ما می\u200cخواهیم کیک بپزیم"
# The same typed on an Arabic keyboard: Arabic yeh (U+064A) and kaf (U+0643).
PASSPHRASE_ARABIC_KEYS = PASSPHRASE.replace("\u06cc", "\u064a").replace("\u06a9", "\u0643")
SECRET_TEXT = "نشست محرمانه شهردار با هیئت استانبول درباره خواهرخواندگی"


@pytest.fixture
def package(tmp_path: Path) -> Path:
    path = tmp_path / "trip.pvtrip"
    create_package(path, PASSPHRASE, cost=CHEAP)
    return path


def _open(path: Path, passphrase: str = PASSPHRASE) -> Engine:
    return open_package(path, passphrase, cost=CHEAP)


@pytest.fixture
def filled(package: Path) -> Iterator[Path]:
    """A package with enough rows to span many pages."""
    engine = _open(package)
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE note (id INTEGER PRIMARY KEY, body TEXT NOT NULL)"))
        for i in range(200):
            conn.execute(
                text("INSERT INTO note (body) VALUES (:b)"), {"b": f"{SECRET_TEXT} {i} " * 5}
            )
    engine.dispose()
    yield package


def _raises(msg_id: str, func: object, *args: object, **kwargs: object) -> PeyvandError:
    assert callable(func)
    with pytest.raises(PeyvandError) as info:
        func(*args, **kwargs)
    assert info.value.msg_id == msg_id, info.value.msg_id
    return info.value


def _set_format_version(path: Path, version: int) -> None:
    engine = _open(path)
    with engine.begin() as conn:
        conn.execute(text("UPDATE package_meta SET format_version = :v"), {"v": version})
    engine.dispose()


def test_kdf_default_is_the_documented_setting() -> None:
    assert KdfCost(memory_kib=65536, iterations=3, lanes=4) == KdfCost.DEFAULT


def test_create_and_reopen_with_the_persian_passphrase(package: Path) -> None:
    engine = _open(package)
    with engine.connect() as conn:
        row = conn.execute(text("SELECT format_version, app_version FROM package_meta")).one()
    engine.dispose()
    assert row[0] == FORMAT_VERSION
    assert row[1]
    assert package.read_bytes()[:4] == b"PVT\x01"
    assert check_package(package, PASSPHRASE, cost=CHEAP) == []


def test_arabic_yeh_and_kaf_give_the_same_key(filled: Path) -> None:
    assert PASSPHRASE_ARABIC_KEYS != PASSPHRASE
    engine = _open(filled, PASSPHRASE_ARABIC_KEYS)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM note")).scalar_one() == 200
    engine.dispose()


def test_zwnj_is_part_of_the_passphrase(package: Path) -> None:
    # «میخواهیم» without the ZWNJ is another word, so another passphrase.
    _raises("trip.wrong_passphrase", _open, package, PASSPHRASE.replace("\u200c", ""))


def test_salts_differ_between_packages(tmp_path: Path) -> None:
    a, b = tmp_path / "a.pvtrip", tmp_path / "b.pvtrip"
    create_package(a, PASSPHRASE, cost=CHEAP)
    create_package(b, PASSPHRASE, cost=CHEAP)
    assert a.read_bytes()[:16] != b.read_bytes()[:16]


def test_wrong_passphrase_reads_and_writes_nothing(filled: Path) -> None:
    before = filled.read_bytes()
    _raises("trip.wrong_passphrase", _open, filled, "گذرواژه نادرست")
    _raises("trip.wrong_passphrase", check_package, filled, "گذرواژه نادرست", cost=CHEAP)
    _raises("trip.wrong_passphrase", upgrade_package, filled, "گذرواژه نادرست", cost=CHEAP)
    assert filled.read_bytes() == before
    assert os.listdir(filled.parent) == [filled.name]


def test_empty_passphrase_is_refused(tmp_path: Path) -> None:
    _raises("trip.passphrase_required", create_package, tmp_path / "x.pvtrip", " \u200c ")
    assert not (tmp_path / "x.pvtrip").exists()


def test_a_plain_sqlite_file_is_not_a_package(tmp_path: Path) -> None:
    path = tmp_path / "plain.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    _raises("trip.not_package", _open, path)
    _raises("trip.not_package", check_package, path, PASSPHRASE, cost=CHEAP)


@pytest.mark.parametrize("size", [0, 10, 5000, 8192])
def test_random_bytes_are_not_a_package(tmp_path: Path, size: int) -> None:
    path = tmp_path / "random.bin"
    data = os.urandom(size)
    if data.startswith(b"PVT"):  # one chance in 16 million
        data = b"X" + data[1:]
    path.write_bytes(data)
    _raises("trip.not_package", _open, path)


def test_missing_file(tmp_path: Path) -> None:
    _raises("trip.missing", _open, tmp_path / "nowhere.pvtrip")


def test_create_refuses_an_existing_file(package: Path) -> None:
    before = package.read_bytes()
    _raises("trip.exists", create_package, package, PASSPHRASE)
    assert package.read_bytes() == before


def test_no_plaintext_on_disk_and_one_file_only(filled: Path) -> None:
    engine = _open(filled)
    with engine.begin() as conn:
        conn.execute(text("UPDATE note SET body = body || '!' WHERE id % 2 = 0"))
        conn.execute(text("DELETE FROM note WHERE id % 7 = 0"))
    engine.dispose()
    data = filled.read_bytes()
    assert SECRET_TEXT.encode("utf-8") not in data
    assert "محرمانه".encode() not in data
    for phrase in (PASSPHRASE, PASSPHRASE_ARABIC_KEYS):
        assert phrase.encode("utf-8") not in data
        assert phrase.encode("utf-16-le") not in data
    assert b"SQLite format 3" not in data
    assert b"package_meta" not in data
    # journal_mode=DELETE: no -wal, -shm or -journal beside the package.
    assert os.listdir(filled.parent) == [filled.name]


def test_engine_is_in_delete_journal_mode(package: Path) -> None:
    engine = _open(package)
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar_one() == "delete"
        assert conn.exec_driver_sql("PRAGMA temp_store").scalar_one() == 2  # MEMORY
    engine.dispose()


def _flip(path: Path, offset: int, count: int = 8) -> None:
    data = bytearray(path.read_bytes())
    for i in range(offset, offset + count):
        data[i] ^= 0xFF
    path.write_bytes(bytes(data))


def test_tampering_in_the_middle_is_detected(filled: Path) -> None:
    size = filled.stat().st_size
    assert size >= 8 * tp.PAGE_SIZE
    _flip(filled, size // 2 + 100)
    problems = check_package(filled, PASSPHRASE, cost=CHEAP)
    assert problems
    assert any("HMAC" in p for p in problems)
    error = _raises("trip.tampered", _open, filled)
    assert "HMAC" in str(error.params["detail"])


def test_tampering_with_the_first_page_is_not_a_wrong_passphrase(filled: Path) -> None:
    _flip(filled, 200)
    _raises("trip.tampered", _open, filled)
    assert check_package(filled, PASSPHRASE, cost=CHEAP)


def test_truncation_is_detected(filled: Path) -> None:
    data = filled.read_bytes()
    filled.write_bytes(data[: len(data) - 100])
    _raises("trip.tampered", _open, filled)


def test_newer_format_version_is_refused_unchanged(package: Path) -> None:
    _set_format_version(package, FORMAT_VERSION + 1)
    before = package.read_bytes()
    error = _raises("trip.newer_version", _open, package)
    assert error.params["found"] == FORMAT_VERSION + 1
    assert error.params["known"] == FORMAT_VERSION
    _raises("trip.newer_version", upgrade_package, package, PASSPHRASE, cost=CHEAP)
    assert package.read_bytes() == before


def test_newer_container_is_refused_before_any_key_is_derived(
    package: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _flip_to = bytearray(package.read_bytes())
    _flip_to[3] = tp.CONTAINER_VERSION + 1
    package.write_bytes(bytes(_flip_to))

    def _no_kdf(*_args: object) -> bytes:
        raise AssertionError("a key was derived")

    monkeypatch.setattr(tp, "derive_key", _no_kdf)
    _raises("trip.newer_version", _open, package)


def test_upgrading_a_current_package_writes_nothing(package: Path) -> None:
    before = package.read_bytes()
    assert upgrade_package(package, PASSPHRASE, cost=CHEAP) == FORMAT_VERSION
    assert package.read_bytes() == before


def test_format_0_package_is_upgraded(filled: Path) -> None:
    # Format 0 (pre-release) had no package_meta table.
    engine = _open(filled)
    with engine.begin() as conn:
        conn.execute(text("DROP TABLE package_meta"))
    engine.dispose()

    assert upgrade_package(filled, PASSPHRASE, cost=CHEAP) == 0
    assert upgrade_package(filled, PASSPHRASE, cost=CHEAP) == FORMAT_VERSION
    engine = _open(filled)
    with engine.connect() as conn:
        version, app_version = conn.execute(
            text("SELECT format_version, app_version FROM package_meta")
        ).one()
        assert conn.execute(text("SELECT count(*) FROM note")).scalar_one() == 200
    engine.dispose()
    assert version == FORMAT_VERSION
    assert app_version == peyvand.__version__
    assert check_package(filled, PASSPHRASE, cost=CHEAP) == []
    assert os.listdir(filled.parent) == [filled.name]


def test_open_package_upgrades_format_0_itself(package: Path) -> None:
    engine = _open(package)
    with engine.begin() as conn:
        conn.execute(text("DROP TABLE package_meta"))
    engine.dispose()
    engine = _open(package)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT format_version FROM package_meta")).scalar_one() == 1
    engine.dispose()


def test_engine_writes_persian_json_and_rolls_back(package: Path) -> None:
    engine = _open(package)
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE t (x TEXT)"))
    with pytest.raises(RuntimeError), engine.begin() as conn:
        conn.execute(text("INSERT INTO t VALUES ('یک')"))
        raise RuntimeError
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM t")).scalar_one() == 0
    engine.dispose()
