"""The org admin. A superuser sees everything; any other staff user sees and edits only the
agencies and memberships of the units they administer (``unit_codes_for(user,
Role.ADMINISTRATOR)``), within the model permissions they hold
(``constants.PROVINCE_ADMIN_PERMISSIONS`` for a province administrator).

Units, their versions and the former map are reference data: their dated attributes change
only through imports and dated changes (``motcua import-units``), never in the admin.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from motcua.org.constants import Role
from motcua.org.models import (
    AdministrativeUnit,
    Agency,
    FormerUnit,
    Membership,
    Succession,
    UnitVersion,
)
from motcua.org.selectors import unit_codes_for

# Models whose ``unit`` field is scoped to the units a non-superuser administers.
SCOPED_UNIT_FIELDS = {("org", "agency", "unit"), ("org", "membership", "unit")}


def admin_scope(request: HttpRequest) -> set[str] | None:
    """The unit codes ``request.user`` administers; None for a superuser (no limit)."""
    if request.user.is_superuser:
        return None
    return unit_codes_for(request.user, Role.ADMINISTRATOR)


class UnitVersionInline(admin.TabularInline):
    model = UnitVersion
    extra = 0
    can_delete = False
    fields = ("valid_from", "valid_to", "kind", "name", "full_name", "legal_basis")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


@admin.register(AdministrativeUnit)
class AdministrativeUnitAdmin(admin.ModelAdmin):
    list_display = ("code", "full_name", "level", "kind", "parent", "gso_1027_code")
    list_filter = ("level", "kind", "parent")
    search_fields = ("code", "gso_1027_code", "name", "full_name", "search_key")
    list_select_related = ("parent",)
    # Kind and names are dated (UnitVersion) and derived by units_sync_current.
    readonly_fields = ("kind", "name", "full_name", "search_key")
    inlines = [UnitVersionInline]

    # The map (34 provinces, 3,321 communes) changes only through imports.
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet, search_term: str
    ) -> tuple[QuerySet, bool]:
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        scope = admin_scope(request)
        match = request.resolver_match
        source = tuple(request.GET.get(k, "") for k in ("app_label", "model_name", "field_name"))
        if (
            scope is not None
            and match is not None
            and match.url_name == "autocomplete"
            and source in SCOPED_UNIT_FIELDS
        ):
            queryset = queryset.filter(code__in=scope)
        return queryset, may_have_duplicates


@admin.register(FormerUnit)
class FormerUnitAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "level", "valid_to")
    list_filter = ("level",)
    search_fields = ("code", "name")


@admin.register(Succession)
class SuccessionAdmin(admin.ModelAdmin):
    list_display = ("former", "successor", "merge_type")
    list_filter = ("merge_type",)
    search_fields = ("former__code", "former__name", "successor__code", "successor__name")
    list_select_related = ("former", "successor")
    raw_id_fields = ("former", "successor")


class UnitScopedAdmin(admin.ModelAdmin):
    """Rows, ``unit`` choices and saves limited to the units the user administers."""

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        queryset = super().get_queryset(request)
        scope = admin_scope(request)
        return queryset if scope is None else queryset.filter(unit_id__in=scope)

    def formfield_for_foreignkey(
        self, db_field: Any, request: HttpRequest, **kwargs: Any
    ) -> forms.Field | None:
        scope = admin_scope(request)
        if db_field.name == "unit" and scope is not None:
            kwargs["queryset"] = AdministrativeUnit.objects.filter(code__in=scope)
            formfield = super().formfield_for_foreignkey(db_field, request, **kwargs)
            if formfield is not None:
                formfield.required = True  # no central (unit-less) rows outside a superuser
            return formfield
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        scope = admin_scope(request)
        if scope is not None and obj.unit_id not in scope:
            raise PermissionDenied
        super().save_model(request, obj, form, change)


@admin.register(Agency)
class AgencyAdmin(UnitScopedAdmin):
    list_display = ("name", "code", "code_is_demo", "kind", "unit")
    list_filter = ("kind", "code_is_demo")
    search_fields = ("name", "code", "unit__name")
    list_select_related = ("unit",)
    autocomplete_fields = ("unit", "parent")


@admin.register(Membership)
class MembershipAdmin(UnitScopedAdmin):
    list_display = ("user", "role", "unit", "agency", "includes_communes", "valid_to")
    list_filter = ("role",)
    search_fields = ("user__username", "user__full_name", "unit__name", "unit__code")
    list_select_related = ("user", "unit", "agency")
    autocomplete_fields = ("user", "unit", "agency")

    # A non-superuser cannot browse the national list of users: on a new membership they type
    # the user name; an existing membership keeps its user.
    def get_autocomplete_fields(self, request: HttpRequest) -> tuple[str, ...]:
        fields = tuple(super().get_autocomplete_fields(request))
        return fields if request.user.is_superuser else tuple(f for f in fields if f != "user")

    def get_readonly_fields(self, request: HttpRequest, obj: Model | None = None) -> tuple:
        fields = tuple(super().get_readonly_fields(request, obj))
        return fields if obj is None or request.user.is_superuser else (*fields, "user")

    def formfield_for_foreignkey(
        self, db_field: Any, request: HttpRequest, **kwargs: Any
    ) -> forms.Field | None:
        if db_field.name == "user" and not request.user.is_superuser:
            return forms.ModelChoiceField(
                queryset=get_user_model().objects.filter(is_active=True),
                to_field_name="username",
                widget=forms.TextInput,
                label=_("tên đăng nhập"),
                help_text=_("Tên đăng nhập của cán bộ được phân quyền."),
                error_messages={
                    "invalid_choice": _("Không có tài khoản đang hoạt động với tên đăng nhập này.")
                },
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
