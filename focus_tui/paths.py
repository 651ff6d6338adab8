"""Where focus-tui keeps data, config, backups, user themes and its start-up cache."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Mapping

from focus_tui.domain.records import record

APP_NAME = "focus-tui"
DATA_FILE_NAME = "focus.json"
STARTUP_CACHE_FILE_NAME = "startup-cache.pickle"


def startup_cache_file() -> Path:
    """What the app keeps to start faster (focus_tui/startup_cache.py): in the platform's user cache
    dir (Linux: $XDG_CACHE_HOME/focus-tui, else ~/.cache/focus-tui), never next to the data; it is
    rebuilt whenever it is missing."""
    import platformdirs

    return platformdirs.user_cache_path(APP_NAME, appauthor=False) / STARTUP_CACHE_FILE_NAME


class DataLayout:
    """The files inside one data directory (`data_dir`), for anything that has one."""

    data_dir: Path

    @property
    def data_file(self) -> Path:
        return self.data_dir / DATA_FILE_NAME

    @property
    def lock_file(self) -> Path:
        return self.data_dir / f"{DATA_FILE_NAME}.lock"

    @property
    def backups_dir(self) -> Path:
        return self.data_dir / "backups"

    @property
    def archive_dir(self) -> Path:
        return self.data_dir / "archive"


@record
class Paths(DataLayout):
    """The data directory and the config file in use."""

    data_dir: Path
    config_file: Path

    @property
    def user_themes_dir(self) -> Path:
        return self.config_file.parent / "themes"


def resolve_paths(data_dir: str | os.PathLike | None = None, env: Mapping[str, str] | None = None) -> Paths:
    """FOCUS_HOME always wins for data, then `data_dir` (the --data-dir flag), then the platform's
    user data dir. FOCUS_CONFIG names the config file, else the platform's user config dir."""
    import platformdirs

    env = os.environ if env is None else env
    if env.get("FOCUS_HOME"):
        data = Path(env["FOCUS_HOME"])
    elif data_dir:
        data = Path(data_dir)
    else:
        data = platformdirs.user_data_path(APP_NAME, appauthor=False)
    if env.get("FOCUS_CONFIG"):
        config = Path(env["FOCUS_CONFIG"])
    else:
        config = platformdirs.user_config_path(APP_NAME, appauthor=False) / "config.toml"
    return Paths(data_dir=data.expanduser(), config_file=config.expanduser())
