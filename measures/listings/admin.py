"""The editors' review queue: list entries the importer would not match on its own.

An editor accepts the suggested company, picks another one (the "company" field), or
makes a new company from the entry; the entry's listings then join the measures of its
acts. Nothing is merged without this decision.
"""

from django.contrib import admin, messages
from django.db import transaction
from django.utils import timezone

from ..models import EntryMatch, MatchStatus
from .review import decide


@admin.register(EntryMatch)
class EntryMatchAdmin(admin.ModelAdmin):
    list_display = ["entry", "list_name", "countries", "status", "candidate", "company", "reason"]
    list_filter = ["status", "entry__list_key"]
    search_fields = ["entry__name", "company__short_name", "candidate__short_name"]
    list_select_related = ["entry", "candidate", "company"]
    autocomplete_fields = ["company", "candidate", "country"]
    readonly_fields = ["entry", "status", "reason", "decided_at", "candidate"]
    fields = ["entry", "status", "reason", "candidate", "company", "country", "decided_at"]
    actions = ["accept_candidate", "make_new_company"]

    @admin.display(description="list")
    def list_name(self, obj):
        return f"{obj.entry.list_key} {obj.entry.source_list}"

    @admin.display(description="countries")
    def countries(self, obj):
        return ", ".join(obj.entry.countries)

    def has_add_permission(self, request):
        return False

    def save_model(self, request, obj, form, change):
        if obj.company_id and obj.status == MatchStatus.REVIEW:
            with transaction.atomic():
                decide(obj, company=obj.company, user=request.user)
            return
        super().save_model(request, obj, form, change)

    @admin.action(description="Accept the suggested company")
    def accept_candidate(self, request, queryset):
        done = 0
        with transaction.atomic():
            for match in queryset.filter(status=MatchStatus.REVIEW, candidate__isnull=False):
                decide(match, company=match.candidate, user=request.user)
                done += 1
        self.message_user(request, f"{done} entries joined their suggested company.")

    @admin.action(description="Make a new company from each entry")
    def make_new_company(self, request, queryset):
        done, skipped = 0, 0
        with transaction.atomic():
            for match in queryset.filter(status=MatchStatus.REVIEW):
                if not (match.country_id or match.entry.countries):
                    skipped += 1
                    continue
                decide(match, company=None, user=request.user)
                done += 1
        self.message_user(request, f"{done} new companies made.")
        if skipped:
            self.message_user(
                request,
                f"{skipped} entries state no country: set one (“country”) first.",
                messages.WARNING,
            )

    def get_changeform_initial_data(self, request):
        return {"decided_at": timezone.now()}
