"""
Atom feed of new and changed measures, for any filtered view of the list.

``/measures/feed.atom`` takes the measures list's query string
(:class:`~measures.filters.MeasureFilter`), so a reader can follow any view:
``/measures/feed.atom?company=hikvision`` is everything against Hikvision.
Entries are the :data:`FEED_SIZE` most recently changed matching measures,
newest change first (``sort`` and ``page`` do not apply). Each entry's id is
the measure's permalink, which never changes; ``<updated>`` is the
measure's last change and ``<published>`` when it was added.
"""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.html import format_html

from core.text import SafeAtom1Feed

from ..models import Measure
from .pipeline import LIST_ONLY_PARAMETERS, Selection, measures_output

FEED_SIZE = 50
SITE_NAME = "Sanctions Tracker"


def describe_filters(filterset):
    """``company: Hikvision; status: In force`` for the feed's title."""
    parts = []
    for name, value in filterset.form.cleaned_data.items():
        if name in LIST_ONLY_PARAMETERS or not value:
            continue
        label = filterset.filters[name].label or name
        if name == "status":
            choices = dict(filterset.filters[name].extra["choices"])
            values = [str(choices.get(item, item)) for item in value]
        elif hasattr(value, "isoformat"):
            values = [value.isoformat()]
        elif isinstance(value, str):
            values = [value]
        else:
            values = [str(item) for item in value]
        parts.append(f"{label}: {', '.join(values)}")
    return "; ".join(parts)


class MeasureFeed(Feed):
    """New and changed measures matching the list's filters, as Atom 1.0."""

    # Drops characters XML 1.0 cannot carry, so no stored text or query breaks the feed.
    feed_type = SafeAtom1Feed
    author_name = SITE_NAME

    def get_object(self, request, selection: Selection):
        return selection

    def title(self, selection):
        described = describe_filters(selection.filterset)
        return f"{SITE_NAME}: measures" + (f" ({described})" if described else "")

    def subtitle(self, selection):
        return "New and changed measures against technology companies."

    def link(self, selection):
        query = selection.list_query
        return reverse("measures:list") + (f"?{query}" if query else "")

    def feed_url(self, selection):
        return selection.path

    def feed_guid(self, selection):
        # The feed's own address, query included, names this view for good.
        return selection.base_url + selection.path

    def items(self, selection):
        return selection.measures.order_by("-updated_at", "slug")[:FEED_SIZE]

    def item_title(self, measure):
        # Atom titles are text, not HTML: the XML writer escapes them.
        return measure.title

    def item_description(self, measure):
        # Atom summaries here are HTML (type="html"): escape everything from the database.
        targets = ", ".join(company.short_name for company in measure.targets.all())
        return format_html(
            "<p>{} · {} · imposed by {} · against {} · announced {}</p><p>{}</p>",
            measure.get_status_display(),
            measure.measure_type.name,
            measure.government.name,
            targets or "no named company",
            measure.announced,
            measure.summary,
        )

    def item_pubdate(self, measure):
        return measure.created_at

    def item_updateddate(self, measure):
        return measure.updated_at

    def item_categories(self, measure):
        return [measure.measure_type.name, measure.get_status_display(), measure.government.code]


@measures_output(Measure.objects.for_list)
def measures_atom(request, selection):
    """New and changed measures matching the list's filters, as an Atom feed."""
    return MeasureFeed()(request, selection=selection)
