"""The installed wheel carries everything the app needs at run time, themes included."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(out), str(ROOT)],
        check=True, capture_output=True, timeout=300,
    )
    [built] = out.glob("focus_tui-*.whl")
    return built


def test_wheel_contains_bundled_themes_stylesheet_and_entry_point(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    bundled = {f"focus_tui/themes/{path.name}" for path in (ROOT / "themes").glob("*.toml")}
    assert bundled and bundled <= names
    for theme in ("focus-dark", "focus-light", "focus-high-contrast", "focus-ember"):
        assert f"focus_tui/themes/{theme}.toml" in names, theme
    assert "focus_tui/focus.tcss" in names
    entry_points = next(name for name in names if name.endswith("entry_points.txt"))
    assert "focus = focus_tui.cli:main" in zipfile.ZipFile(wheel).read(entry_points).decode()


def test_themes_load_from_the_installed_package_not_the_checkout(wheel, tmp_path):
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    script = (
        "from focus_tui.themes import bundled_themes_dir, load_themes;"
        "d = bundled_themes_dir(); themes, problems = load_themes([d]);"
        "print(d); print(sorted(t.name for t in themes)); print(problems)"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(site)}, timeout=60, check=True,
    )
    where, names, problems = result.stdout.splitlines()
    assert Path(where).is_relative_to(site)
    expected = sorted(path.stem for path in (ROOT / "themes").glob("*.toml"))
    assert names == str(expected) and problems == "[]"
