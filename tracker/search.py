"""
Search across companies (names, aliases, identifiers, near spellings), list entries,
measures and events: the ``/search/`` page.

Names go through the search engine (:mod:`measures.search.engine`): each
company or official list entry found comes with what matched and how
(exact, alias, prefix, near spelling with its score). Measures are those the
measures list's ``q`` finds (the same :class:`~measures.filters.MeasureFilter`,
so search and the list never disagree about what "matches" means) plus
every measure against a company found, the latter first. Events likewise.
"""

from dataclasses import dataclass, field

from django.db.models import Q

from measures.filters import MAX_QUERY_LENGTH, MAX_QUERY_WORDS, MeasureFilter
from measures.models import Event, Measure, MeasureTarget
from measures.search import engine

MAX_RESULTS = 50
MAX_NAMES = 20


@dataclass
class SearchResults:
    query: str
    hits: list = field(default_factory=list)  # engine.Hit: companies and untracked listings
    measures: list = field(default_factory=list)
    events: list = field(default_factory=list)
    suggestions: list = field(default_factory=list)  # "did you mean": hits below the threshold

    @property
    def companies(self):
        return [hit.company for hit in self.hits if hit.company is not None]

    @property
    def listings(self):
        """Official list entries found that are not tracked companies."""
        return [hit for hit in self.hits if hit.company is None]

    @property
    def corrected_to(self):
        """The names matched by near spelling, when nothing matched exactly or by prefix."""
        if any(hit.how != engine.FUZZY for hit in self.hits):
            return []
        return [hit.text for hit in self.hits]

    @property
    def total(self):
        return len(self.hits) + len(self.measures) + len(self.events)


def search(query):
    """Everything that matches ``query``, in a fixed number of queries (names, measures with
    their targets, events)."""
    query = (query or "").replace("\x00", "").strip()[:MAX_QUERY_LENGTH]
    words = query.split()[:MAX_QUERY_WORDS]
    results = SearchResults(query=query)
    if not words:
        return results
    text = " ".join(words)

    results.hits, results.suggestions = engine.find(text, limit=MAX_NAMES)
    company_ids = [company.pk for company in results.companies]

    text_matches = MeasureFilter({"q": text}, queryset=Measure.objects.all()).qs
    targeted = MeasureTarget.objects.filter(company__in=company_ids).values("measure")
    results.measures = list(
        Measure.objects.filter(Q(pk__in=text_matches.values("pk")) | Q(pk__in=targeted))
        .annotate(relevance=engine.measure_rank(text, company_ids))
        .for_list()
        .order_by("-relevance", "-announced_on", "title")[:MAX_RESULTS]
    )

    event_text = Q()
    for word in words:
        event_text &= Q(title__icontains=word) | Q(description__icontains=word)
    results.events = list(
        Event.objects.filter(event_text | Q(companies__in=company_ids))
        .distinct()
        .order_by("-date", "title")[:MAX_RESULTS]
    )
    return results
