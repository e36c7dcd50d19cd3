"""
One way to write a link to a filtered view: ``/measures/?company=huawei&status=in_force``.

Pages, models and outputs all link to filtered lists, feeds and exports; each
builds the address here, so every value is encoded the same way and a list
of values repeats its parameter (``?type=a&type=b``).
"""

from urllib.parse import urlencode

from django.urls import reverse


def filtered_url(view_name: str, /, **filters) -> str:
    """``reverse(view_name)`` with ``filters`` as its query string; empty values are left out."""
    params = []
    for name, value in filters.items():
        values = value if isinstance(value, list | tuple) else [value]
        params.extend((name, str(item)) for item in values if item not in (None, ""))
    url = reverse(view_name)
    return f"{url}?{urlencode(params)}" if params else url
