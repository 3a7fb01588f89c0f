"""Unit directory URLs."""

from django.urls import path

from cchc.units import views

app_name = "units"

urlpatterns = [
    path("", views.tree, name="tree"),
]
