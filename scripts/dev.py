#!/usr/bin/env python3
"""Set up a development environment and run Peyvand or its tests: one command each.

    python3 scripts/dev.py demo     # launch the app on the demo database
    python3 scripts/dev.py test     # run the whole test suite

It creates `.venv/` beside the project and installs the project with its test
extras there, again only when pyproject.toml changed. Written by hand (30 lines of
stdlib) so that a fresh machine needs nothing but Python 3.11+ — no tox, nox or uv.
Extra arguments go to the command (`test -k search`, `demo --db x.sqlite3`).
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")
STAMP = VENV / ".peyvand-installed"


def ensure_env() -> None:
    if not PYTHON.exists():
        print("creating .venv …", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if not STAMP.exists() or STAMP.read_text() != wanted:
        print("installing Peyvand and its dependencies into .venv …", flush=True)
        pip = [str(PYTHON), "-m", "pip", "install", "--disable-pip-version-check", "-q"]
        subprocess.run([*pip, "--upgrade", "pip"], check=True)
        subprocess.run([*pip, "-e", f"{ROOT}[test]"], check=True)
        STAMP.write_text(wanted)


def main(argv: list[str]) -> int:
    if sys.version_info < (3, 11):  # noqa: UP036 - this script must say so on old Pythons
        print("Peyvand needs Python 3.11 or newer", file=sys.stderr)
        return 2
    commands = {
        "demo": [str(PYTHON), "-m", "peyvand", "--demo"],
        "app": [str(PYTHON), "-m", "peyvand"],
        "test": [str(PYTHON), "-m", "pytest"],
    }
    if not argv or argv[0] not in commands:
        print(__doc__)
        return 2
    ensure_env()
    return subprocess.run([*commands[argv[0]], *argv[1:]], cwd=ROOT, check=False).returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
