"""Wiring shared by the CLI and the app: resolve paths, read config, build the store."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime
from typing import Mapping

from focus_tui.config import Config, load_config
from focus_tui.domain.clock import Clock, FixedClock, SystemClock
from focus_tui.paths import Paths, resolve_paths


@dataclass
class Runtime:
    paths: Paths
    config: Config
    clock: Clock

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
