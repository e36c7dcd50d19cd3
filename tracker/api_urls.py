"""
The read-only JSON API at ``/api/``: one router, the OpenAPI schema and its docs.

``/api/schema/`` is the OpenAPI 3 schema; ``/api/docs/`` (Swagger UI) renders
it from our own static files (drf-spectacular-sidecar), never from a CDN.
(No Redoc: its page loads Google Fonts.)
"""

from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import DefaultRouter

from core.api import not_found
from core.api_docs import SwaggerDocsView
from entities.api import CompanyViewSet, GovernmentViewSet, GroupViewSet
from measures.api import EventViewSet, MeasureTypeViewSet, MeasureViewSet, MilestoneViewSet
from measures.pages.screening import ScreenAPIView
from sources.api import SourceViewSet

app_name = "api"

router = DefaultRouter(trailing_slash=True)
router.include_format_suffixes = False
router.register("measures", MeasureViewSet, basename="measure")
router.register("companies", CompanyViewSet, basename="company")
router.register("governments", GovernmentViewSet, basename="government")
router.register("groups", GroupViewSet, basename="group")
router.register("measure-types", MeasureTypeViewSet, basename="measuretype")
router.register("milestones", MilestoneViewSet, basename="milestone")
router.register("events", EventViewSet, basename="event")
router.register("sources", SourceViewSet, basename="source")

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SwaggerDocsView.as_view(url_name="api:schema"), name="docs"),
    path("screen/", ScreenAPIView.as_view(), name="screen"),
    *router.urls,
    # Anything else under /api/ ending in a slash (so APPEND_SLASH still redirects
    # /api/measures to /api/measures/): a JSON 404, never the site's HTML page.
    re_path(r"^[\s\S]*/$", not_found),  # [\s\S]: even a newline in the path
]
