"""Whether a file is a trip package: its first bytes, nothing decrypted.

Apart from storage/trip_package.py because opening any file asks this first, and the
package module itself is needed only when it is one (issue 16: start-up).
"""

from __future__ import annotations

from pathlib import Path
from typing import Final

MAGIC: Final = b"PVT"


def is_package(path: Path) -> bool:
    """Whether ``path`` starts like a trip package (reads 3 bytes, decrypts nothing)."""
    try:
        with Path(path).open("rb") as fh:
            return fh.read(len(MAGIC)) == MAGIC
    except OSError:
        return False
