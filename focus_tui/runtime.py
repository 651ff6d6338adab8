"""Wiring shared by the CLI and the app: resolve paths, read config, build the store."""

from __future__ import annotations

from dataclasses import dataclass

from focus_tui.config import Config, load_config
from focus_tui.domain.clock import Clock, SystemClock
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


def load_runtime(data_dir: str | None = None, clock: Clock | None = None) -> Runtime:
    paths = resolve_paths(data_dir)
    return Runtime(paths=paths, config=load_config(paths.config_file), clock=clock or SystemClock())
