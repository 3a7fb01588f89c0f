"""URLs of the reporting app."""

from django.urls import URLPattern

app_name = "reporting"

urlpatterns: list[URLPattern] = []
