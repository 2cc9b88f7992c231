"""The architecture holds: import-linter's layers contract (pyproject.toml) is kept, and no
module grows past the size STYLE.md allows."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_import_layers_are_kept():
    exe = Path(sys.executable).with_name("lint-imports")
    command = [str(exe)] if exe.exists() else [shutil.which("lint-imports") or "lint-imports"]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]


def test_modules_stay_small():
    too_big = [
        (str(p.relative_to(ROOT)), n)
        for p in (ROOT / "src" / "newsprism").rglob("*.py")
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > 700
    ]
    assert not too_big, f"modules past ~600 lines (split them): {too_big}"
