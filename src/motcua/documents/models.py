"""Texts of results and forms that an administrator edits in the admin, per procedure or for
all procedures. A text is never changed once saved: an edit is a new version, and the newest
active version is the one used (``selectors.document_template``)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from motcua.documents.constants import DOCUMENT_CHOICES


class DocumentTemplate(models.Model):
    procedure = models.ForeignKey(
        "catalog.Procedure", verbose_name=_("thủ tục"), on_delete=models.PROTECT,
        null=True, blank=True, related_name="document_templates",
        help_text=_("Để trống: áp dụng cho mọi thủ tục không có mẫu riêng."),
    )  # fmt: skip
    document = models.CharField(_("văn bản"), max_length=30, choices=DOCUMENT_CHOICES)
    body = models.TextField(
        _("nội dung mẫu"),
        help_text=_("Mẫu Django viết theo cú pháp dòng của biểu mẫu (# tiêu đề, : trường, "
                    "- mục, @khối); không được dùng {% load %}, {% include %}, {% extends %}."),
    )  # fmt: skip
    version = models.PositiveIntegerField(_("phiên bản"), editable=False)
    active = models.BooleanField(_("đang dùng"), default=True)
    note = models.CharField(_("ghi chú"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người tạo"), on_delete=models.PROTECT,
        null=True, blank=True, related_name="+", editable=False,
    )  # fmt: skip
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("mẫu văn bản")
        verbose_name_plural = _("mẫu văn bản")
        ordering = ["document", "procedure__code", "-version"]
        constraints = [
            # NULL procedures are not equal to one another in a plain unique constraint.
            models.UniqueConstraint(
                fields=["procedure", "document", "version"], name="doctemplate_version",
                condition=Q(procedure__isnull=False),
            ),
            models.UniqueConstraint(
                fields=["document", "version"], name="doctemplate_version_all",
                condition=Q(procedure__isnull=True),
            ),
        ]  # fmt: skip
        indexes = [
            models.Index(fields=["document", "procedure", "-version"], name="doctemplate_lookup",
                         condition=Q(active=True)),
        ]  # fmt: skip

    def __str__(self) -> str:
        scope = self.procedure.code if self.procedure_id else _("mọi thủ tục")
        return f"{self.get_document_display()} · {scope} · v{self.version}"
