"""Root URLs: the apps' URLconfs, the admin, and the home page."""

from django.contrib import admin
from django.urls import include, path

from . import views

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("admin/", admin.site.urls),
    path("api/", include("tracker.api_urls")),
    path("", include("entities.urls")),
    path("", include("measures.urls")),
]
