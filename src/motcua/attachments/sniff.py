"""What a file really is, from its bytes; the name and the browser's type only have to agree.

``sniff(head)`` is pure (the first bytes in, a kind or None out); ``check_upload(file)``
reads the whole file once: kind, size, SHA-256, and the checks that raise ``InvalidInput``.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from dataclasses import dataclass
from pathlib import PurePath
from typing import IO, Any

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from motcua.core.errors import InvalidInput

HEAD_BYTES = 8192
ZIP_MEMBER_LIMIT = 64 * 1024  # read at most this much of [Content_Types].xml / mimetype


@dataclass(frozen=True)
class Kind:
    key: str
    label: Any  # lazy Vietnamese label, for messages
    content_type: str
    extensions: tuple[str, ...]  # the first one names the file on disk
    aliases: tuple[str, ...] = ()  # other content types browsers send for it


KINDS: dict[str, Kind] = {
    k.key: k
    for k in (
        Kind("pdf", gettext_lazy("PDF"), "application/pdf", (".pdf",), ("application/x-pdf",)),
        Kind("jpeg", gettext_lazy("ảnh JPEG"), "image/jpeg", (".jpg", ".jpeg", ".jpe"),
             ("image/jpg", "image/pjpeg")),
        Kind("png", gettext_lazy("ảnh PNG"), "image/png", (".png",), ("image/x-png",)),
        Kind("tiff", gettext_lazy("ảnh TIFF"), "image/tiff", (".tif", ".tiff")),
        Kind("docx", gettext_lazy("văn bản Word (DOCX)"),
             "application/vnd.openxmlformats-officedocument.wordprocessingml.document", (".docx",)),
        Kind("xlsx", gettext_lazy("bảng tính Excel (XLSX)"),
             "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (".xlsx",)),
        Kind("odt", gettext_lazy("văn bản OpenDocument (ODT)"),
             "application/vnd.oasis.opendocument.text", (".odt",)),
        Kind("ods", gettext_lazy("bảng tính OpenDocument (ODS)"),
             "application/vnd.oasis.opendocument.spreadsheet", (".ods",)),
    )
}  # fmt: skip

# Browsers send these when they do not know the type: they declare nothing.
UNDECLARED_TYPES = frozenset({"", "application/octet-stream", "binary/octet-stream"})

_ODF_MIMETYPES = {
    b"application/vnd.oasis.opendocument.text": "odt",
    b"application/vnd.oasis.opendocument.spreadsheet": "ods",
}
_OOXML_PARTS = {"word/document.xml": "docx", "xl/workbook.xml": "xlsx"}


def _zip_kind(data: IO[bytes]) -> str | None:
    """docx/xlsx/odt/ods from a zip's directory, reading only two tiny members."""
    try:
        with zipfile.ZipFile(data) as zf:
            names = set(zf.namelist())
            if "mimetype" in names:
                with zf.open("mimetype") as member:
                    return _ODF_MIMETYPES.get(member.read(200).strip())
            if "[Content_Types].xml" in names:
                with zf.open("[Content_Types].xml") as member:
                    types = member.read(ZIP_MEMBER_LIMIT)
                if b"macroEnabled" in types:  # .docm/.xlsm carry macros
                    return None
                for part, kind in _OOXML_PARTS.items():
                    if part in names:
                        return kind
    except (zipfile.BadZipFile, OSError, RuntimeError, ValueError, NotImplementedError):
        return None
    return None


def sniff(head: bytes, data: IO[bytes] | None = None) -> str | None:
    """The kind of a file from its first bytes (and, for zips, its directory), or None."""
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith((b"II*\x00", b"MM\x00*")):
        return "tiff"
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(data if data is not None else io.BytesIO(head))
    return None


def describe(head: bytes) -> str:
    """What the bytes look like, for the message when they are refused."""
    if not head:
        return _("tệp rỗng")
    kind = sniff(head)
    if kind:
        return str(KINDS[kind].label)
    lowered = head[:512].lstrip().lower()
    if head.startswith(
        (b"MZ", b"\x7fELF", b"\xfe\xed\xfa", b"\xcf\xfa\xed\xfe", b"\xca\xfe\xba\xbe")
    ):
        return _("chương trình chạy được")
    if head.startswith(b"#!"):
        return _("tập lệnh (script)")
    if lowered.startswith((b"<!doctype html", b"<html", b"<head", b"<body", b"<script", b"<svg")):
        return _("trang HTML hoặc mã chạy trong trình duyệt")
    if lowered.startswith(b"<?xml") or lowered.startswith(b"<"):
        return _("tệp XML/HTML")
    if head.startswith(b"PK\x03\x04"):
        return _("tệp nén ZIP hoặc tài liệu Office không được nhận")
    if head.startswith((b"Rar!", b"7z\xbc\xaf", b"\x1f\x8b")):
        return _("tệp nén")
    if head.startswith((b"GIF8", b"RIFF", b"BM")):
        return _("ảnh hoặc âm thanh định dạng không được nhận")
    try:
        head.decode("utf-8")
    except UnicodeDecodeError:
        return _("dữ liệu không rõ định dạng")
    return _("văn bản thuần")


def allowed_kinds() -> list[Kind]:
    keys = getattr(settings, "MOTCUA_UPLOAD_TYPES", list(KINDS))
    return [KINDS[k] for k in keys if k in KINDS]


def accept_attribute() -> str:
    """The ``accept=`` of a file input: the extensions we take."""
    return ",".join(ext for kind in allowed_kinds() for ext in kind.extensions)


@dataclass(frozen=True)
class Checked:
    kind: Kind
    size: int
    sha256: str
    original_name: str


def clean_name(name: str) -> str:
    """The client's file name for display: last path part, no control characters, ≤ 255."""
    base = PurePath(str(name or "").replace("\\", "/")).name
    base = "".join(ch for ch in base if ch.isprintable()).strip()
    if len(base) > 255:
        stem, dot, ext = base.rpartition(".")
        base = (stem[: 250 - len(ext)] + dot + ext) if dot and len(ext) < 10 else base[:255]
    return base or "tep"


def _size_text(size: int) -> str:
    if size >= 1024 * 1024:
        return _("%(n)s MB") % {"n": f"{size / (1024 * 1024):.1f}".replace(".", ",")}
    return _("%(n)s KB") % {"n": max(1, round(size / 1024))}


def check_upload(file: Any, *, max_bytes: int | None = None) -> Checked:
    """Sniff, size-check and hash an uploaded file; raise ``InvalidInput`` naming it.

    ``file`` is a Django ``UploadedFile`` (``name``, ``content_type``, ``chunks()``)."""
    name = clean_name(getattr(file, "name", ""))
    limit = max_bytes if max_bytes is not None else settings.MOTCUA_UPLOAD_MAX_BYTES
    declared_size = getattr(file, "size", None)
    if declared_size is not None and declared_size > limit:
        raise _too_big(name, declared_size, limit)

    digest, size, head = hashlib.sha256(), 0, b""
    file.seek(0)
    for chunk in file.chunks():
        size += len(chunk)
        if size > limit:
            raise _too_big(name, size, limit)
        if len(head) < HEAD_BYTES:
            head += chunk[: HEAD_BYTES - len(head)]
        digest.update(chunk)
    file.seek(0)
    if size == 0:
        raise InvalidInput(_("Tệp “%(name)s” rỗng (0 byte).") % {"name": name}, file=name)

    kind_key = sniff(head, file)
    file.seek(0)
    allowed = {k.key for k in allowed_kinds()}
    if kind_key is None or kind_key not in allowed:
        what = KINDS[kind_key].label if kind_key else describe(head)
        raise InvalidInput(
            _(
                "Tệp “%(name)s” không được nhận (nội dung là %(what)s). "
                "Chỉ nhận: %(allowed)s."
            ) % {"name": name, "what": what, "allowed": _allowed_text()},
            file=name,
        )  # fmt: skip
    kind = KINDS[kind_key]

    ext = PurePath(name).suffix.lower()
    declared = (getattr(file, "content_type", "") or "").split(";")[0].strip().lower()
    declared_kind = _kind_of_extension(ext)
    if ext not in kind.extensions or (
        declared not in UNDECLARED_TYPES
        and declared != kind.content_type
        and declared not in kind.aliases
    ):
        if declared_kind is None and not ext:
            message = _("Tệp “%(name)s” không có phần mở rộng (nội dung là %(what)s).")
        else:
            message = _("Tệp “%(name)s” không phải là %(expected)s (nội dung là %(what)s).")
        expected = declared_kind.label if declared_kind else ext
        raise InvalidInput(
            message % {"name": name, "expected": expected, "what": kind.label}, file=name
        )
    if kind.key == "pdf" and not _pdf_complete(file, size):
        raise InvalidInput(
            _("Tệp “%(name)s” bị hỏng hoặc tải lên chưa hết (thiếu phần cuối của PDF).")
            % {"name": name},
            file=name,
        )
    return Checked(kind=kind, size=size, sha256=digest.hexdigest(), original_name=name)


def _kind_of_extension(ext: str) -> Kind | None:
    return next((k for k in KINDS.values() if ext in k.extensions), None)


def _allowed_text() -> str:
    return ", ".join(str(k.label) for k in allowed_kinds())


def _too_big(name: str, size: int, limit: int) -> InvalidInput:
    return InvalidInput(
        _("Tệp “%(name)s” quá lớn (%(size)s); tối đa %(limit)s một tệp.")
        % {"name": name, "size": _size_text(size), "limit": _size_text(limit)},
        file=name,
    )


def _pdf_complete(file: Any, size: int) -> bool:
    """A whole PDF ends with %%EOF (readers allow up to 1 KB of trailing bytes)."""
    file.seek(max(0, size - 1024))
    tail = file.read(1024)
    file.seek(0)
    return b"%%EOF" in tail
