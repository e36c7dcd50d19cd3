"""
Search across companies (names and aliases, tolerant of spelling), measures and events.

Exact substrings are found first; when a word matches no company name, the
closest names and aliases by spelling are tried (difflib's ratio), so
"Hikvison" or "Hauwei" still finds the company. Measures reuse the public
list's text filter, plus every measure against a company found, so search
and the measures list never disagree about what "matches" means.
"""

import difflib
import unicodedata
from dataclasses import dataclass, field

from django.db.models import Q

from entities.models import Alias, Company
from measures.filters import MAX_QUERY_LENGTH, MAX_QUERY_WORDS, MeasureFilter
from measures.models import Event, Measure

# How alike two spellings must be (0..1) to count as the same name.
SPELLING_CUTOFF = 0.75
MIN_FUZZY_LENGTH = 4
MAX_RESULTS = 50


@dataclass
class SearchResults:
    query: str
    companies: list = field(default_factory=list)
    measures: list = field(default_factory=list)
    events: list = field(default_factory=list)
    corrected_to: list = field(default_factory=list)

    @property
    def total(self):
        return len(self.companies) + len(self.measures) + len(self.events)


def normalise(text):
    """Casefolded, accents removed: "Zhōngxīng" and "zhongxing" compare equal."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _name_q(word):
    return (
        Q(short_name__icontains=word)
        | Q(legal_name__icontains=word)
        | Q(aliases__name__icontains=word)
    )


def _closest_company_ids(words):
    """Companies whose name or alias is spelled like one of ``words``; and the names matched."""
    names = {}
    for pk, short, legal in Company.objects.values_list("pk", "short_name", "legal_name"):
        for name in (short, legal, *legal.split()):
            names.setdefault(normalise(name), set()).add(pk)
    for company_id, alias in Alias.objects.values_list("company_id", "name"):
        for name in (alias, *alias.split()):
            names.setdefault(normalise(name), set()).add(company_id)
    found, corrected = set(), []
    for word in words:
        if len(word) < MIN_FUZZY_LENGTH:
            continue
        for match in difflib.get_close_matches(normalise(word), names, n=3, cutoff=SPELLING_CUTOFF):
            found |= names[match]
            corrected.append(match)
    return found, corrected


def search(query):
    """Everything that matches ``query``, in a fixed number of queries."""
    query = (query or "").strip()[:MAX_QUERY_LENGTH]
    words = query.split()[:MAX_QUERY_WORDS]
    results = SearchResults(query=query)
    if not words:
        return results

    exact = Q()
    for word in words:
        exact &= _name_q(word)
    company_ids = set(Company.objects.filter(exact).values_list("pk", flat=True))
    if not company_ids:
        company_ids, results.corrected_to = _closest_company_ids(words)

    results.companies = list(
        Company.objects.filter(pk__in=company_ids)
        .select_related("country")
        .order_by("short_name")[:MAX_RESULTS]
    )

    text_matches = MeasureFilter({"q": " ".join(words)}, queryset=Measure.objects.all()).qs
    results.measures = list(
        Measure.objects.filter(Q(pk__in=text_matches.values("pk")) | Q(targets__in=company_ids))
        .distinct()
        .for_list()
        .order_by("-announced_on", "title")[:MAX_RESULTS]
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
