"""Writes of the documents app: the texts administrators give results and forms. A saved
text is never changed; saving is a new version."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from motcua.catalog.models import Procedure
from motcua.core.errors import InvalidInput
from motcua.documents import samples
from motcua.documents.constants import BLOCKS
from motcua.documents.models import DocumentTemplate
from motcua.documents.sandbox import StoredTemplate, compile_body


def document_template_check(*, document: str, body: str) -> StoredTemplate:
    """``body`` compiled, once it has been laid out with the made-up dossier without error;
    else ``InvalidInput`` in Vietnamese."""
    if document not in BLOCKS:
        raise InvalidInput(_("Không có văn bản “%(document)s”.") % {"document": document})
    if not body.strip():
        raise InvalidInput(_("Nội dung mẫu không được để trống."))
    template = compile_body(body, checking=True)
    try:
        samples.pdf(document, template)
    except InvalidInput:
        raise
    except Exception as exc:  # whatever an administrator's text makes the renderer raise
        raise InvalidInput(
            _("Mẫu không hiển thị được với hồ sơ mẫu: %(error)s") % {"error": exc}
        ) from exc
    return template


def document_template_save(
    *, document: str, body: str, procedure: Procedure | None = None, note: str = "",
    active: bool = True, actor: Any = None,
) -> DocumentTemplate:  # fmt: skip
    """A new version of the text of ``document`` for ``procedure`` (None: all procedures),
    checked first (``document_template_check``); nothing is saved when it is refused."""
    body = body.replace("\r\n", "\n")
    document_template_check(document=document, body=body)
    with transaction.atomic():
        last = (
            DocumentTemplate.objects.select_for_update()
            .filter(procedure=procedure, document=document)
            .order_by("-version")
            .values_list("version", flat=True)
            .first()
        )
        try:
            with transaction.atomic():
                return DocumentTemplate.objects.create(
                    procedure=procedure, document=document, body=body, note=note.strip(),
                    active=active, version=(last or 0) + 1,
                    created_by=actor if getattr(actor, "pk", None) else None,
                )  # fmt: skip
        except IntegrityError as exc:  # another version saved at the same moment
            raise InvalidInput(
                _("Một phiên bản khác vừa được lưu cùng lúc; hãy tải lại trang và thử lại.")
            ) from exc


def document_template_set_active(*, template: DocumentTemplate, active: bool) -> None:
    """Turn a version on or off (the only change a saved version takes): off, the previous
    active version, or the file, is used again."""
    DocumentTemplate.objects.filter(pk=template.pk).update(active=active)
    template.active = active
