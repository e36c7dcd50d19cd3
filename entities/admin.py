from django.contrib import admin

from .models import Alias, Authority, Company, Government, Group, Identifier


@admin.register(Group)
class GroupAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Government)
class GovernmentAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "kind"]
    list_filter = ["kind", "groups"]
    search_fields = ["name", "code"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["groups"]


@admin.register(Authority)
class AuthorityAdmin(admin.ModelAdmin):
    list_display = ["name", "abbreviation", "government"]
    list_filter = ["government"]
    search_fields = ["name", "abbreviation"]
    list_select_related = ["government"]
    prepopulated_fields = {"slug": ["abbreviation"]}


class AliasInline(admin.TabularInline):
    model = Alias
    extra = 1


class IdentifierInline(admin.TabularInline):
    model = Identifier
    extra = 1


@admin.register(Company)
class CompanyAdmin(admin.ModelAdmin):
    list_display = ["short_name", "legal_name", "country", "parent"]
    list_filter = ["country"]
    search_fields = ["short_name", "legal_name", "aliases__name"]
    list_select_related = ["country", "parent"]
    prepopulated_fields = {"slug": ["short_name"]}
    autocomplete_fields = ["parent", "sources"]
    inlines = [AliasInline, IdentifierInline]


@admin.register(Alias)
class AliasAdmin(admin.ModelAdmin):
    list_display = ["name", "company"]
    search_fields = ["name", "company__short_name"]
    list_select_related = ["company"]
    autocomplete_fields = ["company"]


@admin.register(Identifier)
class IdentifierAdmin(admin.ModelAdmin):
    list_display = ["value", "scheme", "company"]
    list_filter = ["scheme"]
    search_fields = ["value", "company__short_name"]
    list_select_related = ["company"]
    autocomplete_fields = ["company"]
