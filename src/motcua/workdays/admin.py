from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from motcua.workdays.models import CalendarDay

WEEKDAYS = (
    _("Thứ Hai"), _("Thứ Ba"), _("Thứ Tư"), _("Thứ Năm"), _("Thứ Sáu"), _("Thứ Bảy"), _("Chủ nhật"),
)  # fmt: skip


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    list_display = ("date", "weekday", "kind", "reason", "updated_at")
    list_filter = ("kind",)
    date_hierarchy = "date"
    search_fields = ("reason",)
    readonly_fields = ("created_at", "updated_at")

    @admin.display(description=_("thứ"), ordering="date")
    def weekday(self, obj: CalendarDay) -> str:
        return str(WEEKDAYS[obj.date.weekday()])
