"""URLs of the document import screens (upload → review → save)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
