from django.urls import path

from . import views

app_name = "measures"

urlpatterns = [
    path("measures/", views.MeasureListView.as_view(), name="list"),
    path("measures/<slug:slug>/", views.MeasureDetailView.as_view(), name="detail"),
]
