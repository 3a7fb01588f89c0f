"""URLs of the assistant app."""

from django.urls import URLPattern

app_name = "assistant"

urlpatterns: list[URLPattern] = []
