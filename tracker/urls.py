"""Root URLs: the apps' URLconfs, the admin, the home page and search."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from core.health import healthz

from . import views

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("search/", views.SearchView.as_view(), name="search"),
    # Browsers and crawlers ask for /favicon.ico whatever the page links.
    path("favicon.ico", views.favicon),
    path("healthz", healthz, name="healthz"),
    path(settings.ADMIN_URL, admin.site.urls),
    path("api/", include("tracker.api_urls")),
    path("", include("measures.company_urls")),
    path("", include("measures.urls")),
    path("", include("sources.urls")),
]

handler404 = "tracker.views.page_not_found"
# Errors in the format asked for (JSON for /api/, text for files): a malformed request is
# a 400 (core/errors.py), a database outage a 503 (core/outage.py), other errors a 500.
handler400 = "core.errors.bad_request"
handler500 = "core.outage.server_error"
