"""The live database is refused on a network share (SQLite's locking is unsafe there),
with a clear message, before anything is created or written."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest

from peyvand.domain.errors import PeyvandError
from peyvand.messages import render
from peyvand.services import backups
from peyvand.services.clock import FixedClock
from peyvand.storage import network_path
from peyvand.storage.database import Database
from peyvand.storage.network_path import (
    DRIVE_REMOTE,
    is_network_path,
    is_unc,
    mapped_drive_is_remote,
    mount_is_network,
)

UNC_PATHS = [
    r"\\fileserver\irdept\peyvand.sqlite3",
    "//fileserver/irdept/peyvand.sqlite3",
    r"\\?\UNC\fileserver\irdept\peyvand.sqlite3",
    "\\\\192.168.1.20\\share\\دفتر\\peyvand.sqlite3",
]
LOCAL_PATHS = [
    r"C:\Users\karshenas\AppData\Local\Peyvand\peyvand.sqlite3",
    r"\\?\C:\Users\karshenas\peyvand.sqlite3",
    r"\\.\C:\peyvand.sqlite3",
    "/home/karshenas/peyvand.sqlite3",
    "peyvand.sqlite3",
    "///odd/but/local.sqlite3",
]


@pytest.mark.parametrize("path", UNC_PATHS)
def test_unc_paths_are_network_paths_on_every_system(path: str) -> None:
    assert is_unc(path)
    assert is_network_path(path)
    assert is_network_path(Path(path))


@pytest.mark.parametrize("path", LOCAL_PATHS)
def test_local_forms_are_not_unc(path: str) -> None:
    assert not is_unc(path)


def test_a_local_temporary_folder_is_not_a_network_path(tmp_path: Path) -> None:
    assert not is_network_path(tmp_path / "peyvand.sqlite3")


def test_mapped_network_drive_is_detected_by_its_drive_type() -> None:
    types = {"C:\\": 3, "Z:\\": DRIVE_REMOTE}  # 3: a fixed local disk
    seen: list[str] = []

    def drive_type(root: str) -> int:
        seen.append(root)
        return types.get(root, 0)

    assert mapped_drive_is_remote(r"z:\office\peyvand.sqlite3", drive_type)
    assert not mapped_drive_is_remote(r"C:\office\peyvand.sqlite3", drive_type)
    assert not mapped_drive_is_remote(r"\\server\share\x.sqlite3", drive_type)
    assert seen == ["Z:\\", "C:\\"]


MOUNTS = """\
/dev/vda / ext4 rw,relatime 0 0
server:/export/office /mnt/office nfs4 rw,relatime 0 0
//nas/ir\\040dept /mnt/ir\\040dept cifs rw,relatime 0 0
/dev/vdb /mnt/office/local-cache ext4 rw 0 0
tmpfs /tmp tmpfs rw 0 0
"""


@pytest.mark.parametrize(
    ("path", "network"),
    [
        ("/mnt/office/peyvand.sqlite3", True),
        ("/mnt/office", True),
        ("/mnt/ir dept/peyvand.sqlite3", True),  # \040 is a space in /proc/mounts
        ("/mnt/office/local-cache/peyvand.sqlite3", False),  # innermost mount decides
        ("/mnt/officex/peyvand.sqlite3", False),
        ("/tmp/peyvand.sqlite3", False),
        ("/home/karshenas/peyvand.sqlite3", False),
    ],
)
def test_network_mounts_on_linux(path: str, network: bool) -> None:
    assert mount_is_network(path, MOUNTS) is network


@pytest.mark.parametrize("path", UNC_PATHS[:2])
def test_database_open_refuses_a_network_path_and_creates_nothing(
    path: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # a UNC string is a relative name on Linux: nothing may appear
    with pytest.raises(PeyvandError) as info:
        Database.open(Path(path))
    assert info.value.msg_id == "db.network_path"
    assert "network" in info.value.message("en")
    assert "شبکه" in info.value.message("fa")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.skipif(sys.platform == "win32", reason="/proc/mounts is Linux's")
def test_database_open_refuses_a_folder_on_an_nfs_mount(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    share = tmp_path / "share"
    share.mkdir()
    mounts = tmp_path / "mounts"
    mounts.write_text(f"/dev/vda / ext4 rw 0 0\nnas:/ir {share.resolve()} nfs rw 0 0\n")
    monkeypatch.setattr(network_path, "_PROC_MOUNTS", mounts)
    with pytest.raises(PeyvandError) as info:
        Database.open(share / "peyvand.sqlite3")
    assert info.value.msg_id == "db.network_path"
    assert list(share.iterdir()) == []
    # Outside the share all is as usual.
    Database.open(tmp_path / "local.sqlite3").close()


def test_restore_refuses_a_network_database_path(db: Database, tmp_path: Path) -> None:
    saved = backups.backup_to(db, tmp_path / "b.sqlite3")
    with pytest.raises(PeyvandError) as info:
        clock = FixedClock(dt.datetime(2026, 11, 26, tzinfo=dt.UTC))
        backups.restore(saved.path, Path(UNC_PATHS[0]), clock=clock)
    assert info.value.msg_id == "db.network_path"


def test_the_message_names_the_path_and_says_why() -> None:
    english = render("db.network_path", "en", path=UNC_PATHS[0])
    assert UNC_PATHS[0] in english
    assert "lock" in english and "local" in english
