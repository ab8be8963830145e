"""Results of dossiers (decisions, licences, certificates) and the citizen data store."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.attachments.storage import dossier_storage
from motcua.results.constants import Kind


def result_path(instance: Result, filename: str) -> str:
    """``results/<yyyy>/<mm>/<uuid4>.pdf`` (apart from ``dossiers/``, which attachments-gc
    sweeps by its own rows)."""
    now = timezone.localtime()
    return f"results/{now:%Y}/{now:%m}/{uuid.uuid4().hex}.pdf"


class Result(models.Model):
    """A result of a dossier. A paper-only result is recorded with ``electronic=False`` and
    no file."""

    dossier = models.ForeignKey(
        "dossiers.Dossier", verbose_name=_("hồ sơ"), on_delete=models.PROTECT,
        related_name="results",
    )  # fmt: skip
    n = models.PositiveSmallIntegerField(_("số thứ tự"))
    kind = models.CharField(_("loại kết quả"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("tên kết quả"), max_length=500)
    file = models.FileField(
        _("tệp"), upload_to=result_path, storage=dossier_storage, max_length=200, blank=True
    )
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    size = models.PositiveBigIntegerField(_("dung lượng (byte)"), null=True, blank=True)
    electronic = models.BooleanField(_("kết quả điện tử"), default=True)
    signed = models.BooleanField(_("đã ký số"), default=False)
    created_at = models.DateTimeField(_("tạo lúc"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người tạo"), on_delete=models.SET_NULL,
        null=True, blank=True, related_name="+",
    )  # fmt: skip

    class Meta:
        verbose_name = _("kết quả giải quyết")
        verbose_name_plural = _("kết quả giải quyết")
        constraints = [
            models.UniqueConstraint(fields=["dossier", "n"], name="result_dossier_n"),
            models.CheckConstraint(
                name="result_electronic_has_file",
                condition=(models.Q(electronic=True) & ~models.Q(file="") & ~models.Q(sha256=""))
                | (models.Q(electronic=False) & models.Q(file="") & models.Q(signed=False)),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.dossier} — KQ({self.n})"


class StoredDocument(models.Model):
    """A document in a person's data store (Kho quản lý dữ liệu điện tử của tổ chức, cá
    nhân), known by its code. Today only results are filed; ``result`` is nullable so other
    kinds (digitised papers) can come later."""

    holder_id_number = models.CharField(_("số định danh cá nhân"), max_length=12)
    code = models.CharField(_("mã giấy tờ"), max_length=100, unique=True)
    title = models.CharField(_("tên giấy tờ"), max_length=500)
    result = models.OneToOneField(
        Result, verbose_name=_("kết quả"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="stored",
    )  # fmt: skip
    file = models.CharField(_("tệp"), max_length=200)  # the storage name of the result's file
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    source_dossier = models.ForeignKey(
        "dossiers.Dossier", verbose_name=_("hồ sơ nguồn"), on_delete=models.PROTECT,
        null=True, blank=True, related_name="+",
    )  # fmt: skip
    created_at = models.DateTimeField(_("lưu lúc"), default=timezone.now)

    class Meta:
        verbose_name = _("giấy tờ trong kho dữ liệu")
        verbose_name_plural = _("kho dữ liệu của công dân")
        indexes = [
            models.Index(fields=["holder_id_number", "-created_at"], name="store_holder"),
        ]

    def __str__(self) -> str:
        return self.code
