"""``/lists/``: the official lists and their imports."""

from django.urls import path

from . import views

app_name = "lists"

urlpatterns = [path("lists/", views.ListsView.as_view(), name="index")]
