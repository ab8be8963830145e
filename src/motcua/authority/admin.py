from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from motcua.authority.models import DecentralisedTask, Obstacle, PostInspection


@admin.register(DecentralisedTask)
class DecentralisedTaskAdmin(admin.ModelAdmin):
    list_display = (
        "code",
        "short_name",
        "field_name",
        "from_level",
        "to_level",
        "mode",
        "instrument",
        "article",
        "article_verified",
        "status",
    )
    list_filter = ("mode", "status", "to_level", "from_level", "article_verified", "field_name")
    search_fields = ("code", "name", "field_name", "instrument", "article", "source", "notes")
    list_select_related = ("field",)
    # Autocomplete needs search_fields on the catalogue's ProcedureAdmin; raw ids work anywhere.
    raw_id_fields = ("procedures", "field")
    readonly_fields = ("created_at", "updated_at")
    fieldsets = (
        (None, {"fields": ("code", "name", "field_name", "field", "status")}),
        (_("Chuyển giao"), {"fields": ("from_level", "to_level", "mode")}),
        (
            _("Căn cứ"),
            {
                "fields": ("instrument", "article", "article_verified", "source"),
                "description": _(
                    "Mỗi nhiệm vụ phải có nguồn. Chỉ đánh dấu “đã kiểm chứng” khi điều, khoản "
                    "được nêu trong nguồn đã dẫn."
                ),
            },
        ),
        (_("Hiệu lực"), {"fields": ("effective_from", "effective_to")}),
        (_("Thủ tục và ghi chú"), {"fields": ("procedures", "notes")}),
        (_("Hệ thống"), {"fields": ("created_at", "updated_at"), "classes": ("collapse",)}),
    )

    @admin.display(description=_("nội dung chuyển giao"), ordering="name")
    def short_name(self, obj: DecentralisedTask) -> str:
        return obj.name if len(obj.name) <= 90 else obj.name[:89] + "…"


@admin.register(PostInspection)
class PostInspectionAdmin(admin.ModelAdmin):
    list_display = ("visited_on", "province", "task", "inspecting_body")
    list_filter = ("province",)
    search_fields = ("task__code", "inspecting_body", "findings")
    raw_id_fields = ("task", "province", "created_by")
    readonly_fields = ("created_by", "created_at")
    date_hierarchy = "visited_on"


@admin.register(Obstacle)
class ObstacleAdmin(admin.ModelAdmin):
    """Read-only here: status changes go through the monitoring page (its services check
    who may answer or escalate, and keep answers final)."""

    list_display = ("raised_on", "province", "kind", "status", "task")
    list_filter = ("status", "kind", "province")
    search_fields = ("content", "answer", "task__code")
    date_hierarchy = "raised_on"

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
