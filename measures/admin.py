from django.contrib import admin

from .models import (
    Event,
    Measure,
    MeasureRelation,
    MeasureTarget,
    MeasureType,
    Milestone,
    Quote,
    Source,
)


class QuoteInline(admin.StackedInline):
    model = Quote
    extra = 0


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["title", "publisher", "author", "published_on"]
    search_fields = ["title", "publisher", "author"]
    prepopulated_fields = {"slug": ["publisher", "title"]}
    inlines = [QuoteInline]


@admin.register(Quote)
class QuoteAdmin(admin.ModelAdmin):
    list_display = ["speaker", "source"]
    search_fields = ["speaker", "text"]
    autocomplete_fields = ["source"]


@admin.register(MeasureType)
class MeasureTypeAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


class MeasureTargetInline(admin.TabularInline):
    model = MeasureTarget
    extra = 1
    autocomplete_fields = ["company"]


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 1


class MeasureRelationInline(admin.TabularInline):
    model = MeasureRelation
    fk_name = "from_measure"
    extra = 0
    autocomplete_fields = ["to_measure"]


@admin.register(Measure)
class MeasureAdmin(admin.ModelAdmin):
    list_display = ["title", "government", "measure_type", "status", "announced_on"]
    list_filter = ["status", "measure_type", "government"]
    search_fields = ["title", "summary", "targets__short_name"]
    list_select_related = ["government", "measure_type"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["authority", "sources"]
    date_hierarchy = "announced_on"
    inlines = [MeasureTargetInline, MilestoneInline, MeasureRelationInline]


@admin.register(Milestone)
class MilestoneAdmin(admin.ModelAdmin):
    list_display = ["measure", "kind", "date", "date_precision"]
    list_filter = ["kind"]
    search_fields = ["measure__title", "description"]
    list_select_related = ["measure"]
    autocomplete_fields = ["measure"]


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["title", "date", "date_precision"]
    search_fields = ["title", "description"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["companies", "governments", "sources"]
