"""Measures' pages and the open-data outputs of any filtered view."""

from django.urls import path

from .outputs import atom, csv_export, ftm, ical
from .pages import measures as pages
from .pages.screening import ScreenView

app_name = "measures"

urlpatterns = [
    path("measures/", pages.MeasureListView.as_view(), name="list"),
    path("measures/export.csv", csv_export.measures_csv, name="export-csv"),
    path("measures/feed.atom", atom.measures_atom, name="feed"),
    path("deadlines.ics", ical.deadlines_ics, name="deadlines-ics"),
    path("export/followthemoney.jsonl", ftm.followthemoney_jsonl, name="export-ftm"),
    path("measures/<slug:slug>/", pages.MeasureDetailView.as_view(), name="detail"),
    path("matrix/", pages.MatrixView.as_view(), name="matrix"),
    path("deadlines/", pages.DeadlinesView.as_view(), name="deadlines"),
    path("screen/", ScreenView.as_view(), name="screen"),
]
