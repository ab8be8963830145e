from django.contrib import admin

from motcua.feedback.models import Feedback, Rating, RefusedAttempt


@admin.register(Rating)
class RatingAdmin(admin.ModelAdmin):
    list_display = ("dossier", "level", "unit", "created_at")
    list_filter = ("level",)
    raw_id_fields = ("dossier", "user", "unit")


@admin.register(Feedback)
class FeedbackAdmin(admin.ModelAdmin):
    list_display = ("pk", "unit", "state", "received_at", "handle_due", "on_time")
    list_filter = ("state", "on_time")
    raw_id_fields = ("dossier", "unit", "submitter", "handled_by")


@admin.register(RefusedAttempt)
class RefusedAttemptAdmin(admin.ModelAdmin):
    list_display = ("at", "kind", "user", "target", "reason")
    list_filter = ("kind",)
    raw_id_fields = ("user",)
