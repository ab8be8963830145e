from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from motcua.authority.models import DecentralisedTask


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
