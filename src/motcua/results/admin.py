from django.contrib import admin

from motcua.results.models import Result, StoredDocument


@admin.register(Result)
class ResultAdmin(admin.ModelAdmin):
    list_display = ("dossier", "n", "kind", "title", "electronic", "signed", "created_at")
    list_filter = ("kind", "electronic", "signed")
    search_fields = ("dossier__code",)
    raw_id_fields = ("dossier", "created_by")
    readonly_fields = ("file", "sha256", "size", "signed", "created_at")


@admin.register(StoredDocument)
class StoredDocumentAdmin(admin.ModelAdmin):
    list_display = ("code", "title", "created_at")
    search_fields = ("=code", "=holder_id_number")
    raw_id_fields = ("result", "source_dossier")
    readonly_fields = ("file", "sha256", "created_at")
