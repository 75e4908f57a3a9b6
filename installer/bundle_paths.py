"""What the PyInstaller bundle holds besides the code PyInstaller finds on its own.

One list, imported by ``installer.spec`` (at build time) and by
``tests/test_installer_spec.py`` (which checks that every source named here exists).
Standard library only: reading this module needs neither PyInstaller nor Qt.

Where things go follows ``peyvand.paths``: when frozen, ``resources_dir()`` is
``sys._MEIPASS / "resources"``, so ``resources/...`` here lands in the bundle's
``_internal/resources/...``. Alembic finds the migrations through the package
(``script_location = "peyvand.storage:migrations"``, i.e.
``importlib.resources.files("peyvand.storage") / "migrations"``), which in a bundle is
``_internal/peyvand/storage/migrations``.
"""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src"
PACKAGE = SRC / "peyvand"

# dist/<BUNDLE_NAME>/ holds both executables and _internal/.
BUNDLE_NAME = "peyvand"
GUI_NAME = "peyvand"  # no console window on Windows; what the shortcuts and .pvtrip open
CLI_NAME = "peyvand-cli"  # the same program with a console, for the command line
ENTRY_SCRIPT = ROOT / "installer" / "launch.py"
ICON_ICO = ROOT / "resources" / "icons" / "peyvand.ico"  # Windows executables and installer
NSIS_SCRIPT = ROOT / "installer" / "peyvand.nsi"

# (source relative to the repository — a glob where a folder's files may grow —,
#  destination folder inside the bundle, relative to sys._MEIPASS)
DATAS: tuple[tuple[str, str], ...] = (
    # The interface font and the font embedded in the PDF briefs, with its licence.
    ("resources/fonts/Vazirmatn-Regular.ttf", "resources/fonts"),
    ("resources/fonts/Vazirmatn-Bold.ttf", "resources/fonts"),
    ("resources/fonts/OFL.txt", "resources/fonts"),
    # The briefs' symbol fonts (emoji and symbols Vazirmatn lacks), with their licences.
    ("resources/fonts/NotoEmoji-Regular.ttf", "resources/fonts"),
    ("resources/fonts/NotoSansSymbols2-Regular.ttf", "resources/fonts"),
    ("resources/fonts/OFL-NotoEmoji.txt", "resources/fonts"),
    ("resources/fonts/OFL-NotoSansSymbols2.txt", "resources/fonts"),
    ("resources/fonts/README.md", "resources/fonts"),
    # The demo's content (services/demo_data.py reads it from resources/demo/).
    ("resources/demo/*.json", "resources/demo"),
    # Starter checklist and letter templates (services/starters.py).
    ("resources/templates/*.json", "resources/templates"),
    # Iran's official holidays for the calendar (services/holidays.py), with their source.
    ("resources/holidays/iran.json", "resources/holidays"),
    ("resources/holidays/README.md", "resources/holidays"),
    # The news draft's Persian phrasing (services/news.py).
    ("resources/news/*.toml", "resources/news"),
    # The window icon (app.configure); the .ico only goes into the Windows executables.
    ("resources/icons/peyvand.svg", "resources/icons"),
    # The user guide «راهنما ← راهنمای کاربر» shows (paths.user_guide), with its pictures.
    ("docs/user-guide.md", "docs"),
    ("docs/screenshots/*.png", "docs/screenshots"),
    # Alembic reads env.py and every version script from disk, by path: they are data
    # files, not modules PyInstaller could find by following imports.
    ("src/peyvand/storage/migrations/env.py", "peyvand/storage/migrations"),
    ("src/peyvand/storage/migrations/script.py.mako", "peyvand/storage/migrations"),
    ("src/peyvand/storage/migrations/versions/0*.py", "peyvand/storage/migrations/versions"),
)

# Qt's own Persian strings (تأیید / انصراف), loaded by app.install_translations from
# QLibraryInfo's TranslationsPath; the spec resolves the folder with PyInstaller's Qt
# helpers so that source and destination match Qt's layout on each platform.
QT_TRANSLATIONS: tuple[str, ...] = ("qtbase_fa.qm",)

# Qt for Python modules the application imports (tests/test_installer_spec.py checks
# that src/ imports no other). Everything else in PySide6 is excluded.
QT_MODULES_USED: tuple[str, ...] = ("QtCore", "QtGui", "QtWidgets", "QtPrintSupport")
QT_MODULES_EXCLUDED: tuple[str, ...] = (
    "Qt3DAnimation", "Qt3DCore", "Qt3DExtras", "Qt3DInput", "Qt3DLogic", "Qt3DRender",
    "QtAxContainer", "QtBluetooth", "QtCanvasPainter", "QtCharts", "QtConcurrent", "QtDBus",
    "QtDataVisualization", "QtDesigner", "QtGraphs", "QtGraphsWidgets", "QtHelp",
    "QtHttpServer", "QtLocation", "QtMultimedia", "QtMultimediaWidgets", "QtNetwork",
    "QtNetworkAuth", "QtNfc", "QtOpenGL", "QtOpenGLWidgets", "QtPdf", "QtPdfWidgets",
    "QtPositioning", "QtQml", "QtQuick", "QtQuick3D", "QtQuickControls2", "QtQuickTest",
    "QtQuickWidgets", "QtRemoteObjects", "QtScxml", "QtSensors", "QtSerialBus",
    "QtSerialPort", "QtSpatialAudio", "QtSql", "QtStateMachine", "QtSvg", "QtSvgWidgets",
    "QtTest", "QtTextToSpeech", "QtUiTools", "QtWebChannel", "QtWebEngineCore",
    "QtWebEngineQuick", "QtWebEngineWidgets", "QtWebSockets", "QtWebView", "QtXml",
)  # fmt: skip

# Qt's own libraries that must not reach the bundle (the smoke test checks): the big
# ones the application has no use for. (Some excluded Python modules' libraries do
# belong: Qt6DBus, Qt6OpenGL and Qt6Svg are loaded by QtGui and its plugins.)
QT_LIBRARIES_FORBIDDEN: tuple[str, ...] = (
    "WebEngineCore", "Qml", "Quick", "Multimedia", "3DCore", "Pdf", "Network", "Sql",
    "Charts", "Designer",
)  # fmt: skip

# Qt plugins (relative to Qt's plugins folder) that PyInstaller's Qt hooks collect but
# that a desktop application does not load; dropped with the libraries only they need
# (QtNetwork for VNC and TUIO, GTK with its theme). Most exist only on Linux.
QT_PLUGINS_UNUSED: tuple[str, ...] = (
    "platforms/*eglfs*",  # embedded Linux: full-screen EGL without a window system
    "platforms/*linuxfb*",  # embedded Linux: the frame buffer
    "platforms/*minimal*",  # test platforms (offscreen, which the smoke test uses, stays)
    "platforms/*vnc*",  # a VNC server inside the application
    "platforms/*vkkhrdisplay*",  # Vulkan straight to a display, no window system
    "egldeviceintegrations/*",  # eglfs back ends
    "generic/*",  # evdev and TUIO input for embedded devices (TUIO needs QtNetwork)
    "platformthemes/*gtk3*",  # GTK dialogs on Linux; the application styles itself (Fusion)
)

# Python packages that are in the build environment (test and build tools) but never
# used by the application; excluded so that nothing drags them in by accident.
PYTHON_EXCLUDED: tuple[str, ...] = (
    "tkinter", "_tkinter", "pytest", "_pytest", "pytestqt", "hypothesis", "mypy", "mypyc",
    "ruff", "pdfplumber", "pdfminer", "IPython", "PyInstaller", "setuptools", "pkg_resources",
    "pip", "PySide6.scripts", "pydoc_data", "lib2to3",
)  # fmt: skip


def version() -> str:
    """``peyvand.__version__``, read from the source without importing the package."""
    tree = ast.parse((PACKAGE / "__init__.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if (
            isinstance(node, ast.Assign)
            and any(isinstance(t, ast.Name) and t.id == "__version__" for t in node.targets)
            and isinstance(node.value, ast.Constant)
            and isinstance(node.value.value, str)
        ):
            return node.value.value
    raise LookupError("__version__ not found in src/peyvand/__init__.py")


def version_tuple(text: str | None = None) -> tuple[int, int, int, int]:
    """The version as Windows wants it: four numbers ("0.1.0" -> (0, 1, 0, 0))."""
    numbers = [int(n) for n in re.findall(r"\d+", (text or version()).split("+")[0])[:4]]
    numbers += [0] * (4 - len(numbers))
    return numbers[0], numbers[1], numbers[2], numbers[3]


def data_sources() -> list[tuple[Path, str]]:
    """Every file DATAS names (globs expanded), with its destination folder."""
    out: list[tuple[Path, str]] = []
    for pattern, dest in DATAS:
        matches = sorted(ROOT.glob(pattern)) if any(c in pattern for c in "*?[") else []
        if not matches:
            matches = [ROOT / pattern]
        out += [(path, dest) for path in matches]
    return out


def _string_table(module_file: Path, name: str) -> list[str]:
    """The "module:Class" strings of a module-level table (a tuple of pairs or a dict)."""
    tree = ast.parse(module_file.read_text(encoding="utf-8"))
    for node in tree.body:
        target: ast.expr
        if isinstance(node, ast.AnnAssign) and node.value is not None:
            target, value = node.target, node.value
        elif isinstance(node, ast.Assign) and len(node.targets) == 1:
            target, value = node.targets[0], node.value
        else:
            continue
        if isinstance(target, ast.Name) and target.id == name:
            table = ast.literal_eval(value)
            pairs = table.items() if isinstance(table, dict) else table
            return [str(path) for _key, path in pairs]
    raise LookupError(f"{name} not found in {module_file}")


def lazy_ui_modules() -> list[str]:
    """Screens and editors are imported by name (importlib.import_module) from the
    tables ``registry.SCREENS`` and ``registry.EDITORS``; read from the source, so a
    new screen or editor is bundled without touching the spec."""
    paths = _string_table(PACKAGE / "ui" / "registry.py", "SCREENS")
    paths += _string_table(PACKAGE / "ui" / "registry.py", "EDITORS")
    return sorted({path.partition(":")[0] for path in paths})


def migration_imports() -> list[str]:
    """What Alembic's env.py and the version scripts import: they are executed from
    files at run time, so PyInstaller never follows their imports."""
    found: set[str] = set()
    migrations = PACKAGE / "storage" / "migrations"
    for script in [migrations / "env.py", *sorted((migrations / "versions").glob("0*.py"))]:
        for node in ast.walk(ast.parse(script.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                found.add(node.module)
                # `from alembic import op`: op is a module; `from x import name` is not.
                found.update(
                    f"{node.module}.{alias.name}"
                    for alias in node.names
                    if _is_module(f"{node.module}.{alias.name}")
                )
    return sorted(name for name in found if name.split(".")[0] not in sys.stdlib_module_names)


def _is_module(name: str) -> bool:
    """True when ``name`` is a module or package, found without importing anything."""
    top, *rest = name.split(".")
    if top == "peyvand":
        base = SRC
    else:
        import importlib.util

        spec = importlib.util.find_spec(top)  # a top-level name: nothing is imported
        if spec is None or not spec.submodule_search_locations:
            return False
        base = Path(next(iter(spec.submodule_search_locations))).parent
    path = base.joinpath(top, *rest)
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def form_modules() -> list[str]:
    """The modules pyside6-uic makes from forms/*.ui (peyvand.ui.formgen): they are
    imported normally by the screens and dialogs, so they are bundled as code; the spec
    checks that each of them made it into the bundle."""
    return [f"peyvand.ui.forms.ui_{ui.stem}" for ui in sorted((ROOT / "forms").glob("*.ui"))]


def hidden_imports() -> list[str]:
    """Only imports PyInstaller cannot see because they are made by name or from files."""
    return sorted(set(lazy_ui_modules()) | set(migration_imports()))


def excludes() -> list[str]:
    return [f"PySide6.{name}" for name in QT_MODULES_EXCLUDED] + list(PYTHON_EXCLUDED)
