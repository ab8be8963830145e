"""Texts of results and forms in the admin: a new text is checked and saved as a new
version; a saved version can only be turned on or off; each has a PDF preview."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django import forms
from django.contrib import admin, messages
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from motcua.catalog.models import Procedure
from motcua.core.errors import InvalidInput, NotFound
from motcua.documents import forms118, samples, selectors, services
from motcua.documents.models import DocumentTemplate
from motcua.documents.sandbox import TextTemplate, compile_body
from motcua.dossiers.models import Dossier
from motcua.org.selectors import unit_codes_for


class DocumentTemplateForm(forms.ModelForm):
    class Meta:
        model = DocumentTemplate
        fields = ("procedure", "document", "body", "note", "active")
        widgets = {"body": forms.Textarea(attrs={"rows": 30, "cols": 110,
                                                 "style": "font-family: monospace"})}  # fmt: skip

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "body" in self.fields:
            self.fields["body"].required = False  # empty: filled with the text in effect

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if self.instance.pk or "body" not in self.fields:
            return data
        document, body = data.get("document"), (data.get("body") or "").replace("\r\n", "\n")
        if not document:
            return data
        if not body.strip():
            # Show the text now in effect so the administrator edits it rather than start blank.
            self.data = self.data.copy()
            self.data["body"] = selectors.document_template_source(document, data.get("procedure"))
            self.add_error("body", _("Đã nạp nội dung mẫu đang dùng; hãy sửa rồi lưu lại."))
            return data
        try:
            services.document_template_check(document=document, body=body)
        except InvalidInput as exc:
            self.add_error("body", exc.message)
        return data


def preview_pdf(template: DocumentTemplate, user: Any) -> bytes:
    """The stored text laid out with the newest dossier of its procedure among the units
    ``user`` acts for (an administrator sees no other unit's applicants), else with the
    made-up one."""
    compiled: TextTemplate = compile_body(template.body)
    kind, _sep, name = template.document.partition(":")
    dossier = None
    if template.procedure_id and name != "07":
        units = unit_codes_for(user)
        dossier = (
            Dossier.objects.select_related("procedure")
            .filter(procedure_id=template.procedure_id, code__isnull=False,
                    receiving_unit_id__in=units)
            .order_by("-received_at", "-id")
            .first()
        )  # fmt: skip
    if dossier is not None and kind == "form":
        try:
            return forms118.render(name, dossier, template=compiled)
        except NotFound:  # the dossier has not reached this form
            pass
    if dossier is not None and kind == "result":
        from motcua.results import render as result_render

        title = result_render.default_title(dossier.procedure.result, name)
        return result_render.render(dossier, title=title, kind=name, template=compiled)
    return samples.pdf(template.document, compiled)


@admin.register(DocumentTemplate)
class DocumentTemplateAdmin(admin.ModelAdmin):
    form = DocumentTemplateForm
    list_display = ("document", "procedure_code", "version", "active", "created_by",
                    "created_at", "preview_link")  # fmt: skip
    list_filter = ("document", "active")
    search_fields = ("=procedure__code", "note")
    search_help_text = gettext_lazy("Tìm theo mã thủ tục (ví dụ 1.001193) hoặc ghi chú.")
    list_select_related = ("procedure", "created_by")
    raw_id_fields = ("procedure",)
    readonly_after_save = ("procedure", "document", "version", "body", "note", "created_by",
                           "created_at", "new_version_link", "preview_link")  # fmt: skip

    @admin.display(description=gettext_lazy("mã thủ tục"), ordering="procedure__code")
    def procedure_code(self, obj: DocumentTemplate) -> str:
        return obj.procedure.code if obj.procedure_id else _("mọi thủ tục")

    @admin.display(description=gettext_lazy("xem thử"))
    def preview_link(self, obj: DocumentTemplate) -> str:
        url = reverse("admin:documents_documenttemplate_preview", args=[obj.pk])
        return format_html('<a href="{}" target="_blank">{}</a>', url, _("Xem thử PDF"))

    @admin.display(description=gettext_lazy("sửa"))
    def new_version_link(self, obj: DocumentTemplate) -> str:
        query = {"document": obj.document, "from": obj.pk}
        if obj.procedure_id:
            query["procedure"] = obj.procedure_id
        url = reverse("admin:documents_documenttemplate_add") + "?" + urlencode(query)
        return format_html('<a href="{}">{}</a>', url,
                           _("Tạo phiên bản mới từ phiên bản này"))  # fmt: skip

    def get_fields(self, request: HttpRequest, obj: DocumentTemplate | None = None) -> Any:
        if obj is None:
            return ("procedure", "document", "body", "note", "active")
        return (*self.readonly_after_save[:3], "active", *self.readonly_after_save[3:])

    def get_readonly_fields(self, request: HttpRequest, obj: DocumentTemplate | None = None) -> Any:
        return self.readonly_after_save if obj is not None else ()

    def get_changeform_initial_data(self, request: HttpRequest) -> dict[str, Any]:
        """``?document=&procedure=`` (and ``from=`` a version) start from that version's
        text, else from the text in effect."""
        initial = super().get_changeform_initial_data(request)
        document = request.GET.get("document")
        if document not in dict(DocumentTemplate._meta.get_field("document").choices):
            return initial
        procedure = Procedure.objects.filter(pk=request.GET.get("procedure") or None).first()
        source = DocumentTemplate.objects.filter(pk=request.GET.get("from") or None).first()
        initial["body"] = (source.body if source else
                           selectors.document_template_source(document, procedure))  # fmt: skip
        return initial

    def save_model(self, request: HttpRequest, obj: DocumentTemplate, form: Any,
                   change: bool) -> None:  # fmt: skip
        if change:
            services.document_template_set_active(template=obj, active=obj.active)
            return
        saved = services.document_template_save(
            document=obj.document, body=obj.body, procedure=obj.procedure, note=obj.note,
            active=obj.active, actor=request.user,
        )  # fmt: skip
        for field in DocumentTemplate._meta.concrete_fields:  # the admin goes on with ``obj``
            setattr(obj, field.attname, getattr(saved, field.attname))
        obj._state.adding, obj._state.db = False, saved._state.db

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # the history stays; turn a version off instead

    def get_urls(self) -> list:
        preview = self.admin_site.admin_view(self.preview_view)
        return [path("<int:pk>/preview/", preview, name="documents_documenttemplate_preview"),
                *super().get_urls()]  # fmt: skip

    def preview_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        obj = DocumentTemplate.objects.select_related("procedure").filter(pk=pk).first()
        if obj is None or not self.has_view_permission(request, obj):
            raise Http404
        try:
            content = preview_pdf(obj, request.user)
        except InvalidInput as exc:
            self.message_user(request, exc.message, messages.ERROR)
            return HttpResponse(exc.message, status=400, content_type="text/plain; charset=utf-8")
        response = HttpResponse(content, content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="mau-{obj.pk}-v{obj.version}.pdf"'
        response["Cache-Control"] = "no-store"
        return response
