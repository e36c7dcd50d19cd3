"""
CSV export of any filtered view of the measures.

``/measures/export.csv`` takes the query string of the measures list
(:class:`~measures.filters.MeasureFilter`: ``company``, ``government``,
``target_country``, ``group``, ``type``, ``status``, ``date_from``,
``date_to``, ``q``, ``sort``) and writes every matching measure, not one
page: ``page`` is ignored. The response is streamed in chunks, so memory
stays flat however many rows there are. UTF-8, comma-separated, one header
row, RFC 4180 quoting.

Columns, in this order (stable: new columns are only ever added at the end):

=================  =====================================================
``slug``           the measure's key; its page is ``/measures/<slug>/``
``title``          the measure's title
``type``           measure type slug (``entity-list``)
``type_name``      measure type name (``Entity List``)
``status``         proposed, announced, in_force, suspended, lifted,
                   expired or declined
``government``     ISO 3166 code of the imposing government (``US``)
``government_name``  its name (``United States``)
``authority``      the acting agency's abbreviation, or its name
``targets``        target company slugs, joined by `` | ``
``target_names``   target company short names, in the same order
``announced``      date with its precision: ``2019``, ``2022-09`` or
                   ``2024-06-28``
``effective``      the same, empty when unknown
``lifted``         the same, empty unless lifted
``coverage``       named, affiliates or unstated
``legal_basis``    the instrument (Federal Register citation, statute...)
``summary``        the summary
``sources``        source slugs, joined by `` | ``
``source_urls``    the URLs of the sources that have one, joined by `` | ``
``url``            absolute URL of the measure's page
``updated_at``     last change, ISO 8601 in UTC
``delisted``       targets delisted from the official list behind them,
                   as ``slug (YYYY-MM-DD)``, joined by `` | ``; a
                   delisted target is never an active one
=================  =====================================================

Multi-valued cells are joined with :data:`SEPARATOR` (space, vertical bar,
space). A cell that a spreadsheet would run as a formula (starting with
``=``, ``+``, ``-``, ``@``, a tab or a carriage return) is prefixed with an
apostrophe, as OWASP recommends for CSV injection.
"""

import csv
import datetime

from django.http import StreamingHttpResponse
from django.urls import reverse

from core.outage import primed

from ..models import Measure
from ..models.listings import target_delisted_on
from .pipeline import measures_output

SEPARATOR = " | "
# Measures read (with their targets, listings and sources) per round trip. 2,000 held 34 MB of
# Python objects at once and peaked at 141 MB for 100,000 rows; 1,000 holds 25 MB, peaks at
# 126 MB, and is no slower (benchmarks/export_csv.py).
CHUNK_SIZE = 1000
FILENAME = "measures.csv"
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def _date(partial):
    return partial.isoformat() if partial else ""


def _authority(authority):
    return (authority.abbreviation or authority.name) if authority else ""


def _joined(values):
    return SEPARATOR.join(values)


class Row:
    """One measure as the columns read it: its targets and sources fetched once, its URL."""

    __slots__ = ("measure", "sources", "targets", "url")

    def __init__(self, measure, url):
        self.measure = measure
        self.targets = [target.company for target in measure.export_measure_targets]
        self.sources = measure.export_sources
        self.url = url


# (header, how to read the cell from a Row).
COLUMNS = [
    ("slug", lambda r: r.measure.slug),
    ("title", lambda r: r.measure.title),
    ("type", lambda r: r.measure.measure_type.slug),
    ("type_name", lambda r: r.measure.measure_type.name),
    ("status", lambda r: r.measure.status),
    ("government", lambda r: r.measure.government.code),
    ("government_name", lambda r: r.measure.government.name),
    ("authority", lambda r: _authority(r.measure.authority)),
    ("targets", lambda r: _joined(company.slug for company in r.targets)),
    ("target_names", lambda r: _joined(company.short_name for company in r.targets)),
    ("announced", lambda r: _date(r.measure.announced)),
    ("effective", lambda r: _date(r.measure.effective)),
    ("lifted", lambda r: _date(r.measure.lifted)),
    ("coverage", lambda r: r.measure.coverage),
    ("legal_basis", lambda r: r.measure.legal_basis),
    ("summary", lambda r: r.measure.summary),
    ("sources", lambda r: _joined(source.slug for source in r.sources)),
    ("source_urls", lambda r: _joined(source.url for source in r.sources if source.url)),
    ("url", lambda r: r.url),
    ("updated_at", lambda r: r.measure.updated_at.astimezone(datetime.UTC).isoformat()),
    ("delisted", lambda r: _joined(delisted_targets(r.measure))),
]


def delisted_targets(measure):
    """``slug (date)`` of each target whose list entries are all delisted."""
    out = []
    for target in measure.export_measure_targets:
        ended = target_delisted_on(list(target.listings.all()))
        if ended:
            out.append(f"{target.company.slug} ({ended.isoformat()})")
    return out


HEADER = [name for name, _ in COLUMNS]


def neutralise(value):
    """Keep spreadsheets from running a cell as a formula."""
    if value and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def measure_url_parts(base_url):
    """The absolute URL of a measure's page before and after its slug, reversed only once."""
    marker = "slug-goes-here"
    prefix, suffix = (base_url + reverse("measures:detail", kwargs={"slug": marker})).split(marker)
    return prefix, suffix


def measure_row(measure, url):
    row = Row(measure, url)
    return [neutralise(read(row)) for _, read in COLUMNS]


class _Echo:
    """A file-like object whose ``write`` hands the line back instead of storing it."""

    def write(self, value):
        return value


def csv_lines(measures, base_url):
    """Yield the CSV text line by line: the header, then one line per measure."""
    writer = csv.writer(_Echo())
    prefix, suffix = measure_url_parts(base_url)
    yield writer.writerow(HEADER)
    for measure in measures:
        yield writer.writerow(measure_row(measure, prefix + measure.slug + suffix))


@measures_output(Measure.objects.for_export)
def measures_csv(request, selection):
    """Every measure matching the list's filters, as a streamed CSV file."""
    # The first rows are read now, so an unreachable database is a 503, not a cut-off file.
    measures = primed(selection.measures.iterator(chunk_size=CHUNK_SIZE))
    response = StreamingHttpResponse(
        csv_lines(measures, selection.base_url), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{FILENAME}"'
    return response
