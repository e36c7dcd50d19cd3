"""``/lists/``: the official lists the tracker imports, each with its last run."""

from django.db.models import Count, Prefetch, Q
from django.views.generic import TemplateView

from .importers.formats import FORMATS
from .models import ImportRun, ListEntry, ListingPeriod

# The page names this many entries added and removed per list; counts say the rest.
CHANGES_SHOWN = 20


class ListsView(TemplateView):
    """Each list: its official address, its last import (file date, hash, counts) and changes.

    Queries: one for the last runs, one for the entry counts, and two per list imported for
    what its last run added and removed (a fixed number: the lists are the registry's).
    """

    template_name = "sources/lists.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        last_runs = {}
        for run in (
            ImportRun.objects.filter(finished_at__isnull=False)
            .order_by("list_key", "-started_at", "-pk")
            .select_related("same_file_as")
        ):
            last_runs.setdefault(run.list_key, run)
        counts = {
            row["list_key"]: row
            for row in ListEntry.objects.values("list_key").annotate(
                listed=Count("pk", filter=Q(delisted_on__isnull=True)),
                delisted=Count("pk", filter=Q(delisted_on__isnull=False)),
            )
        }
        lists = []
        for key, fmt in FORMATS.items():
            run = last_runs.get(key)
            changes_run = (run.same_file_as or run) if run else None
            added = removed = []
            if changes_run:
                added = list(
                    ListingPeriod.objects.filter(started_run=changes_run)
                    .select_related("entry")
                    .order_by("entry__name")[:CHANGES_SHOWN]
                )
                removed = list(
                    ListingPeriod.objects.filter(ended_run=changes_run)
                    .select_related("entry")
                    .order_by("entry__name")[:CHANGES_SHOWN]
                )
            lists.append(
                {
                    "key": key,
                    "format": fmt,
                    "run": run,
                    "changes_run": changes_run,
                    "listed": counts.get(key, {}).get("listed", 0),
                    "delisted": counts.get(key, {}).get("delisted", 0),
                    "added": added,
                    "removed": removed,
                }
            )
        context["lists"] = lists
        return context


def listings_of(company):
    """The list entries behind ``company`` (through its matches), with their periods."""
    return list(
        ListEntry.objects.filter(match__company=company)
        .prefetch_related(Prefetch("periods", queryset=ListingPeriod.objects.order_by("start")))
        .order_by("delisted_on", "list_key", "-listed_on")[:50]
    )
