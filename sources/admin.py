"""The editors' admin for sources and the quotes they report."""

from django import forms
from django.contrib import admin

from core.admin import TrackerAdmin, TrackerInlineMixin
from core.forms import PartialDateFormMixin, model_formfield, unique_slug_messages

from .models import ImportRun, ListEntry, ListingPeriod, Quote, RejectedRow, Source


class SourceForm(PartialDateFormMixin, forms.ModelForm):
    partial_date_fields = ("published_on",)

    class Meta:
        model = Source
        fields = ["publisher", "author", "title", "published_on", "url", "slug", "excerpt"]
        error_messages = unique_slug_messages("source")
        formfield_callback = model_formfield
        widgets = {
            "title": forms.TextInput(attrs={"size": 80}),
            "url": forms.URLInput(attrs={"size": 80}),
            "excerpt": forms.Textarea(attrs={"rows": 4, "cols": 80}),
        }


class QuoteInline(TrackerInlineMixin, admin.TabularInline):
    model = Quote
    fields = ["position", "speaker", "speaker_role", "text"]
    extra = 0

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "text":
            kwargs["widget"] = forms.Textarea(attrs={"rows": 2, "cols": 60})
        return super().formfield_for_dbfield(db_field, request, **kwargs)


@admin.register(Source)
class SourceAdmin(TrackerAdmin):
    form = SourceForm
    list_display = ["title", "publisher", "author", "published", "has_url"]
    list_filter = ["publisher", "published_on_precision"]
    search_fields = ["title", "publisher", "author", "slug", "excerpt", "quotes__speaker"]
    date_hierarchy = "published_on"
    prepopulated_fields = {"slug": ["publisher", "published_on", "title"]}
    inlines = [QuoteInline]
    fieldsets = [
        (None, {"fields": ["publisher", "author", "title", "published_on", "url", "slug"]}),
        ("Excerpt", {"fields": ["excerpt"]}),
    ]

    @admin.display(description="published", ordering="published_on")
    def published(self, obj):
        return str(obj.published) if obj.published else ""

    @admin.display(description="URL", boolean=True)
    def has_url(self, obj):
        return bool(obj.url)


@admin.register(Quote)
class QuoteAdmin(TrackerAdmin):
    list_display = ["speaker", "speaker_role", "excerpt", "source"]
    search_fields = ["speaker", "speaker_role", "text", "source__title"]
    list_select_related = ["source"]
    autocomplete_fields = ["source"]

    @admin.display(description="text")
    def excerpt(self, obj):
        return obj.text if len(obj.text) <= 80 else obj.text[:79] + "…"


# Official lists: read-only, written only by imports (manage.py import_list).


class ReadOnlyAdminMixin:
    """Imported provenance: editors read it, only an import writes it."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class RejectedRowInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = RejectedRow
    fields = ["line", "reason", "excerpt"]
    readonly_fields = fields
    extra = 0


@admin.register(ImportRun)
class ImportRunAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = [
        "list_key",
        "started_at",
        "file_date",
        "created",
        "updated",
        "unchanged",
        "relisted",
        "delisted",
        "rejected",
        "companies_created",
        "sent_to_review",
    ]
    list_filter = ["list_key"]
    search_fields = ["location", "sha256"]
    date_hierarchy = "started_at"
    inlines = [RejectedRowInline]


class ListingPeriodInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = ListingPeriod
    fields = ["start", "end", "started_run", "ended_run"]
    readonly_fields = fields
    extra = 0


@admin.register(ListEntry)
class ListEntryAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["name", "list_key", "source_list", "kind", "listed_on", "delisted_on"]
    list_filter = ["list_key", "source_list", "kind", ("delisted_on", admin.EmptyFieldListFilter)]
    search_fields = ["name", "entry_id", "federal_register"]
    list_select_related = []
    inlines = [ListingPeriodInline]
    exclude = ["first_run", "last_run"]
