"""An upload handler that stops keeping a file's bytes once it passes the size limit.

Django streams every upload to memory or a temporary file whatever its size; this handler,
first in ``FILE_UPLOAD_HANDLERS``, lets the others keep at most the limit and then hands the
view an empty ``OversizeUpload`` whose ``size`` is the real one, so ``sniff.check_upload``
answers "too large" by name instead of the disk filling up."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import InMemoryUploadedFile
from django.core.files.uploadhandler import FileUploadHandler, StopUpload


class OversizeUpload(InMemoryUploadedFile):
    """A refused file: its name, declared type and received size, no content."""

    def __init__(self, name: str, content_type: str, size: int) -> None:
        import io

        super().__init__(io.BytesIO(b""), None, name, content_type, size, None)


class SizeLimitUploadHandler(FileUploadHandler):
    """One instance per request: it also caps all files of the request together
    (``MOTCUA_UPLOAD_MAX_REQUEST_BYTES``) and stops reading the body past that."""

    def __init__(self, request: Any = None) -> None:
        super().__init__(request)
        self.total = 0

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        self.received = 0
        self.limit = settings.MOTCUA_UPLOAD_MAX_BYTES

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        self.received += len(raw_data)
        self.total += len(raw_data)
        if self.total > settings.MOTCUA_UPLOAD_MAX_REQUEST_BYTES:
            raise StopUpload(connection_reset=True)
        # Past the limit, later handlers get nothing more: they keep a truncated copy
        # that is dropped, since file_complete below answers first.
        return raw_data if self.received <= self.limit else None

    def file_complete(self, file_size: int) -> OversizeUpload | None:
        if self.received <= self.limit:
            return None
        return OversizeUpload(self.file_name, self.content_type, self.received)
