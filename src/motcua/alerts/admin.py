from django.contrib import admin

from motcua.alerts.models import DigestSent


@admin.register(DigestSent)
class DigestSentAdmin(admin.ModelAdmin):
    list_display = ("day", "unit", "recipients", "due_soon", "overdue", "no_apology", "sent_at")
    list_filter = ("day",)
    raw_id_fields = ("unit",)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
