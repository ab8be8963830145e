"""Admin: a procedure's process versions with their steps. A version a dossier used is
read-only; "copy as a new version" gives an editable one that becomes the active one."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.forms.models import BaseInlineFormSet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from motcua.core.errors import MotcuaError
from motcua.processes.budgets import StepSpec, steps_problems
from motcua.processes.models import ProcessStep, ProcessVersion
from motcua.processes.services import (
    procedure_limit_hours,
    process_version_copy,
    version_in_use,
)


class StepFormSet(BaseInlineFormSet):
    def clean(self) -> None:
        super().clean()
        if any(self.errors) or not getattr(self.instance, "procedure_id", None):
            return
        kept = [f.cleaned_data for f in self.forms if f.cleaned_data]
        steps = sorted(
            (
                StepSpec(
                    c["position"],
                    c["name"],
                    c["stage"],
                    c["unit"],
                    c["role"],
                    c["budget_hours"] or Decimal(0),
                )
                for c in kept
                if not c.get("DELETE")
            ),
            key=lambda s: s.position,
        )
        problems = steps_problems(steps, procedure_limit_hours(self.instance.procedure))
        if problems:
            raise ValidationError(problems)


class ProcessStepInline(admin.TabularInline):
    model = ProcessStep
    formset = StepFormSet
    extra = 0
    fields = ("position", "name", "stage", "unit", "role", "budget_hours")

    def _locked(self, obj: ProcessVersion | None) -> bool:
        return obj is not None and obj.pk is not None and version_in_use(obj)

    def has_add_permission(self, request: HttpRequest, obj: ProcessVersion | None = None) -> bool:
        return not self._locked(obj) and super().has_add_permission(request, obj)

    def has_change_permission(
        self, request: HttpRequest, obj: ProcessVersion | None = None
    ) -> bool:
        return not self._locked(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(
        self, request: HttpRequest, obj: ProcessVersion | None = None
    ) -> bool:
        return not self._locked(obj) and super().has_delete_permission(request, obj)


@admin.action(description=_("Sao chép thành phiên bản mới"))
def copy_as_new_version(
    modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet[ProcessVersion]
) -> None:
    for version in queryset.select_related("procedure"):
        try:
            new = process_version_copy(version=version, created_by=request.user)
        except MotcuaError as exc:
            modeladmin.message_user(request, exc.message, messages.ERROR)
        else:
            modeladmin.message_user(
                request, _("Đã tạo phiên bản %(n)s.") % {"n": new.number}, messages.SUCCESS
            )


@admin.register(ProcessVersion)
class ProcessVersionAdmin(admin.ModelAdmin):
    list_display = ("procedure", "number", "generated", "limit_hours", "created_at", "created_by")
    list_filter = ("generated",)
    search_fields = ("procedure__code", "procedure__name")
    list_select_related = ("procedure", "created_by")
    autocomplete_fields = ("procedure",)
    inlines = [ProcessStepInline]
    actions = [copy_as_new_version]
    readonly_fields = ("number", "limit_hours", "generated", "created_at", "created_by")

    def get_readonly_fields(self, request: HttpRequest, obj: ProcessVersion | None = None):
        if obj is not None and version_in_use(obj):
            return ("procedure", "note", *self.readonly_fields)
        if obj is not None:
            return ("procedure", *self.readonly_fields)
        return self.readonly_fields

    def save_model(self, request: HttpRequest, obj: ProcessVersion, form, change: bool) -> None:
        if not change:
            last = (
                ProcessVersion.objects.filter(procedure=obj.procedure).order_by("-number").first()
            )
            obj.number = (last.number if last else 0) + 1
            obj.created_by = request.user
        obj.limit_hours = procedure_limit_hours(obj.procedure)
        super().save_model(request, obj, form, change)

    def save_related(self, request: HttpRequest, form, formsets, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        form.instance.save(update_fields=["updated_at"])  # new cache key for the steps
