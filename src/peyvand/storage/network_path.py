"""Whether a database file is on a network share, where SQLite's file locking is unsafe.

Asked at every open, so apart from storage/backup.py (whose backup catalogue and file
locks a read never needs; issue 16: start-up).
"""

from __future__ import annotations

import ntpath
import os
import re
import sys
from collections.abc import Callable
from pathlib import Path

DRIVE_REMOTE = 4  # GetDriveTypeW: a mapped network drive
# File systems whose locking SQLite cannot rely on (see sqlite.org/useovernet.html).
NETWORK_FS_TYPES = frozenset(
    {
        "nfs",
        "nfs4",
        "cifs",
        "smb",
        "smb2",
        "smb3",
        "smbfs",
        "ncpfs",
        "afs",
        "coda",
        "davfs",
        "fuse.sshfs",
        "fuse.davfs2",
        "fuse.smbnetfs",
        "fuse.rclone",
    }
)
_PROC_MOUNTS = Path("/proc/mounts")


def is_network_path(path: str | os.PathLike[str]) -> bool:
    """Whether ``path`` is on a network share, where SQLite's file locking is unsafe.

    A UNC path (``\\\\server\\share\\…`` or ``//server/share/…``) is one on every system;
    on Windows so is a path on a mapped network drive (``GetDriveTypeW``), and on Linux
    a path under an NFS, SMB/CIFS or similar mount (``/proc/mounts``).
    """
    text = os.fspath(path)
    if is_unc(text):
        return True
    if sys.platform == "win32":
        absolute = os.path.abspath(text)
        try:
            resolved = os.path.realpath(absolute)  # a mapped drive can resolve to its UNC
        except OSError:
            resolved = absolute
        return is_unc(resolved) or mapped_drive_is_remote(absolute, _windows_drive_type)
    try:
        mounts = _PROC_MOUNTS.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False  # macOS and others: only UNC paths are recognised there
    return mount_is_network(os.path.realpath(text), mounts)


def is_unc(text: str) -> bool:
    """``\\\\server\\share``, ``//server/share`` or ``\\\\?\\UNC\\server\\share``; not the
    local ``\\\\?\\C:\\`` and ``\\\\.\\`` device forms."""
    text = text.replace("/", "\\")
    if text.startswith(("\\\\?\\", "\\\\.\\")):
        return text[4:].upper().startswith("UNC\\")
    return text.startswith("\\\\") and len(text) > 2 and text[2] != "\\"


def mapped_drive_is_remote(absolute: str, drive_type: Callable[[str], int]) -> bool:
    """Whether the drive letter of the absolute Windows path is a network drive."""
    drive, _rest = ntpath.splitdrive(absolute)
    if len(drive) != 2 or drive[1] != ":":
        return False
    return drive_type(drive.upper() + "\\") == DRIVE_REMOTE


def _windows_drive_type(root: str) -> int:
    if sys.platform != "win32":
        return 0
    import ctypes

    return int(ctypes.windll.kernel32.GetDriveTypeW(ctypes.c_wchar_p(root)))


_MOUNT_ESCAPE = re.compile(r"\\([0-7]{3})")


def mount_is_network(absolute: str, mounts: str) -> bool:
    """Whether the innermost mount holding ``absolute`` (given ``/proc/mounts`` text) is
    a network file system."""
    best, best_type = "", ""
    for line in mounts.splitlines():
        fields = line.split()
        if len(fields) < 3:
            continue
        point = _MOUNT_ESCAPE.sub(lambda m: chr(int(m[1], 8)), fields[1])
        inside = absolute == point or absolute.startswith(point.rstrip("/") + "/")
        if inside and len(point) >= len(best):
            best, best_type = point, fields[2]
    return best_type in NETWORK_FS_TYPES
