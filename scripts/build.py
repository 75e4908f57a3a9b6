#!/usr/bin/env python3
"""Build the Peyvand bundle and its Windows installer, and smoke-test the frozen program.

    python3 scripts/build.py                   # everything (the installer when makensis is found)
    python3 scripts/build.py --skip-installer  # bundle + smoke test
    python3 scripts/build.py --quick-installer # installer uncompressed: seconds (.ci/run)
    python3 scripts/build.py --smoke-only      # smoke-test the bundle already in dist/
    python3 scripts/build.py --installer-only  # only compile the installer from dist/

Steps: the [test] and [build] extras into `.venv/` (like scripts/dev.py: stdlib only,
again only when pyproject.toml changed), the Qt Designer forms (peyvand.ui.formgen),
PyInstaller with installer.spec into dist/peyvand/ (work files in build/), the smoke
test, then installer/peyvand.nsi with makensis into dist/Peyvand-<version>-setup.exe.

The smoke test copies the bundle to a temporary folder, away from the source tree, and
runs the frozen executables there with a fresh data folder: `--version`, `demo`, `check`
(schema at the newest migration of the source), `list`, `search`, a trip package out and
back (SQLCipher, Argon2id), `brief meeting` — the PDF then passes the project's own
checks from tests/briefs (Persian words in reading order, Vazirmatn everywhere, no missing
glyphs, page footers) in this Python —, `screenshot` (every screen and editor,
offscreen), the window itself (`--smoke-test` prints `peyvand-ready`) and the window
on a trip package (`--trip`, what the .pvtrip association runs). Every process has a
timeout. The Windows workflow (.github/workflows/windows.yml) runs this same
script.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import os
import shutil
import subprocess
import sys
import tempfile
import time
import tomllib
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[1]
DIST = ROOT / "dist"
WORK = ROOT / "build"
SPEC = ROOT / "installer.spec"
WINDOWS = os.name == "nt"
EXE_SUFFIX = ".exe" if WINDOWS else ""

BUILD_TIMEOUT = 1800  # PyInstaller, seconds
INSTALLER_TIMEOUT = 1800  # makensis with LZMA
COMMAND_TIMEOUT = 240  # each frozen command; the first start on Windows is scanned by AV
# A signing command that takes the file to sign as its last argument (docs/packaging.md).
SIGN_ENV = "PEYVAND_SIGN_COMMAND"


class SmokeError(RuntimeError):
    pass


def _load(name: str, path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise ImportError(path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def bundle_paths() -> ModuleType:
    """installer/bundle_paths.py: names, version, and what the bundle must hold."""
    return _load("bundle_paths", ROOT / "installer" / "bundle_paths.py")


# -- environment --------------------------------------------------------------------------


def ensure_env() -> Path:
    """The development venv with the [test] extra (scripts/dev.py), plus [build]."""
    dev = _load("peyvand_dev", ROOT / "scripts" / "dev.py")
    dev.ensure_env()
    python = Path(dev.PYTHON)
    stamp = Path(dev.VENV) / ".peyvand-build-installed"
    pyproject = (ROOT / "pyproject.toml").read_bytes()
    wanted = hashlib.sha256(pyproject).hexdigest()
    if not stamp.exists() or stamp.read_text() != wanted:
        print("installing the [build] extra (PyInstaller) into .venv …", flush=True)
        requirements = tomllib.loads(pyproject.decode())["project"]["optional-dependencies"]
        pip = [str(python), "-m", "pip", "install", "--disable-pip-version-check", "-q"]
        subprocess.run([*pip, *requirements["build"]], check=True, timeout=BUILD_TIMEOUT)
        stamp.write_text(wanted)
    return python


def in_venv() -> bool:
    return Path(sys.prefix).resolve() == (ROOT / ".venv").resolve()


# -- build --------------------------------------------------------------------------------


def compile_forms() -> None:
    from peyvand.ui.formgen import build

    compiled = build()
    print(f"forms: {len(compiled)} compiled, the others current", flush=True)


def run_pyinstaller(*, clean: bool) -> Path:
    bp = bundle_paths()
    command = [
        sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
        "--distpath", str(DIST), "--workpath", str(WORK / "pyinstaller"), str(SPEC),
    ]  # fmt: skip
    if clean:
        command.insert(3, "--clean")
    print("PyInstaller …", flush=True)
    start = time.perf_counter()
    subprocess.run(command, cwd=ROOT, check=True, timeout=BUILD_TIMEOUT)
    bundle = DIST / str(bp.BUNDLE_NAME)
    print(f"bundle: {bundle} ({folder_mb(bundle):.1f} MB) in {time.perf_counter() - start:.0f} s")
    return bundle


def folder_mb(folder: Path) -> float:
    total = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())
    return total / 1e6


def build_installer(bundle: Path, *, quick: bool = False) -> Path | None:
    makensis = shutil.which("makensis")
    if makensis is None:
        print("makensis not found: no installer (Debian: apt-get install nsis; Windows: NSIS)")
        return None
    bp = bundle_paths()
    version = bp.version()
    # The quick, uncompressed one only proves the script compiles: never the release name.
    out = DIST / f"Peyvand-{version}-setup{'-uncompressed' if quick else ''}.exe"
    command = [
        makensis, "-V2", "-INPUTCHARSET", "UTF8",
        f"-DVERSION={version}",
        "-DVERSION4={}.{}.{}.{}".format(*bp.version_tuple(version)),
        f"-DBUNDLE={bundle}", f"-DICON={bp.ICON_ICO}", f"-DOUTFILE={out}",
    ]  # fmt: skip
    if quick:
        command.append("-DQUICK")  # no compression: checks the script, not the size
    sign = os.environ.get(SIGN_ENV)
    if sign:
        # The executables inside, then (through the script's !finalize and
        # !uninstfinalize) the installer and the uninstaller it carries.
        for exe in (bp.GUI_NAME, bp.CLI_NAME):
            target = bundle / f"{exe}{EXE_SUFFIX}"
            subprocess.run(f'{sign} "{target}"', shell=True, check=True, timeout=300)
        command.append(f"-DSIGN={sign}")
    print(f"makensis{' (quick, uncompressed)' if quick else ''} …", flush=True)
    start = time.perf_counter()
    subprocess.run([*command, str(bp.NSIS_SCRIPT)], check=True, timeout=INSTALLER_TIMEOUT)
    size = out.stat().st_size / 1e6
    print(f"installer: {out} ({size:.1f} MB) in {time.perf_counter() - start:.0f} s")
    return out


# -- smoke test ---------------------------------------------------------------------------


class Frozen:
    """The copied bundle, run with a clean environment and a fresh data folder."""

    def __init__(self, folder: Path, work: Path) -> None:
        bp = bundle_paths()
        self.folder = folder
        self.work = work
        self.cli = folder / (bp.CLI_NAME + EXE_SUFFIX)
        self.gui = folder / (bp.GUI_NAME + EXE_SUFFIX)
        self.data = work / "data"
        venv_bin = str(Path(sys.executable).parent)
        env = {
            k: v
            for k, v in os.environ.items()
            if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "QT_PLUGIN_PATH")
            and not k.startswith(("QT_QPA_", "PYINSTALLER_"))
        }
        # Nothing from the venv can be found by the frozen program (pyside6-uic included).
        env["PATH"] = os.pathsep.join(
            p for p in env.get("PATH", "").split(os.pathsep) if p and p != venv_bin
        )
        env.update(PEYVAND_DATA_DIR=str(self.data), QT_QPA_PLATFORM="offscreen")
        env["PYTHONIOENCODING"] = "utf-8"
        self.env = env

    def run(
        self, *args: str, exe: Path | None = None, timeout: float = COMMAND_TIMEOUT
    ) -> subprocess.CompletedProcess[str]:
        command = [str(exe or self.cli), *args]
        try:
            result = subprocess.run(
                command, cwd=self.work, env=self.env, capture_output=True, text=True,
                encoding="utf-8", errors="replace", timeout=timeout, check=False,
            )  # fmt: skip
        except subprocess.TimeoutExpired as exc:
            raise SmokeError(f"{' '.join(command)}: no exit within {timeout} s") from exc
        if result.returncode != 0:
            raise SmokeError(
                f"{' '.join(command)} exited {result.returncode}\n"
                f"--- stdout\n{result.stdout}\n--- stderr\n{result.stderr}"
            )
        for stream in (result.stdout, result.stderr):
            if "Traceback (most recent call last)" in stream:
                raise SmokeError(f"{' '.join(command)} printed a traceback:\n{stream}")
        return result


def _check(condition: bool, message: str) -> None:
    if not condition:
        raise SmokeError(message)


def _ok(message: str) -> None:
    print(f"  ok  {message}", flush=True)


def check_bundle_contents(folder: Path) -> None:
    """What must be, and must not be, in the bundle."""
    bp = bundle_paths()
    internal = folder / "_internal"
    for source, dest in bp.data_sources():
        target = internal / dest / source.name
        _check(target.is_file(), f"missing from the bundle: {dest}/{source.name}")
    for name in bp.QT_TRANSLATIONS:
        _check(any(internal.rglob(name)), f"Qt translation {name} missing from the bundle")
    names = [p.name for p in internal.rglob("*")]
    for module in bp.QT_MODULES_EXCLUDED:
        found = [n for n in names if n.startswith(f"{module}.")]  # QtQml.abi3.so, QtQml.pyd
        _check(not found, f"excluded Qt module {module} is in the bundle: {found}")
    for lib in bp.QT_LIBRARIES_FORBIDDEN:
        found = [n for n in names if n.startswith((f"Qt6{lib}.", f"libQt6{lib}."))]
        _check(not found, f"Qt library {lib} is in the bundle: {found}")
    _ok(f"bundle: every data file, {', '.join(bp.QT_TRANSLATIONS)}; no unused Qt module")


def check_pdf(pdf: Path) -> None:
    """The project's own PDF checks (tests/briefs) on the brief the frozen CLI wrote."""
    briefs_tests = ROOT / "tests" / "briefs"
    sys.path.insert(0, str(briefs_tests))  # test_briefs imports its helper `pdftext`
    checks = _load("peyvand_smoke_test_briefs", briefs_tests / "test_briefs.py")
    data = pdf.read_bytes()
    _check(data.startswith(b"%PDF"), f"{pdf} is not a PDF")
    pages = int(checks.pages(data))
    _check(pages >= 1, "the brief has no page")
    checks.assert_clean_glyphs(data)  # Vazirmatn everywhere, no missing glyphs
    checks.assert_footers(data)  # «صفحه ۱ از N» on every page
    checks.test_seed_meeting_brief_header(data)
    checks.test_seed_meeting_participants_table_starts_on_the_right(data)
    checks.test_seed_meeting_statements_by_speaker_in_order(data)
    checks.test_seed_meeting_numbered_decisions_with_owner_and_due_date(data)
    _ok(f"brief: {pages} pages, Persian words in reading order, Vazirmatn, no missing glyph")


def check_commands(app: Frozen, db: str) -> None:
    """The command line: the demo, the schema, lists, search, a trip package, a brief."""
    from peyvand.storage.migrate import head_revision

    version = bundle_paths().version()
    out = app.run("--version").stdout.strip()
    _check(out == f"peyvand {version}", f"--version said {out!r}")
    _ok(out)

    out = app.run("demo", "--db", db).stdout
    _check("Demo database created" in out and "meetings: " in out, f"demo said {out!r}")
    _ok("demo: database created with the sample data (every migration ran)")

    out = app.run("check", "--db", db).stdout
    head = head_revision()
    _check(f"schema: {head} (latest known: {head})" in out, f"check said {out!r}")
    _check("integrity: ok" in out, f"check said {out!r}")
    _ok(f"check: schema {head}, the newest migration of the source; integrity ok")

    out = app.run("list", "meetings", "--db", db).stdout
    _check("1399-001" in out, f"list meetings said {out!r}")
    out = app.run("search", "--db", db, "خواهر خوانده").stdout
    _check(len(out.splitlines()) >= 1, "search found nothing for «خواهر خوانده»")
    _ok("list and a Persian search")

    visits = app.run("list", "visits", "--db", db).stdout.splitlines()
    _check(bool(visits), "no visit listed")
    passphrase = app.work / "passphrase.txt"
    passphrase.write_text("یک گذرواژهٔ آزمایشی 2024\n", encoding="utf-8")
    package = str(app.work / "trip.pvtrip")
    pf = ("--passphrase-file", str(passphrase))
    app.run("trip", "export", visits[0].split("\t")[0], "-o", package, *pf, "--db", db)
    out = app.run("trip", "import", package, "--dry-run", *pf, "--db", db).stdout
    _check(out.startswith("Would merge"), f"trip import said {out!r}")
    _ok("trip package exported and read back (SQLCipher, Argon2id)")

    pdf = app.work / "brief-1399-001.pdf"
    app.run("brief", "meeting", "1399-001", "--db", db, "-o", str(pdf))
    check_pdf(pdf)


def check_gui(app: Frozen, db: str) -> None:
    """Every screen and editor rendered, then the window of each executable."""
    shots = app.work / "screenshots"
    app.run("screenshot", "--db", db, "--out", str(shots))
    pngs = sorted(shots.glob("*.png"))
    _check(len(pngs) >= 10, f"screenshot wrote {len(pngs)} files")
    _check(all(p.stat().st_size > 10_000 for p in pngs), "an empty screenshot")
    _ok(f"screenshot: {len(pngs)} screens and editors rendered offscreen")

    for exe in (app.cli, app.gui):
        result = app.run("--db", db, "--smoke-test", exe=exe)
        # The GUI executable has no console on Windows: its exit code is the proof.
        if exe == app.cli or not WINDOWS:
            _check("peyvand-ready" in result.stdout, f"{exe.name}: no peyvand-ready")
        for warning in ("not found", "could not load font", "ERROR"):
            _check(warning not in result.stderr, f"{exe.name} warned: {result.stderr}")
        _ok(f"{exe.name} --smoke-test: window opened on the demo database, exit 0")

    # What a double-click on a .pvtrip file runs (installer/peyvand.nsi's association).
    package, passphrase = app.work / "trip.pvtrip", app.work / "passphrase.txt"
    trip = ("--trip", str(package), "--passphrase-file", str(passphrase), "--smoke-test")
    result = app.run(*trip, exe=app.gui)
    _check(WINDOWS or "peyvand-ready" in result.stdout, "no peyvand-ready in trip mode")
    _ok(f"{app.gui.name} --trip FILE.pvtrip: the trip package opened in the window, exit 0")

    log = app.data / "logs" / "peyvand.log"
    problems = [
        line
        for line in log.read_text(encoding="utf-8").splitlines()
        if " WARNING " in line or " ERROR " in line
    ]
    _check(not problems, f"warnings in the application log: {problems}")
    _ok("no warning in the application log (Qt's Persian translation and fonts loaded)")


def smoke_test(bundle: Path, *, keep: bool = False) -> None:
    if not bundle.is_dir():
        raise SmokeError(f"no bundle at {bundle}: build it first")
    print(f"smoke test of {bundle} …", flush=True)
    start = time.perf_counter()
    check_bundle_contents(bundle)
    work = Path(tempfile.mkdtemp(prefix="peyvand-smoke-"))
    try:
        folder = work / "Peyvand"
        shutil.copytree(bundle, folder, symlinks=True)
        app = Frozen(folder, work)
        db = str(work / "demo.sqlite3")
        check_commands(app, db)
        check_gui(app, db)
        print(f"smoke test passed in {time.perf_counter() - start:.0f} s", flush=True)
    finally:
        if keep:
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


# -- main ---------------------------------------------------------------------------------


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--smoke-only", action="store_true", help="test the bundle in dist/")
    mode.add_argument("--installer-only", action="store_true", help="compile the installer")
    parser.add_argument("--skip-installer", action="store_true", help="no NSIS installer")
    parser.add_argument("--skip-smoke", action="store_true", help="no smoke test")
    parser.add_argument("--clean", action="store_true", help="PyInstaller --clean (no cache)")
    parser.add_argument(
        "--quick-installer",
        action="store_true",
        help="compile the installer uncompressed (checks the script quickly)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the smoke test's folder")
    return parser.parse_args(argv)


def main(argv: Sequence[str]) -> int:
    if sys.version_info < (3, 11):  # noqa: UP036 - this script must say so on old Pythons
        print("Peyvand needs Python 3.11 or newer", file=sys.stderr)
        return 2
    args = parse_args(argv)
    if not in_venv():
        # Set up .venv, then do the work in it (PyInstaller, pdfplumber, the source).
        python = ensure_env()
        command = [str(python), str(Path(__file__).resolve()), *argv]
        return subprocess.run(command, cwd=ROOT, check=False).returncode
    ensure_env()
    # This checkout's source, whichever checkout the venv's editable install points at.
    sys.path.insert(0, str(ROOT / "src"))
    bundle = DIST / str(bundle_paths().BUNDLE_NAME)
    try:
        if not (args.smoke_only or args.installer_only):
            compile_forms()
            bundle = run_pyinstaller(clean=args.clean)
        if not (args.skip_smoke or args.installer_only):
            smoke_test(bundle, keep=args.keep)
        if not (args.skip_installer or args.smoke_only):
            build_installer(bundle, quick=args.quick_installer)
    except SmokeError as exc:
        print(f"SMOKE TEST FAILED: {exc}", file=sys.stderr)
        return 1
    except subprocess.CalledProcessError as exc:
        print(f"build failed: {exc}", file=sys.stderr)
        return 1
    except subprocess.TimeoutExpired as exc:
        print(f"build step timed out: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
