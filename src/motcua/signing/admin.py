import datetime as dt

from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .constants import EXPIRY_WARNING_DAYS, CertificateStatus
from .models import Certificate, VerificationLog


class ExpiringFilter(admin.SimpleListFilter):
    title = _("sắp hết hạn")
    parameter_name = "expiring"

    def lookups(self, request, model_admin):
        return [("30", _("Hết hạn trong 30 ngày tới"))]

    def queryset(self, request, queryset):
        if self.value() != "30":
            return queryset
        now = timezone.now()
        return queryset.filter(
            status=CertificateStatus.ACTIVE, not_after__gt=now,
            not_after__lte=now + dt.timedelta(days=EXPIRY_WARNING_DAYS),
        )  # fmt: skip


@admin.register(Certificate)
class CertificateAdmin(admin.ModelAdmin):
    list_display = ("common_name", "holder_kind", "unit", "serial", "not_after", "status",
                    "token_kind", "is_demo")  # fmt: skip
    list_filter = (ExpiringFilter, "status", "holder_kind", "token_kind", "is_demo")
    search_fields = ("common_name", "serial", "agency__name", "user__username")
    raw_id_fields = ("agency", "user", "unit", "issued_by")
    readonly_fields = ("subject", "issuer", "serial", "not_before", "not_after", "pem",
                       "revoked_at", "created_at")  # fmt: skip
    date_hierarchy = "not_after"


@admin.register(VerificationLog)
class VerificationLogAdmin(admin.ModelAdmin):
    list_display = ("created_at", "verdict", "signatures", "channel", "client_ip", "sha256")
    list_filter = ("verdict", "channel")
    search_fields = ("sha256",)
    date_hierarchy = "created_at"

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
