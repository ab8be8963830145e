from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from motcua.attachments.models import DossierComponent


@admin.register(DossierComponent)
class DossierComponentAdmin(admin.ModelAdmin):
    """Read-only, for the national superuser: rows are written by the services and never
    edited; files are downloaded from the dossier page, which checks access."""

    list_display = ("dossier", "name_short", "how", "original_name", "size", "signed",
                    "added_at", "superseded_at")  # fmt: skip
    list_filter = ("how", "signed")
    list_select_related = ("dossier",)
    search_fields = ("dossier__code", "sha256", "store_ref")
    show_full_result_count = False
    raw_id_fields = ("dossier", "component", "added_by", "superseded_by")
    # The file field would render a media URL, and media is not served: show the name.
    exclude = ("file",)
    readonly_fields = ("stored_as",)

    @admin.display(description=_("tên giấy tờ"))
    def name_short(self, obj: DossierComponent) -> str:
        return obj.name[:80]

    @admin.display(description=_("lưu tại"))
    def stored_as(self, obj: DossierComponent) -> str:
        return obj.file.name or "—"

    def has_view_permission(self, request, obj=None) -> bool:
        return request.user.is_active and request.user.is_superuser

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
