"""The editors' admin for sources and the quotes they report."""

from django import forms
from django.contrib import admin

from core.admin import TrackerAdmin, TrackerInlineMixin
from core.forms import PartialDateFormMixin, model_formfield, unique_slug_messages

from .models import Quote, Source


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
