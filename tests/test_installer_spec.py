"""installer.spec and the NSIS script name only things that exist (fast: no PyInstaller run).

The spec takes its data files, hidden imports and exclusions from installer/bundle_paths.py;
the real build and its smoke test are `python scripts/build.py` (a step of .ci/run).
"""

from __future__ import annotations

import ast
import importlib.util
import struct
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[1]
SPEC = ROOT / "installer.spec"


def _load_bundle_paths() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "bundle_paths", ROOT / "installer" / "bundle_paths.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("bundle_paths", module)
    spec.loader.exec_module(module)
    return module


bp = _load_bundle_paths()


def test_spec_takes_its_lists_from_bundle_paths() -> None:
    tree = ast.parse(SPEC.read_text(encoding="utf-8"))  # the spec is valid Python
    imported = {
        alias.asname or alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    }
    assert "bp" in imported
    calls = {
        node.func.attr
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and isinstance(node.func.value, ast.Name)
        and node.func.value.id == "bp"
    }
    assert {"data_sources", "hidden_imports", "excludes", "form_modules", "version"} <= calls
    for name in ("Analysis", "PYZ", "EXE", "COLLECT"):
        assert any(isinstance(n, ast.Name) and n.id == name for n in ast.walk(tree)), name


def test_every_data_file_the_spec_names_exists() -> None:
    for pattern, dest in bp.DATAS:
        matches = [p for p, d in bp.data_sources() if d == dest and p.match(pattern)]
        assert matches, f"{pattern} matches nothing"
        for path in matches:
            assert path.is_file(), f"{path} is named in installer/bundle_paths.py but missing"
    for path in (bp.ENTRY_SCRIPT, bp.ICON_ICO, bp.NSIS_SCRIPT, SPEC):
        assert path.is_file(), path


def test_every_migration_script_is_bundled() -> None:
    versions = ROOT / "src" / "peyvand" / "storage" / "migrations" / "versions"
    wanted = {p for p in versions.glob("*.py") if p.name != "__init__.py"}
    bundled = {p for p, _dest in bp.data_sources() if p.parent == versions}
    assert wanted == bundled
    migrations = versions.parent
    assert {migrations / "env.py", migrations / "script.py.mako"} <= {
        p for p, _ in bp.data_sources()
    }


def test_resources_land_where_paths_looks_when_frozen() -> None:
    # peyvand.paths.resources_dir() is sys._MEIPASS / "resources" in a bundle, and the
    # application asks for resource("fonts", name) and resource("icons", "peyvand.svg").
    dests = {(p.name, d) for p, d in bp.data_sources()}
    from peyvand.app import FONT_FILES

    for font in FONT_FILES:
        assert (font, "resources/fonts") in dests
    assert ("OFL.txt", "resources/fonts") in dests  # the licence travels with the font
    assert ("peyvand.svg", "resources/icons") in dests


def test_qt_persian_translation_is_where_the_spec_takes_it_from() -> None:
    from PySide6.QtCore import QLibraryInfo

    folder = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))
    for name in bp.QT_TRANSLATIONS:
        assert (folder / name).is_file(), folder / name


def test_hidden_imports_are_real_modules() -> None:
    hidden = bp.hidden_imports()
    # The screens and editors imported by name, and what the migration scripts import.
    assert "peyvand.ui.screens.dashboard" in hidden
    assert "peyvand.ui.dialogs.meeting_editor" in hidden
    assert "alembic.op" in hidden
    for name in hidden:
        if name.startswith("peyvand."):
            base = ROOT / "src" / Path(*name.split("."))
            # A folder without __init__.py (peyvand.storage) is a namespace package.
            assert base.with_suffix(".py").is_file() or base.is_dir(), name
        else:
            assert importlib.util.find_spec(name) is not None, name


def test_every_form_has_its_module_name() -> None:
    forms = sorted((ROOT / "forms").glob("*.ui"))
    assert forms
    assert bp.form_modules() == [f"peyvand.ui.forms.ui_{ui.stem}" for ui in forms]


def test_source_imports_only_the_qt_modules_the_bundle_keeps() -> None:
    used: set[str] = set()
    for path in (ROOT / "src" / "peyvand").rglob("*.py"):
        if "forms" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names: list[str] = []
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            used.update(n.split(".")[1] for n in names if n.startswith("PySide6.Qt"))
    assert used <= set(bp.QT_MODULES_USED), (
        f"src/ imports {sorted(used - set(bp.QT_MODULES_USED))}: add to QT_MODULES_USED "
        "and remove from QT_MODULES_EXCLUDED in installer/bundle_paths.py"
    )
    assert not set(bp.QT_MODULES_USED) & set(bp.QT_MODULES_EXCLUDED)
    assert "PySide6.QtWebEngineCore" in bp.excludes()


def test_version_comes_from_the_package() -> None:
    import peyvand

    assert bp.version() == peyvand.__version__
    numbers = bp.version_tuple()
    assert len(numbers) == 4
    assert all(isinstance(n, int) for n in numbers)
    assert bp.version_tuple("1.2.3rc1") == (1, 2, 3, 1)
    assert bp.version_tuple("2.0") == (2, 0, 0, 0)


def test_windows_icon_is_a_multi_size_ico() -> None:
    data = bp.ICON_ICO.read_bytes()
    reserved, kind, count = struct.unpack_from("<HHH", data)
    assert (reserved, kind) == (0, 1)
    sizes = set()
    for i in range(count):
        width, _h, _c, _r, _planes, _bits, length, offset = struct.unpack_from(
            "<BBBBHHII", data, 6 + 16 * i
        )
        assert data[offset : offset + 8] == b"\x89PNG\r\n\x1a\n"
        assert offset + length <= len(data)
        sizes.add(width or 256)
    assert {16, 32, 48, 256} <= sizes


@pytest.fixture(scope="module")
def nsis() -> str:
    return Path(bp.NSIS_SCRIPT).read_text(encoding="utf-8-sig")


def test_installer_is_per_user_and_persian(nsis: str) -> None:
    assert "Unicode true" in nsis
    assert "RequestExecutionLevel user" in nsis
    assert 'InstallDir "$LOCALAPPDATA\\Programs\\Peyvand"' in nsis
    assert '!insertmacro MUI_LANGUAGE "Farsi"' in nsis
    assert "HKLM" not in nsis  # nothing machine-wide: no administrator rights needed
    assert 'SHORTCUT_NAME "پیوند"' in nsis


def test_installer_names_the_bundle_executables(nsis: str) -> None:
    assert f'GUI_EXE "{bp.GUI_NAME}.exe"' in nsis
    assert f'CLI_EXE "{bp.CLI_NAME}.exe"' in nsis


def test_trip_packages_open_with_the_trip_flag(nsis: str) -> None:
    assert 'HKCU "Software\\Classes\\.pvtrip"' in nsis
    command = '\'"$INSTDIR\\${GUI_EXE}" --trip "%1"\''
    assert f'"Software\\Classes\\${{PROG_ID}}\\shell\\open\\command" "" {command}' in nsis
    from peyvand.cli import build_parser

    args = build_parser().parse_args(["--trip", "C:\\x.pvtrip"])
    assert str(args.trip).endswith("x.pvtrip")


def test_uninstaller_leaves_the_data_folder_alone(nsis: str) -> None:
    uninstall = nsis[nsis.index('Section "Uninstall"') :]
    removing = [
        line.strip()
        for line in uninstall.splitlines()
        if line.strip().startswith(("RMDir", "Delete "))
    ]
    assert removing
    for line in removing:
        assert "$INSTDIR" in line or "$SMPROGRAMS" in line or "$DESKTOP" in line, line
        assert "$LOCALAPPDATA" not in line, line
    assert 'RMDir /r "$INSTDIR"' not in uninstall  # only the files the installer wrote
