"""Writes of dossier components. Files go to storage before their rows, and a failure
removes what this call wrote; rows are only ever added (a replacement supersedes)."""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
import hashlib
import logging
import uuid
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.attachments import scans
from motcua.attachments.constants import FILE_MODES, HOW_BY_CHANNEL, How
from motcua.attachments.models import DossierComponent
from motcua.attachments.sniff import KINDS, Checked, check_upload
from motcua.attachments.storage import dossier_storage
from motcua.catalog.models import RequiredComponent
from motcua.core.errors import InvalidInput, NotFound
from motcua.dossiers.models import Dossier

log = logging.getLogger(__name__)

# The seam where a desk scan gets signed: called with the dossier, the scan's bytes and its
# checks, returns the signed PDF, or None to store the scan as it is. An exception aborts the
# whole record and leaves no file. None: scans are stored unsigned.
SCAN_SIGNER: Callable[[Dossier, bytes, Checked], bytes | None] | None = scans.unit_signer


@dataclass(frozen=True)
class Entry:
    """One component to record: a catalogue component (or None and a ``name`` for an extra
    document), how it arrived, and the uploaded file or the data-store reference."""

    component: RequiredComponent | None
    how: str
    file: Any = None  # a Django UploadedFile
    store_ref: str = ""
    name: str = ""


def storage_name(checked: Checked, at: dt.datetime) -> str:
    """``dossiers/<yyyy>/<mm>/<uuid4>.<ext>``, the extension of the sniffed type."""
    local = timezone.localtime(at)
    ext = checked.kind.extensions[0]
    return f"dossiers/{local:%Y}/{local:%m}/{uuid.uuid4().hex}{ext}"


# Files written inside an open ``uploads_guard()``, so it can remove them after a rollback.
_guard: contextvars.ContextVar[list[str] | None] = contextvars.ContextVar(
    "attachments_guard", default=None
)


@contextlib.contextmanager
def uploads_guard() -> Iterator[None]:
    """Wrap the caller's ``transaction.atomic()`` block: if the block raises (so the
    transaction rolled back), files written inside it that no row refers to are deleted.
    ``attachments-gc`` catches whatever a crash leaves behind."""
    token = _guard.set([])
    try:
        yield
    except BaseException:
        written = _guard.get() or []
        _delete_unreferenced(written)
        raise
    finally:
        _guard.reset(token)


def _delete_unreferenced(names: Sequence[str]) -> None:
    if not names:
        return
    try:
        kept = set(DossierComponent.objects.filter(file__in=names).values_list("file", flat=True))
    except Exception:  # the connection may be broken; the gc will finish the job
        log.warning("attachments: could not check %d written files; left for attachments-gc",
                    len(names))  # fmt: skip
        return
    _delete_files([n for n in names if n not in kept])


def _delete_files(names: Sequence[str]) -> None:
    storage = dossier_storage()
    for name in names:
        try:
            storage.delete(name)
        except OSError:
            log.warning("attachments: could not delete %s; left for attachments-gc", name)


def _validate(
    dossier: Dossier, entries: Sequence[Entry], channel: str
) -> list[tuple[Entry, Checked | None]]:
    """Every entry checked (and every file sniffed) before anything is written."""
    allowed = HOW_BY_CHANNEL.get(channel, ())
    checked: list[tuple[Entry, Checked | None]] = []
    for entry in entries:
        label = entry.component.name[:80] if entry.component else entry.name
        if entry.how not in How.values or entry.how not in allowed:
            raise InvalidInput(
                _("Hình thức nộp “%(how)s” không dùng được cho kênh này (%(name)s).")
                % {"how": entry.how, "name": label}
            )
        if entry.component is None and not entry.name.strip():
            raise InvalidInput(_("Giấy tờ bổ sung ngoài danh mục cần có tên."))
        if entry.component is not None and entry.component.procedure_id != dossier.procedure_id:
            raise InvalidInput(
                _("Giấy tờ “%(name)s” không thuộc thủ tục của hồ sơ.") % {"name": label}
            )
        result = None
        if entry.how in FILE_MODES:
            if entry.file is None:
                raise InvalidInput(_("Chưa có tệp cho giấy tờ “%(name)s”.") % {"name": label})
            result = check_upload(entry.file)
        elif entry.file is not None and entry.how == How.SHOWN_ONLY:
            raise InvalidInput(
                _("Giấy tờ “%(name)s” chỉ xuất trình: không kèm tệp.") % {"name": label}
            )
        if entry.how == How.FROM_STORE and not entry.store_ref.strip():
            raise InvalidInput(
                _("Chưa có mã giấy tờ trong kho dữ liệu cho “%(name)s”.") % {"name": label}
            )
        if entry.how == How.FROM_STORE:
            _check_store_ref(dossier, entry.store_ref.strip(), label)
        checked.append((entry, result))
    return checked


def _check_store_ref(dossier: Dossier, code: str, label: str) -> None:
    """A reused document must be in the data store of this dossier's applicant."""
    from motcua.results.selectors import store_get

    try:
        store_get(code, dossier.applicant_id_number)
    except NotFound:
        raise InvalidInput(
            _("Giấy tờ mã “%(code)s” không có trong kho dữ liệu của người nộp (%(name)s).")
            % {"code": code, "name": label}
        ) from None


@transaction.atomic
def components_record(
    *, dossier: Dossier, entries: Sequence[Entry], actor: Any, channel: str,
    at: dt.datetime | None = None,
) -> list[DossierComponent]:  # fmt: skip
    """Record the components of a dossier (at intake, inside the caller's transaction).

    Bad input raises ``InvalidInput`` and writes nothing. A current row for the same
    catalogue component is superseded by the new one."""
    at = at or timezone.now()
    checked = _validate(dossier, entries, channel)
    storage = dossier_storage()
    actor_id = getattr(actor, "pk", None) if getattr(actor, "is_authenticated", False) else None
    written: list[str] = []
    try:
        rows = []
        for entry, result in checked:
            row = DossierComponent(
                dossier=dossier, component=entry.component, how=entry.how,
                position=entry.component.position if entry.component else None,
                name=entry.component.name if entry.component else entry.name.strip(),
                store_ref=entry.store_ref.strip(), added_by_id=actor_id, added_at=at,
            )  # fmt: skip
            if result is not None:
                entry.file.seek(0)
                content: Any = entry.file
                if entry.how == How.SCANNED_AT_DESK and SCAN_SIGNER is not None:
                    signed = SCAN_SIGNER(dossier, entry.file.read(), result)
                    if signed is not None:
                        result, content, row.signed = _as_signed(result, signed), signed, True
                    entry.file.seek(0)
                if isinstance(content, bytes):
                    content = ContentFile(content)
                name = storage.save(storage_name(result, at), content)
                written.append(name)
                row.file.name = name
                row.original_name = result.original_name
                row.content_type = result.kind.content_type
                row.size = result.size
                row.sha256 = result.sha256
            rows.append(row)
        created = DossierComponent.objects.bulk_create(rows)
        _supersede(dossier, created, at)
    except BaseException:
        _delete_files(written)
        raise
    guarded = _guard.get()
    if guarded is not None:
        guarded.extend(written)
    if dossier.received_at is not None:  # at intake the receive event covers it
        from motcua.indicators.rollup import touch

        touch(dossier.pk)
    return created


def _as_signed(checked: Checked, data: bytes) -> Checked:
    """The checks of the stored signed PDF; an image wrapped into it keeps its name with
    ``.pdf`` for an extension."""
    name = checked.original_name
    if checked.kind.key != "pdf":
        name = f"{name.rpartition('.')[0] or name}.pdf"
    return Checked(kind=KINDS["pdf"], size=len(data), sha256=hashlib.sha256(data).hexdigest(),
                   original_name=name)  # fmt: skip


def _supersede(dossier: Dossier, created: list[DossierComponent], at: dt.datetime) -> None:
    newest = {row.component_id: row for row in created if row.component_id is not None}
    if not newest:
        return
    old = (
        DossierComponent.objects.filter(
            dossier=dossier, component_id__in=list(newest), superseded_at__isnull=True
        )
        .exclude(pk__in=[row.pk for row in created])
        .values_list("pk", "component_id")
    )
    for pk, component_id in old:
        DossierComponent.objects.filter(pk=pk).update(
            superseded_at=at, superseded_by=newest[component_id]
        )


@transaction.atomic
def component_add(
    *, dossier: Dossier, entry: Entry, actor: Any, channel: str,
    replaces: DossierComponent | None = None, at: dt.datetime | None = None,
) -> DossierComponent:  # fmt: skip
    """Add one component later (a supplement). ``replaces`` marks an earlier row of the
    same dossier superseded (an extra document has no catalogue component to match on).
    The dossier event, if any, is the caller's (``dossiers.services``)."""
    if replaces is not None and replaces.dossier_id != dossier.pk:
        raise InvalidInput(_("Giấy tờ cần thay không thuộc hồ sơ này."))
    (row,) = components_record(dossier=dossier, entries=[entry], actor=actor, channel=channel,
                               at=at)  # fmt: skip
    if replaces is not None and replaces.pk != row.pk:
        DossierComponent.objects.filter(pk=replaces.pk, superseded_at__isnull=True).update(
            superseded_at=row.added_at, superseded_by=row
        )
    return row
