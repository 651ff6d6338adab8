"""Shared fixtures: every test runs with its own data and config dirs, never the user's."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest

from focus_tui.domain.clock import FixedClock

# Fixed, zone-independent moments keep snapshots and dates reproducible.
os.environ["TZ"] = "UTC"
if hasattr(__import__("time"), "tzset"):
    __import__("time").tzset()
os.environ.setdefault("TEXTUAL_ANIMATIONS", "none")

SATURDAY_MORNING = datetime.fromisoformat("2026-11-21T09:30:00+00:00")


@pytest.fixture(autouse=True)
def isolated_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """Point FOCUS_HOME, FOCUS_CONFIG and the XDG dirs into the test's temp dir."""
    home = tmp_path / "focus-home"
    values = {
        "FOCUS_HOME": str(home),
        "FOCUS_CONFIG": str(tmp_path / "config" / "config.toml"),
        "XDG_DATA_HOME": str(tmp_path / "xdg-data"),
        "XDG_CONFIG_HOME": str(tmp_path / "xdg-config"),
        "XDG_STATE_HOME": str(tmp_path / "xdg-state"),
        "XDG_CACHE_HOME": str(tmp_path / "xdg-cache"),
        "TEXTUAL_ANIMATIONS": "none",
        "TZ": "UTC",
    }
    for key, value in values.items():
        monkeypatch.setenv(key, value)
    monkeypatch.delenv("FOCUS_DEBUG", raising=False)
    return values


@pytest.fixture
def data_dir(isolated_env: dict[str, str]) -> Path:
    return Path(isolated_env["FOCUS_HOME"])


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(SATURDAY_MORNING)


@pytest.fixture
def store(data_dir: Path, clock: FixedClock):
    from focus_tui.storage import Store

    return Store(data_dir, clock).open()


@pytest.fixture
def run_cli(isolated_env: dict[str, str]):
    """Run the real `focus` command in a subprocess with the isolated environment, its clock fixed at
    the `clock` fixture's moment unless `env` sets FOCUS_CLOCK: with the real clock, what it adds
    "today" would land on another day than the app's under test whenever the date moves on."""

    def run(*args: str, env: dict[str, str] | None = None, timeout: float = 60, **kwargs) -> subprocess.CompletedProcess:
        full_env = {**os.environ, **isolated_env, "FOCUS_CLOCK": SATURDAY_MORNING.isoformat(), **(env or {})}
        return subprocess.run(
            [sys.executable, "-m", "focus_tui", *args],
            capture_output=True,
            text=True,
            env=full_env,
            timeout=timeout,
            **kwargs,
        )

    return run
