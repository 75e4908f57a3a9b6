"""Drafts kept on this computer while the office server cannot take them.

In office mode an editor's drafts normally go into the server's database like every
other (services/drafts.py). When the server is away — the network dropped, the server
restarts — they are written here instead, in the user data folder, one JSON file per
editor, so that nothing typed is lost even if Peyvand is closed before the server comes
back. The folder is named by a digest of the database's location, so a draft of one
server never turns up on another (and no address is written in clear). A draft saved
into the database again removes its file here.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import os
from pathlib import Path
from typing import Any

from peyvand.paths import data_dir

log = logging.getLogger(__name__)

FOLDER = "unsent-drafts"


def _digest(text: str, size: int) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:size]


def folder_for(location: str) -> Path:
    return data_dir() / FOLDER / _digest(location, 16)


def _file(location: str, key: str) -> Path:
    return folder_for(location) / f"{_digest(key, 24)}.json"


def save(
    location: str,
    key: str,
    kind: str,
    title: str,
    payload: dict[str, Any],
    *,
    saved_at: dt.datetime,
) -> Path:
    """Write the draft (atomically: a half-written file never replaces a whole one)."""
    path = _file(location, key)
    path.parent.mkdir(parents=True, exist_ok=True)
    body = {
        "key": key,
        "kind": kind,
        "title": title[:300],
        "payload": payload,
        "saved_at": saved_at.isoformat(),
    }
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(body, ensure_ascii=False, default=str), encoding="utf-8")
    os.replace(tmp, path)
    return path


def load(location: str, key: str) -> dict[str, Any] | None:
    """The draft as saved (``saved_at`` as an aware datetime), or None (also for a file
    that cannot be read: a damaged draft must not stop the editor from opening)."""
    path = _file(location, key)
    try:
        body = json.loads(path.read_text(encoding="utf-8"))
        body["saved_at"] = dt.datetime.fromisoformat(str(body["saved_at"]))
        if body.get("key") != key or not isinstance(body.get("payload"), dict):
            return None
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError):
        log.warning("an unsent draft could not be read: %s", path.name)
        return None
    return dict(body)


def discard(location: str, key: str) -> None:
    _file(location, key).unlink(missing_ok=True)


def keys(location: str) -> list[str]:
    """The editors that have a draft kept here for ``location``."""
    found = []
    for path in sorted(folder_for(location).glob("*.json")):
        try:
            found.append(str(json.loads(path.read_text(encoding="utf-8"))["key"]))
        except (OSError, ValueError, KeyError, TypeError):
            log.warning("an unsent draft could not be read: %s", path.name)
    return found
