"""E-forms (tờ khai điện tử): one form per procedure, edited field by field, published as
immutable JSON Schema versions that dossiers keep."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.eforms.constants import KEY_PATTERN, Kind


class Form(models.Model):
    """The e-form of one procedure. Its fields are a draft until published as a version."""

    procedure = models.OneToOneField(
        "catalog.Procedure", verbose_name=_("thủ tục"), on_delete=models.PROTECT,
        related_name="eform",
    )  # fmt: skip
    title = models.CharField(_("tên tờ khai"), max_length=300)
    source = models.TextField(
        _("nguồn"), blank=True, help_text=_("Mẫu tờ khai mà các trường được lấy từ đó.")
    )
    is_generic = models.BooleanField(
        _("tờ khai chung"), default=False,
        help_text=_("Được dựng tự động từ thành phần hồ sơ của thủ tục."),
    )  # fmt: skip
    # Hash of the definition file last imported: an unchanged file changes nothing, so an
    # administrator's later edits survive re-imports of the same file.
    imported_hash = models.CharField(max_length=64, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("tờ khai điện tử")
        verbose_name_plural = _("tờ khai điện tử")
        ordering = ["procedure__code"]

    def __str__(self) -> str:
        return self.title


class FormField(models.Model):
    form = models.ForeignKey(Form, on_delete=models.CASCADE, related_name="fields")
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    key = models.CharField(
        _("mã trường"), max_length=60,
        validators=[RegexValidator(KEY_PATTERN, _("Chỉ dùng chữ thường không dấu, chữ số và dấu gạch dưới; bắt đầu bằng chữ."))],
        help_text=_("Ví dụ: ho_ten_me. Không đổi sau khi đã có hồ sơ dùng tờ khai."),
    )  # fmt: skip
    label = models.CharField(_("nhãn"), max_length=300)
    kind = models.CharField(_("loại"), max_length=20, choices=Kind.choices, default=Kind.TEXT)
    required = models.BooleanField(_("bắt buộc"), default=False)
    choices = models.TextField(
        _("các lựa chọn"),
        blank=True,
        help_text=_("Mỗi lựa chọn một dòng (loại chọn một/chọn nhiều)."),
    )
    min_length = models.PositiveIntegerField(_("độ dài tối thiểu"), null=True, blank=True)
    max_length = models.PositiveIntegerField(_("độ dài tối đa"), null=True, blank=True)
    min_value = models.DecimalField(
        _("giá trị nhỏ nhất"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    max_value = models.DecimalField(
        _("giá trị lớn nhất"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    pattern = models.CharField(_("mẫu kiểm tra (biểu thức chính quy)"), max_length=200, blank=True)
    help_text = models.CharField(_("hướng dẫn"), max_length=500, blank=True)
    section = models.CharField(_("mục"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("trường tờ khai")
        verbose_name_plural = _("các trường tờ khai")
        ordering = ["form", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["form", "key"], name="eforms_field_key"),
        ]

    def __str__(self) -> str:
        return self.label

    def clean(self) -> None:
        from motcua.eforms.schema import FieldSpec, check_fields

        spec = FieldSpec(
            key=self.key, label=self.label, kind=self.kind, required=self.required,
            choices=tuple(c.strip() for c in self.choices.splitlines() if c.strip()),
            min_length=self.min_length, max_length=self.max_length, min_value=self.min_value,
            max_value=self.max_value, pattern=self.pattern,
        )  # fmt: skip
        problems = check_fields([spec])
        if problems:
            raise ValidationError(problems)


class FormVersion(models.Model):
    """A published form: its JSON Schema never changes once written."""

    form = models.ForeignKey(Form, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField(_("phiên bản"))
    schema = models.JSONField(_("JSON Schema"))
    published_at = models.DateTimeField(_("phát hành lúc"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người phát hành"), on_delete=models.SET_NULL,
        null=True, blank=True, related_name="+",
    )  # fmt: skip

    class Meta:
        verbose_name = _("phiên bản tờ khai")
        verbose_name_plural = _("phiên bản tờ khai")
        ordering = ["form", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["form", "number"], name="eforms_version_number"),
        ]

    def __str__(self) -> str:
        return f"{self.schema.get('title', '')} v{self.number}"

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:
            raise ValueError("A published form version is immutable.")
        super().save(*args, **kwargs)
