"""What can go wrong with the data on disk, each with a message a person can act on."""

from __future__ import annotations

from pathlib import Path


class StorageError(Exception):
    """A data or runtime problem (CLI exit code 1). str() is one line for a person."""


class DataFileError(StorageError):
    """The data file cannot be used as it is; it has not been touched."""

    def __init__(self, path: Path, reason: str, backup: Path | None) -> None:
        self.path = path
        self.reason = reason
        self.backup = backup
        hint = (
            f"newest good backup: {backup} (restore it with: focus restore)"
            if backup
            else "no good backup was found"
        )
        super().__init__(f"cannot read {path}: {reason}; the file was left untouched; {hint}")


class FutureSchemaError(DataFileError):
    """Written by a newer focus-tui; refused rather than misread."""

    def __init__(self, path: Path, found: int, supported: int) -> None:
        self.found = found
        self.supported = supported
        StorageError.__init__(
            self,
            f"{path} was written by a newer focus-tui (data schema {found}; this version reads up to "
            f"{supported}); upgrade focus-tui to open it. The file was left untouched.",
        )
        self.path = path
        self.reason = f"data schema {found} is newer than {supported}"
        self.backup = None


class ReadOnlyError(StorageError):
    def __init__(self, data_dir: Path) -> None:
        super().__init__(f"the data directory {data_dir} is read-only; nothing was changed")


class WriteFailedError(StorageError):
    def __init__(self, path: Path, error: OSError) -> None:
        reason = error.strerror or str(error)
        super().__init__(f"could not save to {path}: {reason}; the previous data is intact and nothing was changed")


class BusyError(StorageError):
    def __init__(self, lock_path: Path, seconds: float) -> None:
        super().__init__(f"another focus process held {lock_path} for over {seconds:g}s; nothing was changed, try again")


class NotFoundError(StorageError):
    pass


class NothingToUndoError(StorageError):
    pass


class UnstorableValueError(StorageError):
    pass


class KeyTaskExistsError(StorageError):
    """The period already has a key task; replacing it must be asked for."""

    def __init__(self, existing) -> None:
        self.existing = existing
        super().__init__(
            f"the {existing.stage.value} already has a key task: {existing.text!r}; "
            "replace it explicitly (it stays in history)"
        )


class BatchRunningError(StorageError):
    """Only one batch runs at a time."""
