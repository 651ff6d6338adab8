"""The layering rules in pyproject.toml ([tool.importlinter]) hold, and would catch a breach."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def _contracts(pyproject: Path) -> list[dict]:
    return tomllib.loads(pyproject.read_text(encoding="utf-8"))["tool"]["importlinter"]["contracts"]


def _lint(cwd: Path, extra_env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    if not LINT_IMPORTS.exists():
        pytest.fail(f"import-linter is not installed next to {sys.executable} (pip install -e '.[test]')")
    env = {**os.environ, **(extra_env or {})}
    return subprocess.run(
        [str(LINT_IMPORTS), "--config", str(cwd / "pyproject.toml"), "--no-cache", "--no-logo"],
        cwd=cwd, capture_output=True, text=True, env=env, timeout=120,
    )


def test_import_contracts_are_kept() -> None:
    result = _lint(ROOT)
    report = result.stdout + result.stderr
    assert result.returncode == 0, report
    names = [contract["name"] for contract in _contracts(ROOT / "pyproject.toml")]
    assert len(names) >= 3
    for name in names:  # every declared contract was actually checked
        assert f"{name} KEPT" in report, report
    assert "BROKEN" not in report


def test_the_contracts_catch_a_breach(tmp_path: Path) -> None:
    """A copy of the package where the domain imports Textual and the CLI imports TinyDB directly."""
    shutil.copytree(ROOT / "focus_tui", tmp_path / "focus_tui", ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    with open(tmp_path / "focus_tui" / "domain" / "dates.py", "a", encoding="utf-8") as handle:
        handle.write("\nimport textual  # a breach, for the test\n")
    with open(tmp_path / "focus_tui" / "cli.py", "a", encoding="utf-8") as handle:
        handle.write("\nimport tinydb  # a breach, for the test\n")

    # PYTHONPATH puts the copy ahead of the editable install, so the copy is what gets analysed.
    result = _lint(tmp_path, {"PYTHONPATH": str(tmp_path)})
    report = result.stdout + result.stderr
    assert result.returncode != 0, report
    assert "focus_tui.domain.dates -> textual" in report
    assert "focus_tui.cli -> tinydb" in report
    assert "The domain is pure: no UI, no storage BROKEN" in report
    assert "Only the storage layer touches TinyDB BROKEN" in report
    assert "Storage does not know about the UI KEPT" in report
