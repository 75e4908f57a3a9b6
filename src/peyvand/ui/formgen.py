"""The one build step for Qt Designer forms: forms/*.ui → ui/forms/ui_*.py.

Called by the application in a source checkout, by the test run and by
installer.spec. Compiles only forms whose .ui is newer than the generated module,
so it costs nothing when everything is current. The generated modules are not
committed: they are build output, always made from the .ui they come from.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

PACKAGE_FORMS = Path(__file__).resolve().parent / "forms"


def source_forms_dir() -> Path | None:
    """``<repo>/forms`` in a source checkout; None when installed or frozen."""
    if getattr(sys, "frozen", False):
        return None  # in a bundle, parents[3] is the program folder, not a checkout
    candidate = Path(__file__).resolve().parents[3] / "forms"
    return candidate if candidate.is_dir() else None


def _uic() -> list[str]:
    exe = shutil.which("pyside6-uic", path=str(Path(sys.executable).parent))
    if exe is None:
        exe = shutil.which("pyside6-uic")
    if exe is None:
        raise RuntimeError("pyside6-uic not found; install PySide6-Essentials")
    return [exe]


def module_name(ui_file: Path) -> str:
    return f"ui_{ui_file.stem}"


def stale_forms(src: Path, out: Path = PACKAGE_FORMS) -> list[Path]:
    stale = []
    for ui_file in sorted(src.glob("*.ui")):
        target = out / f"{module_name(ui_file)}.py"
        if not target.exists() or target.stat().st_mtime < ui_file.stat().st_mtime:
            stale.append(ui_file)
    return stale


def build(src: Path | None = None, out: Path = PACKAGE_FORMS) -> list[Path]:
    """Compile stale forms; returns the .ui files compiled."""
    src = src or source_forms_dir()
    if src is None:
        return []
    out.mkdir(parents=True, exist_ok=True)
    (out / "__init__.py").touch(exist_ok=True)
    compiled = []
    for ui_file in stale_forms(src, out):
        target = out / f"{module_name(ui_file)}.py"
        tmp = target.with_suffix(".tmp")
        subprocess.run(
            [*_uic(), "--from-imports", "-a", str(ui_file), "-o", str(tmp)],
            check=True,
            capture_output=True,
        )
        os.replace(tmp, target)
        compiled.append(ui_file)
    return compiled


if __name__ == "__main__":
    for path in build():
        print(f"compiled {path.name}")
