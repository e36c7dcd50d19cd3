"""
Pages about companies and governments, under the ``entities`` URL namespace.

The pages show what measures say about a company or a government, so they
live with the measures (this app may read ``entities``; the reverse may not),
while their URL names keep the namespace of the records they are about.
"""

from django.urls import path

from .pages import companies as pages

app_name = "entities"

urlpatterns = [
    path("companies/", pages.CompanyListView.as_view(), name="company-list"),
    path("companies/<slug:slug>/", pages.CompanyDetailView.as_view(), name="company-detail"),
    path("governments/", pages.GovernmentListView.as_view(), name="government-list"),
    path(
        "governments/<slug:slug>/", pages.GovernmentDetailView.as_view(), name="government-detail"
    ),
]
