"""The storage of dossier files: a file system storage that syncs what it writes.

A row only refers to a file that is already on disk: the service writes, fsyncs, then
inserts. A crash in between leaves an orphan file, which ``attachments-gc`` removes; it
never leaves a row pointing at nothing."""

from __future__ import annotations

import contextlib
import contextvars
import os
from collections.abc import Iterator
from typing import Any

from django.core.files.storage import FileSystemStorage

# Inside ``sync_deferred()`` files are not synced one by one (see there).
_deferred: contextvars.ContextVar[bool] = contextvars.ContextVar("sync_deferred", default=False)


@contextlib.contextmanager
def sync_deferred() -> Iterator[None]:
    """For a bulk writer (the demo) that writes tens of thousands of files inside one
    transaction: no fsync per file, one sync of the file systems when the block ends, which
    must be before the transaction commits (open this inside it)."""
    token = _deferred.set(True)
    try:
        yield
    finally:
        _deferred.reset(token)
    os.sync()


class DurableFileSystemStorage(FileSystemStorage):
    def _save(self, name: str, content: Any) -> str:
        name = super()._save(name, content)
        if _deferred.get():
            return name
        path = self.path(name)
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
        _fsync_dir(os.path.dirname(path))
        return name


def _fsync_dir(path: str) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:  # some file systems do not sync directories
        pass
    finally:
        os.close(fd)


def dossier_storage() -> DurableFileSystemStorage:
    """Under MEDIA_ROOT (read when used, so tests can point it at a temporary directory)."""
    return _STORAGE


_STORAGE = DurableFileSystemStorage()
