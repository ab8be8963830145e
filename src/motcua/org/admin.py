from django.contrib import admin

from motcua.org.models import (
    AdministrativeUnit,
    Agency,
    FormerUnit,
    Membership,
    Succession,
    UnitVersion,
)


class UnitVersionInline(admin.TabularInline):
    model = UnitVersion
    extra = 0


@admin.register(AdministrativeUnit)
class AdministrativeUnitAdmin(admin.ModelAdmin):
    list_display = ("code", "full_name", "level", "kind", "parent", "gso_1027_code")
    list_filter = ("level", "kind", "parent")
    search_fields = ("code", "gso_1027_code", "name", "full_name", "search_key")
    list_select_related = ("parent",)
    readonly_fields = ("search_key",)
    inlines = [UnitVersionInline]


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


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "code_is_demo", "kind", "unit")
    list_filter = ("kind", "code_is_demo")
    search_fields = ("name", "code", "unit__name")
    list_select_related = ("unit",)
    autocomplete_fields = ("unit", "parent")


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "role", "unit", "agency", "includes_communes", "valid_to")
    list_filter = ("role",)
    search_fields = ("user__username", "user__full_name", "unit__name", "unit__code")
    list_select_related = ("user", "unit", "agency")
    autocomplete_fields = ("user", "unit", "agency")
