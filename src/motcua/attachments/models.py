"""The components of a dossier: one row per document received, however it arrived."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.attachments.constants import How
from motcua.attachments.storage import dossier_storage


def upload_path(instance: DossierComponent, filename: str) -> str:
    """``dossiers/<yyyy>/<mm>/<uuid4>.<ext>``: never the client's name on disk; the
    extension is the one of the sniffed type (see ``services.storage_name``)."""
    ext = filename.rpartition(".")[2].lower() if "." in filename else "bin"
    now = timezone.localtime()
    return f"dossiers/{now:%Y}/{now:%m}/{uuid.uuid4().hex}.{ext}"


class DossierComponent(models.Model):
    """A component (thành phần hồ sơ) as received. Rows are never deleted: replacing a file
    adds a row and marks the old one superseded."""

    dossier = models.ForeignKey(
        "dossiers.Dossier", verbose_name=_("hồ sơ"), on_delete=models.PROTECT,
        related_name="components",
    )  # fmt: skip
    # The catalogue import replaces a procedure's components when it changes, so the link
    # may go (SET_NULL); the name and position copied here keep the record readable.
    component = models.ForeignKey(
        "catalog.RequiredComponent", verbose_name=_("thành phần theo danh mục"),
        on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
    )  # fmt: skip
    position = models.PositiveSmallIntegerField(_("thứ tự"), null=True, blank=True)
    name = models.TextField(_("tên giấy tờ"))
    how = models.CharField(_("hình thức"), max_length=20, choices=How.choices)
    file = models.FileField(
        _("tệp"), upload_to=upload_path, storage=dossier_storage, max_length=200, blank=True
    )
    original_name = models.CharField(_("tên tệp gốc"), max_length=255, blank=True)
    content_type = models.CharField(_("loại tệp"), max_length=100, blank=True)
    size = models.PositiveBigIntegerField(_("dung lượng (byte)"), null=True, blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    # A desk scan signed by the receiving unit (``services.SCAN_SIGNER``): indicator 4.2
    # counts scanned and signed papers.
    signed = models.BooleanField(_("đã ký số"), default=False)
    store_ref = models.CharField(_("mã trong kho dữ liệu"), max_length=100, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người thêm"), on_delete=models.SET_NULL,
        null=True, blank=True, related_name="+",
    )  # fmt: skip
    added_at = models.DateTimeField(_("thêm lúc"), default=timezone.now)
    superseded_at = models.DateTimeField(_("bị thay thế lúc"), null=True, blank=True)
    superseded_by = models.ForeignKey(
        "self", verbose_name=_("thay bằng"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )  # fmt: skip

    class Meta:
        verbose_name = _("thành phần hồ sơ đã nhận")
        verbose_name_plural = _("thành phần hồ sơ đã nhận")
        indexes = [
            models.Index(fields=["dossier", "component"], name="attach_dossier_component"),
            models.Index(fields=["file"], name="attach_file"),  # attachments-gc asks by name
        ]
        constraints = [
            models.CheckConstraint(
                name="attach_how_has_its_evidence",
                condition=(
                    Q(how__in=[How.UPLOADED_ONLINE, How.SCANNED_AT_DESK])
                    & ~Q(file="") & ~Q(sha256="")
                )
                | (Q(how=How.FROM_STORE) & ~Q(store_ref=""))
                | (Q(how=How.SHOWN_ONLY) & Q(file="")),
            ),
        ]  # fmt: skip

    def __str__(self) -> str:
        return self.name[:80]

    @property
    def has_file(self) -> bool:
        return bool(self.file.name)
