"""Display helpers for the public templates."""

from urllib.parse import urlsplit

from django import template

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
