from django.contrib import admin

from motcua.payments.models import Payment, PaymentCallback


@admin.register(Payment)
class PaymentAdmin(admin.ModelAdmin):
    list_display = (
        "order_id",
        "dossier",
        "amount",
        "method",
        "status",
        "receipt_number",
        "paid_at",
    )
    list_filter = ("status", "method")
    search_fields = ("order_id", "receipt_number", "gateway_reference")
    raw_id_fields = ("dossier", "created_by")
    readonly_fields = ("raw_callback",)


@admin.register(PaymentCallback)
class PaymentCallbackAdmin(admin.ModelAdmin):
    list_display = ("received_at", "kind", "order_id", "transaction_id", "outcome", "reason")
    list_filter = ("outcome", "kind")
    search_fields = ("order_id", "transaction_id")
    raw_id_fields = ("payment",)

    def has_change_permission(self, request, obj=None) -> bool:
        return False
