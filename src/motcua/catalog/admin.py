from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from motcua.catalog.constants import OnlineLevel, ValueSource
from motcua.catalog.models import Field, Procedure, ProcedureRevision, RequiredComponent
from motcua.catalog.services import procedure_set_online_level


@admin.register(Field)
class FieldAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "ministry", "is_science_technology", "procedure_count")
    list_filter = ("is_science_technology", "ministry")
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}


class RequiredComponentInline(admin.TabularInline):
    model = RequiredComponent
    extra = 0


class ProcedureRevisionInline(admin.TabularInline):
    model = ProcedureRevision
    extra = 0
    fields = ("valid_from", "valid_to", "content_hash", "replaced_at")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


def _set_level(level: str, label: str):
    @admin.action(description=label)
    def action(modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet) -> None:
        for procedure in queryset:
            procedure_set_online_level(procedure=procedure, level=level)
        modeladmin.message_user(request, _("Đã cập nhật mức độ trực tuyến."), messages.SUCCESS)

    action.__name__ = f"set_online_level_{level}"
    return action


@admin.register(Procedure)
class ProcedureAdmin(admin.ModelAdmin):
    list_display = (
        "code", "name", "field", "issuing_body", "time_limit_value", "time_limit_unit",
        "online_filing_offered", "online_level", "needs_review",
    )  # fmt: skip
    list_filter = (
        "needs_review", "online_level", "online_filing_source", "level_commune",
        "level_province", "level_ministry", "time_limit_source", "issuing_body", "field",
    )  # fmt: skip
    search_fields = ("code", "name", "search_text")
    list_select_related = ("field", "issuing_body")
    # Published content changes only through imports, which keep the previous version as a
    # revision; an administrator sets the overridable values (online level, review flag).
    EDITABLE = ("online_filing_offered", "online_level", "needs_review", "effective_to")
    autocomplete_fields = ("field",)
    inlines = [RequiredComponentInline, ProcedureRevisionInline]
    actions = [
        _set_level(OnlineLevel.END_TO_END, _("Đặt mức độ: toàn trình")),
        _set_level(OnlineLevel.PARTIAL, _("Đặt mức độ: một phần")),
        _set_level(OnlineLevel.NONE, _("Đặt mức độ: không trực tuyến")),
    ]
    fieldsets = (
        (None, {"fields": ("code", "name", "field", "procedure_type", "publishing_decision",
                           "issuing_body", "issuing_body_text")}),
        (_("Cấp thực hiện"), {"fields": ("level_ministry", "level_province", "level_commune",
                                         "level_other")}),
        (_("Rà soát sau sắp xếp"), {"fields": ("needs_review", "review_findings", "review_text")}),
        (_("Thời hạn, phí"), {"fields": ("time_limit_value", "time_limit_unit", "time_limit_text",
                                         "time_limit_source", "fees", "has_fee")}),
        (_("Trực tuyến"), {"fields": ("online_filing_offered", "online_filing_source",
                                      "online_level", "online_level_source")}),
        (_("Cơ quan"), {"fields": ("agency_competent", "agency_executing",
                                   "agency_executing_list", "agency_authorized",
                                   "agency_coordinating", "receiving_address")}),
        (_("Nội dung"), {"fields": ("subjects", "steps", "steps_text", "requirements", "result",
                                    "result_text", "submission_methods",
                                    "submission_methods_text", "documents_text", "legal_basis",
                                    "legal_basis_text", "related_procedures")}),
        (_("Hiệu lực và nguồn"), {"fields": ("effective_from", "effective_to", "source",
                                             "content_hash", "created_at", "updated_at")}),
    )  # fmt: skip

    def get_readonly_fields(self, request: HttpRequest, obj: Procedure | None = None) -> list[str]:
        if obj is None:
            return ["review_text"]
        names = [f.name for f in Procedure._meta.concrete_fields if f.name not in self.EDITABLE]
        return [*names, "review_text"]

    @admin.display(description=_("lý do rà soát"))
    def review_text(self, obj: Procedure) -> str:
        return " ".join(obj.review_reasons)

    def save_model(self, request: HttpRequest, obj: Procedure, form, change: bool) -> None:
        if "online_level" in form.changed_data:
            obj.online_level_source = ValueSource.ADMIN
        if "online_filing_offered" in form.changed_data:
            obj.online_filing_source = ValueSource.ADMIN
        super().save_model(request, obj, form, change)
