"""Display helpers for the public templates."""

from urllib.parse import urlsplit

from django import template
from django.utils.html import format_html

from core.links import filtered_url as build_filtered_url
from core.partial_dates import PartialDate

register = template.Library()

LINKABLE_SCHEMES = {"http", "https"}


@register.filter
def web_url(value):
    """``value`` if it is an http(s) address, else an empty string: never a ``javascript:`` link."""
    value = (value or "").strip()
    try:
        scheme = urlsplit(value).scheme.lower()
    except ValueError:
        return ""
    return value if scheme in LINKABLE_SCHEMES else ""


@register.simple_tag
def filtered_url(view_name, **filters):
    """``{% filtered_url 'measures:list' company=company.slug status='in_force' %}``."""
    return build_filtered_url(view_name, **filters)


@register.filter
def quotes_from(quotes, source):
    """The quotes among ``quotes`` (those linked to the page's record) that ``source`` reports."""
    return [quote for quote in quotes or () if quote.source_id == source.pk]


@register.filter
def as_day(value):
    """A stored date (e.g. a review date) as a day-precise :class:`PartialDate`, or None."""
    return PartialDate(value) if value else None


@register.simple_tag
def partial_date(date, missing="not recorded"):
    """``{% partial_date measure.announced %}``: a (partial) date as ``<time>``, or ``missing``."""
    if not date:
        return missing
    return format_html('<time datetime="{}">{}</time>', date.isoformat(), date)


@register.simple_tag
def status_badge(record):
    """``{% status_badge measure %}``: a record's status as a labelled badge."""
    return format_html(
        '<span class="status status--{}">{}</span>', record.status, record.get_status_display()
    )
