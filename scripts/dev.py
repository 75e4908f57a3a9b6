#!/usr/bin/env python3
"""Set up a development environment and run Peyvand or its tests: one command each.

    python3 scripts/dev.py demo     # launch the app on the demo database
    python3 scripts/dev.py test     # run the whole test suite

It creates `.venv/` beside the project and installs the project with its test
extras there, again only when pyproject.toml changed. Written by hand (30 lines of
stdlib) so that a fresh machine needs nothing but Python 3.11+ — no tox, nox or uv.
Extra arguments go to the command (`test -k search`, `demo --db x.sqlite3`).

On Linux, `demo` and `app` first check that Qt can open a window: Qt's own message
("xcb-cursor0 or libxcb-cursor0 is needed…") names one library whatever is missing, so
the libraries of its X11 platform plugin are listed with `ldd`, and the exact
`apt-get install` line for the missing ones is printed instead.
"""

from __future__ import annotations

import hashlib
import os
import shutil
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


# Debian packages whose name does not follow the usual rule (see debian_package).
DEBIAN_EXCEPTIONS = {
    "libglib-2.0.so.0": "libglib2.0-0",
    "libgthread-2.0.so.0": "libglib2.0-0",
    "libgobject-2.0.so.0": "libglib2.0-0",
}


def debian_package(library: str) -> str:
    """The Debian package of a shared library, by Debian's naming rule: its name, then
    its major version, with a hyphen between them when the name ends in a digit
    (libxcb-icccm.so.4 -> libxcb-icccm4, libxkbcommon-x11.so.0 -> libxkbcommon-x11-0)."""
    if library in DEBIAN_EXCEPTIONS:
        return DEBIAN_EXCEPTIONS[library]
    name, _, version = library.partition(".so.")
    name, major = name.lower(), version.split(".")[0]
    return f"{name}{'-' if name[-1:].isdigit() else ''}{major}"


def xcb_plugin() -> Path | None:
    """Qt's X11 platform plugin inside the environment's PySide6."""
    found = sorted(VENV.glob("lib/python3*/site-packages/PySide6/Qt/plugins/platforms/libqxcb.so"))
    return found[0] if found else None


def missing_libraries(plugin: Path) -> list[str]:
    """The shared libraries ``plugin`` needs and the system lacks (ldd's "not found")."""
    ldd = shutil.which("ldd")
    if ldd is None:
        return []
    listing = subprocess.run([ldd, str(plugin)], capture_output=True, text=True, check=False)
    return sorted(
        {line.split()[0] for line in listing.stdout.splitlines() if "not found" in line}
    )


def check_qt_libraries() -> bool:
    """On Linux, say which system libraries Qt's window needs and how to install them;
    False when some are missing."""
    if not sys.platform.startswith("linux") or os.environ.get("QT_QPA_PLATFORM") == "offscreen":
        return True
    plugin = xcb_plugin()
    missing = missing_libraries(plugin) if plugin is not None else []
    if not missing:
        return True
    packages = sorted({debian_package(library) for library in missing})
    sudo = "sudo " if os.geteuid() != 0 else ""
    print(
        "Qt cannot open a window: its X11 plugin needs libraries this system lacks:\n"
        f"    {', '.join(missing)}\n"
        "On Debian or Ubuntu, install them with:\n"
        f"    {sudo}apt-get install -y {' '.join(packages)}",
        file=sys.stderr,
    )
    return False


def main(argv: list[str]) -> int:
    if sys.version_info < (3, 11):  # noqa: UP036 - this script must say so on old Pythons
        print("Peyvand needs Python 3.11 or newer", file=sys.stderr)
        return 2
    commands = {
        "demo": [str(PYTHON), "-m", "peyvand", "--demo"],
        "app": [str(PYTHON), "-m", "peyvand"],
        # One worker per core (pytest-xdist): the suite takes about half as long on
        # two cores; `test -n 0` runs it in one process.
        "test": [str(PYTHON), "-m", "pytest", "-n", "auto"],
    }
    if not argv or argv[0] not in commands:
        print(__doc__)
        return 2
    ensure_env()
    if argv[0] in ("demo", "app") and not check_qt_libraries():
        return 1
    return subprocess.run([*commands[argv[0]], *argv[1:]], cwd=ROOT, check=False).returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
