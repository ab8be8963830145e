"""The storage of dossier files: a file system storage that syncs what it writes.

A row only refers to a file that is already on disk: the service writes, fsyncs, then
inserts. A crash in between leaves an orphan file, which ``attachments-gc`` removes; it
never leaves a row pointing at nothing."""

from __future__ import annotations

import os
from typing import Any

from django.core.files.storage import FileSystemStorage


class DurableFileSystemStorage(FileSystemStorage):
    def _save(self, name: str, content: Any) -> str:
        name = super()._save(name, content)
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
