"""Tampering with a trip package is detected: one byte changed anywhere in the file
(its plain header, every page, the last bytes) and the package is refused with a typed
error, never opened, never imported, never a crash."""

from __future__ import annotations

import random
import shutil
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlmodel import select

from peyvand.domain import AuditEvent
from peyvand.errors import PeyvandError
from peyvand.services import trips
from peyvand.services.clock import FixedClock
from peyvand.services.demo import load_demo
from peyvand.services.transfer import export_data
from peyvand.storage.database import Database
from peyvand.storage.trip_package import PAGE_SIZE, SALT_SIZE, KdfCost

# Test-only: Argon2id's minimum memory, one pass. Real packages use KdfCost.DEFAULT.
CHEAP = KdfCost(memory_kib=8, iterations=1, lanes=1)
CLOCK = FixedClock(datetime(2026, 11, 26, 9, tzinfo=UTC))
PASS = "رمز سفر ۱۴۰۵"
VISIT = "1405-002"
# SQLCipher 4 keeps a 16-byte IV and a 64-byte HMAC-SHA512 at the end of every page.
RESERVE = 80


@pytest.fixture(scope="module")
def office(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Path]]:
    """The demo office and a package of one visit exported from it (read-only here)."""
    folder = tmp_path_factory.mktemp("tamper")
    path = folder / "office.sqlite3"
    db = Database.open(path)
    try:
        load_demo(db, clock=CLOCK)
        trips.export_visit(db, VISIT, folder / "trip.pvtrip", PASS, cost=CHEAP, clock=CLOCK)
    finally:
        db.close()
    yield path, folder / "trip.pvtrip"


def _offsets(size: int) -> list[int]:
    """Every header byte; in every page one random byte of its content, one of its IV
    and one of its HMAC; the last 16 bytes of the file."""
    rng = random.Random(1405)
    pages = size // PAGE_SIZE
    found = set(range(SALT_SIZE))
    for page in range(pages):
        start = page * PAGE_SIZE
        content_start = start + (SALT_SIZE if page == 0 else 0)
        found.add(rng.randrange(content_start, start + PAGE_SIZE - RESERVE))
        found.add(rng.randrange(start + PAGE_SIZE - RESERVE, start + PAGE_SIZE - 64))  # IV
        found.add(rng.randrange(start + PAGE_SIZE - 64, start + PAGE_SIZE))  # HMAC
    found.update(range(size - 16, size))
    return sorted(found)


def _expected(offset: int) -> set[str]:
    """What a changed byte at ``offset`` must be refused as."""
    if offset < 3:
        return {"trip.not_package"}  # the "PVT" marker
    if offset == 3:
        return {"trip.not_package", "trip.newer_version"}  # the container version
    if offset < SALT_SIZE:
        return {"trip.wrong_passphrase"}  # the salt: another key, every page fails
    return {"trip.tampered"}  # a page that fails its HMAC while the others pass


def _flipped(source: Path, target: Path, offset: int, rng: random.Random) -> None:
    data = bytearray(source.read_bytes())
    data[offset] ^= rng.randrange(1, 256)  # a different byte, whatever the bits
    target.write_bytes(bytes(data))


def test_a_byte_changed_anywhere_is_detected(office: tuple[Path, Path], tmp_path: Path) -> None:
    _office_path, package = office
    size = package.stat().st_size
    assert size % PAGE_SIZE == 0 and size // PAGE_SIZE >= 100
    offsets = _offsets(size)
    rng = random.Random(7)
    target = tmp_path / "changed.pvtrip"
    refused: Counter[str] = Counter()
    wrong: list[str] = []
    for offset in offsets:
        _flipped(package, target, offset, rng)
        try:
            opened = Database.open_package(target, PASS, cost=CHEAP)
        except PeyvandError as exc:
            refused[exc.msg_id] += 1
            if exc.msg_id not in _expected(offset):
                wrong.append(f"byte {offset} (page {offset // PAGE_SIZE + 1}): {exc.msg_id}")
        else:
            opened.close()
            wrong.append(f"byte {offset} (page {offset // PAGE_SIZE + 1}): opened")
    assert not wrong, wrong
    pages = size // PAGE_SIZE
    # Every page was changed three times (content, IV, HMAC), every header byte once.
    assert len(offsets) >= 3 * pages + SALT_SIZE
    assert refused["trip.tampered"] >= 3 * pages
    assert sum(refused.values()) == len(offsets)


def test_an_import_of_a_changed_package_changes_nothing(
    office: tuple[Path, Path], tmp_path: Path
) -> None:
    office_path, package = office
    copy = tmp_path / "office.sqlite3"
    shutil.copyfile(office_path, copy)
    db = Database.open(copy)
    try:
        before = export_data(db)["tables"]
        with db.reading() as session:
            audits = len(session.exec(select(AuditEvent)).all())
        rng = random.Random(11)
        offsets = _offsets(package.stat().st_size)
        sample = [*offsets[:SALT_SIZE], *rng.sample(offsets[SALT_SIZE:], 24)]
        target = tmp_path / "changed.pvtrip"
        for offset in sample:
            _flipped(package, target, offset, rng)
            for dry_run in (True, False):
                with pytest.raises(PeyvandError) as caught:
                    trips.import_package(
                        db,
                        target,
                        PASS,
                        dry_run=dry_run,
                        cost=CHEAP,
                        backup_folder=tmp_path / "backups",
                        clock=CLOCK,
                    )
                assert caught.value.msg_id in _expected(offset), (offset, caught.value.msg_id)
        assert export_data(db)["tables"] == before
        with db.reading() as session:
            assert len(session.exec(select(AuditEvent)).all()) == audits
        assert not (tmp_path / "backups").exists()  # refused before any backup
    finally:
        db.close()


def test_the_unchanged_package_is_accepted(office: tuple[Path, Path], tmp_path: Path) -> None:
    """The control: the same steps without a changed byte open and import."""
    office_path, package = office
    copy = tmp_path / "office.sqlite3"
    shutil.copyfile(office_path, copy)
    target = tmp_path / "same.pvtrip"
    shutil.copyfile(package, target)
    Database.open_package(target, PASS, cost=CHEAP).close()
    db = Database.open(copy)
    try:
        result = trips.import_package(
            db, target, PASS, cost=CHEAP, backup_folder=tmp_path / "b", clock=CLOCK
        )
    finally:
        db.close()
    assert result.is_empty and result.unchanged > 20
