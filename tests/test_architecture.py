"""The architecture holds: import-linter's contracts (pyproject.toml) are kept, no module or
function grows past the size STYLE.md allows, and the tests mirror the package."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "newsprism"
TESTS = ROOT / "tests"
WHOLE_PROJECT = {"architecture", "seeds", "multilingual"}  # tests of the whole project, named after no one module


def test_import_layers_are_kept():
    exe = Path(sys.executable).with_name("lint-imports")
    command = [str(exe)] if exe.exists() else [shutil.which("lint-imports") or "lint-imports"]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]


def test_modules_stay_small():
    too_big = [
        (str(p.relative_to(ROOT)), n)
        for p in PACKAGE.rglob("*.py")
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > 600
    ]
    assert not too_big, f"modules past 600 lines (split them): {too_big}"


def test_functions_stay_small():
    too_long = [
        (str(p.relative_to(ROOT)), node.name, node.end_lineno - node.lineno + 1)
        for p in PACKAGE.rglob("*.py")
        for node in ast.walk(ast.parse(p.read_text(encoding="utf-8")))
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.end_lineno - node.lineno + 1 > 60
    ]
    assert not too_long, f"functions past 60 lines (split them): {too_long}"


def test_tests_mirror_the_package():
    packages = {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").is_file()}
    modules = packages | {p.stem for p in PACKAGE.glob("*.py")}
    folders = {p.name for p in TESTS.iterdir() if (p / "__init__.py").is_file()}
    files = {p.stem.removeprefix("test_") for p in TESTS.glob("test_*.py")}
    assert packages <= folders, f"packages with no tests/ folder of their own: {sorted(packages - folders)}"
    stray = sorted((folders | files) - modules - WHOLE_PROJECT)
    assert not stray, f"tests named after nothing in src/newsprism (move them where they belong): {stray}"
