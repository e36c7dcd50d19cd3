"""
A second ceiling for `make bench`: the measures list's database work without its HTML.

``/measures/`` here runs the real list view (the same filters, facet counts, page count,
page of rows and their targets, through the same middleware and production settings,
nothing cached) and answers a few bytes instead of rendering the template. Rotating
filters against it say how fast any page can be that asks the database what the list
page asks, however quick its HTML: the bound the rendering work sits under.
"""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings.base")
os.environ["TRACKER_PAGE_CACHE"] = "0"

from django.conf import settings  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.urls import path  # noqa: E402

settings.ROOT_URLCONF = __name__

from django.core.wsgi import get_wsgi_application  # noqa: E402

application = get_wsgi_application()  # sets Django up: the view's models import after it

from measures.pages.measures import MeasureListView  # noqa: E402


class ListDataOnly(MeasureListView):
    def render_to_response(self, context, **response_kwargs):
        rows = [
            (measure.title, [company.short_name for company in measure.targets.all()])
            for measure in (context["page_obj"].object_list if context.get("page_obj") else [])
        ]
        options = sum(len(item["facet"].options) for item in context["facets"])
        return HttpResponse(
            f"{len(rows)} rows, {options} facet options",
            content_type="text/plain",
            status=response_kwargs.get("status", 200),
        )


urlpatterns = [path("measures/", ListDataOnly.as_view())]
