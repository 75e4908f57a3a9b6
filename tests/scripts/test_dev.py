"""scripts/dev.py: before `demo` opens a window on Linux it lists what Qt's X11 plugin
lacks (Qt itself always blames libxcb-cursor0) and prints the exact apt-get line; the
README and CI install the same packages; the package metadata builds without the
setuptools deprecation of a table-form `project.license`."""

from __future__ import annotations

import importlib.util
import os
import re
import stat
import sys
import tomllib
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _dev() -> ModuleType:
    spec = importlib.util.spec_from_file_location("peyvand_dev_script", ROOT / "scripts" / "dev.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


dev = _dev()

LDD_OUTPUT = """\
\tlinux-vdso.so.1 (0x00007ffd)
\tlibQt6XcbQpa.so.6 => /venv/PySide6/Qt/lib/libQt6XcbQpa.so.6 (0x00007f)
\tlibxcb-cursor.so.0 => /lib/x86_64-linux-gnu/libxcb-cursor.so.0 (0x00007f)
\tlibxcb-icccm.so.4 => not found
\tlibxcb-keysyms.so.1 => not found
\tlibxkbcommon-x11.so.0 => not found
\tlibxcb-icccm.so.4 => not found
"""


def test_debian_package_names_follow_debians_rule() -> None:
    assert dev.debian_package("libxcb-icccm.so.4") == "libxcb-icccm4"
    assert dev.debian_package("libxcb-keysyms.so.1") == "libxcb-keysyms1"
    assert dev.debian_package("libxkbcommon-x11.so.0") == "libxkbcommon-x11-0"
    assert dev.debian_package("libX11-xcb.so.1") == "libx11-xcb1"
    assert dev.debian_package("libEGL.so.1") == "libegl1"
    assert dev.debian_package("libdbus-1.so.3") == "libdbus-1-3"
    assert dev.debian_package("libglib-2.0.so.0") == "libglib2.0-0"


@pytest.fixture
def fake_venv(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    platforms = tmp_path / "venv/lib/python3.11/site-packages/PySide6/Qt/plugins/platforms"
    platforms.mkdir(parents=True)
    (platforms / "libqxcb.so").write_bytes(b"\x7fELF")
    monkeypatch.setattr(dev, "VENV", tmp_path / "venv")
    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    return tmp_path


def _fake_ldd(folder: Path, output: str, monkeypatch: pytest.MonkeyPatch) -> None:
    tools = folder / "bin"
    tools.mkdir(exist_ok=True)
    ldd = tools / "ldd"
    ldd.write_text(f"#!/bin/sh\ncat <<'EOF'\n{output}EOF\n", encoding="utf-8")
    ldd.chmod(ldd.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{tools}{os.pathsep}{os.environ['PATH']}")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the X11 plugin is Linux's")
def test_missing_qt_libraries_are_named_with_the_apt_get_line(
    fake_venv: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _fake_ldd(fake_venv, LDD_OUTPUT, monkeypatch)
    assert dev.check_qt_libraries() is False
    err = capsys.readouterr().err
    assert "libxcb-icccm.so.4, libxcb-keysyms.so.1, libxkbcommon-x11.so.0" in err
    assert re.search(
        r"^    (sudo )?apt-get install -y libxcb-icccm4 libxcb-keysyms1 libxkbcommon-x11-0$",
        err,
        re.MULTILINE,
    ), err
    assert "cursor" not in err  # what Qt would have blamed, and is installed


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the X11 plugin is Linux's")
def test_nothing_missing_lets_demo_start(
    fake_venv: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _fake_ldd(fake_venv, "\tlibxcb.so.1 => /lib/libxcb.so.1 (0x1)\n", monkeypatch)
    assert dev.check_qt_libraries() is True
    assert capsys.readouterr().err == ""


def _ldd(plugin: Path) -> str:
    import subprocess

    done = subprocess.run(["ldd", str(plugin)], capture_output=True, text=True, check=False)
    return done.stdout


def _packages_in(text: str) -> set[str]:
    return set(re.findall(r"\blib[a-z0-9.+-]+", text))


def test_readme_and_ci_install_every_library_of_qts_x11_plugin() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    ci_packages = _packages_in(ci[ci.index("packages=(") : ci.index(")", ci.index("packages=("))])
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    line = readme[readme.index("sudo apt-get install -y") :]
    readme_packages = _packages_in(line[: line.index("```")])
    assert readme_packages == ci_packages
    # What the plugin links against, where ldd can say (this machine's PySide6).
    plugin = dev.xcb_plugin()
    if plugin is not None and sys.platform.startswith("linux"):
        listing = _ldd(plugin)
        wanted = {
            dev.debian_package(line.split()[0])
            for line in listing.splitlines()
            if re.match(r"\s*lib(xcb-|X11-xcb|xkbcommon)", line)
        } - {"libxcb1", "libxcb-util1", "libxcb-render0", "libxcb-shm0"}  # with libxcb1
        assert wanted <= readme_packages, wanted - readme_packages
    assert {"libxcb-icccm4", "libxcb-keysyms1", "libxcb-cursor0"} <= readme_packages


def test_the_licence_is_an_spdx_expression_for_setuptools_77() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    license_ = project["project"]["license"]
    assert isinstance(license_, str)  # the table form {text = …} is deprecated
    assert re.fullmatch(r"LicenseRef-[A-Za-z0-9.-]+", license_)
    requires = " ".join(project["build-system"]["requires"])
    assert (
        re.search(r"setuptools>=(\d+)", requires)
        and int(
            re.search(r"setuptools>=(\d+)", requires).group(1)  # type: ignore[union-attr]
        )
        >= 77
    )
    from packaging.licenses import canonicalize_license_expression

    assert canonicalize_license_expression(license_) == license_
