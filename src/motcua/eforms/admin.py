"""E-forms in the admin: edit a form field by field, publish a version, read versions."""

from __future__ import annotations

import json

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from motcua.core.errors import MotcuaError
from motcua.eforms.models import Form, FormField, FormVersion
from motcua.eforms.services import form_publish

PUBLISH = "_publish"


class FormFieldInline(admin.StackedInline):
    model = FormField
    extra = 0
    ordering = ("position", "id")
    fieldsets = (
        (None, {"fields": (("position", "section"), ("key", "kind", "required"), "label",
                           "help_text")}),
        (_("Lựa chọn và giới hạn"), {"classes": ("collapse",), "fields": (
            "choices", ("min_length", "max_length"), ("min_value", "max_value"), "pattern")}),
    )  # fmt: skip
    formfield_overrides = {
        FormField._meta.get_field("choices").__class__: {
            "widget": forms.Textarea(attrs={"rows": 3})
        }
    }


class FormVersionInline(admin.TabularInline):
    model = FormVersion
    extra = 0
    fields = ("number", "published_at", "published_by")
    readonly_fields = fields
    can_delete = False
    ordering = ("-number",)
    show_change_link = True

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


def _publish(modeladmin: admin.ModelAdmin, request: HttpRequest, form: Form) -> None:
    try:
        version, created = form_publish(form=form, actor=request.user)
    except MotcuaError as exc:
        modeladmin.message_user(request, f"{form}: {exc.message}", messages.ERROR)
        return
    if created:
        modeladmin.message_user(
            request, _("%(form)s: đã phát hành phiên bản %(n)s.") % {"form": form, "n": version.number},
            messages.SUCCESS,
        )  # fmt: skip
    else:
        modeladmin.message_user(
            request,
            _("%(form)s: không có thay đổi so với phiên bản %(n)s; không phát hành phiên bản mới.")
            % {"form": form, "n": version.number},
            messages.INFO,
        )


@admin.register(Form)
class FormAdmin(admin.ModelAdmin):
    change_form_template = "admin/eforms/form/change_form.html"
    list_display = ("procedure_code", "title", "is_generic", "latest_number", "updated_at")
    list_filter = ("is_generic",)
    search_fields = ("procedure__code", "title")
    list_select_related = ("procedure",)
    raw_id_fields = ("procedure",)
    fields = ("procedure", "title", "source", "is_generic")
    inlines = (FormFieldInline, FormVersionInline)
    actions = ("publish",)

    @admin.display(description=_("mã thủ tục"), ordering="procedure__code")
    def procedure_code(self, obj: Form) -> str:
        return obj.procedure.code

    @admin.display(description=_("phiên bản mới nhất"))
    def latest_number(self, obj: Form) -> int | None:
        latest = obj.versions.order_by("-number").first()
        return latest.number if latest else None

    @admin.action(description=_("Phát hành phiên bản mới của các tờ khai đã chọn"))
    def publish(self, request: HttpRequest, queryset: QuerySet[Form]) -> None:
        for form in queryset[:200]:
            _publish(self, request, form)

    def save_related(self, request: HttpRequest, form, formsets, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        if PUBLISH in request.POST:  # "Save and publish": the fields just saved, compiled
            _publish(self, request, form.instance)


@admin.register(FormVersion)
class FormVersionAdmin(admin.ModelAdmin):
    """Published versions are read-only: a dossier keeps the one it was filed under."""

    list_display = ("form", "number", "published_at", "published_by")
    list_select_related = ("form", "published_by")
    search_fields = ("form__procedure__code", "form__title")
    fields = ("form", "number", "published_at", "published_by", "schema_pretty")
    readonly_fields = fields

    @admin.display(description=_("JSON Schema"))
    def schema_pretty(self, obj: FormVersion) -> str:
        return format_html("<pre>{}</pre>", json.dumps(obj.schema, ensure_ascii=False, indent=2))

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
