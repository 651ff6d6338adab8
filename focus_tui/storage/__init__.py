"""Storage: the only layer that touches TinyDB and the files on disk."""

from focus_tui.storage.errors import (
    BatchRunningError,
    BusyError,
    DataFileError,
    FutureSchemaError,
    KeyTaskExistsError,
    NotFoundError,
    NothingToUndoError,
    ReadOnlyError,
    StorageError,
    UnstorableValueError,
    WriteFailedError,
)
from focus_tui.storage.store import Store

__all__ = [
    "BatchRunningError", "BusyError", "DataFileError", "FutureSchemaError", "KeyTaskExistsError", "NotFoundError", "NothingToUndoError",
    "ReadOnlyError", "StorageError", "Store", "UnstorableValueError", "WriteFailedError",
]
