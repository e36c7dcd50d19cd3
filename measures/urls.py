from django.urls import path

from . import exports, feeds, ftm, ical, views

app_name = "measures"

urlpatterns = [
    path("measures/", views.MeasureListView.as_view(), name="list"),
    path("measures/export.csv", exports.measures_csv, name="export-csv"),
    path("measures/feed.atom", feeds.MeasureFeed(), name="feed"),
    path("deadlines.ics", ical.deadlines_ics, name="deadlines-ics"),
    path("export/followthemoney.jsonl", ftm.followthemoney_jsonl, name="export-ftm"),
    path("measures/<slug:slug>/", views.MeasureDetailView.as_view(), name="detail"),
    path("matrix/", views.MatrixView.as_view(), name="matrix"),
    path("deadlines/", views.DeadlinesView.as_view(), name="deadlines"),
]
