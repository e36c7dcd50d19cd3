"""
The data as FollowTheMoney entities (the format of OpenSanctions and Aleph).

``/export/followthemoney.jsonl`` (and ``manage.py export_ftm``) writes one
JSON entity per line:

- every imposing government or company country as a ``PublicBody``;
- every company as a ``Company`` (legal name, short name and aliases,
  country, stock tickers, ISIN, LEI and registration numbers);
- one ``Sanction`` per imposed measure and target company (never for a
  proposed or declined measure: :meth:`MeasureQuerySet.imposed`): ``entity`` is the
  company, ``authority`` the acting agency (or the government), ``country``
  the imposing government, ``program`` the measure type, ``provisions`` its
  coverage, ``status``, ``listingDate`` (announced), ``startDate``
  (effective) and ``endDate`` (lifted) with their precision (``2019``,
  ``2022-09``), ``summary`` the title, ``description`` the summary and legal
  basis, ``sourceUrl`` the measure's page and its sources' URLs.

The measures list's filters (:class:`~measures.filters.MeasureFilter`) apply:
a filtered export holds the matching measures' sanctions and only the
companies and governments they name. Entity ids are readable and stable:
``st-company-huawei``, ``st-government-us``,
``st-sanction-<measure>-<company>``.

Each entity is built with the ``followthemoney`` library, which cleans
every value; :func:`validate_entity` checks a serialised entity the way a
consumer would (schema, required properties, values that survive cleaning).
"""

import json

from django.db.models import Q
from django.http import StreamingHttpResponse

from core.outage import primed
from entities.models import Company, Government, Identifier

from ..models import Measure, MeasureTarget
from .pipeline import measures_output

ID_PREFIX = "st"
# followthemoney is imported when first used, not with the URLconf: loading its
# data model costs every server process about 45 MB and most of a second.
FILENAME = "followthemoney.jsonl"
CHUNK_SIZE = 1000
IDENTIFIER_PROPERTIES = {
    Identifier.Scheme.TICKER: "ticker",
    Identifier.Scheme.ISIN: "isinCode",
    Identifier.Scheme.LEI: "leiCode",
    Identifier.Scheme.REGISTRATION: "registrationNumber",
}


def make_entity(schema):
    from followthemoney import model

    return model.make_entity(schema)


def entity_id(kind, *keys):
    """``st-company-huawei``: FtM ids allow letters, digits, dots, hyphens (so ``_`` → ``.``)."""
    return "-".join([ID_PREFIX, kind, *(str(key).lower().replace("_", ".") for key in keys)])


def government_id(government):
    return entity_id("government", government.code)


def company_id(company):
    return entity_id("company", company.slug)


def government_entity(government, base_url=""):
    proxy = make_entity("PublicBody")
    proxy.id = government_id(government)
    proxy.add("name", government.name)
    proxy.add("country", government.code)
    proxy.add("jurisdiction", government.code)
    if base_url:
        proxy.add("sourceUrl", base_url + government.get_absolute_url())
    return proxy


def company_entity(company, base_url=""):
    proxy = make_entity("Company")
    proxy.id = company_id(company)
    proxy.add("name", company.legal_name)
    proxy.add("alias", [company.short_name, *(alias.name for alias in company.aliases.all())])
    if company.country:  # no country is stated for some listed firms
        proxy.add("country", company.country.code)
        proxy.add("jurisdiction", company.country.code)
    proxy.add("description", company.description)
    for identifier in company.identifiers.all():
        proxy.add(IDENTIFIER_PROPERTIES[identifier.scheme], identifier.value)
    if base_url:
        proxy.add("sourceUrl", base_url + company.get_absolute_url())
    return proxy


from ..models.listings import target_delisted_on  # noqa: E402


def sanction_entity(measure, target, base_url=""):
    """One measure against one company (``target`` is the :class:`MeasureTarget`)."""
    proxy = make_entity("Sanction")
    proxy.id = entity_id("sanction", measure.slug, target.company.slug)
    proxy.add("entity", company_id(target.company))
    authority = measure.authority
    proxy.add("authority", str(authority) if authority else measure.government.name)
    proxy.add("country", measure.government.code)
    proxy.add("program", measure.measure_type.name)
    proxy.add("provisions", measure.get_coverage_display())
    proxy.add("status", measure.get_status_display())
    proxy.add("listingDate", measure.announced.isoformat())
    if measure.effective:
        proxy.add("startDate", measure.effective.isoformat())
    if measure.lifted:
        proxy.add("endDate", measure.lifted.isoformat())
    proxy.add("summary", measure.title)
    # The official list entries behind this target: their programs, pages and delisting.
    entries = [listing.entry for listing in target.listings.all()]
    for entry in entries:
        proxy.add("program", entry.programs)
        proxy.add("sourceUrl", entry.source_url or None)
    delisted = target_delisted_on(target.listings.all())
    if delisted:
        proxy.set("status", f"Delisted {delisted.isoformat()}")
        proxy.add("endDate", delisted.isoformat())
    description = measure.summary
    if target.note:
        description += f"\n\n{target.company.short_name}: {target.note}"
    if measure.legal_basis:
        description += f"\n\nLegal basis: {measure.legal_basis}"
    proxy.add("description", description)
    proxy.add("recordId", measure.slug)
    if base_url:
        proxy.add("sourceUrl", base_url + measure.get_absolute_url())
    proxy.add("sourceUrl", [source.url for source in measure.export_sources if source.url])
    return proxy


def iter_entities(measures=None, base_url="", only_referenced=False):
    """
    Yield every entity: public bodies, then companies, then sanctions.

    ``measures`` defaults to all; with ``only_referenced``, companies and
    governments are limited to those the measures name.
    """
    # A Sanction is something imposed: a proposed or declined measure is never exported as one.
    measures = (Measure.objects.all() if measures is None else measures).imposed()
    governments = Government.objects.order_by("code")
    companies = Company.objects.select_related("country").prefetch_related("aliases", "identifiers")
    if only_referenced:
        companies = companies.filter(
            pk__in=MeasureTarget.objects.filter(measure__in=measures.values("pk")).values("company")
        )
        governments = governments.filter(
            Q(pk__in=measures.values("government")) | Q(pk__in=companies.values("country"))
        )
    yield from (government_entity(g, base_url) for g in governments)
    yield from (company_entity(c, base_url) for c in companies.order_by("slug"))
    for measure in measures.for_export().order_by("slug").iterator(chunk_size=CHUNK_SIZE):
        for target in measure.export_measure_targets:
            yield sanction_entity(measure, target, base_url)


def to_json_line(proxy):
    return json.dumps(proxy.to_dict(), ensure_ascii=False, sort_keys=True) + "\n"


def validate_entity(data):
    """
    The problems a FollowTheMoney consumer would find in one serialised entity.

    Empty when it is valid: the schema exists, the id is a valid entity id,
    required properties are present, every value passes its type's strict
    validation, and re-reading the entity as untrusted input (which cleans
    every value again) changes nothing.
    """
    from followthemoney import model, registry
    from followthemoney.exc import InvalidData

    errors = []
    schema = model.get(data.get("schema", ""))
    if schema is None:
        return [f"unknown schema {data.get('schema')!r}"]
    if not registry.entity.validate(str(data.get("id") or "")):
        errors.append(f"invalid id {data.get('id')!r}")
    properties = data.get("properties", {})
    errors.extend(f"{name}: required" for name in schema.required if not properties.get(name))
    unknown = sorted(set(properties) - set(schema.properties))
    errors.extend(f"{name}: not a property of {schema.name}" for name in unknown)
    try:
        schema.validate(data)
    except InvalidData as error:
        errors.append(f"{error}: {getattr(error, 'errors', '')}")
    reread = model.get_proxy(data, cleaned=False).to_dict()
    for name, values in properties.items():
        if sorted(reread["properties"].get(name, [])) != sorted(values):
            errors.append(f"{name}: {values!r} changes when cleaned")
    return errors


@measures_output(Measure.objects.all)
def followthemoney_jsonl(request, selection):
    """The entities of the measures matching the list's filters, as FtM JSON lines (streamed)."""
    # The first entity is built now, so an unreachable database is a 503, not a cut-off file.
    entities = primed(
        iter_entities(
            selection.measures, base_url=selection.base_url, only_referenced=selection.is_filtered
        )
    )
    response = StreamingHttpResponse(
        (to_json_line(proxy) for proxy in entities),
        content_type="application/x-ndjson; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{FILENAME}"'
    return response
