"""Layers: nothing below the UI imports Qt (checked in a fresh interpreter)."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "peyvand"


def _modules(package: str) -> list[str]:
    folder = SRC / package
    return sorted(
        f"peyvand.{package}.{path.stem}" for path in folder.glob("*.py") if path.stem != "__init__"
    )


SERVICE_MODULES = _modules("services")
STORAGE_MODULES = _modules("storage")
NON_UI_MODULES = [
    "peyvand",
    "peyvand.paths",
    "peyvand.config",
    "peyvand.messages",
    "peyvand.text",
    "peyvand.domain",
    *_modules("domain"),
    *STORAGE_MODULES,
    "peyvand.services",
    *SERVICE_MODULES,
    "peyvand.briefs",
    *_modules("briefs"),
    "peyvand.word",
    *_modules("word"),
    "peyvand.cli",
]


def _fresh_imports(modules: list[str], watch: list[str]) -> dict[str, object]:
    """Import ``modules`` one by one in a new interpreter; name the first that pulls in
    any of ``watch``."""
    script = textwrap.dedent(
        """
        import importlib, json, sys
        modules, watch = json.loads(sys.argv[1]), json.loads(sys.argv[2])
        culprit = {}
        for name in modules:
            importlib.import_module(name)
            for heavy in watch:
                if heavy not in culprit and heavy in sys.modules:
                    culprit[heavy] = name
        print(json.dumps({"culprit": culprit}))
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script, json.dumps(modules), json.dumps(watch)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    data: dict[str, object] = json.loads(result.stdout.strip().splitlines()[-1])
    return data


def test_the_module_lists_are_not_empty() -> None:
    assert "peyvand.services.records" in SERVICE_MODULES
    assert "peyvand.services.search" in SERVICE_MODULES
    assert "peyvand.storage.database" in STORAGE_MODULES
    assert "peyvand.word.writer" in NON_UI_MODULES


def test_nothing_below_the_ui_imports_pyside6() -> None:
    data = _fresh_imports(NON_UI_MODULES, ["PySide6", "shiboken6"])
    assert data["culprit"] == {}, f"Qt imported by: {data['culprit']}"


def test_cli_module_imports_no_database_libraries() -> None:
    # cli.py promises that heavy modules are imported inside the commands, so that
    # `peyvand --help` stays instant.
    data = _fresh_imports(["peyvand.cli"], ["sqlalchemy", "sqlmodel", "alembic", "PySide6"])
    assert data["culprit"] == {}, f"imported at start-up: {data['culprit']}"
