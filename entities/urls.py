from django.urls import path

from . import views

app_name = "entities"

urlpatterns = [
    path("companies/", views.CompanyListView.as_view(), name="company-list"),
    path("companies/<slug:slug>/", views.CompanyDetailView.as_view(), name="company-detail"),
    path("governments/", views.GovernmentListView.as_view(), name="government-list"),
    path(
        "governments/<slug:slug>/", views.GovernmentDetailView.as_view(), name="government-detail"
    ),
]
