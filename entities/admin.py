"""
The editors' admin for groups, governments, authorities and companies.

Companies are found by any of their names (short, legal, aliases) and
identifiers, here and in every autocomplete that picks a company. Every
admin keeps a history (django-reversion, through :class:`TrackerAdmin`).
"""

from django import forms
from django.contrib import admin
from django.db.models import Count

from core.admin import TrackerAdmin, TrackerInlineMixin
from core.forms import unique_slug_messages

from .models import Alias, Authority, Company, Government, Group, Identifier


def slug_form(model, noun, fields):
    """A ModelForm for ``model`` whose duplicate-slug message names what the slug is for."""
    meta = type("Meta", (), {"model": model, "fields": fields})
    meta.error_messages = unique_slug_messages(noun)
    return type(f"{model.__name__}Form", (forms.ModelForm,), {"Meta": meta})


@admin.register(Group)
class GroupAdmin(TrackerAdmin):
    form = slug_form(Group, "group", ["name", "slug", "description"])
    list_display = ["name", "slug", "member_count", "on_site"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        # An aggregate drops Meta.ordering; keep it for the autocomplete's pages.
        return (
            super()
            .get_queryset(request)
            .annotate(member_count=Count("members"))
            .order_by(*self.model._meta.ordering)
        )

    @admin.display(description="members", ordering="member_count")
    def member_count(self, obj):
        return obj.member_count


@admin.register(Government)
class GovernmentAdmin(TrackerAdmin):
    form = slug_form(Government, "government", ["name", "code", "slug", "kind", "groups"])
    list_display = ["name", "code", "kind", "group_names", "on_site"]
    list_filter = ["kind", "groups"]
    search_fields = ["name", "code", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["groups"]
    fields = ["name", "code", "slug", "kind", "groups"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("groups")

    @admin.display(description="groups")
    def group_names(self, obj):
        return ", ".join(group.name for group in obj.groups.all())


@admin.register(Authority)
class AuthorityAdmin(TrackerAdmin):
    form = slug_form(
        Authority, "authority", ["government", "name", "abbreviation", "slug", "description"]
    )
    list_display = ["name", "abbreviation", "government"]
    list_filter = ["government"]
    search_fields = ["name", "abbreviation", "slug", "government__name"]
    list_select_related = ["government"]
    prepopulated_fields = {"slug": ["abbreviation"]}
    fields = ["government", "name", "abbreviation", "slug", "description"]


class AliasInline(TrackerInlineMixin, admin.TabularInline):
    model = Alias
    extra = 0
    verbose_name_plural = "aliases (other names and spellings; searchable)"


class IdentifierInline(TrackerInlineMixin, admin.TabularInline):
    model = Identifier
    extra = 0


@admin.register(Company)
class CompanyAdmin(TrackerAdmin):
    form = slug_form(
        Company,
        "company",
        ["short_name", "legal_name", "slug", "country", "parent", "description", "sources"],
    )
    list_display = [
        "short_name",
        "legal_name",
        "country",
        "parent",
        "alias_names",
        "measure_count",
        "on_site",
    ]
    list_filter = ["country"]
    search_fields = [
        "short_name",
        "legal_name",
        "slug",
        "aliases__name",
        "identifiers__value",
    ]
    list_select_related = ["country", "parent"]
    prepopulated_fields = {"slug": ["short_name"]}
    autocomplete_fields = ["parent", "sources", "quotes"]
    inlines = [AliasInline, IdentifierInline]
    fieldsets = [
        (None, {"fields": ["short_name", "legal_name", "slug", "country", "parent"]}),
        ("About", {"fields": ["description", "sources", "quotes", "reviewed_on"]}),
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .prefetch_related("aliases")
            .annotate(measure_count=Count("measures", distinct=True))
            .order_by(*self.model._meta.ordering)  # an aggregate drops Meta.ordering
        )

    @admin.display(description="aliases")
    def alias_names(self, obj):
        return ", ".join(alias.name for alias in obj.aliases.all())

    @admin.display(description="measures", ordering="measure_count")
    def measure_count(self, obj):
        return obj.measure_count


@admin.register(Alias)
class AliasAdmin(TrackerAdmin):
    list_display = ["name", "company"]
    search_fields = ["name", "company__short_name", "company__legal_name"]
    list_select_related = ["company"]
    autocomplete_fields = ["company"]


@admin.register(Identifier)
class IdentifierAdmin(TrackerAdmin):
    list_display = ["value", "scheme", "company", "note"]
    list_filter = ["scheme"]
    search_fields = ["value", "company__short_name", "note"]
    list_select_related = ["company"]
    autocomplete_fields = ["company"]
