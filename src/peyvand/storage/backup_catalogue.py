"""The checksum catalogue of a backup folder: the SHA-256 of every backup, recorded when
the backup was made, in a file beside the backups — never inside one, where a crafted
file would carry its own.

``peyvand-backups.sha256`` uses the format of ``sha256sum`` (``<hex digest>  <name>``, one
line per backup), so an administrator can check a folder with ``sha256sum -c``. A
restore compares the backup's bytes with its line: equal (``"ok"``), different
(``"changed"`` — the file changed after it was made: a flipped bit, an edit), or no line
(``"unknown"`` — a backup made elsewhere, or by an older version).

What it proves: that the file is byte for byte what Peyvand wrote into that folder, as
far as the catalogue itself can be trusted — someone who may write to the backup folder
may rewrite both. The exact-schema, integrity and content checks of a restore do not
depend on it.

Writers (a backup in the GUI and one from the command line at the same moment) take an
OS lock per folder, kept in Peyvand's data folder so that backup folders hold nothing
but backups and this file; the file is rewritten whole and renamed into place.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, Final, Literal

from peyvand.paths import data_dir

if TYPE_CHECKING:
    from filelock import FileLock

log = logging.getLogger(__name__)

CATALOGUE_NAME: Final = "peyvand-backups.sha256"
LOCK_SECONDS: Final = 30.0
_CHUNK: Final = 1024 * 1024
_LINE_RE: Final = re.compile(r"(?P<digest>[0-9a-f]{64}) [ *](?P<name>.+)")

Status = Literal["ok", "changed", "unknown"]


def catalogue_path(folder: Path) -> Path:
    return Path(folder) / CATALOGUE_NAME


def _lock(folder: Path) -> FileLock:
    from filelock import FileLock  # when a backup is catalogued, not at start

    key = hashlib.sha256(str(Path(folder).absolute()).encode("utf-8", "replace")).hexdigest()
    locks = data_dir() / "locks"
    locks.mkdir(parents=True, exist_ok=True)
    return FileLock(locks / f"backups-{key[:24]}.lock", timeout=LOCK_SECONDS, thread_local=False)


def sha256_of(path: Path) -> str:
    with Path(path).open("rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


def copy_with_digest(source: BinaryIO, target: Path) -> str:
    """Copy an open file to ``target`` and return the SHA-256 of exactly the bytes
    copied (one read: what is checked is what was hashed)."""
    digest = hashlib.sha256()
    with Path(target).open("wb") as out:
        while chunk := source.read(_CHUNK):
            digest.update(chunk)
            out.write(chunk)
        out.flush()
        os.fsync(out.fileno())
    return digest.hexdigest()


def read(folder: Path) -> dict[str, str]:
    """name → digest; lines that are not ``<64 hex>  <name>`` are ignored."""
    try:
        text = catalogue_path(folder).read_text(encoding="utf-8", errors="replace")
    except (FileNotFoundError, NotADirectoryError):
        return {}
    entries: dict[str, str] = {}
    for line in text.splitlines():
        match = _LINE_RE.fullmatch(line)
        if match is not None:
            entries[match["name"]] = match["digest"]
    return entries


def _write(folder: Path, entries: dict[str, str]) -> None:
    from peyvand.storage import scratch

    path = catalogue_path(folder)
    partial = scratch.partial_path(path)
    try:
        with partial.open("w", encoding="utf-8", newline="\n") as fh:
            for name in sorted(entries):
                fh.write(f"{entries[name]}  {name}\n")
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)


def record(backup: Path, digest: str) -> None:
    """Record ``backup``'s digest (before the backup gets its name: a line may name a file
    that a crash left unmade, never the reverse). Other lines are kept as they are —
    another process may be about to rename the backup its line names."""
    backup = Path(backup)
    if "\n" in backup.name or "\r" in backup.name:
        raise ValueError(f"a backup name cannot hold a line break: {backup.name!r}")
    folder = backup.parent
    with _lock(folder):
        entries = read(folder)
        entries[backup.name] = digest
        _write(folder, entries)


def forget(folder: Path, names: Iterable[str]) -> None:
    """Drop the lines of backups that were deleted (rotation)."""
    gone = set(names)
    if not gone or not catalogue_path(folder).exists():
        return
    with _lock(folder):
        entries = read(folder)
        if gone & entries.keys():
            _write(folder, {n: d for n, d in entries.items() if n not in gone})


def recorded(backup: Path) -> str | None:
    """The digest recorded for ``backup`` in its own folder's catalogue, if any."""
    return read(Path(backup).parent).get(Path(backup).name)


def status(backup: Path, digest: str) -> Status:
    expected = recorded(backup)
    if expected is None:
        return "unknown"
    return "ok" if expected == digest else "changed"
