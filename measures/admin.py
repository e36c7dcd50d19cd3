"""
The editors' admin for measures, milestones, events and types.

Every admin keeps a history (django-reversion, through :class:`TrackerAdmin`).
Partial dates are one text box each (``2019``, ``2019-05``, ``2019-05-15``);
the mistakes an editor can make (a lifted measure without its lift date, a
deadline before the announcement, a duplicate slug) come back as messages
next to the field, before the database would refuse the row.
"""

from django import forms
from django.contrib import admin
from django.db.models import Count
from django.utils import timezone

from core.admin import TrackerAdmin, TrackerInlineMixin
from core.forms import (
    PartialDateFormMixin,
    unique_slug_messages,
)

from .models import (
    Event,
    Measure,
    MeasureRelation,
    MeasureTarget,
    MeasureType,
    Milestone,
    announcement_problem,
)

# Forms


class MeasureForm(PartialDateFormMixin, forms.ModelForm):
    partial_date_fields = ("announced_on", "effective_on", "lifted_on")
    partial_date_help = ""  # the "Dates" fieldset says it once

    class Meta:
        model = Measure
        fields = [
            "title",
            "slug",
            "measure_type",
            "status",
            "government",
            "authority",
            "announced_on",
            "effective_on",
            "lifted_on",
            "summary",
            "legal_basis",
            "coverage",
            "status_note",
            "sources",
            "quotes",
            "reviewed_on",
        ]
        error_messages = unique_slug_messages("measure")
        widgets = {
            "title": forms.TextInput(attrs={"size": 80}),
            "summary": forms.Textarea(attrs={"rows": 7, "cols": 80}),
            "legal_basis": forms.TextInput(attrs={"size": 80}),
        }


class MilestoneForm(PartialDateFormMixin, forms.ModelForm):
    partial_date_fields = ("date",)

    class Meta:
        model = Milestone
        fields = ["measure", "kind", "date", "description", "position"]
        widgets = {"description": forms.TextInput(attrs={"size": 60})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "position" in self.fields:
            # Most milestones need no position: empty means the default order (0).
            self.fields["position"].required = False

    def clean_position(self):
        return self.cleaned_data.get("position") or 0

    def clean(self):
        cleaned_data = super().clean()
        # Milestone.clean() checks the date against a saved measure. A measure
        # entered in the same form as its milestones has no primary key yet:
        # check against the announcement the editor has just typed.
        measure = cleaned_data.get("measure")
        when = self.partial_date("date")
        if measure is not None and measure.pk is None and when:
            problem = announcement_problem(cleaned_data.get("kind"), when, measure)
            if problem:
                self.add_error("date", problem)
        return cleaned_data


class EventForm(PartialDateFormMixin, forms.ModelForm):
    partial_date_fields = ("date",)

    class Meta:
        model = Event
        fields = [
            "title",
            "slug",
            "kind",
            "date",
            "description",
            "companies",
            "governments",
            "measures",
            "sources",
            "quotes",
            "reviewed_on",
        ]
        error_messages = unique_slug_messages("event")
        widgets = {
            "title": forms.TextInput(attrs={"size": 80}),
            "description": forms.Textarea(attrs={"rows": 4, "cols": 80}),
        }


class MeasureTypeForm(forms.ModelForm):
    class Meta:
        model = MeasureType
        fields = ["name", "slug", "description"]
        error_messages = unique_slug_messages("measure type")


# Inlines


class CompactInlineMixin:
    """One empty row when adding a record, none when changing it ("Add another" adds more)."""

    def get_extra(self, request, obj=None, **kwargs):
        return 0 if obj is not None else 1


class MeasureTargetInline(CompactInlineMixin, TrackerInlineMixin, admin.TabularInline):
    model = MeasureTarget
    fields = ["company", "note"]
    autocomplete_fields = ["company"]
    verbose_name_plural = "targets"


class MilestoneInline(CompactInlineMixin, TrackerInlineMixin, admin.TabularInline):
    model = Milestone
    form = MilestoneForm
    fields = ["kind", "date", "description", "position"]


class MeasureRelationInline(TrackerInlineMixin, admin.TabularInline):
    model = MeasureRelation
    fk_name = "from_measure"
    fields = ["kind", "to_measure"]
    extra = 0
    autocomplete_fields = ["to_measure"]
    verbose_name = "related measure"
    verbose_name_plural = "related measures (this measure expands, supersedes… another)"


# Admins


@admin.register(Measure)
class MeasureAdmin(TrackerAdmin):
    form = MeasureForm
    list_display = [
        "title",
        "government",
        "measure_type",
        "status",
        "announced",
        "target_names",
    ]
    list_filter = ["status", "measure_type", "government", "government__groups", "coverage"]
    search_fields = [
        "title",
        "slug",
        "summary",
        "legal_basis",
        "targets__short_name",
        "targets__legal_name",
        "targets__aliases__name",
    ]
    list_select_related = ["government", "measure_type"]
    date_hierarchy = "announced_on"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["authority", "sources", "quotes"]
    save_on_top = True
    inlines = [MeasureTargetInline, MilestoneInline, MeasureRelationInline]
    fieldsets = [
        (
            None,
            {"fields": ["title", "slug", "measure_type", "status", "government", "authority"]},
        ),
        (
            "Dates",
            {
                "fields": ["announced_on", "effective_on", "lifted_on"],
                "description": "Type as much of each date as is known: 2019, 2019-05 or "
                "2019-05-15. Deadlines and other steps go under Milestones below.",
            },
        ),
        ("What it does", {"fields": ["summary", "legal_basis", "coverage", "status_note"]}),
        (
            "Sources",
            {
                "fields": ["sources", "quotes", "reviewed_on"],
                "description": "A quote shows only on the pages it is linked to. “Facts last "
                "checked” is the day an editor checked this record against its sources.",
            },
        ),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("targets")

    @admin.display(description="announced", ordering="announced_on")
    def announced(self, obj):
        return str(obj.announced)

    @admin.display(description="targets")
    def target_names(self, obj):
        return ", ".join(company.short_name for company in obj.targets.all())

    def save_model(self, request, obj, form, change):
        # The database refuses an announcement later than a saved milestone.
        # When the editor moves both in one go, save the milestones first:
        # keep the saved announcement until the inlines are saved.
        later = None
        if change and "announced_on" in form.changed_data:
            saved = (
                Measure.objects.filter(pk=obj.pk)
                .values_list("announced_on", "announced_on_precision")
                .first()
            )
            if saved and saved[0] < obj.announced_on:
                later = (obj.announced_on, obj.announced_on_precision)
                obj.announced_on, obj.announced_on_precision = saved
        super().save_model(request, obj, form, change)
        if later:
            obj.announced_on, obj.announced_on_precision = later
            obj.later_announcement_pending = True

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if getattr(form.instance, "later_announcement_pending", False):
            del form.instance.later_announcement_pending
            form.instance.save()


class UpdatesMeasureMixin:
    """A row edited on its own page still makes its measure "last updated" now."""

    measure_field = "measure"

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        self.touch_measures([getattr(obj, f"{self.measure_field}_id")])

    def delete_model(self, request, obj):
        measure_id = getattr(obj, f"{self.measure_field}_id")
        super().delete_model(request, obj)
        self.touch_measures([measure_id])

    def delete_queryset(self, request, queryset):
        measure_ids = list(queryset.values_list(f"{self.measure_field}_id", flat=True))
        super().delete_queryset(request, queryset)
        self.touch_measures(measure_ids)

    def touch_measures(self, measure_ids):
        Measure.objects.filter(pk__in=measure_ids).update(updated_at=timezone.now())


@admin.register(Milestone)
class MilestoneAdmin(UpdatesMeasureMixin, TrackerAdmin):
    form = MilestoneForm
    list_display = ["measure", "kind", "when", "description", "is_past"]
    list_filter = ["kind", "date_precision", "measure__government"]
    search_fields = ["measure__title", "description"]
    list_select_related = ["measure"]
    date_hierarchy = "date"
    autocomplete_fields = ["measure"]
    fields = ["measure", "kind", "date", "description"]

    @admin.display(description="date", ordering="date")
    def when(self, obj):
        return str(obj.when)

    @admin.display(description="past", boolean=True)
    def is_past(self, obj):
        return obj.is_past


@admin.register(MeasureType)
class MeasureTypeAdmin(TrackerAdmin):
    form = MeasureTypeForm
    list_display = ["name", "slug", "measure_count", "on_site"]
    search_fields = ["name", "slug", "description"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        # An aggregate drops Meta.ordering; keep it for the autocomplete's pages.
        return (
            super()
            .get_queryset(request)
            .annotate(measure_count=Count("measures"))
            .order_by(*self.model._meta.ordering)
        )

    @admin.display(description="measures", ordering="measure_count")
    def measure_count(self, obj):
        return obj.measure_count


@admin.register(MeasureTarget)
class MeasureTargetAdmin(UpdatesMeasureMixin, TrackerAdmin):
    list_display = ["company", "measure", "note"]
    list_filter = ["measure__government", "measure__measure_type"]
    search_fields = ["company__short_name", "company__aliases__name", "measure__title", "note"]
    list_select_related = ["company", "measure"]
    autocomplete_fields = ["measure", "company"]


@admin.register(MeasureRelation)
class MeasureRelationAdmin(UpdatesMeasureMixin, TrackerAdmin):
    measure_field = "from_measure"
    list_display = ["from_measure", "kind", "to_measure"]
    list_filter = ["kind"]
    search_fields = ["from_measure__title", "to_measure__title"]
    list_select_related = ["from_measure", "to_measure"]
    autocomplete_fields = ["from_measure", "to_measure"]


@admin.register(Event)
class EventAdmin(TrackerAdmin):
    form = EventForm
    list_display = ["title", "when", "company_names"]
    list_filter = ["governments", "companies"]
    search_fields = [
        "title",
        "slug",
        "description",
        "companies__short_name",
        "companies__aliases__name",
    ]
    date_hierarchy = "date"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["companies", "governments", "measures", "sources", "quotes"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "kind", "date", "description"]}),
        (
            "Who and on whose word",
            {
                "fields": [
                    *("companies", "governments", "measures"),
                    *("sources", "quotes", "reviewed_on"),
                ]
            },
        ),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("companies")

    @admin.display(description="date", ordering="date")
    def when(self, obj):
        return str(obj.when)

    @admin.display(description="companies")
    def company_names(self, obj):
        return ", ".join(company.short_name for company in obj.companies.all())


from .listings import admin as _listings_admin  # noqa: E402, F401 (the review queue)
