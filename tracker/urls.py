"""Root URLs: the apps' URLconfs, the admin, the home page and search."""

from django.contrib import admin
from django.urls import include, path

from . import views

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("search/", views.SearchView.as_view(), name="search"),
    # Browsers and crawlers ask for /favicon.ico whatever the page links.
    path("favicon.ico", views.favicon),
    path("admin/", admin.site.urls),
    path("api/", include("tracker.api_urls")),
    path("", include("measures.company_urls")),
    path("", include("measures.urls")),
    path("", include("sources.urls")),
]

handler404 = "tracker.views.page_not_found"
