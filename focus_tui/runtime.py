"""Wiring shared by the CLI and the app: resolve paths, read config, build the store."""

from __future__ import annotations

import os
from datetime import datetime
from typing import Mapping

from focus_tui.config import Config, load_config
from focus_tui.domain.clock import Clock, FixedClock, SystemClock
from focus_tui.paths import Paths, resolve_paths


class Runtime:
    """What the CLI and the app run with: paths, settings and the clock. A plain class: nothing
    compares or prints one, and as a dataclass it took ~0.4 ms of every start to create."""

    def __init__(self, paths: Paths, config: Config, clock: Clock) -> None:
        self.paths = paths
        self.config = config
        self.clock = clock

    def store(self):
        from focus_tui.storage import Store

        return Store(
            self.paths.data_dir,
            self.clock,
            day_start_hour=self.config.day_start_hour,
            archive_after_days=self.config.archive_after_days,
            backups_keep=self.config.backups_keep,
        )


def clock_from_env(env: Mapping[str, str] | None = None) -> Clock:
    """FOCUS_CLOCK=2026-11-21T09:30:00+00:00 freezes time: for tests and reproducible demos."""
    env = os.environ if env is None else env
    frozen = env.get("FOCUS_CLOCK")
    if frozen:
        try:
            return FixedClock(datetime.fromisoformat(frozen))
        except ValueError:
            raise SystemExit(f"focus: error: FOCUS_CLOCK={frozen!r} is not an ISO date-time") from None
    return SystemClock()


def load_runtime(data_dir: str | None = None, clock: Clock | None = None) -> Runtime:
    paths = resolve_paths(data_dir)
    return Runtime(paths=paths, config=load_config(paths.config_file), clock=clock or clock_from_env())
